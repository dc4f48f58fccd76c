"""Background jobs of applications: the submission receipt and the supplement request by e-mail."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from service import mail
from service.accounts.models import User
from service.applications.models import Application, Submission, SupplementRequest
from service.extensions import db
from service.jobs.queue import job
from service.organisations.models import Membership
from service.tenancy.models import Tenant


def _language(tenant: Tenant, application: Application, user: User | None) -> str:
    if user is not None and user.language in tenant.languages:
        return user.language
    return application.language if application.language in tenant.languages else tenant.default_language


def _instant(value, tenant: Tenant, language: str) -> str:
    from babel import dates

    return dates.format_datetime(value, "long", tzinfo=tenant.zone, locale=tenant.locale_for(language))


@job("applications.send_receipt", queue="mail")
def send_receipt(submission_id: int) -> dict:
    """The receipt of a submission, to the person who submitted, with the instant in the tenant's zone."""
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        raise LookupError(f"submission {submission_id} not found in this tenant")
    application = submission.application
    tenant = db.session.get(Tenant, submission.tenant_id)
    user = db.session.get(User, submission.submitted_by)
    language = _language(tenant, application, user)
    with force_locale(language):
        subject = _("Receipt %(receipt)s: your application has been received", receipt=submission.receipt)
        body = _(
            "Your application “%(title)s” to call %(call)s was received on %(instant)s.\n\n"
            "Receipt: %(receipt)s\nApplication reference: %(reference)s\n\n"
            "Keep this e-mail. The submitted version can no longer be changed; the managing authority "
            "will contact you if anything needs to be supplemented.\n\n%(authority)s",
            title=application.title,
            call=submission.content["call"]["reference"],
            instant=_instant(submission.submitted_at, tenant, language),
            receipt=submission.receipt,
            reference=application.reference,
            authority=tenant.authority_name(language),
        )
    message_id = mail.send(to=user.email, subject=subject, body=body, language=language)
    return {"message_id": message_id, "language": language}


@job("applications.send_supplement_request", queue="mail")
def send_supplement_request(request_id: int) -> dict:
    """Tell every member of the applicant organisation what is asked for and by when."""
    request = db.session.get(SupplementRequest, request_id)
    if request is None:
        raise LookupError(f"supplement request {request_id} not found in this tenant")
    application = request.application
    tenant = db.session.get(Tenant, request.tenant_id)
    members = db.session.scalars(
        db.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == application.organisation_id, User.active.is_(True))
    ).all()
    sent = []
    for user in members:
        language = _language(tenant, application, user)
        with force_locale(language):
            subject = _("Supplement requested: %(reference)s", reference=application.reference)
            body = _(
                "The managing authority asks you to supplement the application “%(title)s” (%(reference)s) "
                "by %(deadline)s:\n\n%(message)s\n\nOpen the application, make the changes and submit the "
                "supplement before the deadline.\n\n%(authority)s",
                title=application.title,
                reference=application.reference,
                deadline=_instant(request.deadline, tenant, language),
                message=request.message,
                authority=tenant.authority_name(language),
            )
        sent.append(mail.send(to=user.email, subject=subject, body=body, language=language))
    return {"message_ids": sent}
