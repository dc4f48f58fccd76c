"""Every application endpoint: another organisation's or another tenant's object is 404 and changes nothing."""

from __future__ import annotations

import io

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.test_applications_api import PDF, start


@pytest.fixture
def owned(client, open_call, applicant):
    """A draft of one organisation with one row of every kind."""
    call = open_call("fi")
    owner = applicant("fi")
    application = start(client, "fi", owner, call)
    url = f"/api/v1/fi/applications/{application['id']}"
    h = owner["headers"]
    rows = {
        "budget-lines": client.post(
            f"{url}/budget-lines", json={"year": 2027, "category": "other", "amount": "1"}, headers=h
        ).json,
        "partners": client.post(f"{url}/partners", json={"name": "Kumppani ry"}, headers=h).json,
        "indicators": client.post(
            f"{url}/indicators", json={"indicator_code": "O.2.3", "planned_value": 1}, headers=h
        ).json,
        "attachments": client.post(
            f"{url}/attachments",
            data={"file": (io.BytesIO(PDF), "a.pdf")},
            headers=h,
            content_type="multipart/form-data",
        ).json,
    }
    return owner, application, rows


def _requests(application, rows):
    base = f"/api/v1/fi/applications/{application['id']}"
    line = {"year": 2027, "category": "other", "amount": "2", "version": 1}
    return [
        ("get", base, None),
        ("patch", base, {"json": {"version": application["version"], "fields": {"title": "x"}}}),
        ("get", f"{base}/check", None),
        ("post", f"{base}/submit", {"json": {"version": application["version"]}}),
        ("get", f"{base}/submissions/1", None),
        ("post", f"{base}/budget-lines", {"json": line}),
        ("put", f"{base}/budget-lines/{rows['budget-lines']['id']}", {"json": line}),
        ("delete", f"{base}/budget-lines/{rows['budget-lines']['id']}", None),
        ("post", f"{base}/partners", {"json": {"name": "x"}}),
        ("patch", f"{base}/partners/{rows['partners']['id']}", {"json": {"name": "x", "version": 1}}),
        ("delete", f"{base}/partners/{rows['partners']['id']}", None),
        ("post", f"{base}/indicators", {"json": {"name": "x", "unit": "st", "planned_value": 1}}),
        ("patch", f"{base}/indicators/{rows['indicators']['id']}", {"json": {"planned_value": 2, "version": 1}}),
        ("delete", f"{base}/indicators/{rows['indicators']['id']}", None),
        ("post", f"{base}/attachments", {"data": {"file": (io.BytesIO(PDF), "b.pdf")}}),
        ("get", f"{base}/attachments/{rows['attachments']['id']}", None),
        ("delete", f"{base}/attachments/{rows['attachments']['id']}", None),
    ]


def test_another_organisation_gets_404_everywhere_and_nothing_changes(client, owned, applicant):
    owner, application, rows = owned
    before = client.get(f"/api/v1/fi/applications/{application['id']}", headers=owner["headers"]).json
    stranger = applicant("fi")
    for method, url, kwargs in _requests(application, rows):
        response = getattr(client, method)(url, headers=stranger["headers"], **(kwargs or {}))
        assert response.status_code == 404, (method, url, response.status_code)
    after = client.get(f"/api/v1/fi/applications/{application['id']}", headers=owner["headers"]).json
    assert after == before


def test_another_tenant_gets_404_everywhere_and_nothing_changes(client, owned, applicant):
    owner, application, rows = owned
    before = client.get(f"/api/v1/fi/applications/{application['id']}", headers=owner["headers"]).json
    swede = applicant("se")
    for prefix in ("/api/v1/fi/", "/api/v1/se/"):  # the Swedish token on the Finnish URL, and on its own
        for method, url, kwargs in _requests(application, rows):  # fresh upload streams each round
            target = url.replace("/api/v1/fi/", prefix)
            response = getattr(client, method)(target, headers=swede["headers"], **(kwargs or {}))
            assert response.status_code == 404, (method, target, response.status_code)
    after = client.get(f"/api/v1/fi/applications/{application['id']}", headers=owner["headers"]).json
    assert after == before
    assert application["id"] not in [
        a["id"] for a in client.get("/api/v1/se/applications", headers=swede["headers"]).json
    ]
