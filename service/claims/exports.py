"""Claims and payments as spreadsheets (issue 12): a project's claim lines with their outcomes, and the tenant's
payments and recoveries. The tables are built here once, for the API's downloads and for the pages'; the files
are written by service.exports (amounts as numbers, text that a spreadsheet would run as a formula neutralised).

Who sees what follows the API: a project's claims are read by its beneficiary's members, MA staff and auditors
(service.claims.util); the beneficiary sees a line's outcome only once the claim is verified, and never the
officer's comment (:func:`service.claims.api.claim_json` shows outcomes by the same rule)."""

from __future__ import annotations

from datetime import date

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from service.accounts.models import User
from service.claims import rules
from service.claims.labels import (
    CATEGORY_LABELS,
    OUTCOME_LABELS,
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    STATUS_LABELS,
)
from service.claims.models import Claim, Payment, Recovery
from service.claims.operations import latest_checks
from service.claims.settings import claim_settings
from service.claims.util import READERS, STAFF, claims_for
from service.exports import FORMATS, Column, Sheet, send_table, workbook_xlsx
from service.exports.responses import content_disposition, safe_filename
from service.extensions import db
from service.projects.models import Project

Table = tuple[list[Column], list[dict]]

CLAIM_COLUMNS = [
    Column("claim", _l("Claim")),
    Column("period_start", _l("Period start"), "date"),
    Column("period_end", _l("Period end"), "date"),
    Column("status", _l("Status")),
    Column("expense_date", _l("Date of the cost"), "date"),
    Column("category", _l("Cost category")),
    Column("description", _l("Description")),
    Column("supplier", _l("Supplier or role")),
    Column("document_number", _l("Document number")),
    Column("currency", _l("Currency")),
    Column("amount", _l("Amount claimed"), "amount"),
    Column("outcome", _l("Outcome")),
    Column("verified", _l("Verified"), "amount"),
    Column("deducted", _l("Deducted"), "amount"),
    Column("error_type", _l("Type of error")),
]
COMMENT = Column("comment", _l("Verifier's comment"))

PAYMENT_COLUMNS = [
    Column("project", _l("Project")),
    Column("reference", _l("Payment")),
    Column("claim", _l("Claim")),
    Column("kind", _l("Kind")),
    Column("status", _l("Status")),
    Column("currency", _l("Currency")),
    Column("entitlement", _l("EU share due"), "amount"),
    Column("cleared", _l("Advance cleared"), "amount"),
    Column("offset", _l("Amount owed offset"), "amount"),
    Column("amount", _l("Amount transferred"), "amount"),
    Column("advance_owed", _l("Advance not justified, owed back"), "amount"),
    Column("prepared_by", _l("Prepared by")),
    Column("prepared_at", _l("Prepared at"), "datetime"),
    Column("approved_by", _l("Approved by")),
    Column("approved_at", _l("Approved at"), "datetime"),
    Column("paid_on", _l("Paid on"), "date"),
]
RECOVERY_COLUMNS = [
    Column("project", _l("Project")),
    Column("reference", _l("Recovery")),
    Column("claim", _l("Claim")),
    Column("irregularity", _l("Irregularity")),
    Column("suspected_fraud", _l("Suspected fraud")),
    Column("reason", _l("Reason")),
    Column("currency", _l("Currency")),
    Column("expenditure", _l("Expenditure withdrawn"), "amount"),
    Column("eu_amount", _l("EU share owed"), "amount"),
    Column("recorded_by", _l("Recorded by")),
    Column("recorded_at", _l("Recorded at"), "datetime"),
]


def claims_table(project: Project, user) -> Table:
    """The project's claim lines as this person may read them, claim by claim (``user`` has already been let
    see the project: service.claims.util.project_for)."""
    settings = claim_settings()
    rows = []
    for claim in claims_for(user, project_id=project.id):
        # The rule of service.claims.api.claim_json: outcomes as recorded for staff, for others once verified.
        checks = latest_checks(claim) if (user.role in STAFF or claim.status == "verified") else {}
        for line in claim.lines:
            check = checks.get(line.id)
            result = rules.line_outcome(line.amount, check.outcome, check.verified) if check else None
            rows.append(
                {
                    "claim": claim.reference,
                    "period_start": claim.period_start,
                    "period_end": claim.period_end,
                    "status": str(STATUS_LABELS.get(claim.status, claim.status)),
                    "expense_date": line.expense_date,
                    "category": str(CATEGORY_LABELS.get(line.category, line.category)),
                    "description": line.description,
                    "supplier": line.supplier,
                    "document_number": line.document_number,
                    "currency": claim.currency,
                    "amount": line.amount,
                    "outcome": str(OUTCOME_LABELS.get(check.outcome, check.outcome)) if check else None,
                    "verified": result.verified if result else None,
                    "deducted": result.deducted if result else None,
                    "error_type": settings.label("error_types", check.error_type)
                    if check and check.error_type
                    else None,
                    "comment": check.comment if check else None,
                }
            )
    columns = [*CLAIM_COLUMNS, COMMENT] if user.role in READERS else list(CLAIM_COLUMNS)
    return columns, rows


def payments_tables() -> tuple[Table, Table]:
    """Every payment of the tenant, and every recovery: for MA staff and auditors only (the caller checks)."""
    payments = list(db.session.scalars(select(Payment).order_by(Payment.prepared_at, Payment.id)))
    recoveries = list(db.session.scalars(select(Recovery).order_by(Recovery.recorded_at, Recovery.id)))
    projects = _by_id(Project, {p.project_id for p in payments} | {r.project_id for r in recoveries})
    claims = _by_id(Claim, {p.claim_id for p in payments} | {r.claim_id for r in recoveries})
    people = _by_id(
        User,
        {p.prepared_by for p in payments} | {p.approved_by for p in payments} | {r.recorded_by for r in recoveries},
    )
    settings = claim_settings()
    payment_rows = [
        {
            "project": projects[p.project_id].reference,
            "reference": p.reference,
            "claim": claims[p.claim_id].reference if p.claim_id in claims else None,
            "kind": str(PAYMENT_KIND_LABELS.get(p.kind, p.kind)),
            "status": str(PAYMENT_STATUS_LABELS.get(p.status, p.status)),
            "currency": p.currency,
            "entitlement": p.entitlement,
            "cleared": p.cleared,
            "offset": p.offset,
            "amount": p.amount,
            "advance_owed": p.advance_owed,
            "prepared_by": _name(people, p.prepared_by),
            "prepared_at": p.prepared_at,
            "approved_by": _name(people, p.approved_by),
            "approved_at": p.approved_at,
            "paid_on": p.paid_on,
        }
        for p in payments
    ]
    recovery_rows = [
        {
            "project": projects[r.project_id].reference,
            "reference": r.reference,
            "claim": claims[r.claim_id].reference if r.claim_id in claims else None,
            "irregularity": settings.label("irregularity_types", r.irregularity),
            "suspected_fraud": _("Yes") if r.suspected_fraud else _("No"),
            "reason": r.reason,
            "currency": r.currency,
            "expenditure": r.expenditure,
            "eu_amount": r.eu_amount,
            "recorded_by": _name(people, r.recorded_by),
            "recorded_at": r.recorded_at,
        }
        for r in recoveries
    ]
    return (list(PAYMENT_COLUMNS), payment_rows), (list(RECOVERY_COLUMNS), recovery_rows)


def claims_download(project: Project, user, format: str) -> Response:
    """The project's claim lines as an XLSX or CSV download."""
    columns, rows = claims_table(project, user)
    title = _("Claims of project %(reference)s", reference=project.reference)
    return send_table(format, title, title, columns, rows, sheet_name=_("Claim lines"))


def payments_download(format: str, *, today: date) -> Response:
    """Payments and recoveries as a workbook of two sheets, or the payments alone as CSV (one table a file)."""
    (payment_columns, payment_rows), (recovery_columns, recovery_rows) = payments_tables()
    filename = _("Payments %(day)s", day=today.isoformat())
    if format != "xlsx":
        return send_table(format, filename, _("Payments"), payment_columns, payment_rows)
    body = workbook_xlsx(
        [
            Sheet(title=_("Payments"), columns=payment_columns, rows=payment_rows),
            Sheet(title=_("Recoveries"), columns=recovery_columns, rows=recovery_rows),
        ],
        title=filename,
    )
    response = Response(body, content_type=FORMATS["xlsx"])
    # The same headers as service.exports.send_table gives a one-sheet download.
    response.headers["Content-Disposition"] = content_disposition(f"{safe_filename(filename)}.xlsx")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _by_id(model, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def _name(people: dict, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    person = people.get(user_id)
    return (person.name or person.email) if person is not None else None
