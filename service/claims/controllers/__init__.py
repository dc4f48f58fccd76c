"""Request handlers of the claim pages: the beneficiary's claims (claim.py), the MA's verification
(verification.py) and a project's money with its payments and recoveries (payments.py).

Forms are read into a dict, loaded by the API's schema and handed to the same operation (the "one path": a
page and the API accept and refuse the same things with the same messages). A refusal shows the page again
with the messages (422) or the conflict (409), nothing changed; the framework commits once.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from marshmallow import ValidationError

from service.api.messages import translate_messages
from service.applications.forms import integer, text
from service.errors import Conflict
from service.extensions import db

__all__ = ["back", "integer", "refused", "text", "typed_text"]


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [item for part in value.values() for item in _texts(part)]
    if isinstance(value, list):
        return [item for part in value for item in _texts(part)]
    return [str(value)]


def refused(render, error: ValidationError | Conflict, *, posted: str, typed=None):
    """The page again with the refusal: a conflict's message (409), or the messages by field (422), shown in
    the form that was posted (``posted``: the prefix of its fields' ids)."""
    db.session.rollback()
    if isinstance(error, Conflict):
        return render(status=409, alert=error.message, posted=posted, typed=typed or {})
    messages = translate_messages(error.messages)
    if not isinstance(messages, dict):
        messages = {"form": messages}
    errors = {
        field: {key: _texts(item) for key, item in value.items()} if isinstance(value, dict) else _texts(value)
        for field, value in messages.items()
    }
    return render(status=422, errors=errors, posted=posted, typed=typed or {})


def back(message: str, endpoint: str, anchor: str | None = None, **values):
    flash(message)
    return redirect(url_for(endpoint, _anchor=anchor, **values), 303)


def typed_text(form, name: str) -> str:
    return text(form.get(name)).strip()
