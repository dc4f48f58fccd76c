"""Edges found in review: ids beyond PostgreSQL's integer, overflowing totals, instants outside any
programme, zip bombs, untranslated range messages. Each answers 4xx and changes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.calls_support import call_body
from tests.conftest import sign_in
from tests.test_applications_api import start

BIG = 2**31


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/fi/applications/{BIG}",
        f"/api/v1/fi/calls/{BIG}",
        f"/api/v1/fi/organisations/{BIG}",
        f"/api/v1/fi/applications/1/attachments/{BIG}",
        f"/api/v1/fi/users/{10**30}",
    ],
)
def test_ids_beyond_the_database_integer_are_404(client, applicant, path):
    person = applicant("fi")
    assert client.get(path, headers=person["headers"]).status_code == 404


def test_pages_with_huge_ids_are_404(client, make_user):
    _, address = make_user("fi", "applicant")
    sign_in(client, "fi", address)
    for path in (f"/fi/applications/{BIG}", f"/fi/calls/{BIG}", f"/fi/calls/{BIG}/apply", f"/fi/organisations/{BIG}"):
        assert client.get(path).status_code == 404, path


def test_huge_ids_in_bodies_and_queries_are_422(client, applicant):
    person = applicant("fi")
    body = {"call_id": 10**30, "organisation_id": person["organisation_id"], "language": "fi"}
    response = client.post("/api/v1/fi/applications", json=body, headers=person["headers"])
    assert response.status_code == 422 and "call_id" in response.json["errors"]
    query = client.get("/api/v1/fi/applications?call_id=999999999999", headers=person["headers"])
    assert query.status_code == 422


def test_a_budget_whose_total_overflows_is_refused(client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}/budget-lines"
    huge = {"year": 2027, "category": "other", "amount": "9999999999999.99"}
    response = client.post(url, json=huge, headers=person["headers"])
    assert response.status_code == 422 and "amount" in response.json["errors"]
    staff = {
        "year": 2027,
        "category": "staff",
        "staff_method": "percentage",
        "monthly_gross": "9999999999999.99",
        "percentage": "100",
        "months": 12,
    }
    assert client.post(url, json=staff, headers=person["headers"]).status_code == 422
    current = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert current["budget_lines"] == [] and current["totals"]["total_cost"] == "0.00"


@pytest.mark.parametrize(
    "change",
    [{"opens_at": "0001-01-01T00:00"}, {"closes_at": "9999-12-31T23:59:59-05:00"}, {"closes_at": "1999-12-31T12:00"}],
)
def test_instants_outside_any_programme_are_refused(client, admin_headers, change):
    response = client.post("/api/v1/fi/calls", json=call_body("fi", "EDGE-1", **change), headers=admin_headers("fi"))
    assert response.status_code == 422 and set(change) <= set(response.json["errors"])


@pytest.mark.parametrize("basis", ["private", "", 1, None])
def test_a_cofinancing_basis_other_than_total_or_public_cost_is_refused(client, admin_headers, basis):
    response = client.post(
        "/api/v1/fi/calls", json=call_body("fi", "EDGE-2", cofinancing_basis=basis), headers=admin_headers("fi")
    )
    assert response.status_code == 422 and "cofinancing_basis" in response.json["errors"]
    every_call = client.get("/api/v1/fi/calls", headers=admin_headers("fi")).json
    assert not any(c["reference"] == "EDGE-2" for c in every_call)


def test_a_zip_bomb_is_refused_without_being_unpacked(client, open_call, applicant):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"a" * (300 * 1024 * 1024))  # 300 MB of one letter: a few hundred KB zipped
        archive.writestr("content.xml", "<x/>")
    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    response = client.post(
        f"/api/v1/fi/applications/{application['id']}/attachments",
        data={"file": (io.BytesIO(buffer.getvalue()), "pommi.odt")},
        headers=person["headers"],
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "file" in response.json["errors"]


def test_range_messages_are_in_the_callers_language(client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi")
    application = start(client, "fi", person, call)
    url = f"/api/v1/fi/applications/{application['id']}/budget-lines"
    answers = {}
    for language in ("fi", "sv", "en"):
        response = client.post(
            url,
            json={"year": 1999, "category": "other", "amount": "1"},
            headers={**person["headers"], "Accept-Language": language},
        )
        answers[language] = response.json["errors"]["year"][0]
    assert len(set(answers.values())) == 3, answers
    assert answers["en"] == "Must be greater than or equal to 2021 and less than or equal to 2035."


def test_a_supplement_deadline_outside_any_programme_is_refused(client, open_call, applicant, make_user, token_for):
    from tests.conftest import bearer
    from tests.test_applications_api import complete

    call = open_call("se")
    person = applicant("se")
    application = complete(client, "se", person, start(client, "se", person, call))
    url = f"/api/v1/se/applications/{application['id']}"
    assert (
        client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"]).status_code
        == 201
    )
    officer_id, _ = make_user("se", "case_officer")
    officer = bearer(token_for("se", officer_id))
    for deadline in ("9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00", "2020-01-01T12:00:00"):
        response = client.post(
            f"{url}/supplement-requests", json={"message": "x", "deadline": deadline}, headers=officer
        )
        assert response.status_code == 422 and "deadline" in response.json["errors"], deadline
    local = client.post(
        f"{url}/supplement-requests",
        json={"message": "Bifoga intyg.", "deadline": "2099-01-15T16:00:00"},
        headers=officer,
    )
    assert local.status_code == 201 and local.json["deadline"].startswith("2099-01-15T15:00:00")  # CET = UTC+1
