"""The scheduler's loop (the sweeper and the periodic jobs) waits out outages of PostgreSQL and Redis."""

from __future__ import annotations

import logging

from service.extensions import db
from service.jobs.queue import enqueue
from service.tenancy.scope import tenant_scope
from tests.conftest import tenant_id
from tests.faults.support import job_run
from workers.scheduler import Scheduler


def test_the_scheduler_waits_out_outages_and_hands_over_what_waited(app, database_hop, redis_server, make_user, caplog):
    user_id, _ = make_user("fi", "applicant")
    minutes = iter(range(0, 10**6, 61))
    scheduler = Scheduler(app, clock=lambda: next(minutes))  # each step a minute later: periodic jobs due
    redis_server.stop()
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        job_id = enqueue("accounts.send_welcome_email", key=f"waited-{user_id}", user_id=user_id).id
        db.session.commit()  # Redis refuses it: the run waits in the database
    with caplog.at_level(logging.WARNING, logger="workers.scheduler"):
        scheduler.step()
        database_hop.cut()
        scheduler.step()
        scheduler.step()
    assert set(scheduler.failing) == {"periodic jobs", "sweeper"}
    warnings = [r.getMessage() for r in caplog.records if r.name == "workers.scheduler"]
    assert len(warnings) == 2, warnings  # once per thing that fails, not once per step
    database_hop.mend()
    scheduler.step()  # PostgreSQL is back, Redis is not: still waiting, still no exception
    assert job_run(app, "fi", job_id).status == "queued"
    redis_server.start()
    with caplog.at_level(logging.INFO, logger="workers.scheduler"):
        scheduler.step()
    assert scheduler.failing == {}
    assert any("works again" in r.getMessage() for r in caplog.records)
    from workers.queues import RqDispatcher

    assert RqDispatcher(app).states([job_id])[job_id] == "queued"  # in Redis now, for a worker to take
