"""Steps the fault tests share: an application ready to submit, submitting it, and reading what was stored."""

from __future__ import annotations

from sqlalchemy import func, select

from service.applications.models import Submission
from service.extensions import db
from service.jobs.models import JobRun
from service.notifications.models import Notification
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id
from tests.test_applications_api import complete, start


def ready(client, code: str, person: dict, call: dict) -> dict:
    """A complete draft of ``person`` to ``call``: the check passes, it can be submitted."""
    return complete(client, code, person, start(client, code, person, call))


def submit(client, code: str, person: dict, application: dict, key: str | None = None):
    headers = dict(person["headers"])
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(
        f"/api/v1/{code}/applications/{application['id']}/submit",
        json={"version": application["version"]},
        headers=headers,
    )


def submissions(app, code: str, application_id: int) -> int:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        return db.session.scalar(
            select(func.count()).select_from(Submission).where(Submission.application_id == application_id)
        )


def receipt_delivery(app, code: str, receipt: str) -> tuple[JobRun, str]:
    """The job that e-mails a receipt, and the Message-ID that e-mail carries."""
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        notification = next(
            n
            for n in db.session.scalars(select(Notification).where(Notification.kind == "receipt"))
            if n.params.get("receipt") == receipt
        )
        run = db.session.scalar(
            select(JobRun).where(JobRun.dedupe_key.endswith(f":notifications.deliver:{notification.id}"))
        )
        db.session.expunge(run)
        return run, f"<notification-{tenant_id(app, code)}-{notification.id}@amif-hub>"


def job_run(app, code: str, job_id: str) -> JobRun:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        run = db.session.get(JobRun, job_id)
        db.session.expunge(run)
        return run


def sent_with(app, message_id: str) -> int:
    """How many e-mails with this Message-ID went out (to the outbox folder)."""
    from tests.applications_support import outbox

    return sum(1 for message in outbox(app) if message["Message-ID"] == message_id)


def backends_waiting_for_a_lock(admin_sql) -> list[int]:
    """The application role's backends that wait for a lock now. A fresh connection each time: within one
    transaction PostgreSQL answers pg_stat_activity from a snapshot taken at its first read."""
    from sqlalchemy import text

    from tests.conftest import APP_ROLE

    with admin_sql.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE usename = :role AND wait_event_type = 'Lock'"
                    " AND datname = current_database()"
                ),
                {"role": APP_ROLE},
            ).scalars()
        )
