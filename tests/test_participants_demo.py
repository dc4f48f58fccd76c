"""The demo's participants (issue 13 "Demo data"), on PostgreSQL and on the embedded default (SQLite, jobs in
process), where an import through the API runs the job in the web process and writes through the portable
path (service/participants/bulk.py)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from service.app import create_app
from service.extensions import db
from tests.assessment_support import person_of  # noqa: F401 - fixture
from tests.conftest import bearer, embedded_config, prepare
from tests.participants_support import csv_bytes, person
from tests.test_claims_demo import demo_claims

# service/participants/demo.py PEOPLE: six women, five men, one non-binary person; born so that, first taking
# part in the first half of 2025 (the demo projects start 1.1.2025), two are children and two are over 60.
DEMO_COUNTS = {
    "total": 12,
    "by_sex": {"woman": 6, "man": 5, "non_binary": 1},
    "by_age": {"under_18": 2, "18_60": 8, "over_60": 2},
}


@pytest.mark.parametrize("code", ["se", "fi"])
def test_the_demo_projects_have_their_participants_counted_once(app, client, person_of, code):
    headers = person_of(code, "case_officer")["headers"]
    listed = {p["title"]: p for p in client.get(f"/api/v1/{code}/projects", headers=headers).json}
    for entry in demo_claims(code)["project"]:
        project = listed[entry["title"]]
        counts = client.get(f"/api/v1/{code}/projects/{project['id']}/participants/counts", headers=headers).json
        # Three people supported twice are still three people: each demo project counts twelve in O.2.3.
        assert counts["O.2.3"] == DEMO_COUNTS, entry["title"]
        for code_of_which in ("O.2.3.1", "O.2.3.2", "O.2.3.3"):
            assert counts[code_of_which]["total"] <= counts["O.2.3"]["total"]


def test_the_embedded_default_loads_the_demo_once_and_imports_in_process(tmp_path):
    from service.accounts.models import User
    from service.accounts.tokens import create_token
    from service.organisations.models import Membership
    from service.participants.models import Participant
    from service.projects.models import Project
    from service.tenancy.models import Tenant
    from service.tenancy.scope import platform_scope, tenant_scope

    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        prepare(application, demo=True)  # twice: nothing twice
        with application.app_context():
            with platform_scope():
                tenant = db.session.scalar(select(Tenant.id).where(Tenant.code == "fi"))
            with tenant_scope(tenant):
                title = demo_claims("fi")["project"][0]["title"]
                project = db.session.scalar(select(Project).where(Project.title == title))
                assert (
                    db.session.scalar(select(func.count(Participant.id)).where(Participant.project_id == project.id))
                    == DEMO_COUNTS["total"]
                )
                member = db.session.scalar(
                    select(User)
                    .join(Membership, Membership.user_id == User.id)
                    .where(Membership.organisation_id == project.organisation_id)
                )
                secret = create_token(member)
                project_id = project.id
                db.session.commit()
        client = application.test_client()
        rows = [person(first="Amina", last="Hassan", born="1991-03-14", codes="O.2.3.3"), person(first="Uusi")]
        sent = client.post(
            f"/api/v1/fi/projects/{project_id}/participant-imports",
            data={"file": (io.BytesIO(csv_bytes(rows)), "deltagare.csv")},
            headers=bearer(secret),
            content_type="multipart/form-data",
        )
        assert sent.status_code == 202, sent.json
        application.extensions["amif_jobs"].drain()
        done = client.get(
            f"/api/v1/fi/projects/{project_id}/participant-imports/{sent.json['id']}", headers=bearer(secret)
        ).json
        # Amina Hassan is a demo participant already: one new person of two rows.
        assert (done["status"], done["created"], done["merged"]) == ("done", 1, 1)
        counts = client.get(f"/api/v1/fi/projects/{project_id}/participants/counts", headers=bearer(secret)).json
        assert counts["O.2.3"]["total"] == DEMO_COUNTS["total"] + 1
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
