"""Background jobs on real Redis with a real rq worker process."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import select

from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import enqueue
from service.tenancy.scope import TenantScopeMissing, tenant_scope
from tests.conftest import APP_ROLE, ROOT, bearer, tenant_id
from workers.queues import queue
from workers.runner import run_job


def _worker_env(app, database_urls, redis_url) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_urls["app"],
            "MIGRATION_DATABASE_URL": database_urls["owner"],
            "AMIF_APP_DB_ROLE": APP_ROLE,
            "REDIS_URL": redis_url,
            "AMIF_QUEUE_PREFIX": app.config["AMIF_QUEUE_PREFIX"],
            "AMIF_OUTBOX_DIR": app.config["AMIF_OUTBOX_DIR"],
            "SMTP_HOST": "",
        }
    )
    return env


def forget_queued_jobs(app) -> None:
    """Empty the session's rq queues and scheduled retries. The jobs other tests committed are run in process by
    those tests (tests.applications_support.run_jobs), by id from job_runs; left in Redis, they would all be
    worked by the next burst worker (minutes of letters and e-mails). Called before a test enqueues what its
    worker is to run."""
    redis = Redis.from_url(app.config["REDIS_URL"])
    for name in app.config["AMIF_QUEUES"]:
        waiting = queue(app, name, redis)
        waiting.empty()
        retries = ScheduledJobRegistry(queue=waiting)
        for job_id in retries.get_job_ids():
            retries.remove(job_id, delete_job=True)


def _run_worker(app, database_urls, redis_url) -> None:
    """A real rq worker in burst mode: it works on what is queued (see forget_queued_jobs) and stops."""
    subprocess.run(
        [sys.executable, "-m", "service.cli", "worker", "--burst"],
        cwd=ROOT,
        check=True,
        timeout=300,
        env=_worker_env(app, database_urls, redis_url),
        capture_output=True,
    )


def _outbox(app) -> dict[str, email.message.Message]:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    if not folder.exists():
        return {}
    messages = {}
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        messages[message["To"]] = message
    return messages


def test_welcome_email_is_sent_by_a_real_worker_in_the_users_language(
    app, client, make_user, token_for, database_urls, redis_url
):
    forget_queued_jobs(app)
    admin, _ = make_user("fi", "ma_admin")
    token = token_for("fi", admin)
    created = client.post(
        "/api/v1/fi/users",
        json={"email": "ruotsinkielinen@fi.test", "role": "applicant", "language": "sv"},
        headers=bearer(token),
    )
    job_id = created.json["welcome_job"]
    assert client.get(f"/api/v1/fi/jobs/{job_id}", headers=bearer(token)).json["status"] == "queued"
    _run_worker(app, database_urls, redis_url)
    status = client.get(f"/api/v1/fi/jobs/{job_id}", headers=bearer(token)).json
    assert status["status"] == "finished" and status["attempts"] == 1
    message = _outbox(app)["ruotsinkielinen@fi.test"]
    assert message["Content-Language"] == "sv"
    assert message["Subject"] != "Welcome to AMIF Hub"  # the Swedish catalogue's subject
    assert "/fi/login" in message.get_payload(decode=True).decode()
    # Another tenant cannot see the job.
    other, _ = make_user("se", "ma_admin")
    assert client.get(f"/api/v1/se/jobs/{job_id}", headers=bearer(token_for("se", other))).status_code == 404


def test_enqueueing_the_same_key_twice_is_one_job(app):
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        first = enqueue("platform.expire_sessions", key="same-key")
        second = enqueue("platform.expire_sessions", key="same-key")
        assert first.id == second.id
        db.session.rollback()


def test_a_finished_job_is_not_run_again(app, make_user):
    user_id, address = make_user("se", "case_officer", welcome=True)
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        run = db.session.scalar(select(JobRun).where(JobRun.dedupe_key.endswith(f"user-{user_id}")))
        job_id = run.id
    assert run_job(job_id, str(tenant_id(app, "se")), app=app) == "finished"
    sent = [p for p in Path(app.config["AMIF_OUTBOX_DIR"]).glob("*.eml") if address in p.read_text()]
    assert run_job(job_id, str(tenant_id(app, "se")), app=app) == "already finished"  # rq re-runs: at least once
    assert [p for p in Path(app.config["AMIF_OUTBOX_DIR"]).glob("*.eml") if address in p.read_text()] == sent


def test_enqueue_without_tenant_scope_fails_loudly(app):
    with app.app_context(), pytest.raises(TenantScopeMissing):
        enqueue("accounts.send_welcome_email", key="x", user_id=1)


def test_a_job_without_a_tenant_fails_in_the_worker(app, database_urls, redis_url):
    forget_queued_jobs(app)
    redis = Redis.from_url(redis_url)
    default = Queue(f"{app.config['AMIF_QUEUE_PREFIX']}:default", connection=redis, serializer=JSONSerializer)
    job = default.enqueue("workers.runner.run_job", "no-such-job", None)
    _run_worker(app, database_urls, redis_url)
    job.refresh()
    assert job.is_failed
    assert "without a tenant scope" in (job.latest_result().exc_string or "")


def test_a_job_cannot_reach_another_tenants_run(app, make_user):
    user_id, _ = make_user("se", "case_officer", welcome=True)
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        job_id = db.session.scalar(select(JobRun.id).where(JobRun.dedupe_key.endswith(f"user-{user_id}")))
    with pytest.raises(LookupError):
        run_job(job_id, str(tenant_id(app, "fi")), app=app)


def test_in_process_runner_for_the_embedded_default(database_urls, redis_url, tmp_path, make_user):
    from service.app import create_app
    from tests.conftest import app_config

    embedded = create_app(app_config(database_urls, redis_url, tmp_path, AMIF_RUN_JOBS_IN_PROCESS=True))
    try:
        with embedded.app_context(), tenant_scope(tenant_id(embedded, "se")):
            from service.accounts.operations import create_user

            create_user(email="inprocess@se.test", role="applicant", language="en")
            db.session.commit()
        embedded.extensions["amif_jobs"].wait()
        sent = list((tmp_path / "outbox").glob("*.eml"))
        assert len(sent) == 1 and "inprocess@se.test" in sent[0].read_text()
    finally:
        with embedded.app_context():
            db.engine.dispose()


def test_scheduler_tick_enqueues_periodic_jobs_once_per_period(app):
    from workers.scheduler import tick

    first, second = tick(app), tick(app)
    assert first == second  # same period, same idempotency key


def test_a_job_is_dispatched_when_the_outer_transaction_commits_not_when_a_savepoint_is_released(app):
    """after_commit fires for SAVEPOINTs too: dispatching then ran jobs whose rows were not committed yet
    (found by the demo flow, where a notification's savepoint came after a decision's letter job)."""
    import uuid

    from service.extensions import db
    from service.jobs.queue import DISPATCHER, enqueue
    from service.tenancy.scope import platform_scope

    dispatched = []

    class Recorder:
        def hand_off(self, job_id, scope, queue):
            dispatched.append(job_id)
            return True

    with app.app_context(), platform_scope():
        original = app.extensions[DISPATCHER]
        app.extensions[DISPATCHER] = Recorder()
        try:
            run = enqueue("platform.expire_sessions", key=f"savepoint-{uuid.uuid4().hex}")
            with db.session.begin_nested():
                pass
            assert dispatched == []
            db.session.commit()
            assert dispatched == [run.id]
        finally:
            app.extensions[DISPATCHER] = original
