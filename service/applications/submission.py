"""The submission check, submitting (a frozen snapshot and a receipt), and supplements.

The closing instant is compared with the server clock to the second: a submission whose
instant is before ``closes_at`` is accepted, at or after it refused, and the draft stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from service.applications.models import Application, Submission, SupplementRequest
from service.applications.operations import check_can_apply, lock
from service.applications.sections import TEXT_SECTIONS
from service.applications.snapshot import snapshot_of
from service.calls.models import Call
from service.errors import Conflict
from service.extensions import db
from service.notifications.operations import members_of, notify
from service.organisations.models import Organisation
from service.receipts import content_sha256
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


@dataclass(frozen=True)
class Problem:
    place: str  # a field or a part of the page: the anchor the check links to
    message: str


def check(application: Application, call: Call) -> list[Problem]:
    """What stands in the way of submitting, in the reader's language, in the order of the form."""
    problems: list[Problem] = []
    if not application.title.strip():
        problems.append(Problem("title", _("Give the project a title.")))
    for field, label in TEXT_SECTIONS.items():
        if not (application.sections.get(field) or "").strip():
            problems.append(Problem(field, _("Fill in “%(section)s”.", section=label)))
    problems += _period_problems(application, call)
    problems += _budget_problems(application, call)
    if call.indicator_codes and not any(i.indicator_code for i in application.indicators):
        problems.append(Problem("indicators", _("Choose at least one of the call's common indicators.")))
    present = {a.kind for a in application.attachments}
    for requirement in call.required_attachments:
        if requirement["key"] not in present:
            label = requirement["label"].get(application.language) or next(iter(requirement["label"].values()))
            problems.append(Problem("attachments", _("Attach “%(attachment)s”.", attachment=label)))
    return problems


def _period_problems(application: Application, call: Call) -> list[Problem]:
    start, end = application.project_start, application.project_end
    problems = []
    if start is None:
        problems.append(Problem("project_start", _("Give the project's start date.")))
    if end is None:
        problems.append(Problem("project_end", _("Give the project's end date.")))
    if start is None or end is None:
        return problems
    if end <= start:
        problems.append(Problem("project_end", _("The project must end after it starts.")))
    if call.project_start_earliest and start < call.project_start_earliest:
        problems.append(
            Problem(
                "project_start",
                _(
                    "The call allows projects to start on %(day)s at the earliest.",
                    day=call.project_start_earliest.isoformat(),
                ),
            )
        )
    if call.project_end_latest and end > call.project_end_latest:
        problems.append(
            Problem(
                "project_end",
                _("The call allows projects to end on %(day)s at the latest.", day=call.project_end_latest.isoformat()),
            )
        )
    if call.max_duration_months:
        months = (end.year - start.year) * 12 + (end.month - start.month) + (1 if end.day >= start.day else 0)
        if months > call.max_duration_months:
            problems.append(
                Problem(
                    "project_end",
                    _("The call allows projects of at most %(months)s months.", months=call.max_duration_months),
                )
            )
    return problems


def _budget_problems(application: Application, call: Call) -> list[Problem]:
    from service.money.display import format_money

    problems = []
    if not application.budget_lines:
        return [Problem("budget", _("Add the budget: at least one cost."))]
    start, end = application.project_start, application.project_end
    if start and end and any(not start.year <= line.year <= end.year for line in application.budget_lines):
        problems.append(Problem("budget", _("Every cost belongs to a year of the project period.")))
    if call.max_grant is not None and application.eu_amount > call.max_grant:
        problems.append(
            Problem(
                "budget",
                _(
                    "The EU grant applied for (%(amount)s) is above the call's maximum of %(maximum)s.",
                    amount=format_money(application.eu_amount, call.currency),
                    maximum=format_money(call.max_grant, call.currency),
                ),
            )
        )
    if call.min_grant is not None and application.eu_amount < call.min_grant:
        problems.append(
            Problem(
                "budget",
                _(
                    "The EU grant applied for (%(amount)s) is below the call's minimum of %(minimum)s.",
                    amount=format_money(application.eu_amount, call.currency),
                    minimum=format_money(call.min_grant, call.currency),
                ),
            )
        )
    if application.private_funding > application.own_contribution:
        problems.append(
            Problem(
                "private_funding",
                _(
                    "Private funding (%(amount)s) cannot be more than your own contribution (%(own)s).",
                    amount=format_money(application.private_funding, call.currency),
                    own=format_money(application.own_contribution, call.currency),
                ),
            )
        )
    shares = sum((p.budget_share for p in application.partners), start=application.total_cost * 0)
    if shares > application.total_cost:
        problems.append(Problem("partners", _("The partners' shares add up to more than the total cost.")))
    return problems


def submit(
    application: Application, *, user, read_version: int | None = None, now: datetime | None = None
) -> Submission:
    """Freeze the application as submitted (or a supplement as answered) and queue the receipt e-mail.
    ``read_version`` is the version the person checked: a change since then is refused."""
    lock(application)
    now = now or utcnow()
    call = db.session.get(Call, application.call_id)
    organisation = db.session.get(Organisation, application.organisation_id)
    if application.status == "submitted":
        latest = application.submissions[-1] if application.submissions else None
        raise Conflict(
            _("This application has already been submitted (receipt %(receipt)s).", receipt=latest.receipt)
            if latest is not None
            else _("This application has already been submitted."),
            details={"receipt": latest.receipt, "submitted_at": latest.submitted_at.isoformat()} if latest else None,
        )
    if read_version is not None and read_version != application.version:
        raise Conflict(_("The application changed since you read it. Check it again before submitting."))
    request = _open_supplement_request(application)
    if application.status == "supplement_requested":
        if request is None or now >= request.deadline:
            raise Conflict(_("The deadline for the supplement has passed. Contact the managing authority."))
    else:
        if now >= call.closes_at:  # the server clock, to the second
            raise Conflict(
                _(
                    "The call closed at %(instant)s. The application was not submitted; your draft is kept.",
                    instant=_local(call.closes_at),
                )
            )
        check_can_apply(call, organisation)
    problems = check(application, call)
    if problems:
        raise Conflict(
            _("The application is not complete yet. See the list of what is missing."),
            details={"problems": [{"place": p.place, "message": p.message} for p in problems]},
        )
    sequence = len(application.submissions) + 1
    if application.reference is None:
        application.reference = f"{call.reference}-{application.id}"
    content = snapshot_of(application, call, organisation)
    submission = Submission(
        application=application,
        sequence=sequence,
        kind="submission" if sequence == 1 else "supplement",
        receipt=f"{application.reference}/{sequence}",
        submitted_at=now,
        submitted_by=user.id,
        content=content,
        content_sha256=content_sha256(content),
    )
    db.session.add(submission)
    if request is not None:
        request.answered_at = now
        request.answer_sequence = sequence
    application.status = "submitted"
    if application.submitted_at is None:
        application.submitted_at = now
    db.session.flush()
    notify(
        [user],
        "receipt",
        f"receipt:{submission.id}",
        new_key=True,  # the submission was made just now: nobody has its receipt yet
        receipt=submission.receipt,
        title=application.title,
        call=call.reference,
        instant=now.isoformat(),
        reference=application.reference,
        application_id=application.id,
    )
    return submission


def _local(instant: datetime) -> str:
    from service.i18n import format_instant

    return format_instant(instant, "long")


def _open_supplement_request(application: Application) -> SupplementRequest | None:
    return next((r for r in application.supplement_requests if r.answered_at is None), None)


def request_supplement(application: Application, *, message: str, deadline: datetime | None, user) -> SupplementRequest:
    from service.applications.deadlines import supplement_deadline

    if application.status != "submitted":
        raise Conflict(
            _("Supplements can be asked for only on a submitted application that is not already waiting for one.")
        )
    now = utcnow()
    deadline = deadline or supplement_deadline(now, current_tenant())
    if deadline <= now:
        from marshmallow import ValidationError

        raise ValidationError({"deadline": [_("The deadline must be in the future.")]})
    request = SupplementRequest(
        application=application, message=message.strip(), deadline=deadline, requested_by=user.id
    )
    db.session.add(request)
    application.status = "supplement_requested"
    db.session.flush()
    notify(
        members_of(application.organisation_id),
        "supplement_requested",
        f"supplement:{request.id}",
        reference=application.reference,
        title=application.title,
        deadline=deadline.isoformat(),
        message=request.message,
        application_id=application.id,
    )
    return request
