"""Changes to calls: create, change, publish, close. Plain functions that flush; the caller commits."""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.calls.models import Call, CallChange, CallObjective
from service.calls.rules import check_call_fields
from service.catalogue.models import Indicator, SpecificObjective
from service.errors import Conflict
from service.extensions import db
from service.money import parse_amount
from service.money.display import wire
from service.organisations.numbers import InvalidNumber, normalise
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

# What applicants rely on once a call is published: refused after publication.
FIXED_AFTER_PUBLICATION = (
    "reference",
    "measures",
    "cofinancing_rate",
    "cofinancing_basis",
    "indirect_rate",
    "competitive",
    "eligible_organisation_types",
    "addressed_organisations",
    "project_start_earliest",
    "project_end_latest",
    "max_duration_months",
    "min_grant",
    "max_grant",
    "assessment",
    "required_attachments",
    "indicator_codes",
)
# May change after publication, with a reason, recorded and shown on the call's public page.
RECORDED_AFTER_PUBLICATION = ("opens_at", "closes_at", "budget", "objectives")
SIMPLE_FIELDS = (
    "reference",
    "texts",
    "measures",
    "budget",
    "cofinancing_rate",
    "cofinancing_basis",
    "indirect_rate",
    "competitive",
    "eligible_organisation_types",
    "addressed_organisations",
    "opens_at",
    "closes_at",
    "project_start_earliest",
    "project_end_latest",
    "max_duration_months",
    "min_grant",
    "max_grant",
    "assessment",
    "required_attachments",
    "indicator_codes",
    "contact_email",
)


def tenant_defaults(tenant) -> dict:
    """Defaults for a new call from tenants/<code>/calls.toml: rates and assessment criteria."""
    settings = (tenant.settings or {}).get("calls", {})
    return {
        "cofinancing_rate": parse_amount(str(settings.get("cofinancing_rate", "75"))),
        "indirect_rate": parse_amount(str(settings.get("indirect_rate", "7"))),
        "assessment": copy.deepcopy(settings.get("assessment") or {}),
        "required_attachments": [],
    }


def attachment_types(tenant) -> list[dict]:
    return list((tenant.settings or {}).get("calls", {}).get("attachment_types", []))


def call_data(call: Call) -> dict:
    """The call as the write schema reads it, to merge a change into."""
    data = {field: copy.deepcopy(getattr(call, field)) for field in SIMPLE_FIELDS}
    data["objectives"] = [{"code": o.objective_code, "budget": o.budget} for o in call.objectives]
    return data


def _catalogue() -> tuple[set[str], dict[str, int]]:
    objectives = {o.code for o in db.session.query(SpecificObjective.code)}
    indicators = {i.code: i.specific_objective for i in db.session.query(Indicator.code, Indicator.specific_objective)}
    return objectives - {"TA"}, indicators


def _validated(data: dict, call: Call | None = None) -> dict:
    taken = db.session.scalar(select(Call.id).where(Call.reference == data["reference"]))
    if taken is not None and (call is None or taken != call.id):
        raise ValidationError({"reference": [_("Another call already has this reference.")]})
    if data.get("assessment") in (None, {}):
        raise ValidationError({"assessment": [_("Give the assessment criteria.")]})
    objectives, indicators = _catalogue()
    check_call_fields(data, objectives, indicators)
    data["addressed_organisations"] = [_addressed(entry) for entry in data.get("addressed_organisations") or []]
    return data


def _addressed(entry: dict) -> dict:
    """An organisation a non-competitive call names, with its number checked for the tenant's country."""
    try:
        number = normalise(current_tenant().country, entry["number"])
    except InvalidNumber as error:
        raise ValidationError(
            {"addressed_organisations": [_("%(number)s is not a valid organisation number.", number=entry["number"])]}
        ) from error
    return {"number": number, "name": entry["name"].strip()}


def create_call(data: dict) -> Call:
    merged = tenant_defaults(current_tenant())
    merged.update({k: v for k, v in data.items() if v is not None and k not in ("version", "reason")})
    _validated(merged)
    call = Call(currency=current_tenant().currency, status="draft")
    _apply(call, merged)
    db.session.add(call)
    db.session.flush()
    return call


def change_call(call: Call, changes: dict, *, reason: str = "", actor: str = "") -> Call:
    """Change a call. A draft changes freely; a published call keeps what applicants rely on, and
    moving its opening or closing instant or its budget needs a reason that is shown publicly."""
    changes = {k: v for k, v in changes.items() if k not in ("version", "reason")}
    if call.status == "closed":
        raise Conflict(_("This call is closed and can no longer be changed."))
    before = call_data(call)
    merged = {**before, **changes}
    for field in ("cofinancing_rate", "indirect_rate"):
        if merged.get(field) is None:
            merged[field] = before[field]
    changed = [field for field in merged if merged[field] != before.get(field)]
    if call.status == "published":
        _check_published_change(call, before, merged, changed, reason)
    _validated(merged, call)
    if call.status == "published":
        for field in changed:
            if field in RECORDED_AFTER_PUBLICATION:
                db.session.add(
                    CallChange(
                        call=call,
                        field=field,
                        before=_shown(field, before[field]),
                        after=_shown(field, merged[field]),
                        reason=reason.strip(),
                        changed_by=actor,
                    )
                )
    _apply(call, merged)
    db.session.flush()
    return call


def _check_published_change(call: Call, before: dict, merged: dict, changed: list[str], reason: str) -> None:
    fixed = [f for f in changed if f in FIXED_AFTER_PUBLICATION]
    before_codes = [o["code"] for o in before["objectives"]]
    if "objectives" in changed and [o["code"] for o in merged["objectives"]] != before_codes:
        fixed.append("objectives")
    if fixed:
        raise ValidationError(
            {field: [_("Applicants rely on this: it cannot change after the call is published.")] for field in fixed}
        )
    now = utcnow()
    if "opens_at" in changed and before["opens_at"] <= now:
        raise ValidationError({"opens_at": [_("The call is already open: its opening cannot move.")]})
    if "closes_at" in changed and merged["closes_at"] < before["closes_at"]:
        raise ValidationError({"closes_at": [_("A published call's closing can only move later, never earlier.")]})
    if any(f in RECORDED_AFTER_PUBLICATION for f in changed) and not reason.strip():
        raise ValidationError({"reason": [_("Say why: the change and its reason are shown on the call's page.")]})


def _shown(field: str, value) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return wire(value)
    if field == "objectives":
        return "; ".join(o["code"] if o.get("budget") is None else f"{o['code']}: {wire(o['budget'])}" for o in value)
    return str(value)


def _apply(call: Call, data: dict) -> None:
    for field in SIMPLE_FIELDS:
        if field in data:
            setattr(call, field, data[field])
    wanted = {o["code"]: o.get("budget") for o in data["objectives"]}
    for existing in list(call.objectives):
        if existing.objective_code not in wanted:
            call.objectives.remove(existing)
    present = {o.objective_code: o for o in call.objectives}
    for code, budget in wanted.items():
        if code in present:
            present[code].budget = budget
        else:
            call.objectives.append(CallObjective(objective_code=code, budget=budget))


def publish_call(call: Call) -> Call:
    if call.status != "draft":
        raise Conflict(_("Only a draft call can be published."))
    if call.closes_at <= utcnow():
        raise Conflict(_("The closing instant has passed: move it later before publishing."))
    missing = [lang for lang in [current_tenant().default_language] if not (call.texts.get(lang) or {}).get("summary")]
    if missing:
        raise Conflict(_("Write the summary in %(language)s before publishing.", language=missing[0]))
    call.status = "published"
    call.published_at = utcnow()
    db.session.flush()
    return call


def close_call(call: Call, *, reason: str = "", actor: str = "") -> Call:
    """Close a published call now. Before its closing instant that takes something from applicants, so it
    needs a reason and is recorded publicly."""
    if call.status != "published":
        raise Conflict(_("Only a published call can be closed."))
    now = utcnow()
    if now < call.closes_at:
        if not reason.strip():
            raise ValidationError({"reason": [_("Say why the call closes before its closing instant.")]})
        db.session.add(
            CallChange(
                call=call,
                field="closes_at",
                before=call.closes_at.isoformat(),
                after=now.isoformat(),
                reason=reason.strip(),
                changed_by=actor,
            )
        )
        call.closes_at = now
    call.status = "closed"
    call.closed_at = now
    db.session.flush()
    return call
