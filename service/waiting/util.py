"""What waits for one member of staff, read from the domains' own records (within the request's tenant: every
model here is tenant-owned, so the tenant scope filters each query).

Each kind, and whose it is:
- ``assessment``: an assignment to this person not yet submitted, not recused from, on an application still
  being assessed (submitted and not yet consolidated) — the assignment names its assessor;
- ``decision``: a decision in preparation, for every member of staff who may approve one (the decisions' STAFF)
  except whoever prepared it (four eyes: service.decisions.operations.approve);
- ``payment``: a payment prepared and not approved, for staff who may approve it: neither its preparer nor the
  verifier of its claim (segregation of duties: service.claims.payments.approve);
- ``claim``: a claim submitted and awaiting verification, for the staff (no verifier is named before the
  verification: the claims record only who verified);
- ``report``: a progress report submitted and awaiting review, for the staff (the reports record no reviewer
  before the review);
- ``supplement``: a supplement the person asked for on an application (the request names who asked), when the
  applicant's answer has arrived and no formal check of it is recorded yet, or when its deadline passed
  unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select

from service.accounts.models import User
from service.applications.models import Application, SupplementRequest
from service.assessment.models import Assignment, Consolidation, EligibilityCheck
from service.assessment.operations import ASSESSOR_ROLES
from service.claims.models import Claim, ClaimSubmission, Payment
from service.claims.util import STAFF as CLAIM_STAFF
from service.decisions.models import Decision
from service.decisions.util import STAFF as DECISION_STAFF
from service.extensions import db
from service.projects.models import Project
from service.reports.models import ProgressReport, ReportSubmission
from service.reports.util import STAFF as REPORT_STAFF
from service.tenancy.model_base import utcnow

KINDS = ("assessment", "decision", "payment", "claim", "report", "supplement")
# Who has a queue: whoever may be assigned an assessment, or may act on the other kinds. Auditors only read, the
# committee reads figures, applicants have their overview (service.overview).
QUEUE_ROLES = tuple(dict.fromkeys((*ASSESSOR_ROLES, *DECISION_STAFF, *CLAIM_STAFF, *REPORT_STAFF)))


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for the person: plain values, worded by service.waiting.presenters."""

    kind: str  # one of KINDS
    reason: str  # why it waits for them: a key of presenters.REASONS
    object_id: int  # the object the link opens (its kind's page)
    reference: str
    since: datetime  # UTC
    details: dict = field(default_factory=dict)


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).tuples().all())


def assessments(user) -> list[Waiting]:
    if user.role not in ASSESSOR_ROLES:
        return []
    consolidated = exists().where(Consolidation.application_id == Application.id)
    rows = db.session.execute(
        select(Assignment, Application.reference, Application.id)
        .join(Application, Application.id == Assignment.application_id)
        .where(
            Assignment.assessor_id == user.id,
            Assignment.submitted_at.is_(None),
            or_(Assignment.declaration.is_(None), Assignment.declaration != "conflict"),
            Application.status == "submitted",
            ~consolidated,
        )
    ).all()
    return [
        Waiting(
            "assessment",
            "declare" if assignment.declaration is None else "score",
            assignment.id,
            reference,
            assignment.assigned_at,
            {"application_id": application_id},
        )
        for assignment, reference, application_id in rows
    ]


def decisions(user) -> list[Waiting]:
    if user.role not in DECISION_STAFF:
        return []
    rows = db.session.execute(
        select(Decision, Application.reference, Application.title)
        .join(Application, Application.id == Decision.application_id)
        .where(Decision.status == "prepared", Decision.prepared_by != user.id)
    ).all()
    corrected = {d.corrects_id for d, _r, _t in rows if d.corrects_id is not None}
    found = select(Decision.id, Decision.reference).where(Decision.id.in_(corrected))
    references = dict(db.session.execute(found).tuples().all()) if corrected else {}
    names = _names({d.prepared_by for d, _r, _t in rows})
    return [
        Waiting(
            "decision",
            "approve_grant" if decision.granted else "approve_rejection",
            decision.application_id,
            reference,
            decision.prepared_at,
            {
                "decision_id": decision.id,
                "title": title,
                "preparer": names.get(decision.prepared_by, ""),
                "amount": decision.eu_amount,
                "currency": decision.currency,
                "corrects": references.get(decision.corrects_id),
            },
        )
        for decision, reference, title in rows
    ]


def payments(user) -> list[Waiting]:
    if user.role not in CLAIM_STAFF:
        return []
    rows = db.session.execute(
        select(Payment, Project.reference)
        .join(Project, Project.id == Payment.project_id)
        .outerjoin(Claim, Claim.id == Payment.claim_id)
        .where(
            Payment.status == "prepared",
            Payment.prepared_by != user.id,
            or_(Claim.verified_by.is_(None), Claim.verified_by != user.id),
        )
    ).all()
    names = _names({p.prepared_by for p, _r in rows})
    return [
        Waiting(
            "payment",
            "approve_payment",
            payment.id,
            payment.reference,
            payment.prepared_at,
            {
                "project_id": payment.project_id,
                "project": project,
                "payment_kind": payment.kind,
                "preparer": names.get(payment.prepared_by, ""),
                "amount": payment.amount,
                "currency": payment.currency,
            },
        )
        for payment, project in rows
    ]


def _submitted(kind: str, model, submission, owner_key: str, reasons: tuple[str, str]) -> list[Waiting]:
    """Objects of ``model`` submitted and awaiting the MA, since their latest submission; the second reason when
    they were submitted more than once (supplemented after a return)."""
    owner = getattr(submission, owner_key)
    latest = (
        select(
            owner.label("owner"),
            func.max(submission.submitted_at).label("at"),
            func.count(submission.id).label("times"),
        )
        .group_by(owner)
        .subquery()
    )
    rows = db.session.execute(
        select(model.id, model.reference, latest.c.at, latest.c.times)
        .join(latest, latest.c.owner == model.id)
        .where(model.status == "submitted")
    ).all()
    return [Waiting(kind, reasons[times > 1], object_id, reference, at) for object_id, reference, at, times in rows]


def claims(user) -> list[Waiting]:
    if user.role not in CLAIM_STAFF:
        return []
    return _submitted("claim", Claim, ClaimSubmission, "claim_id", ("verify", "verify_again"))


def reports(user) -> list[Waiting]:
    if user.role not in REPORT_STAFF:
        return []
    return _submitted("report", ProgressReport, ReportSubmission, "report_id", ("review", "review_again"))


def supplements(user, now: datetime | None = None) -> list[Waiting]:
    now = now or utcnow()
    checked_since = exists().where(
        EligibilityCheck.application_id == SupplementRequest.application_id,
        EligibilityCheck.submission_sequence >= SupplementRequest.answer_sequence,
    )
    answered = and_(SupplementRequest.answered_at.is_not(None), Application.status == "submitted", ~checked_since)
    overdue = and_(
        SupplementRequest.answered_at.is_(None),
        SupplementRequest.deadline < now,
        Application.status == "supplement_requested",
    )
    rows = db.session.execute(
        select(SupplementRequest, Application.reference)
        .join(Application, Application.id == SupplementRequest.application_id)
        .where(SupplementRequest.requested_by == user.id, or_(answered, overdue))
    ).all()
    return [
        Waiting(
            "supplement",
            "supplement_answered" if request.answered_at is not None else "supplement_overdue",
            request.application_id,
            reference,
            request.answered_at or request.deadline,
            {"deadline": request.deadline},
        )
        for request, reference in rows
    ]


def waiting_for(user) -> list[Waiting]:
    """Everything waiting for this person, oldest first (then by kind and reference, so the order is stable)."""
    found = assessments(user) + decisions(user) + payments(user) + claims(user) + reports(user) + supplements(user)
    return sorted(found, key=lambda w: (w.since, KINDS.index(w.kind), w.reference, w.object_id))


def counts_of(items: list[Waiting]) -> dict[str, int]:
    """How many of each kind, every kind named (0 included)."""
    counts = dict.fromkeys(KINDS, 0)
    for item in items:
        counts[item.kind] += 1
    return counts
