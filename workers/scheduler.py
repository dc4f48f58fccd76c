"""``amif scheduler``: the sweeper every few seconds and the periodic jobs. Run one replica; the job keys
make a double run harmless. In the embedded default the web process runs the same loop on a thread.

An outage of PostgreSQL or Redis never stops the loop: it is logged once, waited out, and its end logged.
"""

from __future__ import annotations

import logging
import threading
import time

from service.domains import periodic_jobs
from service.extensions import db
from service.jobs.queue import enqueue
from service.jobs.sweeper import sweep
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope

log = logging.getLogger(__name__)

TICK_EVERY = 60  # seconds between enqueueing rounds; each job's own period decides whether it is due


def tick(app) -> list[str]:
    """Enqueue each periodic job the domains declare (service.domains.Periodic) that is due in this period:
    once in the platform scope, or once in each tenant's scope; returns the job run ids."""
    periodic = periodic_jobs(app)
    ids = []
    with app.app_context():
        now = int(utcnow().timestamp())
        with platform_scope():
            for job in periodic:
                if not job.per_tenant:
                    ids.append(enqueue(job.job, key=f"period-{now // job.every}").id)
            tenants = [t.id for t in db.session.scalars(db.select(Tenant).order_by(Tenant.id))]
            db.session.commit()
        for tenant in tenants:
            with tenant_scope(tenant):
                for job in periodic:
                    if job.per_tenant:
                        ids.append(enqueue(job.job, key=f"period-{now // job.every}").id)
                db.session.commit()
    return ids


class Scheduler:
    """One loop: ``step()`` sweeps, and enqueues the periodic jobs when a minute has passed."""

    def __init__(self, app, *, clock=time.monotonic):
        self.app = app
        self.clock = clock
        self.sweep_every = float(app.config["AMIF_SWEEP_INTERVAL"])
        self.next_tick = 0.0
        self.failing: dict[str, str] = {}  # what is failing now -> the error, logged once per outage

    def step(self) -> None:
        if self.clock() >= self.next_tick:
            if self._guarded("periodic jobs", tick, self.app):
                self.next_tick = self.clock() + TICK_EVERY
        self._guarded("sweeper", sweep, self.app)

    def _guarded(self, what: str, function, *args) -> bool:
        try:
            function(*args)
        except Exception as error:  # noqa: BLE001 - an outage is waited out; the loop goes on
            with self.app.app_context():
                db.session.remove()
            if what not in self.failing:
                log.warning("scheduler: %s failed, retrying every %g s: %s", what, self.sweep_every, error)
            self.failing[what] = str(error)
            return False
        if self.failing.pop(what, None) is not None:
            log.info("scheduler: %s works again", what)
        return True

    def run(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.is_set():
            self.step()
            stop.wait(self.sweep_every)


def run_forever(app) -> None:  # pragma: no cover - the loop around Scheduler.step()
    interval = app.config["AMIF_SWEEP_INTERVAL"]
    log.info("scheduler: sweeping every %g s, periodic jobs every %d s", interval, TICK_EVERY)
    Scheduler(app).run()


def start_in_background(app) -> threading.Event:
    """The embedded default: the same loop on a daemon thread of the web process. Returns its stop event."""
    stop = threading.Event()
    threading.Thread(target=Scheduler(app).run, args=(stop,), name="amif-scheduler", daemon=True).start()
    return stop
