"""What the decisions' notifications say, and who is told (service.notifications stores and e-mails them, each
person once per key):

- ``decision_awaiting_approval``: a decision (or a correction) has been prepared; every member of staff who may
  approve it is told, never whoever prepared it (four eyes: service.decisions.operations.approve);
- ``decision``: the applicant's members, when the decision is approved and its letter written, are told what was
  decided: a grant with its EU amount, or a rejection and where its reasons are.

Parameters are plain values: amounts in the wire format with their currency; the text is written when read, in the
reader's language, amounts in the tenant's country's format for that language.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from service.accounts.models import User
from service.applications.models import Application
from service.decisions.models import Decision
from service.decisions.util import STAFF
from service.extensions import db
from service.money.display import format_money, wire
from service.money.parsing import from_wire
from service.notifications.kinds import Kind, Text
from service.notifications.operations import members_of, notify


def approvers_of(decision: Decision) -> list[User]:
    """Who may approve the decision: the tenant's active MA staff, except whoever prepared it."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(STAFF), User.active.is_(True), User.id != decision.prepared_by)
            .order_by(User.id)
        )
    )


def notify_decision_awaiting_approval(decision: Decision) -> list:
    """Tell everyone who may approve it that a decision awaits approval. Called by
    service.decisions.operations.prepare, after the decision is flushed (a correction too: its key is its own id)."""
    application = db.session.get(Application, decision.application_id)
    preparer = db.session.get(User, decision.prepared_by)
    corrects = db.session.get(Decision, decision.corrects_id) if decision.corrects_id is not None else None
    return notify(
        approvers_of(decision),
        "decision_awaiting_approval",
        f"decision:{decision.id}:prepared",
        reference=application.reference,
        title=application.title,
        granted=decision.granted,
        amount=wire(decision.eu_amount),
        currency=decision.currency,
        preparer=preparer.name if preparer is not None else "",
        corrects=corrects.reference if corrects is not None else None,
        application_id=application.id,
    )


def notify_decided(decision: Decision) -> list:
    """Tell the applicant's members what was decided. Called by service.decisions.tasks.write_letter once the
    approved decision's letter is written (the text points to it)."""
    application = db.session.get(Application, decision.application_id)
    return notify(
        members_of(application.organisation_id),
        "decision",
        f"decision:{decision.id}",
        reference=application.reference,
        title=application.title,
        decision=decision.reference,
        granted=decision.granted,
        amount=wire(decision.eu_amount),
        currency=decision.currency,
        application_id=application.id,
    )


def _amount(p: dict, tenant, language: str) -> str:
    return format_money(from_wire(p["amount"]), p["currency"], locale=tenant.locale_for(language))


def _awaiting_approval(p: dict, tenant, language: str) -> Text:
    if p["granted"]:
        proposal = _(
            "%(preparer)s has prepared a decision to grant the application “%(title)s” (%(reference)s) an EU "
            "contribution of %(amount)s.",
            preparer=p["preparer"],
            title=p["title"],
            reference=p["reference"],
            amount=_amount(p, tenant, language),
        )
    else:
        proposal = _(
            "%(preparer)s has prepared a decision to reject the application “%(title)s” (%(reference)s).",
            preparer=p["preparer"],
            title=p["title"],
            reference=p["reference"],
        )
    if p["corrects"]:
        proposal += " " + _("It corrects the decision %(reference)s.", reference=p["corrects"])
    body = proposal + "\n\n" + _("It awaits the approval of someone who did not prepare it: you may approve it.")
    return Text(
        _("Decision on application %(reference)s awaits your approval", reference=p["reference"]),
        body,
        f"decisions/applications/{p['application_id']}",
    )


def _decision(p: dict, tenant, language: str) -> Text:
    common = {
        "title": p["title"],
        "reference": p["reference"],
        "decision": p["decision"],
        "authority": tenant.authority_name(language),
    }
    granted = p.get("granted")  # absent from notifications stored before the text said what was decided
    if granted is None:
        subject = _("Decision on your application %(reference)s", reference=p["reference"])
        body = _(
            "The managing authority has decided on the application “%(title)s” (%(reference)s). "
            "The decision letter %(decision)s is in AMIF Hub, on the application's page.\n\n%(authority)s",
            **common,
        )
    elif granted:
        subject = _("Your application %(reference)s has been granted", reference=p["reference"])
        body = _(
            "The managing authority has granted the application “%(title)s” (%(reference)s) an EU contribution of "
            "%(amount)s. The decision letter %(decision)s, with the grant's terms, is in AMIF Hub, on the "
            "application's page.\n\n%(authority)s",
            amount=_amount(p, tenant, language),
            **common,
        )
    else:
        subject = _("Your application %(reference)s has been rejected", reference=p["reference"])
        body = _(
            "The managing authority has rejected the application “%(title)s” (%(reference)s). The reasons are in "
            "the decision letter %(decision)s and on the application's page in AMIF Hub.\n\n%(authority)s",
            **common,
        )
    return Text(subject, body, f"applications/{p['application_id']}")


KINDS = (
    Kind("decision", _l("Decision made"), _decision),
    Kind("decision_awaiting_approval", _l("Decision awaiting approval"), _awaiting_approval),
)
