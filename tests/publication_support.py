"""Helpers of the list-of-operations tests: a database of the module's own, record a location for every operation
that lacks one, publish through the API, read the public list."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from service.app import create_app
from service.extensions import db
from service.projects.models import Project
from service.tenancy.scope import tenant_scope
from tests.claims_support import api
from tests.conftest import RUN, app_config, fresh_database, prepare, tenant_id


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    """A database of the test module's own, with the demo. An edition holds every operation of its tenant and is
    refused while one of them breaks a rule; in the session's shared database another test's operation (one
    granted in a month whose exchange rate is missing, on purpose) would block it."""
    with fresh_database(f"amif_test_{RUN}_publication_{uuid.uuid4().hex[:6]}") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("publication")))
        prepare(application, demo=True)
        yield application
        with application.app_context():
            db.engine.dispose()


# The demo's classification of its integration projects (tenants/se/demo.toml): SO2, AMIF Annex VI Table 1 004.
CLASSIFICATION = ("SO2", "004")


def classify_all(app, code: str) -> None:
    """The test fixtures grant applications without a proposed classification; the list requires one (Art. 49(3):
    specific objective and type of intervention): give it to every operation that lacks it."""
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        for project in db.session.scalars(select(Project).where(Project.specific_objective.is_(None))):
            project.specific_objective, project.intervention_field = CLASSIFICATION
        db.session.commit()


def locate_all(client, code: str, admin: dict, location: str = "Testort") -> dict:
    """Give every operation of the next edition without a location one (and a classification); returns the
    preview."""
    classify_all(client.application, code)
    preview = client.get(f"{api(code)}/operations/preview", headers=admin["headers"])
    assert preview.status_code == 200, preview.json
    for operation in preview.json["operations"]:
        if not operation["values"]["Operation_Location"]:
            url = f"{api(code)}/operations/{operation['project_id']}/location"
            put = client.put(url, json={"location": location}, headers=admin["headers"])
            assert put.status_code == 200, put.json
    return client.get(f"{api(code)}/operations/preview", headers=admin["headers"]).json


def publish(client, code: str, admin: dict):
    return client.post(f"{api(code)}/operations/editions", json={}, headers=admin["headers"])


def public_list(client, code: str) -> dict:
    listed = client.get(f"{api(code)}/operations")
    assert listed.status_code == 200, listed.json
    return listed.json


def row_of(listed: dict, reference: str) -> dict:
    [row] = [r for r in listed["operations"] if r["Operation_Unique_Identifier"] == reference]
    return row
