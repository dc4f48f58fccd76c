"""The data transmission and the annual report's figures on the embedded default (``make run``: SQLite, jobs run
in the web process) from the demo: asked for, built, frozen once (a second freeze refused), downloaded, and the
frozen version refused any change by the database itself."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from service.app import create_app
from service.extensions import db
from service.tenancy.scope import tenant_scope
from tests.conftest import bearer, embedded_config, prepare, tenant_id

ADMINS = {"se": "admin@se.demo", "fi": "admin@fi.demo"}  # tenants/<code>/demo.toml


def _token(application, email: str) -> dict:
    output = application.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output
    return bearer(output.strip().splitlines()[-1])


def test_a_transmission_is_built_and_frozen_on_the_embedded_default(tmp_path):
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        client = application.test_client()
        for code in ("se", "fi"):
            admin = _token(application, ADMINS[code])
            asked = client.post(f"/api/v1/{code}/transmissions", json={"version": "202112"}, headers=admin)
            assert asked.status_code == 202, asked.json
            application.extensions["amif_jobs"].wait()  # the job runs in the web process
            draft = client.get(f"/api/v1/{code}/transmissions/{asked.json['id']}", headers=admin).json
            assert draft["status"] == "ready", draft["problems"]
            frozen = client.post(f"/api/v1/{code}/transmissions/{draft['id']}/freeze", json={}, headers=admin)
            assert frozen.status_code == 201, frozen.json
            assert (
                client.post(f"/api/v1/{code}/transmissions/{draft['id']}/freeze", json={}, headers=admin).status_code
                == 409
            )
            url = f"/api/v1/{code}/transmissions/versions/{frozen.json['id']}/download"
            assert json.loads(client.get(url, headers=admin).data) == draft["content"]
            annual = client.get(f"/api/v1/{code}/annual-performance-reports/2025", headers=admin)
            assert annual.status_code == 200 and annual.json["due_on"] == "2026-02-15"
            with application.app_context(), tenant_scope(tenant_id(application, code)):
                with pytest.raises(Exception, match="append-only"):
                    db.session.execute(text("UPDATE transmission_versions SET content_sha256 = 'x'"))
                db.session.rollback()
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
