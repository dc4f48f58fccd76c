"""The portfolio computes on the embedded default (``make run``: SQLite, jobs in process) from the demo's projects,
claims and reports, and its figures agree with a per-tenant count of the same database."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import text

from service.app import create_app
from service.extensions import db
from service.tenancy.scope import tenant_scope
from tests.conftest import bearer, embedded_config, prepare, tenant_id
from tests.test_portfolio_json_items import assert_item_sums_follow_the_rule


def _token(application, email: str) -> dict:
    output = application.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output
    return bearer(output.strip().splitlines()[-1])


def test_the_portfolio_computes_on_the_embedded_default(tmp_path):
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        client = application.test_client()
        for code, email in (("se", "kommitte@se.demo"), ("fi", "kasittelija@fi.demo")):
            response = client.get(f"/api/v1/{code}/portfolio", headers=_token(application, email))
            assert response.status_code == 200, response.json
            body = response.json
            tenant = tenant_id(application, code)
            with application.app_context(), tenant_scope(tenant):
                projects = db.session.execute(
                    text("SELECT count(*) FROM projects WHERE tenant_id = :t AND status = 'active'"), {"t": tenant}
                ).scalar()
                claimed = db.session.execute(
                    text(
                        "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = :t "
                        "AND kind IN ('claimed', 'parked')"
                    ),
                    {"t": tenant},
                ).scalar()
            assert projects > 0 and body["total"]["operations"] == projects
            assert Decimal(body["total"]["declared"]["amount"]) == Decimal(str(claimed))
            assert body["currency"] == {"se": "SEK", "fi": "EUR"}[code]
            assert any(row["planned"] for row in body["indicators"])
            page_client = application.test_client()
            assert page_client.get(f"/{code}/portfolio").status_code in (302, 401)  # signed in only
        assert_item_sums_follow_the_rule(application, "se")  # SQLite's json_each counts as PostgreSQL does
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
