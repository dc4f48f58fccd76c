"""Drafting an application: start it, save what people type, keep budget, partners and indicators.

Plain functions that flush; the request (or job) commits once. Saving text is field by field:
a field someone else changed after the version you read answers 409 with what they wrote, while
changes to different fields of the same application both succeed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError

from service import autosave
from service.applications import budget
from service.applications.models import Application, BudgetLine, Partner, PlannedIndicator
from service.applications.sections import CLASSIFICATION_FIELDS, FIELDS, TEXT_SECTIONS
from service.applications.util import locked_in_transaction
from service.calls.models import Call
from service.classification.operations import check_proposal
from service.errors import Conflict
from service.extensions import db
from service.money import MAX_AMOUNT
from service.money.display import wire
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


def check_can_apply(call: Call, organisation: Organisation) -> None:
    """Refuse a call that is not open now or not addressed to this organisation (409 with the reason)."""
    now = utcnow()
    if call.status != "published" or now >= call.closes_at:
        raise Conflict(_("This call is closed: applications can no longer be submitted."))
    if now < call.opens_at:
        raise Conflict(_("This call is not open yet."))
    if call.competitive:
        if organisation.organisation_type not in call.eligible_organisation_types:
            raise Conflict(_("Organisations of your type cannot apply to this call."))
    else:
        addressed = {entry.get("number") for entry in call.addressed_organisations}  # normalised when saved
        if organisation.number not in addressed:
            raise Conflict(_("This call is addressed to named organisations only, and yours is not one of them."))


def start_application(call: Call, organisation: Organisation, *, language: str, user, title: str = "") -> Application:
    if language not in current_tenant().languages:
        raise ValidationError(
            {
                "language": [
                    _(
                        "Choose one of this tenant's languages: %(languages)s.",
                        languages=", ".join(current_tenant().languages),
                    )
                ]
            }
        )
    check_can_apply(call, organisation)
    application = Application(
        call_id=call.id,
        organisation_id=organisation.id,
        language=language,
        title=title.strip(),
        sections={},
        field_versions={},
        created_by=user.id,
        # A new application has none of these: known-empty collections spare six SELECTs when it is answered.
        budget_lines=[],
        partners=[],
        indicators=[],
        attachments=[],
        submissions=[],
        supplement_requests=[],
    )
    db.session.add(application)
    db.session.flush()
    return application


def current_value(application: Application, field: str):
    if field in TEXT_SECTIONS:
        return application.sections.get(field, "")
    return getattr(application, field)


def lock(application: Application) -> None:
    """Read the application again under a row lock: changes of one application happen one after the
    other, so the second sees the first, and a race that one save or submit loses is answered like the same
    two requests one after the other. PostgreSQL only: SQLite (the embedded default) has no row locks, and
    there a lost race still ends in the version check's plain 409."""
    if application.id in locked_in_transaction():
        return  # read under the lock already, in this transaction (util.visible_to with for_update)
    db.session.flush()  # a refresh discards unflushed changes: write them first
    db.session.refresh(application, with_for_update=True)


def save_fields(application: Application, changes: dict, *, read_version: int, user) -> Application:
    """Save fields typed since ``read_version``. A field changed by someone else after that version
    (to a different value) is a conflict: nothing is saved and the 409 tells who wrote what, when."""
    lock(application)
    ensure_editable(application)
    unknown = [field for field in changes if field not in FIELDS]
    if unknown:
        raise ValidationError({field: [_("Unknown field.")] for field in unknown})
    if read_version > application.version:
        raise Conflict(_("This version does not exist yet. Reload the application."))
    conflicts = autosave.conflicts(
        application.field_versions, changes, lambda field: current_value(application, field), read_version
    )
    for conflict in conflicts:
        conflict["current"] = _plain(conflict["current"])
    if conflicts:
        raise Conflict(
            _("Someone else changed this in the meantime. Their text is shown; nothing of yours was saved yet."),
            details={"conflicts": conflicts, "version": application.version},
        )
    next_version = application.version + 1
    stamp = autosave.stamp(user, next_version)
    sections = dict(application.sections)
    versions = dict(application.field_versions)
    for field, value in changes.items():
        if current_value(application, field) == value:
            continue
        if field in TEXT_SECTIONS:
            sections[field] = value
        else:
            setattr(application, field, value)
        versions[field] = stamp
    application.sections = sections
    application.field_versions = versions
    if CLASSIFICATION_FIELDS.keys() & changes.keys():
        check_proposal(application)  # among the call's objectives, a type of intervention of that objective
    if "private_funding" in changes:
        recompute(application)  # the EU share of a call on the public eligible cost depends on it
    application.updated_at = utcnow()  # always a new version, so the client's next read_version is right
    db.session.flush()
    return application


def _plain(value):
    if isinstance(value, Decimal):
        return wire(value)
    return value.isoformat() if isinstance(value, date) else value


def ensure_editable(application: Application) -> None:
    if not application.editable:
        raise Conflict(_("This application has been submitted and can no longer be changed."))


def totals_of(application: Application, call: Call) -> budget.Totals:
    """The budget totals and financing plan from the lines, the private funding and the call's rates."""
    return budget.compute(
        [(line.year, line.category, line.amount) for line in application.budget_lines],
        indirect_rate=call.indirect_rate,
        cofinancing_rate=call.cofinancing_rate,
        basis=call.cofinancing_basis,
        private_funding=application.private_funding,
    )


def recompute(application: Application) -> budget.Totals:
    """Store the budget totals and the financing plan (without flushing: one UPDATE, one new version)."""
    with db.session.no_autoflush:
        totals = totals_of(application, db.session.get(Call, application.call_id))
    if totals.total > MAX_AMOUNT:
        raise ValidationError({"amount": [_("The budget's total is too large.")]})
    application.direct_costs = totals.direct
    application.indirect_costs = totals.indirect
    application.total_cost = totals.total
    application.eu_amount = totals.eu
    application.own_contribution = totals.own
    application.updated_at = utcnow()
    return totals


def line_amount(data: dict) -> Decimal:
    if data["category"] == "unit_costs":
        amount = budget.unit_costs(data["units"], data["unit_amount"])
    elif data["category"] != "staff":
        amount = data["amount"]
    elif data["staff_method"] == "percentage":
        amount = budget.staff_by_percentage(data["monthly_gross"], data["percentage"], data["months"])
    else:
        amount = budget.staff_by_hours(data["annual_gross"], data["hours"])
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": [_("The amount is too large.")]})
    return amount


LINE_FIELDS = (
    "year",
    "category",
    "description",
    "staff_method",
    "monthly_gross",
    "percentage",
    "months",
    "annual_gross",
    "hours",
    "unit_amount",
    "units",
)


def add_budget_line(application: Application, data: dict) -> BudgetLine:
    ensure_editable(application)
    line = BudgetLine(application=application, amount=line_amount(data), **{f: data.get(f) for f in LINE_FIELDS})
    db.session.add(line)
    # The new line is in application.budget_lines already (pending, added to the collection when it loads), so the
    # totals include it: one flush writes the line and the totals, with one audit statement for both.
    recompute(application)
    db.session.flush()
    return line


def change_budget_line(line: BudgetLine, data: dict) -> BudgetLine:
    application = line.application
    ensure_editable(application)
    for field in LINE_FIELDS:
        setattr(line, field, data.get(field))
    line.amount = line_amount(data)
    recompute(application)  # the changed line is the one in application.budget_lines: the totals see its amount
    db.session.flush()
    return line


def remove(row) -> None:
    application = row.application
    ensure_editable(application)
    db.session.delete(row)
    db.session.flush()
    db.session.expire(application, ["budget_lines", "partners", "indicators", "attachments"])
    recompute(application)
    db.session.flush()


def add_partner(application: Application, data: dict) -> Partner:
    ensure_editable(application)
    partner = Partner(application=application, **data)
    db.session.add(partner)
    application.updated_at = utcnow()
    db.session.flush()
    return partner


def change_row(row, data: dict):
    ensure_editable(row.application)
    for field, value in data.items():
        setattr(row, field, value)
    row.application.updated_at = utcnow()
    db.session.flush()
    return row


def add_indicator(application: Application, data: dict) -> PlannedIndicator:
    ensure_editable(application)
    call = db.session.get(Call, application.call_id)
    code = data.get("indicator_code")
    if code is not None:
        if code not in call.indicator_codes:
            raise ValidationError({"indicator_code": [_("Choose one of the call's indicators.")]})
        if any(i.indicator_code == code for i in application.indicators):
            raise ValidationError({"indicator_code": [_("This indicator is already in the application.")]})
    elif not data.get("name") or not data.get("unit"):
        raise ValidationError({"name": [_("A project indicator needs a name and a unit.")]})
    indicator = PlannedIndicator(application=application, **data)
    db.session.add(indicator)
    application.updated_at = utcnow()
    db.session.flush()
    return indicator
