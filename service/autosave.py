"""Saving as people type (static/autosave.js), the same way on every page that does it: the application editor,
the progress report.

The browser sends only the fields changed, with the version it read them at. A field someone else changed to a
different text after that version is a conflict: nothing is saved, and the 409 tells, per field, their text, who
and when, so the page can offer both texts to choose from. Each saved field keeps a stamp (the version, who,
when) in the object's ``field_versions``.

The endpoint: GET gives a fresh CSRF token and the version (after signing in again in another tab the old token
no longer matches the new session); POST {version, fields} hands the fields to the domain's save and answers the
new version and the time saved, or 422 with the errors by field, or 409 — nothing saved either way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from babel import dates as babel_dates
from flask import jsonify
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from marshmallow import Schema, ValidationError, fields
from sqlalchemy.orm.exc import StaleDataError

from service.api.bodies import load_body
from service.api.messages import translate_messages
from service.errors import Conflict
from service.extensions import db
from service.i18n import format_instant, formatting_locale
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


class SaveSchema(Schema):
    version = fields.Integer(required=True, strict=True, metadata={"description": "The version you last read."})
    fields = fields.Dict(keys=fields.String(), required=True)


def person_label(user) -> str:
    return user.name or user.email


def stamp(user, version: int) -> dict:
    """What a field remembers of its last change: the object's version it made, who, when (UTC)."""
    return {"version": version, "by": person_label(user), "at": utcnow().isoformat()}


def conflicts(field_versions: dict, changes: dict, current: Callable[[str], object], read_version: int) -> list:
    """The fields of ``changes`` someone changed after ``read_version`` to something else than what is sent:
    [{field, current, version, by, at}]."""
    found = []
    for name, value in changes.items():
        meta = (field_versions or {}).get(name)
        if meta and meta["version"] > read_version and current(name) != value:
            found.append({"field": name, "current": current(name), **meta})
    return found


def with_times(found: list[dict]) -> list[dict]:
    """Conflicts with the instant of the other change in the tenant's time, for people."""
    shown = []
    for conflict in found:
        at = conflict.get("at")
        when = format_instant(datetime.fromisoformat(at), "short") if at else ""
        shown.append({**conflict, "when": when})
    return shown


def clock(instant) -> str:
    """The time of day of an instant in the tenant's zone ("14:02"), for "Saved at …"."""
    return babel_dates.format_time(instant, "short", tzinfo=current_tenant().zone, locale=formatting_locale())


def json_error(status: int, message: str, *, errors: dict | None = None, details: dict | None = None):
    """The API's error shape, in the page's language."""
    body: dict = {"error": {"code": "invalid" if status == 422 else "conflict", "message": message}}
    if details is not None:
        body["error"]["details"] = details
    if errors is not None:
        body["errors"] = errors
    return jsonify(body), status


def endpoint(method: str, version: Callable[[], int], save: Callable[[dict, int], None], schema: Schema | None = None):
    """Answer the autosave request: ``save(fields, read_version)`` raises ValidationError or Conflict to refuse
    (a Conflict's details may carry ``conflicts``); ``version()`` is the object's version after saving."""
    if method == "GET":
        return jsonify(csrf_token=generate_csrf(), version=version())
    try:
        data = load_body(schema or SaveSchema())
        save(data["fields"], data["version"])
    except ValidationError as error:
        db.session.rollback()
        return json_error(422, _("Some of the data is not valid."), errors=translate_messages(error.messages))
    except Conflict as error:
        db.session.rollback()
        details = dict(error.details or {})
        if details.get("conflicts"):
            details["conflicts"] = with_times(details["conflicts"])
        return json_error(409, error.message, details=details or None)
    except StaleDataError:
        db.session.rollback()  # someone saved at the same moment: the browser sends it again
        return json_error(409, _("Someone else saved at the same moment. Trying again."), details={"retry": True})
    return jsonify(version=version(), saved_at=clock(utcnow()), saved=sorted(data["fields"]))
