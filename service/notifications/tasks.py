"""Delivering a notification by e-mail, once.

rq runs a job at least once, and a job may be retried after it sent but before it recorded that. So the
delivery first claims the notification in its own committed transaction (pending → sending); only the
claimant sends, and records "sent" after. A run that finds a fresh claim fails (the queue retries it); a
claim older than CLAIM_TIMEOUT (a worker that died between claim and send) is taken again; a failed send
releases the claim for the retry. The Message-ID is
the notification's own, so even that rare second send is recognisably the same message.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import or_, update

from service import mail
from service.accounts.models import User
from service.accounts.tasks import mail_language, tenant_url
from service.extensions import db
from service.jobs.queue import job
from service.notifications.messages import render
from service.notifications.models import Notification
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant

# Shorter than rq's retry window (10 s, 1 min, 5 min: workers/queues.py), so the last retry can take over
# the claim of a worker that died between claiming and sending.
CLAIM_TIMEOUT = timedelta(minutes=2)


class DeliveryInProgress(RuntimeError):
    """Another delivery holds a fresh claim: fail this run, so that the queue retries it later."""


def _claim(notification: Notification) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification.id,
            or_(
                Notification.email_status.in_(("pending", "failed")),
                (Notification.email_status == "sending") & (Notification.email_claimed_at < now - CLAIM_TIMEOUT),
            ),
        )
        .values(email_status="sending", email_claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


@job("notifications.deliver", queue="mail")
def deliver(notification_id: int) -> dict:
    notification = db.session.get(Notification, notification_id)
    if notification is None:
        raise LookupError(f"notification {notification_id} not found in this tenant")
    if not _claim(notification):
        db.session.refresh(notification)
        if notification.email_status == "sending":
            raise DeliveryInProgress(f"notification {notification_id} is being sent by another delivery")
        return {"status": notification.email_status, "sent_now": False}
    db.session.refresh(notification)
    user = db.session.get(User, notification.user_id)
    tenant = db.session.get(Tenant, notification.tenant_id)
    language = mail_language(tenant, user.language)
    with force_locale(language):
        text = render(notification.kind, notification.params, tenant, language)
    body = f"{text.body}\n\n{tenant_url(tenant, text.path)}"
    try:
        message_id = mail.send(
            to=user.email,
            subject=text.subject,
            body=body,
            language=language,
            message_id=f"<notification-{tenant.id}-{notification.id}@amif-hub>",
        )
    except Exception as error:
        notification.email_status = "failed"
        notification.email_error = f"{type(error).__name__}: {error}"[:2000]
        db.session.commit()
        raise
    notification.email_status = "sent"
    notification.emailed_at = utcnow()
    notification.email_to = user.email
    notification.email_language = language
    notification.email_message_id = message_id
    notification.email_error = None
    return {"status": "sent", "sent_now": True, "language": language}
