"""The audit trail page and its download, for the auditor and the MA administrator."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.api.messages import translate_messages
from service.audit_trail import actions, exports, presenters, util
from service.audit_trail.objects import type_choices
from service.audit_trail.schemas import TrailExportSchema, TrailFilterSchema
from service.tenancy.current import current_tenant

FILTERS = ("person", "type", "reference", "action", "from", "to")


def audit_trail():
    args = {key: value for key, value in request.args.items() if value != ""}
    try:
        filters = TrailFilterSchema().load(args)
    except ValidationError as error:
        return _page([], None, args, translate_messages(error.messages)), 422
    rows, next_before = util.page(filters)
    return _page(presenters.present(rows, current_user.role), next_before, args, {})


def download():
    args = {key: value for key, value in request.args.items() if value != ""}
    query = TrailExportSchema().load(args)  # refused: the 422 page in the reader's language (service.errors)
    query.pop("before", None)
    return exports.download(query, query.pop("format"), current_user.role)


def _page(views, next_before, args: dict, errors: dict):
    chosen = {key: args[key] for key in FILTERS if key in args}
    return render_template(
        "audit/trail.html",
        entries=views,
        next_before=next_before,
        chosen=chosen,
        errors=errors,
        form_fields=FILTERS,
        people=_people(),
        types=type_choices(),
        actions=actions.choices(),
        first_page=not args.get("before"),
        current_tenant_zone=current_tenant().timezone,
    )


def _people() -> list[tuple[str, str]]:
    """Everyone the trail names, by name; the machines (jobs, commands) as one choice."""
    actors = util.actors()
    names = presenters.people_named(actors)
    persons = {actor: names[actor] for actor in actors if actor in names}
    choices = sorted(persons.items(), key=lambda pair: pair[1].casefold())
    return [*choices, ("system", _("System"))]
