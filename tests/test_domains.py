"""Domains plug themselves in (issue 11): the app factory imports the packages named in DOMAINS, and their
pages, API routes, jobs, periodic jobs and notification kinds come from their own ``domain.py``."""

from __future__ import annotations

import re
from pathlib import Path

from service.config import DOMAINS
from service.domains import domains_of, notification_kinds, periodic_jobs
from service.jobs.queue import JOBS

SERVICE = Path(__file__).resolve().parent.parent / "service"


def test_every_configured_domain_declares_itself(app):
    assert [domain.name for domain in domains_of(app)] == [name.removeprefix("service.") for name in DOMAINS]


def test_the_jobs_are_those_the_domains_declare(app):
    declared = {function.job_name for domain in domains_of(app) for function in domain.jobs}
    assert declared == {name for name in JOBS if not name.startswith("tests.")}
    periodic = {job.job for job in periodic_jobs(app)}
    assert periodic <= declared
    assert periodic == {
        "platform.expire_sessions",
        "exchange.months_ahead_check",
        "notifications.send_reminders",
        "idempotency.forget_old_keys",
        "claims.convert_pending",
        "claims.supplement_deadlines",
        "reports.calendar",
        "participants.retention",
        "publication.schedule",
    }


def test_the_scheduler_enqueues_each_periodic_job_once_per_scope(app):
    from service.extensions import db
    from service.jobs.models import JobRun
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope
    from workers.scheduler import tick

    ids = tick(app)
    with app.app_context():
        tenants = db.session.scalars(db.select(Tenant.id)).all()
        names = []
        with platform_scope():
            names += [db.session.get(JobRun, i).name for i in ids if db.session.get(JobRun, i) is not None]
        for tenant in tenants:
            with tenant_scope(tenant):
                names += [db.session.get(JobRun, i).name for i in ids if db.session.get(JobRun, i) is not None]
    # Two platform jobs (platform.expire_sessions, the exchange rates' check ahead) and seven per tenant (the
    # applications' reminders, forgetting old idempotency keys, converting ledger entries waiting for a rate,
    # the claims' supplement reminders, the reporting calendar, the participant register's erasure after
    # retention, the list of operations' editions): the domains' Periodic declarations.
    assert sorted(names) == sorted(
        ["platform.expire_sessions", "exchange.months_ahead_check"]
        + [
            "notifications.send_reminders",
            "idempotency.forget_old_keys",
            "claims.convert_pending",
            "claims.supplement_deadlines",
            "reports.calendar",
            "participants.retention",
            "publication.schedule",
        ]
        * len(tenants)
    )


def test_an_app_without_a_domain_has_none_of_its_pages_routes_or_kinds(database_urls, redis_url, tmp_path):
    from service.api.openapi import build_spec
    from service.app import create_app
    from tests.conftest import app_config

    fewer = [name for name in DOMAINS if name not in ("service.statistics", "service.decisions")]
    smaller = create_app(app_config(database_urls, redis_url, tmp_path, DOMAINS=fewer))
    try:
        endpoints = set(smaller.view_functions)
        assert "api_tenant.get_statistics" not in endpoints and "statistics.page" not in endpoints
        assert not any(e.startswith("decisions.") or e.endswith("_decision") for e in endpoints)
        assert "api_tenant.list_projects" in endpoints and "calls.public_calls" in endpoints
        with smaller.app_context():
            paths = build_spec(smaller)["paths"]
        assert "/api/v1/{tenant}/statistics" not in paths and "/api/v1/{tenant}/projects" in paths
        assert "decision" not in {kind.name for kind in notification_kinds(smaller)}
    finally:
        with smaller.app_context():
            from service.extensions import db

            db.engine.dispose()


def test_every_notification_sent_is_of_a_kind_a_domain_declares(app):
    """Each ``notify(people, "<kind>", ...)`` in the code names a kind some domain declares."""
    kinds = {kind.name for kind in notification_kinds(app)}
    sent = set()
    for path in SERVICE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        sent |= set(re.findall(r"notify\(\s*[^,]+,\s*\"([a-z_]+)\"", text))
    assert sent and sent <= kinds
