""" "Waiting for me" on the embedded default (SQLite, `make run`): the demo's decision prepared by its case officer
waits for the administrator who approves it, never for the officer (the PostgreSQL tests: tests/test_waiting.py)."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import bearer
from tests.test_embedded_sqlite import embedded  # noqa: F401 - fixture


def _token(app, email: str) -> str:
    return app.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output.strip().splitlines()[-1]


def test_the_demo_decision_waits_for_its_approver_not_its_preparer(embedded):  # noqa: F811
    from service.accounts.operations import find_user_by_email
    from service.decisions.models import Decision
    from service.extensions import db
    from service.tenancy.models import Tenant
    from service.tenancy.scope import tenant_scope

    with embedded.app_context():
        tenant = db.session.scalar(select(Tenant.id).where(Tenant.code == "se"))
        with tenant_scope(tenant):
            officer = find_user_by_email("handlaggare@se.demo")
            prepared = set(
                db.session.scalars(
                    select(Decision.application_id).where(
                        Decision.status == "prepared", Decision.prepared_by == officer.id
                    )
                )
            )
    assert prepared  # tenants/se/demo.toml: an application in the state "prepared"
    client = embedded.test_client()
    found = {}
    for email in ("admin@se.demo", "handlaggare@se.demo"):
        got = client.get("/api/v1/se/waiting", headers=bearer(_token(embedded, email)))
        assert got.status_code == 200, got.json
        found[email] = {i["object_id"] for i in got.json["items"] if i["kind"] == "decision"}
        assert got.json["counts"]["decision"] == len(found[email])
    assert prepared <= found["admin@se.demo"] and not prepared & found["handlaggare@se.demo"]
    assert client.get("/api/v1/fi/waiting", headers=bearer(_token(embedded, "admin@se.demo"))).status_code == 404
