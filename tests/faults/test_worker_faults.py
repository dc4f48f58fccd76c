"""Workers killed mid-job, and workers started while PostgreSQL or Redis is away (issue 10, findings 4, 6).

Real processes: ``amif worker`` (rq, with its work-horse) and ``amif scheduler`` (the sweeper), killed with
SIGKILL on the whole process group. A killed job runs again as soon as its lease has expired (here 4 s,
in production 30 s: at most 2 minutes); its e-mail goes out once, or twice with the same Message-ID when the
kill falls between the SMTP send and its record."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from service.config import load
from service.extensions import db
from service.jobs.queue import enqueue
from service.jobs.sweeper import MAX_ATTEMPTS
from service.tenancy.scope import tenant_scope
from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.conftest import tenant_id
from tests.faults import processes
from tests.faults.servers import wait_until
from tests.faults.support import backends_waiting_for_a_lock, job_run, ready, receipt_delivery, submit


def test_the_defaults_rerun_a_killed_job_within_two_minutes():
    """What the fast settings of these tests stand for: with the production defaults a killed job's lease
    expires, the sweeper finds it and hands it to the queue within 2 minutes (issue 10)."""
    config = load()
    bound = config["AMIF_JOB_LEASE_SECONDS"] + config["AMIF_SWEEP_INTERVAL"] + config["AMIF_HANDOFF_TIMEOUT"]
    assert bound <= 120
    assert MAX_ATTEMPTS >= 2  # a killed job is run again at least once


def _receipt_waiting_in_the_queue(app, client, applicant, open_call, code="fi"):
    person = applicant(code)
    answer = submit(client, code, person, ready(client, code, person, open_call(code)), key="kill")
    assert answer.status_code == 201
    return receipt_delivery(app, code, answer.json["receipt"])


def test_a_worker_killed_while_sending_is_replaced_and_the_receipt_goes_out_once(
    app, client, database_urls, smtp, applicant, open_call, tmp_path
):
    run, message_id = _receipt_waiting_in_the_queue(app, client, applicant, open_call)
    smtp.hold, smtp.hold_only = "before", message_id  # reaching the server, not accepted when the worker dies
    scheduler = processes.scheduler(app, database_urls, tmp_path / "scheduler.log")
    first = processes.worker(app, database_urls, tmp_path / "first.log", smtp=smtp)
    replacement = None
    try:
        assert smtp.arrived.wait(60), first.output()
        first.kill()
        smtp.hold = None
        smtp.release()  # the held message is refused: the dead worker's attempt delivered nothing
        replacement = processes.worker(app, database_urls, tmp_path / "replacement.log", smtp=smtp)
        # Issue 10's bound is the production one: re-run within 2 minutes of the kill. The time itself is the
        # fast settings' lease + sweep, plus the replacement's start-up, which a loaded CI machine stretches.
        wait_until(lambda: smtp.of(message_id), 120, "the replacement sends the receipt within 2 minutes")
        wait_until(lambda: job_run(app, "fi", run.id).status == "finished", 20, "the run is recorded finished")
        assert job_run(app, "fi", run.id).attempts == 2
        time.sleep(3 * app.config["AMIF_JOB_LEASE_SECONDS"])  # nothing runs it a third time
        assert len(smtp.of(message_id)) == 1
    finally:
        for process in (first, replacement, scheduler):
            if process is not None:
                process.close()


def test_a_worker_killed_between_sending_and_recording_sends_again_with_the_same_message_id(
    app, client, database_urls, admin_sql, smtp, applicant, open_call, tmp_path
):
    """The one documented window: the e-mail was accepted, the worker died before it committed "sent"."""
    run, message_id = _receipt_waiting_in_the_queue(app, client, applicant, open_call)
    notification_id = int(message_id.split("-")[2].split("@")[0])
    held = admin_sql.connect()
    locked = threading.Event()

    def hold_the_record(message):
        # Lock the notification's row, so the worker's UPDATE to "sent" waits: the window stays open.
        held.execute(text("SELECT id FROM notifications WHERE id = :id FOR UPDATE"), {"id": notification_id})
        locked.set()

    smtp.hold, smtp.hold_only, smtp.on_received = "after", message_id, hold_the_record
    scheduler = processes.scheduler(app, database_urls, tmp_path / "scheduler.log")
    first = processes.worker(app, database_urls, tmp_path / "first.log", smtp=smtp)
    replacement = None
    try:
        assert locked.wait(60), first.output()
        wait_until(lambda: backends_waiting_for_a_lock(admin_sql), 30, "the worker waits to record 'sent'")
        first.kill()
        held.rollback()  # the dead worker's transaction aborts: "sent" was never recorded
        smtp.hold, smtp.on_received = None, None
        replacement = processes.worker(app, database_urls, tmp_path / "replacement.log", smtp=smtp)
        wait_until(lambda: len(smtp.of(message_id)) == 2, 60, "the replacement sends it again")
        wait_until(lambda: job_run(app, "fi", run.id).status == "finished", 20, "the run is recorded finished")
        time.sleep(3 * app.config["AMIF_JOB_LEASE_SECONDS"])
        assert len(smtp.of(message_id)) == 2  # twice, the same message (Message-ID), never a third time
    finally:
        held.close()
        for process in (first, replacement, scheduler):
            if process is not None:
                process.close()


def test_a_worker_waits_for_postgresql_and_redis_instead_of_exiting(
    app, database_urls, database_hop, redis_server, make_user, tmp_path
):
    redis_server.stop()
    database_hop.cut()
    worker = processes.worker(app, database_urls, tmp_path / "worker.log", database="app")  # through the hop
    try:
        wait_until(lambda: "waiting for PostgreSQL" in worker.output(), 30, "it says what it waits for")
        time.sleep(2)
        assert worker.alive(), worker.output()  # Kubernetes would have restarted an exited one in a loop
        database_hop.mend()
        wait_until(lambda: "waiting for Redis" in worker.output(), 30, worker.output())
        assert worker.alive()
        redis_server.start()
        user_id, _ = make_user("se", "applicant")
        with app.app_context(), tenant_scope(tenant_id(app, "se")):
            job_id = enqueue("accounts.send_welcome_email", key=f"wait-{user_id}", user_id=user_id).id
            db.session.commit()  # handed to the Redis that just came back
        wait_until(lambda: job_run(app, "se", job_id).status == "finished", 60, worker.output())
        assert worker.terminate() == 0  # SIGTERM: a warm shutdown
    finally:
        worker.close()
