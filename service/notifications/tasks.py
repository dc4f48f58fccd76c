"""Delivering a notification by e-mail, once.

rq runs a job at least once, and a job may be retried after it sent but before it recorded that. So the
delivery first claims the notification in its own committed transaction (pending → sending); only the
claimant sends, and commits "sent" right after. A run that finds a fresh claim fails (the queue retries
it). A claim made before the current attempt of the delivery job started belongs to an earlier attempt,
which can no longer act (the attempt number fences it out: service.jobs.runs), so it is taken at once; any
other claim older than CLAIM_TIMEOUT too. The attempt checks that it still holds its run when it claims and
right before it sends. A failed send releases the claim for the retry. The e-mail goes out twice only when
the first attempt was killed between the SMTP send and the commit of "sent", or stalled past its lease
between its last check and the send; the Message-ID is the notification's own, so that second send is
recognisably the same message.
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
from service.jobs.runs import current_run, still_ours
from service.notifications.kinds import render
from service.notifications.models import Notification
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant

# For claims not made by an earlier attempt of the same job: shorter than rq's retry window (10 s, 1 min,
# 5 min: workers/queues.py), so a retry can take over the claim of a worker that died.
CLAIM_TIMEOUT = timedelta(minutes=2)


class DeliveryInProgress(RuntimeError):
    """Another delivery holds a fresh claim: fail this run, so that the queue retries it later."""


def _claim(notification: Notification) -> bool:
    now = utcnow()
    stale = now - CLAIM_TIMEOUT
    run = current_run()
    if run is not None and run.started_at > stale:
        stale = run.started_at  # claims from before this attempt are an earlier attempt's, fenced out now
    still_ours()  # in the same transaction: an attempt that lost its run claims nothing
    claimed = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification.id,
            or_(
                Notification.email_status.in_(("pending", "failed")),
                (Notification.email_status == "sending") & (Notification.email_claimed_at < stale),
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
    still_ours()  # the last look before an effect that cannot be undone
    db.session.commit()
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
    db.session.commit()  # at once: the window in which a killed worker's retry would send again is this short
    return {"status": "sent", "sent_now": True, "language": language}
