"""What the applicant's overview shows: the organisations the person acts for, their applications, projects,
and the next steps asked of them, soonest first.

Every list comes from the domains' own "what may this person see" functions (membership of the organisation,
within the request's tenant), so the overview shows nothing its own pages would refuse.

Next steps, each with a link to where it is done:
- a draft application whose call is still open (submit it before the call closes);
- a supplement the managing authority asked for on an application (by its deadline);
- a payment claim being written, or returned for supplements (by the deadline the authority set);
- a claim period of an active project that has ended without a claim, when no claim of the project is open (a
  project has one claim at a time: service.claims.operations.open_claim); no deadline is shown, none is set;
- a progress report being written (due on its day, overdue after it), or returned for changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from service.applications.models import Application, SupplementRequest
from service.applications.util import listed_for
from service.calls.models import Call
from service.claims.operations import periods_of
from service.claims.util import claims_for
from service.extensions import db
from service.i18n import format_day, format_instant
from service.organisations.util import organisations_of
from service.projects.util import projects_for
from service.reports.util import reports_for
from service.tenancy.current import tenant_today
from service.tenancy.model_base import utcnow


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str
    due: str  # the deadline as the reader reads it, or ""
    overdue: bool
    order: tuple  # soonest first; steps without a deadline last


def _day_key(value: date | datetime | None) -> tuple:
    if value is None:
        return (1, "")
    return (0, value.date().isoformat() if isinstance(value, datetime) else value.isoformat())


def _application_steps(applications: list[Application], calls: dict[int, Call]) -> list[NextStep]:
    now = utcnow()
    steps = []
    open_requests = {
        r.application_id: r
        for r in db.session.scalars(
            select(SupplementRequest)
            .where(
                SupplementRequest.application_id.in_([a.id for a in applications]),
                SupplementRequest.answered_at.is_(None),
            )
            .order_by(SupplementRequest.id)
        )
    }
    for application in applications:
        url = url_for("applications.show", application_id=application.id)
        name = application.title or _("Untitled application")
        if application.status == "draft":
            call = calls[application.call_id]
            if call.closes_at <= now:
                continue  # the call has closed: it can no longer be submitted
            text = _("Finish and submit the application “%(name)s” before the call closes.", name=name)
            steps.append(NextStep(text, url, format_instant(call.closes_at), False, _day_key(call.closes_at)))
        elif application.status == "supplement_requested" and application.id in open_requests:
            deadline = open_requests[application.id].deadline
            text = _("Send the supplement the managing authority asked for on the application “%(name)s”.", name=name)
            steps.append(NextStep(text, url, format_instant(deadline), deadline < now, _day_key(deadline)))
    return steps


def _claim_steps(claims) -> list[NextStep]:
    steps = []
    today = tenant_today()
    for claim in claims:
        url = url_for("claims.claim", claim_id=claim.id)
        if claim.status == "draft":
            text = _("Finish and submit the payment claim %(reference)s.", reference=claim.reference)
            steps.append(NextStep(text, url, "", False, _day_key(None)))
        elif claim.status == "returned":
            deadline = claim.supplement_deadline
            text = _("Supplement the payment claim %(reference)s and submit it again.", reference=claim.reference)
            due = format_day(deadline) if deadline else ""
            steps.append(NextStep(text, url, due, bool(deadline and deadline < today), _day_key(deadline)))
    return steps


def _unclaimed_steps(projects, claims) -> list[NextStep]:
    steps = []
    today = tenant_today()
    for project in projects:
        if project.status != "active" or project.financing is None:
            continue
        own = [c for c in claims if c.project_id == project.id]
        if any(c.status != "verified" for c in own):
            continue  # the open claim is a step of its own
        taken = {c.period_start for c in own}
        ended = [p for p in periods_of(project) if p[0] not in taken and p[1] < today]
        if ended:
            start, end = ended[0]
            text = _(
                "Claim the costs of %(start)s – %(end)s for the project %(reference)s.",
                start=format_day(start),
                end=format_day(end),
                reference=project.reference,
            )
            url = url_for("claims.project_claims", project_id=project.id)
            steps.append(NextStep(text, url, "", False, _day_key(None)))
    return steps


def _report_steps(reports) -> list[NextStep]:
    steps = []
    today = tenant_today()
    for report in reports:
        url = url_for("reports.report", report_id=report.id)
        if report.status == "draft":
            text = _("Write and submit the progress report %(reference)s.", reference=report.reference)
        elif report.status == "returned":
            text = _("Correct the progress report %(reference)s and submit it again.", reference=report.reference)
        else:
            continue
        steps.append(NextStep(text, url, format_day(report.due_on), report.due_on < today, _day_key(report.due_on)))
    return steps


def overview_of(user) -> dict:
    organisations = organisations_of(user.id)
    applications = listed_for(user)
    call_ids = {a.call_id for a in applications}
    calls = {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_(call_ids)))} if call_ids else {}
    projects = projects_for(user)
    claims = claims_for(user)
    steps = (
        _application_steps(applications, calls)
        + _claim_steps(claims)
        + _unclaimed_steps(projects, claims)
        + _report_steps(reports_for(user))
    )
    steps.sort(key=lambda s: s.order)
    return {
        "organisations": organisations,
        "owners": {o.id: o for o in organisations},
        "applications": applications,
        "calls": calls,
        "projects": projects,
        "steps": steps,
    }
