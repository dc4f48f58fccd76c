"""Background jobs of the accounts domain."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from service import mail
from service.accounts.models import User
from service.extensions import db
from service.jobs.queue import job
from service.tenancy.models import Tenant


@job("accounts.send_welcome_email", queue="mail")
def send_welcome_email(user_id: int) -> dict:
    user = db.session.get(User, user_id)  # within the job's tenant scope
    if user is None:
        raise LookupError(f"user {user_id} not found in this tenant")
    tenant = db.session.get(Tenant, user.tenant_id)
    language = user.language if user.language in tenant.languages else tenant.default_language
    with force_locale(language):
        subject = _("Welcome to AMIF Hub")
        body = _(
            "An account has been created for you in %(tenant)s.\n\n"
            "Sign in at %(url)s with this e-mail address.\n\n"
            "%(authority)s",
            tenant=tenant.name(language),
            url=f"{current_app.config['AMIF_BASE_URL']}/{tenant.code}/login",
            authority=tenant.authority_name(language),
        )
    message_id = mail.send(to=user.email, subject=subject, body=body, language=language)
    return {"message_id": message_id, "language": language}
