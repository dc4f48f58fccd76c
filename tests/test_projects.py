"""Projects: the baseline from the grant decision is never changed in place; amendments are new versions with
their reasons; a stale amendment is a conflict; who may see and amend which project."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import sign_in, tenant_id, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)


def _project(client, code, application) -> dict:
    """The application's project, as its applicant (who has only this one) finds it."""
    member = application["applicant"]
    [listed] = client.get(f"/api/v1/{code}/projects", headers=member["headers"]).json
    return client.get(f"/api/v1/{code}/projects/{listed['id']}", headers=member["headers"]).json


def test_an_amendment_is_a_new_version_and_the_baseline_stays(app, client, granted):
    application, decision, officer, _ = granted("fi")
    project = _project(client, "fi", application)
    url = f"/api/v1/fi/projects/{project['id']}/amendments"
    key = project["versions"][0]["content"]["indicators"][0]["key"]
    assert key == "O.2.3"
    body = {
        "based_on": 1,
        "reason": "Hanke jatkuu kolme kuukautta.",
        "project_end": "2029-03-31",
        "indicators": {key: 150},
    }
    amended = client.post(url, json=body, headers=officer["headers"])
    assert amended.status_code == 201, amended.json
    baseline, version = amended.json["versions"]
    assert (
        baseline["content"]["period"]["end"] == "2028-12-31" and baseline["content"]["indicators"][0]["target"] == 120
    )
    assert version["kind"] == "amendment" and version["reason"] == "Hanke jatkuu kolme kuukautta."
    assert version["content"]["period"]["end"] == "2029-03-31" and version["content"]["indicators"][0]["target"] == 150
    assert version["content"]["financing"] == baseline["content"]["financing"]
    assert amended.json["project_end"] == "2029-03-31" and amended.json["current_version"] == 2

    # amending version 1 again, after version 2: someone else's change must not be overwritten
    stale = client.post(url, json={**body, "project_end": "2029-06-30"}, headers=officer["headers"])
    assert stale.status_code == 409 and stale.json["error"]["details"]["current_version"] == 2
    for bad, field in (
        ({**body, "based_on": 2, "reason": " "}, "reason"),
        ({"based_on": 2, "reason": "Ei muutosta."}, "reason"),  # changes nothing
        ({**body, "based_on": 2, "project_end": "2030-01-31"}, "project_period"),  # beyond the call's end
        ({**body, "based_on": 2, "project_start": "2029-05-01"}, "project_period"),  # ends before it starts
        ({**body, "based_on": 2, "indicators": {"R.9.9": 3}}, "indicators"),
        ({**body, "based_on": 2, "indicators": {key: -1}}, "indicators"),
        ({**body, "based_on": 2, "indicators": {key: "many"}}, "indicators"),
        ({**body, "based_on": "2"}, "based_on"),
        ({**body, "based_on": 2, "project_end": "31.3.2029"}, "project_end"),
    ):
        refused = client.post(url, json=bad, headers=officer["headers"])
        assert refused.status_code == 422, (bad, refused.json)
        assert field in refused.json["errors"], (bad, refused.json)
    assert len(client.get(f"/api/v1/fi/projects/{project['id']}", headers=officer["headers"]).json["versions"]) == 2

    # the versions are append-only in the database itself
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        with pytest.raises(Exception, match="permission denied|append-only"):
            db.session.execute(text("UPDATE project_versions SET reason = 'x'"))
        db.session.rollback()


def test_who_sees_and_amends_which_project(client, granted, person_of, applicant):
    application, decision, officer, _ = granted("fi")
    project = _project(client, "fi", application)
    url = f"/api/v1/fi/projects/{project['id']}"
    member = application["applicant"]
    committee = person_of("fi", "committee")
    assert client.get(url, headers=member["headers"]).status_code == 200
    assert client.get(url, headers=committee["headers"]).status_code == 200
    body = {"based_on": 1, "reason": "x", "project_end": "2029-01-31"}
    for reader in (member, committee):
        assert client.post(f"{url}/amendments", json=body, headers=reader["headers"]).status_code == 403
    outsider = applicant("fi")
    assessor = person_of("fi", "assessor")
    assert client.get(url, headers=outsider["headers"]).status_code == 404
    assert client.get(url, headers=assessor["headers"]).status_code == 403
    assert client.get("/api/v1/fi/projects", headers=outsider["headers"]).json == []
    swede = person_of("se", "case_officer")
    assert client.get(f"/api/v1/se/projects/{project['id']}", headers=swede["headers"]).status_code == 404
    assert (
        client.post(f"/api/v1/se/projects/{project['id']}/amendments", json=body, headers=swede["headers"]).status_code
        == 404
    )
    assert project["id"] not in {p["id"] for p in client.get("/api/v1/se/projects", headers=swede["headers"]).json}


def test_the_project_page_shows_the_baseline_and_amends_in_finnish(app, client, granted, person_of, applicant):
    application, decision, officer, _ = granted("fi")
    project = _project(client, "fi", application)
    staff = person_of("fi", "case_officer", language="fi")
    sign_in(client, "fi", staff["email"])
    page = client.get(f"/fi/projects/{project['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and translated("The project as it stands", "fi") in html
    token = __import__("tests.conftest", fromlist=["csrf_token"]).csrf_token(html)
    refused = client.post(
        f"/fi/projects/{project['id']}/amendments",
        data={"csrf_token": token, "based_on": "1", "reason": "", "project_end": "2029-03-31"},
    )
    assert refused.status_code == 422
    assert translated("Give the reason for the amendment.", "fi") in refused.get_data(as_text=True)
    done = client.post(
        f"/fi/projects/{project['id']}/amendments",
        data={
            "csrf_token": token,
            "based_on": "1",
            "reason": "Jatkoaika.",
            "project_end": "2029-03-31",
            "target-O.2.3": "140",
        },
    )
    assert done.status_code == 303
    after = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Jatkoaika." in after and "120 → 140" in after
    # the list, and another tenant's project through this tenant's URL
    assert project["reference"] in client.get("/fi/projects").get_data(as_text=True)
    other = applicant("fi")
    outsider = app.test_client()
    sign_in(outsider, "fi", other["email"])
    assert outsider.get(f"/fi/projects/{project['id']}").status_code == 404
    assert project["reference"] not in outsider.get("/fi/projects").get_data(as_text=True)
