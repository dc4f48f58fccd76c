"""One tenant handle (issue 11): ``current_tenant()`` is the same in a request, a job and a CLI command, and
no code outside service/tenancy reads the tenant from ``flask.g``."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.queue import enqueue, job
from service.tenancy.current import NoCurrentTenant, current_tenant, current_tenant_or_none
from service.tenancy.scope import platform_scope, tenant_scope
from tests.conftest import tenant_id

ROOT = Path(__file__).resolve().parent.parent


@job("tests.reads_the_current_tenant")
def reads_the_current_tenant() -> dict:
    tenant = current_tenant()
    return {"code": tenant.code, "currency": tenant.currency, "timezone": tenant.timezone}


@job("tests.asks_for_a_tenant_in_the_platform_scope")
def asks_for_a_tenant_in_the_platform_scope() -> dict:
    return {"code": current_tenant().code}


def test_in_a_request_the_handle_is_the_tenant_of_the_url_read_once_and_detached(app):
    with app.test_request_context("/fi/calls"):
        app.preprocess_request()  # the URL's tenant is resolved and its scope entered, as for every request
        tenant = current_tenant()
        assert (tenant.code, tenant.currency, tenant.timezone) == ("fi", "EUR", "Europe/Helsinki")  # tenants/fi
        assert current_tenant() is tenant  # read once per request
        db.session.rollback()
        assert tenant not in db.session and tenant.languages == ["fi", "sv", "en"]  # still readable
    with app.test_request_context("/"):
        app.preprocess_request()  # the landing page belongs to no tenant
        assert current_tenant_or_none() is None
        with pytest.raises(NoCurrentTenant):
            current_tenant()


def test_a_page_shows_the_tenant_through_the_template_handle(client):
    page = client.get("/se/calls", headers={"Accept-Language": "sv"})
    assert page.status_code == 200
    # calls/public_list.html: the tenant's time zone, as tenants/se names it for people
    assert "svensk tid" in page.get_data(as_text=True) and "Europe/Stockholm" not in page.get_data(as_text=True)


def test_the_handle_follows_the_scope_and_is_a_copy_of_the_row(app):
    from service.tenancy.models import Tenant

    with app.app_context():
        with tenant_scope(tenant_id(app, "se")):
            assert current_tenant().code == "se"
            with tenant_scope(tenant_id(app, "fi")):
                assert current_tenant().code == "fi"
            with platform_scope():
                assert current_tenant_or_none() is None
            loaded = db.session.get(Tenant, tenant_id(app, "se"))
            assert current_tenant() is not loaded  # the unit of work's own instance is never detached under it
            assert loaded in db.session
        assert current_tenant_or_none() is None  # no scope, no tenant
        with pytest.raises(NoCurrentTenant, match="no scope"):
            current_tenant()


def test_in_a_job_the_handle_is_the_tenant_it_was_enqueued_for(database_urls, redis_url, tmp_path):
    """Through the real runner (jobs in process, as in the embedded default): no job assigns its tenant."""
    from service.app import create_app
    from tests.conftest import app_config

    embedded = create_app(app_config(database_urls, redis_url, tmp_path, AMIF_RUN_JOBS_IN_PROCESS=True))
    key = uuid.uuid4().hex
    try:
        with embedded.app_context():
            with tenant_scope(tenant_id(embedded, "se")):
                in_sweden = enqueue("tests.reads_the_current_tenant", key=key).id
                db.session.commit()
            with tenant_scope(tenant_id(embedded, "fi")):
                in_finland = enqueue("tests.reads_the_current_tenant", key=key).id
                db.session.commit()
            with platform_scope():
                on_the_platform = enqueue("tests.asks_for_a_tenant_in_the_platform_scope", key=key).id
                db.session.commit()
        embedded.extensions["amif_jobs"].drain()
        with embedded.app_context():
            with tenant_scope(tenant_id(embedded, "se")):
                sweden = db.session.get(JobRun, in_sweden)
                assert (sweden.status, sweden.result) == (
                    "finished",
                    {"code": "se", "currency": "SEK", "timezone": "Europe/Stockholm"},  # tenants/se/tenant.toml
                )
            with tenant_scope(tenant_id(embedded, "fi")):
                finland = db.session.get(JobRun, in_finland)
                assert finland.result == {"code": "fi", "currency": "EUR", "timezone": "Europe/Helsinki"}
            with platform_scope():
                platform = db.session.scalar(select(JobRun).where(JobRun.id == on_the_platform))
                assert platform.status == "failed" and platform.error.startswith("NoCurrentTenant")
    finally:
        with embedded.app_context():
            db.engine.dispose()


def test_in_a_cli_command_the_handle_is_the_tenant_of_its_scope(app):
    """``amif users create --tenant`` acts in the tenant's scope; the user's language must be one of that
    tenant's (tenants/se: sv and en; tenants/fi: fi, sv and en)."""
    from service.accounts.models import User

    runner = app.test_cli_runner()
    common = ["users", "create", "--role", "applicant", "--password", "a long enough password"]
    refused = runner.invoke(args=[*common, "--tenant", "se", "--email", "finnish@se.test", "--language", "fi"])
    assert refused.exit_code != 0 and "language: not_offered" in refused.output
    accepted = runner.invoke(args=[*common, "--tenant", "fi", "--email", "finnish@fi.test", "--language", "fi"])
    assert accepted.exit_code == 0, accepted.output
    with app.app_context():
        with tenant_scope(tenant_id(app, "se")):
            assert db.session.scalar(select(User).where(User.email == "finnish@se.test")) is None
        with tenant_scope(tenant_id(app, "fi")):
            assert db.session.scalar(select(User.language).where(User.email == "finnish@fi.test")) == "fi"


READS_G_TENANT = re.compile(r"""\bg\.tenant\b|\bg\.get\(\s*["']tenant["']|getattr\(\s*g\s*,\s*["']tenant["']""")


def readers_of_g_tenant(root: Path) -> list[str]:
    found = []
    for folder in ("service", "workers"):
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.suffix not in (".py", ".html") or relative.startswith("service/tenancy/"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if READS_G_TENANT.search(line):
                    found.append(f"{relative}:{number}")
    return found


def test_no_code_outside_the_tenancy_package_reads_the_tenant_from_g():
    assert readers_of_g_tenant(ROOT) == []


def test_the_check_finds_what_it_looks_for(tmp_path):
    (tmp_path / "service" / "calls").mkdir(parents=True)
    (tmp_path / "service" / "tenancy").mkdir()
    (tmp_path / "workers").mkdir()
    (tmp_path / "service" / "calls" / "view.py").write_text(
        "zone = g.tenant.zone\ncode = g.tenant_code\ntenant = g.get('tenant')\n", encoding="utf-8"
    )
    (tmp_path / "service" / "calls" / "page.html").write_text("{{ g.tenant.name('sv') }}\n", encoding="utf-8")
    (tmp_path / "service" / "tenancy" / "requests.py").write_text("tenant = g.tenant\n", encoding="utf-8")
    assert readers_of_g_tenant(tmp_path) == [
        "service/calls/page.html:1",
        "service/calls/view.py:1",
        "service/calls/view.py:3",
    ]
