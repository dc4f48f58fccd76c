"""The rules that keep a job from being lost, stuck or run twice at once, each on its own (findings of the
review of issue 10): a failed run whose retries rq spent without reaching it, a retry rq's scheduler dropped,
an attempt that stalled past its lease (fenced), a give-up that must not hit a live attempt, and the embedded
runner's retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import make_url

from service.accounts.models import User
from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import DISPATCHER, enqueue, job
from service.jobs.sweeper import MAX_ATTEMPTS, _give_up, sweep
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.conftest import tenant_id
from tests.faults.support import job_run, ready, receipt_delivery, sent_with, submit
from workers.queues import queue_name
from workers.runner import run_job


def _welcome_run(app, make_user, **state) -> str:
    """A welcome e-mail's run, put in the given state (status, attempts, lease_until)."""
    user_id, _ = make_user("fi", "applicant")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        job_id = enqueue("accounts.send_welcome_email", key=f"rules-{user_id}", user_id=user_id).id
        db.session.commit()
        if state:
            db.session.execute(update(JobRun).where(JobRun.id == job_id).values(**state))
            db.session.commit()
    return job_id


def _rq(app, job_id: str) -> Job:
    return Job.fetch(job_id, connection=app.extensions[DISPATCHER]._connection(), serializer=JSONSerializer)


def test_a_failed_run_whose_retries_rq_spent_without_reaching_it_is_sent_again(app, make_user):
    """Its retries failed before they could claim the run (the database was away): rq says failed, the run
    has attempts left. Not retried, the receipt would wait for rq to forget the job (7 days)."""
    spent = _welcome_run(app, make_user, status="failed", attempts=1)
    used_up = _welcome_run(app, make_user, status="failed", attempts=MAX_ATTEMPTS)
    for job_id in (spent, used_up):
        _rq(app, job_id).set_status(JobStatus.FAILED)
    handed = sweep(app).handed_over
    assert spent in handed and used_up not in handed
    assert _rq(app, spent).get_status() == JobStatus.QUEUED


def test_a_retry_that_rqs_scheduler_dropped_is_sent_once_overdue(app, make_user):
    """rq's scheduler dies with a Redis outage and its worker restarts it only in its 10-minute maintenance."""
    overdue = _welcome_run(app, make_user, status="failed", attempts=1)
    pending = _welcome_run(app, make_user, status="failed", attempts=1)
    redis = app.extensions[DISPATCHER]._connection()
    for job_id, due in ((overdue, -120), (pending, 120)):
        rq_job = _rq(app, job_id)
        rq_job.set_status(JobStatus.SCHEDULED)
        ScheduledJobRegistry(rq_job.origin, connection=redis).schedule(
            rq_job, datetime.now(UTC) + timedelta(seconds=due)
        )
    handed = sweep(app).handed_over
    assert overdue in handed and pending not in handed
    registry = ScheduledJobRegistry(queue_name(app, "mail"), connection=redis)
    assert overdue not in registry.get_job_ids() and pending in registry.get_job_ids()


def _take_over(app, job_id: str) -> None:
    """What another attempt does when this one's lease expired: the sweeper releases it, a worker claims it."""
    engine = create_engine(make_url(app.config["MIGRATION_DATABASE_URL"]))  # its own connection, committed
    with engine.begin() as connection:
        connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "fi"))})
        connection.execute(
            text("UPDATE job_runs SET attempts = attempts + 1, lease_until = now() + interval '1 hour' WHERE id = :id"),
            {"id": job_id},
        )
    engine.dispose()


@job("tests.stalls_past_its_lease")
def _stalls(user_id: int, job_id: str) -> dict:
    db.session.get(User, user_id).name = "Written by a stalled attempt"
    from flask import current_app

    _take_over(current_app, job_id)  # meanwhile, its lease expired and another attempt took the run
    return {"wrote": True}


def test_an_attempt_that_stalled_past_its_lease_is_fenced_out_and_its_work_rolled_back(app, make_user):
    user_id, _ = make_user("fi", "applicant")
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        run = enqueue("tests.stalls_past_its_lease", key=f"stall-{user_id}", user_id=user_id, job_id="")
        run.arguments = {"user_id": user_id, "job_id": run.id}
        job_id = run.id
        db.session.commit()
    assert run_job(job_id, str(tenant_id(app, "fi")), app=app) == "lease lost"
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        assert db.session.get(User, user_id).name != "Written by a stalled attempt"
        taken = db.session.get(JobRun, job_id)
        assert taken.status == "running" and taken.attempts == 2  # the other attempt's, untouched


def test_a_delivery_that_lost_its_run_before_sending_sends_nothing(
    app, client, database_urls, applicant, open_call, monkeypatch
):
    import service.notifications.tasks as tasks

    person = applicant("fi")
    answer = submit(client, "fi", person, ready(client, "fi", person, open_call("fi")))
    run, message_id = receipt_delivery(app, "fi", answer.json["receipt"])
    rendered = tasks.render

    def render_while_losing_the_run(*args, **kwargs):  # the worker stalls between its claim and the send
        _take_over(app, run.id)
        return rendered(*args, **kwargs)

    monkeypatch.setattr(tasks, "render", render_while_losing_the_run)
    assert run_job(run.id, str(tenant_id(app, "fi")), app=app) == "lease lost"
    assert sent_with(app, message_id) == 0  # the attempt that holds the run sends it, not this one


def test_give_up_spares_an_attempt_that_took_the_run_meanwhile(app, make_user):
    now = utcnow()
    live = _welcome_run(app, make_user, status="running", attempts=MAX_ATTEMPTS, lease_until=now + timedelta(hours=1))
    dead = _welcome_run(app, make_user, status="running", attempts=MAX_ATTEMPTS, lease_until=now - timedelta(hours=1))
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        assert not _give_up(live, MAX_ATTEMPTS, now)  # a fresh lease: a live attempt
        assert not _give_up(dead, MAX_ATTEMPTS - 1, now)  # another attempt claimed it since the sweeper read it
        assert _give_up(dead, MAX_ATTEMPTS, now)
        db.session.commit()
    assert job_run(app, "fi", live).status == "running" and job_run(app, "fi", dead).status == "failed"


@job("tests.always_fails")
def _always_fails() -> None:
    raise RuntimeError("this job always fails")


def test_the_embedded_runner_tries_a_failing_job_max_attempts_times_and_the_sweeper_leaves_it(
    database_urls, redis_url, tmp_path
):
    from service.app import create_app
    from tests.conftest import app_config

    embedded = create_app(app_config(database_urls, redis_url, tmp_path, AMIF_RUN_JOBS_IN_PROCESS=True))
    try:
        with embedded.app_context(), tenant_scope(tenant_id(embedded, "fi")):
            job_id = enqueue("tests.always_fails", key=f"fails-{utcnow().timestamp()}").id
            db.session.commit()
        embedded.extensions["amif_jobs"].wait()
        assert job_run(embedded, "fi", job_id).attempts == MAX_ATTEMPTS
        assert job_id not in sweep(embedded).handed_over
        embedded.extensions["amif_jobs"].wait()
        assert job_run(embedded, "fi", job_id).attempts == MAX_ATTEMPTS  # not tried again
    finally:
        with embedded.app_context():
            db.engine.dispose()
