"""``amif scheduler``: enqueues periodic jobs. Run one replica; the job keys make a double run harmless."""

from __future__ import annotations

import time

from service.extensions import db
from service.jobs.queue import enqueue
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope

# (job name, period in seconds): once for the platform, and once in each tenant's scope.
PERIODIC = [("platform.expire_sessions", 600)]
PER_TENANT = [("notifications.send_reminders", 3600)]


def tick(app) -> list[str]:
    """Enqueue each periodic job due in this period; returns the job run ids."""
    ids = []
    with app.app_context():
        now = int(utcnow().timestamp())
        with platform_scope():
            for name, period in PERIODIC:
                ids.append(enqueue(name, key=f"period-{now // period}").id)
            tenants = [t.id for t in db.session.scalars(db.select(Tenant).order_by(Tenant.id))]
            db.session.commit()
        for tenant in tenants:
            with tenant_scope(tenant):
                for name, period in PER_TENANT:
                    ids.append(enqueue(name, key=f"period-{now // period}").id)
                db.session.commit()
    return ids


def run_forever(app, interval: int = 60) -> None:  # pragma: no cover - a loop around tick()
    while True:
        tick(app)
        time.sleep(interval)
