"""The security events page, for the MA administrator and the tenant's auditors."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.messages import translate_messages
from service.security_events.schemas import filters_of
from service.security_events.util import PAGE_SIZE, events


def security_events():
    typed = {key: request.args.get(key, "") for key in ("person", "status", "since", "until")}
    try:
        wanted = filters_of(request.args)
    except ValidationError as error:
        page = render_template(
            "security_events/list.html",
            events=[],
            typed=typed,
            errors=translate_messages(error.messages),
            alert=_("The filters are not valid. See the messages next to them."),
            next_page=None,
        )
        return page, 422
    rows = events(
        person=wanted["person"],
        status=wanted["status"],
        since=wanted["since"],
        until=wanted["until"],
        before_id=wanted["before"],
        limit=PAGE_SIZE + 1,
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_page = {**{k: v for k, v in typed.items() if v}, "before": rows[-1].id} if more and rows else None
    return render_template(
        "security_events/list.html", events=rows, typed=typed, errors={}, alert=None, next_page=next_page
    )
