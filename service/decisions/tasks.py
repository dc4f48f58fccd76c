"""The decision letter: written by a job once the decision is approved, kept by its content hash, and
the applicant's members told (in the app and by e-mail)."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from service.accounts.models import User
from service.applications.attachments import store
from service.applications.models import Application, StoredFile
from service.calls.models import Call
from service.calls.util import indicators
from service.decisions.legal import legal_texts
from service.decisions.letter import LetterFacts, render_letter
from service.decisions.models import Decision
from service.decisions.notifications import notify_decided
from service.decisions.operations import reason_texts
from service.decisions.standing import standing_of
from service.extensions import db
from service.jobs.queue import job
from service.organisations.models import Organisation
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant


def letter_language(tenant: Tenant, application: Application) -> str:
    """The application's language (Swedish, Finnish or English), if the tenant offers it."""
    return application.language if application.language in tenant.languages else tenant.default_language


def facts_of(decision: Decision) -> LetterFacts:
    application = db.session.get(Application, decision.application_id)
    tenant = db.session.get(Tenant, decision.tenant_id)
    call = db.session.get(Call, decision.call_id)
    organisation = db.session.get(Organisation, application.organisation_id)
    language = letter_language(tenant, application)
    corrects = db.session.get(Decision, decision.corrects_id) if decision.corrects_id else None
    people = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_([decision.prepared_by, decision.approved_by])))
    }
    # The contact person is the case officer who prepared the decision: the person who can tell more about
    # it (hallintolaki 44 § 4); the tenant's function mailbox, if it names one, stands for the officer's address.
    officer = people.get(decision.prepared_by)
    with force_locale(language):
        reasons = (
            []
            if decision.granted
            else reason_texts(decision, call, explained=True, standing=standing_of(application, call))
        )
    catalogue = indicators()
    targets = [
        {**t, "name": catalogue[t["code"]].label(language)} if t["code"] in catalogue else t
        for t in decision.indicator_targets
    ]
    return LetterFacts(
        tenant=tenant,
        language=language,
        decision_reference=decision.reference,
        decided_at=decision.approved_at,
        granted=decision.granted,
        application_reference=application.reference,
        application_title=application.submissions[-1].content["title"],
        call_reference=call.reference,
        applicant_name=organisation.name,
        applicant_number=organisation.number,
        partners=[(p.name, p.number) for p in application.partners],
        currency=decision.currency,
        legal=legal_texts(tenant, language),
        contact_name=officer.name if officer else "",
        contact_email=officer.email if officer else "",
        eligible_cost=decision.eligible_cost,
        eu_amount=decision.eu_amount,
        own_contribution=decision.own_contribution,
        cofinancing_rate=decision.cofinancing_rate,
        call_rate=call.cofinancing_rate,
        project_start=decision.project_start,
        project_end=decision.project_end,
        applied_total=application.total_cost,
        applied_eu=application.eu_amount,
        reduction_reason=decision.reduction_reason,
        conditions=decision.conditions,
        targets=targets,
        reasons=reasons,
        corrects_reference=corrects.reference if corrects else None,
        correction_reason=decision.correction_reason,
        prepared_by=officer.name if officer else "",
        approved_by=people[decision.approved_by].name if decision.approved_by in people else "",
    )


@job("decisions.write_letter", queue="default")
def write_letter(decision_id: int) -> dict:
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.status != "approved":
        raise LookupError(f"approved decision {decision_id} not found in this tenant")
    if decision.letter_sha256 is None:
        facts = facts_of(decision)
        data = render_letter(facts)
        decision.letter_sha256 = store(data)
        decision.letter_language = facts.language
        decision.letter_written_at = utcnow()
    notify_decided(decision)
    return {"sha256": decision.letter_sha256, "language": decision.letter_language}


def letter_of(decision: Decision) -> bytes | None:
    if decision.letter_sha256 is None:
        return None
    stored = db.session.scalar(select(StoredFile).where(StoredFile.sha256 == decision.letter_sha256))
    return stored.data if stored else None
