"""What the claims' notifications say, who is told, and the reminder before a supplement deadline
(service.notifications stores and e-mails them, each person once per key).

The ``notify_*`` functions are called by the operations at the moment each docstring names, inside the same
transaction (a notification rolled back with its operation is never sent). Parameters are plain values: amounts
in the wire format with their currency, days as ISO dates (already the tenant's calendar day); the text is
written when read, in the reader's language, amounts by service.money's display and days in the tenant's
country's format for that language.
"""

from __future__ import annotations

from datetime import date

from babel import dates
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from service.accounts.models import User
from service.applications.deadlines import add_working_days
from service.claims import ledger
from service.claims.figures import claim_figures
from service.claims.labels import PAYMENT_KIND_LABELS
from service.claims.models import Claim, Payment
from service.claims.util import STAFF
from service.decisions.models import Decision
from service.extensions import db
from service.jobs.queue import job
from service.money.display import format_money, wire
from service.money.parsing import from_wire
from service.notifications.kinds import Kind, Text
from service.notifications.operations import members_of, notify
from service.projects.models import Project
from service.tenancy.current import current_tenant

# How long before a supplement deadline its reminder goes [U: a product choice, as for applications
# (service.applications.reminders)]: two working days leave time to gather a missing document.
REMINDER_WORKING_DAYS = 2
EVERY = 3600  # seconds: the reminder job runs hourly; the notification's key makes each reminder go once


# -- Who is told ----------------------------------------------------------------------------------------------


def staff() -> list[User]:
    """The tenant's active MA administrators and case officers."""
    return list(db.session.scalars(select(User).where(User.role.in_(STAFF), User.active.is_(True)).order_by(User.id)))


def project_team(project: Project) -> list[User]:
    """The MA staff who handle the project: whoever prepared or approved its grant decisions, verified its claims or
    approved or confirmed its payments; the tenant's administrators when no one has yet. Telling every member of
    staff of every claim would bury the news of the people who act on it."""
    decisions = [v.decision_id for v in project.versions if v.decision_id is not None]
    people: set[int] = set()
    for prepared, approved in db.session.execute(
        select(Decision.prepared_by, Decision.approved_by).where(Decision.id.in_(decisions))
    ):
        people |= {prepared, approved}
    people |= set(db.session.scalars(select(Claim.verified_by).where(Claim.project_id == project.id)))
    for approved, paid in db.session.execute(
        select(Payment.approved_by, Payment.paid_by).where(Payment.project_id == project.id)
    ):
        people |= {approved, paid}
    team = [person for person in staff() if person.id in people]
    if team:
        return team
    return [person for person in staff() if person.role == "ma_admin"]


def _money(amount, currency: str) -> dict:
    return {"amount": wire(amount), "currency": currency}


def _verified_of(claim: Claim):
    totals = claim_figures(claim.id)
    return totals["claimed"] + totals["deducted"] + totals["parked"]


def notify_claim_submitted(claim: Claim) -> list:
    """Tell the project's MA staff (project_team) that a claim awaits verification. Called by
    service.claims.operations.submit, after the submission is flushed and the claim's status is "submitted" (each
    submission, the first and each after a return for supplements, is told once)."""
    project = db.session.get(Project, claim.project_id)
    sequence = len(claim.submissions)
    return notify(
        project_team(project),
        "claim_submitted",
        f"claim:{claim.id}:submitted:{sequence}",
        reference=claim.reference,
        project=project.reference,
        title=project.title,
        resubmitted=sequence > 1,
        claim_id=claim.id,
        **_money(claim_figures(claim.id)["claimed"], claim.currency),
    )


def notify_claim_returned(claim: Claim) -> list:
    """Tell the beneficiary's members that their claim is returned for supplements, with the MA's message and
    the deadline. Call from service.claims.operations.return_for_supplements, after the claim's status is
    "returned" and its supplement_message and supplement_deadline are set."""
    return notify(
        members_of(claim.organisation_id),
        "claim_returned",
        f"claim:{claim.id}:returned:{len(claim.submissions)}",
        reference=claim.reference,
        message=claim.supplement_message,
        deadline=claim.supplement_deadline.isoformat(),
        claim_id=claim.id,
    )


def notify_claim_verified(claim: Claim) -> list:
    """Tell the beneficiary's members the verified amount of their claim. Call from
    service.claims.verification.complete, after the deductions are posted to the ledger and the claim's status
    is "verified" (the amount is read from the ledger)."""
    return notify(
        members_of(claim.organisation_id),
        "claim_verified",
        f"claim:{claim.id}:verified",
        reference=claim.reference,
        claimed=wire(claim_figures(claim.id)["claimed"]),
        claim_id=claim.id,
        **_money(_verified_of(claim), claim.currency),
    )


def notify_payment_awaiting_approval(payment: Payment) -> list:
    """Tell the MA staff who may approve it that a payment awaits approval: the project's team (project_team), or
    else the tenant's administrators, never its preparer or the verifier of its claim (segregation of duties,
    service.claims.payments.approve). Call from service.claims.payments.prepare_claim_payment and
    prepare_advance, after the payment is flushed (it needs its id)."""
    claim = db.session.get(Claim, payment.claim_id) if payment.claim_id is not None else None
    excluded = {payment.prepared_by, claim.verified_by if claim is not None else None}
    project = db.session.get(Project, payment.project_id)
    approvers = [person for person in project_team(project) if person.id not in excluded]
    if not approvers:  # no one of the project's team may approve it: the administrators can
        approvers = [person for person in staff() if person.role == "ma_admin" and person.id not in excluded]
    return notify(
        approvers,
        "payment_awaiting_approval",
        f"payment:{payment.id}:prepared",
        reference=payment.reference,
        project=project.reference,
        payment_kind=payment.kind,  # not "kind", which is notify's own argument
        project_id=project.id,
        **_money(payment.amount, payment.currency),
    )


def notify_paid(payment: Payment) -> list:
    """Tell the beneficiary's members that a payment was made: the amount transferred and the day. Call from
    service.claims.payments.confirm_paid, after the payment's status is "paid" and paid_on is set."""
    project = db.session.get(Project, payment.project_id)
    claim = db.session.get(Claim, payment.claim_id) if payment.claim_id is not None else None
    return notify(
        members_of(project.organisation_id),
        "payment_paid",
        f"payment:{payment.id}:paid",
        reference=payment.reference,
        project=project.reference,
        claim=claim.reference if claim is not None else None,
        paid_on=payment.paid_on.isoformat(),
        claim_id=claim.id if claim is not None else None,
        project_id=project.id,
        **_money(payment.amount, payment.currency),
    )


# -- The reminder before a supplement deadline ---------------------------------------------------------------


def remind_supplement_deadlines(today: date | None = None) -> dict:
    """Remind the members of each returned claim whose supplement deadline is at most two working days away (and
    not passed): once per claim and deadline, since the deadline is in the key (a claim returned again with a
    new deadline is reminded again)."""
    today = today or ledger.today()
    country = current_tenant().country
    claims = db.session.scalars(
        select(Claim)
        .where(Claim.status == "returned", Claim.supplement_deadline.is_not(None), Claim.supplement_deadline >= today)
        .order_by(Claim.id)
    ).all()
    due = [c for c in claims if add_working_days(today, REMINDER_WORKING_DAYS, country) >= c.supplement_deadline]
    told = 0
    for claim in due:
        told += len(
            notify(
                members_of(claim.organisation_id),
                "claim_supplement_reminder",
                f"claim:{claim.id}:reminder:{claim.supplement_deadline.isoformat()}",
                reference=claim.reference,
                deadline=claim.supplement_deadline.isoformat(),
                claim_id=claim.id,
            )
        )
    return {"claims": len(due), "notified": told}


@job("claims.supplement_deadlines")
def supplement_deadlines() -> dict:
    """In each tenant's scope: the reminders of supplement deadlines that are near."""
    return remind_supplement_deadlines()


# -- What they say ------------------------------------------------------------------------------------------


def _amount(p: dict, tenant, language: str, key: str = "amount") -> str:
    return format_money(from_wire(p[key]), p["currency"], locale=tenant.locale_for(language))


def _day(value: str, tenant, language: str) -> str:
    return dates.format_date(date.fromisoformat(value), "long", locale=tenant.locale_for(language))


def _claim_path(p: dict) -> str:
    return f"claims/{p['claim_id']}"


def _submitted(p: dict, tenant, language: str) -> Text:
    if p["resubmitted"]:
        subject = _("Claim %(reference)s supplemented: awaiting verification", reference=p["reference"])
    else:
        subject = _("Claim %(reference)s submitted: awaiting verification", reference=p["reference"])
    return Text(
        subject,
        _(
            "The beneficiary of project %(project)s (“%(title)s”) has submitted the payment claim %(reference)s "
            "of %(amount)s. It awaits verification.",
            project=p["project"],
            title=p["title"],
            reference=p["reference"],
            amount=_amount(p, tenant, language),
        ),
        _claim_path(p),
    )


def _returned(p: dict, tenant, language: str) -> Text:
    deadline = _day(p["deadline"], tenant, language)
    return Text(
        _("Claim %(reference)s returned: supplement it by %(deadline)s", reference=p["reference"], deadline=deadline),
        _(
            "The managing authority has returned your payment claim %(reference)s for supplements:\n\n%(message)s"
            "\n\nSupplement the claim and submit it again by %(deadline)s.\n\n%(authority)s",
            reference=p["reference"],
            message=p["message"],
            deadline=deadline,
            authority=tenant.authority_name(language),
        ),
        _claim_path(p),
    )


def _verified(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Claim %(reference)s verified", reference=p["reference"]),
        _(
            "The managing authority has verified your payment claim %(reference)s. Claimed: %(claimed)s; "
            "verified: %(verified)s. The outcome of each cost is on the claim's page; the payment follows."
            "\n\n%(authority)s",
            reference=p["reference"],
            claimed=_amount(p, tenant, language, "claimed"),
            verified=_amount(p, tenant, language),
            authority=tenant.authority_name(language),
        ),
        _claim_path(p),
    )


def _awaiting_approval(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Payment %(reference)s awaits your approval", reference=p["reference"]),
        _(
            "A payment of %(amount)s (%(kind)s) to project %(project)s has been prepared and awaits approval by "
            "someone who neither prepared it nor verified its claim.",
            amount=_amount(p, tenant, language),
            kind=str(PAYMENT_KIND_LABELS.get(p["payment_kind"], p["payment_kind"])),
            project=p["project"],
        ),
        f"projects/{p['project_id']}",
    )


def _paid(p: dict, tenant, language: str) -> Text:
    paid_on = _day(p["paid_on"], tenant, language)
    if p["claim"]:
        body = _(
            "The managing authority paid %(amount)s on %(paid_on)s for your payment claim %(claim)s "
            "(payment %(reference)s).\n\n%(authority)s",
            amount=_amount(p, tenant, language),
            paid_on=paid_on,
            claim=p["claim"],
            reference=p["reference"],
            authority=tenant.authority_name(language),
        )
    else:
        body = _(
            "The managing authority paid an advance of %(amount)s on %(paid_on)s to project %(project)s "
            "(payment %(reference)s).\n\n%(authority)s",
            amount=_amount(p, tenant, language),
            paid_on=paid_on,
            project=p["project"],
            reference=p["reference"],
            authority=tenant.authority_name(language),
        )
    return Text(
        _("Payment %(reference)s made", reference=p["reference"]),
        body,
        _claim_path(p) if p["claim_id"] else f"projects/{p['project_id']}",
    )


def _reminder(p: dict, tenant, language: str) -> Text:
    deadline = _day(p["deadline"], tenant, language)
    return Text(
        _("Reminder: supplement claim %(reference)s by %(deadline)s", reference=p["reference"], deadline=deadline),
        _(
            "Your payment claim %(reference)s was returned for supplements. Submit it again by %(deadline)s; "
            "after that day it can no longer be submitted.\n\n%(authority)s",
            reference=p["reference"],
            deadline=deadline,
            authority=tenant.authority_name(language),
        ),
        _claim_path(p),
    )


KINDS = (
    Kind("claim_submitted", _l("Claim awaiting verification"), _submitted),
    Kind("claim_returned", _l("Claim returned for supplements"), _returned),
    Kind("claim_verified", _l("Claim verified"), _verified),
    Kind("payment_awaiting_approval", _l("Payment awaiting approval"), _awaiting_approval),
    Kind("payment_paid", _l("Payment made"), _paid),
    Kind("claim_supplement_reminder", _l("Reminder: claim supplement deadline"), _reminder),
)
