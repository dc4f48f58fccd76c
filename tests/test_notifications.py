"""The notification centre: one notification per person and key, in the app at once and e-mailed through the
queue once even when the delivery job runs again, in the reader's language; each person sees only their own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
)
from tests.assessment_support import person_of, submitted  # noqa: F401 - fixtures
from tests.conftest import sign_in, tenant_id, translated


def _scope(app, code):
    from service.tenancy.scope import tenant_scope

    return tenant_scope(tenant_id(app, code))


def _mails_to(app, address):
    return [m for m in outbox(app) if m["To"] == address]


def test_a_receipt_is_one_notification_emailed_once_even_when_the_job_runs_again(app, client, submitted):
    application = submitted("fi")
    person = application["applicant"]
    assert run_jobs(app, "fi", "notifications.deliver")
    from service.extensions import db
    from service.notifications.models import Notification
    from service.notifications.operations import notify
    from service.notifications.tasks import deliver

    with app.app_context(), _scope(app, "fi"):
        [notification] = db.session.scalars(
            db.select(Notification).where(Notification.user_id == person["id"], Notification.kind == "receipt")
        ).all()
        assert notification.email_status == "sent" and notification.email_to == person["email"]
        notification_id = notification.id
        # the job again (rq runs at least once): nothing more is sent
        assert deliver(notification.id) == {"status": "sent", "sent_now": False}
        db.session.commit()
        # the same key again (a retried request or job): no second notification
        from service.accounts.models import User

        user = db.session.get(User, person["id"])
        assert notify([user], "receipt", notification.key, **notification.params) == []
        db.session.commit()
    receipts = [m for m in _mails_to(app, person["email"]) if application["reference"] in m["Subject"]]
    assert len(receipts) == 1
    assert receipts[0]["Message-ID"] == f"<notification-{tenant_id(app, 'fi')}-{notification_id}@amif-hub>"


def test_a_delivery_that_failed_is_retried_and_a_stale_claim_is_taken_again(app, client, submitted, monkeypatch):
    application = submitted("se")
    person = application["applicant"]
    from service import mail
    from service.extensions import db
    from service.notifications.models import Notification
    from service.notifications.tasks import CLAIM_TIMEOUT, DeliveryInProgress, deliver
    from service.tenancy.model_base import utcnow

    with app.app_context(), _scope(app, "se"):
        notification_id = db.session.scalar(db.select(Notification.id).where(Notification.user_id == person["id"]))

    def refuse(**kwargs):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patched:
        patched.setattr(mail, "send", refuse)
        with app.app_context(), _scope(app, "se"), pytest.raises(ConnectionRefusedError):
            deliver(notification_id)
    with app.app_context(), _scope(app, "se"):
        failed = db.session.get(Notification, notification_id)
        assert failed.email_status == "failed" and "mail server is down" in failed.email_error
        # a worker that claimed it and died: the claim is taken again only once it is stale
        failed.email_status, failed.email_claimed_at = "sending", utcnow()
        db.session.commit()
        with pytest.raises(DeliveryInProgress):  # the run fails, so that the queue tries again later
            deliver(notification_id)
        db.session.rollback()
        claimed = db.session.get(Notification, notification_id)
        claimed.email_claimed_at = utcnow() - CLAIM_TIMEOUT - timedelta(seconds=1)
        db.session.commit()
        assert deliver(notification_id)["sent_now"] is True
        db.session.commit()
    assert len([m for m in _mails_to(app, person["email"]) if application["reference"] in m["Subject"]]) == 1


def test_the_centre_shows_my_notifications_in_my_language_and_marks_them_read(app, client, submitted, applicant):
    application = submitted("fi")
    person = application["applicant"]
    run_jobs(app, "fi", "notifications.deliver")
    sign_in(client, "fi", person["email"])
    page = client.get("/fi/notifications")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    subject = translated("Receipt %(receipt)s: your application has been received", "fi") % {
        "receipt": f"{application['reference']}/1"
    }
    assert subject in html
    assert translated("New", "fi") in html
    # the e-mail's address and the moment it went
    assert person["email"] in html
    again = client.get("/fi/notifications").get_data(as_text=True)
    assert f'<span class="badge">{translated("New", "fi")}</span>' not in again  # read now
    # another person of the tenant sees none of it
    other = applicant("fi")
    client.post("/fi/logout", data={})
    other_client = app.test_client()
    sign_in(other_client, "fi", other["email"])
    assert application["reference"] not in other_client.get("/fi/notifications").get_data(as_text=True)
    # another tenant's session is refused
    assert app.test_client().get("/se/notifications").status_code in (302, 401)


def test_reminders_before_a_supplement_deadline_and_a_call_closing_are_sent_once(
    app, client, submitted, applicant, open_call, person_of
):
    from datetime import UTC, datetime

    from tests.test_applications_api import start

    application = submitted("se")
    officer = person_of("se", "case_officer")
    soon = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    asked = client.post(
        f"/api/v1/se/applications/{application['id']}/supplement-requests",
        json={"message": "Bifoga intyget.", "deadline": soon.isoformat()},
        headers=officer["headers"],
    )
    assert asked.status_code == 201, asked.json
    closing = open_call("se", closes_at=(datetime.now(UTC) + timedelta(days=2)).isoformat())
    drafter = applicant("se")
    draft = start(client, "se", drafter, closing)
    far = open_call("se")  # closes in 30 days: no reminder yet
    start(client, "se", drafter, far)

    from service.applications.reminders import remind
    from service.extensions import db
    from service.notifications.models import Notification

    with app.app_context(), _scope(app, "se"):
        first = remind()
        db.session.commit()
        again = remind()
        db.session.commit()
        kinds = {
            (n.user_id, n.kind, n.params["application_id"])
            for n in db.session.scalars(db.select(Notification).where(Notification.kind.like("reminder_%")))
        }
    assert first["notified"] >= 2 and again["notified"] == 0
    assert (application["applicant"]["id"], "reminder_supplement", application["id"]) in kinds
    assert (drafter["id"], "reminder_call_closing", draft["id"]) in kinds
    assert not any(k[1] == "reminder_call_closing" and k[2] != draft["id"] and k[0] == drafter["id"] for k in kinds)
