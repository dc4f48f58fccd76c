"""The MA staff's list of payment claims, with where each claim really stands: one rule, in SQL.

A claim's ``status`` says draft, submitted, returned or verified; its line checks and its payment say the
rest. :func:`state_expression` reads them in one CASE, **first match wins** (this order is the precedence):

1. ``draft`` — the beneficiary has not submitted it (``status = 'draft'``).
2. ``returned`` — returned for supplements, the beneficiary's move (``status = 'returned'``).
3. ``under_verification`` — submitted, and a line of its current submission is checked
   (service.claims.operations.latest_checks is not empty).
4. ``submitted`` — submitted and no line of its current submission checked yet.
5. ``paid`` — verified, and its payment (the one not returned: at most one, service.claims.models.Payment) paid.
6. ``payment_approved`` — verified, its payment approved and awaiting the transfer.
7. ``payment_awaiting_approval`` — verified, its payment prepared and awaiting a second person's approval.
8. ``verified`` — verified with no payment under way (none prepared, or the last one returned): one to prepare.

The person filter ``verifier_id`` is the person who verified the claim or checked any of its lines
(``verified_by``, service.claims.models.LineCheck.checked_by): nothing else records who verifies a claim.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, func, literal, or_, select

from service.calls.display import call_text, format_day, format_instant, organisation_type
from service.calls.models import Call
from service.claims.models import Claim, ClaimSubmission, LineCheck, Payment
from service.claims.schemas import ClaimListItemSchema
from service.exports import Column
from service.extensions import db
from service.organisations.models import Organisation
from service.projects.models import Project
from service.tenancy.current import current_tenant
from service.work_queue import engine
from service.work_queue.choices import people_among
from service.work_queue.engine import folded
from service.work_queue.lists import Cell, StaffList, by_id, call_cell
from service.work_queue.query import list_schema

STATES = (
    "draft",
    "submitted",
    "under_verification",
    "returned",
    "verified",
    "payment_awaiting_approval",
    "payment_approved",
    "paid",
)
STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "under_verification": _l("Under verification"),
    "returned": _l("Returned for supplements"),
    "verified": _l("Verified, payment to prepare"),
    "payment_awaiting_approval": _l("Verified, payment awaiting approval"),
    "payment_approved": _l("Payment approved, awaiting transfer"),
    "paid": _l("Paid"),
}
SORTS = ("reference", "title", "organisation", "state", "submitted", "saved")


def _submissions():
    return (
        select(func.count(ClaimSubmission.id))
        .where(ClaimSubmission.tenant_id == Claim.tenant_id, ClaimSubmission.claim_id == Claim.id)
        .correlate(Claim)
        .scalar_subquery()
    )


def submitted_at():
    """The instant of the claim's latest submission (None for a draft never submitted)."""
    return (
        select(func.max(ClaimSubmission.submitted_at))
        .where(ClaimSubmission.tenant_id == Claim.tenant_id, ClaimSubmission.claim_id == Claim.id)
        .correlate(Claim)
        .scalar_subquery()
    )


def state_expression():
    """The state of ``Claim`` (a correlated SQL expression): see the module's docstring."""
    checked = exists().where(
        LineCheck.tenant_id == Claim.tenant_id, LineCheck.claim_id == Claim.id, LineCheck.submission == _submissions()
    )
    payment = (
        select(Payment.status)
        .where(Payment.tenant_id == Claim.tenant_id, Payment.claim_id == Claim.id, Payment.status != "returned")
        .correlate(Claim)
        .limit(1)
        .scalar_subquery()
    )
    return case(
        (Claim.status == "draft", literal("draft")),
        (Claim.status == "returned", literal("returned")),
        ((Claim.status == "submitted") & checked, literal("under_verification")),
        (Claim.status == "submitted", literal("submitted")),
        (payment == "paid", literal("paid")),
        (payment == "approved", literal("payment_approved")),
        (payment == "prepared", literal("payment_awaiting_approval")),
        else_=literal("verified"),
    )


def _verified_by(person_id: int):
    checked = exists().where(
        LineCheck.tenant_id == Claim.tenant_id, LineCheck.claim_id == Claim.id, LineCheck.checked_by == person_id
    )
    return or_(Claim.verified_by == person_id, checked)


def _rows():
    return (
        select(Claim)
        .join(Project, (Project.tenant_id == Claim.tenant_id) & (Project.id == Claim.project_id))
        .join(Organisation, (Organisation.tenant_id == Claim.tenant_id) & (Organisation.id == Claim.organisation_id))
        .where(Claim.tenant_id == current_tenant().id)
    )


SPEC = engine.ListSpec(
    rows=_rows,
    state=state_expression,
    states=STATES,
    filters={
        "call_id": lambda call_id: Project.call_id == call_id,
        "objective": lambda code: Project.specific_objective == code,
        "organisation_type": lambda kind: Organisation.organisation_type == kind,
        "verifier_id": _verified_by,
        **engine.period_filters("submitted", submitted_at(), instants=True),
    },
    search=lambda: [Claim.reference, Project.title, Organisation.name],
    sorts={
        "reference": lambda: Claim.reference,
        "title": lambda: folded(Project.title),
        "organisation": lambda: folded(Organisation.name),
        "submitted": submitted_at,
        "saved": lambda: Claim.updated_at,
    },
    tie=Claim.id,
)


def _label(code: str) -> str:
    return str(STATE_LABELS.get(code, code))


def _related(rows) -> tuple[dict, dict, dict, dict]:
    """The rows' projects, calls, organisations and latest submission instants: one query each."""
    claims = [claim for claim, _state in rows]
    projects = by_id(Project, (c.project_id for c in claims))
    calls = by_id(Call, (p.call_id for p in projects.values()))
    owners = by_id(Organisation, (c.organisation_id for c in claims))
    latest = {}
    if claims:
        latest = dict(
            db.session.execute(
                select(ClaimSubmission.claim_id, func.max(ClaimSubmission.submitted_at))
                .where(ClaimSubmission.claim_id.in_([c.id for c in claims]))
                .group_by(ClaimSubmission.claim_id)
            ).all()
        )
    return projects, calls, owners, latest


def _cells(rows) -> list[list[Cell]]:
    projects, calls, owners, latest = _related(rows)
    return [
        [
            Cell(claim.reference, href=url_for("claims.verification", claim_id=claim.id), header=True),
            Cell(projects[claim.project_id].title),
            Cell(owners[claim.organisation_id].name),
            call_cell(calls[projects[claim.project_id].call_id]),
            Cell(f"{format_day(claim.period_start)} – {format_day(claim.period_end)}"),
            Cell(_label(state), state=state),
            Cell(format_instant(latest[claim.id]) if claim.id in latest else "–"),
            Cell(format_instant(claim.updated_at)),
        ]
        for claim, state in rows
    ]


def _json(rows) -> list[dict]:
    projects, _calls, _owners, latest = _related(rows)
    schema = ClaimListItemSchema()
    return [
        {
            **schema.dump(claim),
            "organisation_id": claim.organisation_id,
            "call_id": projects[claim.project_id].call_id,
            "submitted_at": latest[claim.id].isoformat() if claim.id in latest else None,
            "verified_by": claim.verified_by,
            "state": state,
        }
        for claim, state in rows
    ]


def _export_rows(rows) -> list[dict]:
    projects, calls, owners, latest = _related(rows)
    found = []
    for claim, state in rows:
        project, owner = projects[claim.project_id], owners[claim.organisation_id]
        call = calls[project.call_id]
        found.append(
            {
                "reference": claim.reference,
                "title": project.title,
                "state": _label(state),
                "call": f"{call.reference} {call_text(call)}".strip(),
                "organisation": owner.name,
                "organisation_type": organisation_type(owner.organisation_type),
                "objective": project.specific_objective or "",
                "period_start": claim.period_start,
                "period_end": claim.period_end,
                "submitted": latest.get(claim.id),
                "saved": claim.updated_at,
            }
        )
    return found


def _verifiers() -> list[tuple[str, str]]:
    return people_among(
        select(Claim.verified_by).where(Claim.verified_by.is_not(None)).union(select(LineCheck.checked_by))
    )


CLAIMS = StaffList(
    name="claims",
    spec=SPEC,
    schema=list_schema("ClaimListQuerySchema", states=STATES, sorts=SORTS, person="verifier_id", period="submitted"),
    sort="saved",
    order="desc",
    state_labels=STATE_LABELS,
    titles={
        "title": _l("Payment claims"),
        "intro": _l("Every payment claim of the tenant's projects, with where its verification and payment stand."),
        "search": _l("Words in the claim's reference, the project's title or the organisation's name."),
        "show": _l("Show claims"),
        "per_state": _l("Claims per state"),
        "caption": _l("Claims"),
        "none": _l("No claims yet."),
        "no_match": _l("No claim matches these filters."),
    },
    page_endpoint="claims.list",
    export_endpoint="work_queue.export_claims",
    columns=[
        ("reference", _l("Reference"), True),
        ("title", _l("Project"), True),
        ("organisation", _l("Organisation"), True),
        ("call", _l("Call"), False),
        ("period", _l("Claim period"), False),
        ("state", _l("Status"), True),
        ("submitted", _l("Submitted"), True),
        ("saved", _l("Last saved"), True),
    ],
    cells=_cells,
    json=_json,
    export_columns=[
        Column("reference", _l("Reference")),
        Column("title", _l("Project")),
        Column("state", _l("Status")),
        Column("call", _l("Call")),
        Column("organisation", _l("Organisation")),
        Column("organisation_type", _l("Type of organisation")),
        Column("objective", _l("Specific objective")),
        Column("period_start", _l("Period start"), "date"),
        Column("period_end", _l("Period end"), "date"),
        Column("submitted", _l("Submitted"), "datetime"),
        Column("saved", _l("Last saved"), "datetime"),
    ],
    export_rows=_export_rows,
    person=("verifier_id", _l("Verified by")),
    people=_verifiers,
    period=("submitted", _l("Submitted")),
)
