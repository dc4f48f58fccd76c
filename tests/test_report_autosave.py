"""A progress report is saved as it is typed (service.autosave, static/autosave.js): the narrative's parts and
the typed values, field by field, with the version read. A field a colleague changed since to something else is a
conflict showing their text, who and when, nothing saved; a refusal names the field typed in; a submitted
report, a case officer, another organisation or another tenant cannot save through it."""

from __future__ import annotations

import re

import pytest

from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import csrf_token, sign_in, translated
from tests.reports_support import complete, create_reports, report_url, reportable, submit  # noqa: F401

PERSONNUMMER = "19121212-1212"  # Skatteverket's example (SKV 704): a valid check digit


def browser_of(app, code: str, email: str):
    client = app.test_client()
    sign_in(client, code, email)
    return client


def opened(client, code: str, report: dict) -> tuple[str, int]:
    """The report page as a browser reads it: its CSRF token and the version the autosave starts from."""
    page = client.get(f"/{code}/reports/{report['id']}")
    assert page.status_code == 200
    version = re.search(r'id="text-form"[^>]*data-version="(\d+)"', page.text, re.S)
    return csrf_token(page.text), int(version.group(1))


def autosave(client, code: str, report: dict, token: str | None, **body):
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(f"/{code}/reports/{report['id']}/autosave", json=body, headers=headers)


def read(client, code: str, setup: dict, report: dict) -> dict:
    return client.get(report_url(code, report), headers=setup["beneficiary"]["headers"]).json


def value_of(body: dict, key: str):
    return next(row for row in body["indicators"] if row["key"] == key)["achieved"]


@pytest.mark.parametrize(("code", "language"), [("se", "sv"), ("fi", "fi")])
def test_the_report_is_saved_field_by_field_as_it_is_typed(app, client, reportable, code, language):
    setup = reportable(code)
    [report, *_rest] = create_reports(client, code, setup)
    browser = browser_of(app, code, setup["beneficiary"]["email"])
    token, version = opened(browser, code, report)
    page = browser.get(f"/{code}/reports/{report['id']}").text
    assert "autosave.js" in page and f'data-autosave-url="/{code}/reports/{report["id"]}/autosave"' in page

    fresh = browser.get(f"/{code}/reports/{report['id']}/autosave")
    assert fresh.status_code == 200 and fresh.json["version"] == version and fresh.json["csrf_token"]

    saved = autosave(browser, code, report, token, version=version, fields={"activities": "Språkcaféer\r\ni Vasa"})
    assert saved.status_code == 200, saved.text
    assert saved.json["version"] == version + 1 and saved.json["saved"] == ["activities"]
    assert re.fullmatch(r"\d{1,2}[.:]\d{2}", saved.json["saved_at"])  # the time of day in the tenant's zone
    assert read(client, code, setup, report)["activities"] == "Språkcaféer\ni Vasa"  # line breaks as the API's

    # The typed values too, with the spaces people type in thousands ("1 200"), and an "of which" with its parent.
    values = {"value-O.1.3": "1 200", "value-O.1.3.1": "10", f"value-{setup['own']}": "50"}
    saved = autosave(browser, code, report, token, version=saved.json["version"], fields=values)
    assert saved.status_code == 200, saved.text
    body = read(client, code, setup, report)
    assert (value_of(body, "O.1.3"), value_of(body, "O.1.3.1"), value_of(body, setup["own"])) == (1200, 10, 50)
    # Written through autosave, the report is what is submitted: the rest of the narrative, then submit.
    autosave(browser, code, report, token, version=body["version"], fields={"progress": "Enligt plan"})
    assert submit(client, code, setup, report).status_code == 201


def test_a_colleagues_change_since_read_is_a_conflict_and_nothing_is_saved(app, client, reportable, applicant):
    code = "fi"
    setup = reportable(code)
    [report, *_rest] = create_reports(client, code, setup)
    colleague = applicant(code, language="fi", organisation_id=setup["beneficiary"]["organisation_id"])
    mine = browser_of(app, code, setup["beneficiary"]["email"])
    token, version = opened(mine, code, report)

    # The colleague writes the activities (and a value) through the API after I opened the page.
    theirs = client.put(
        report_url(code, report),
        json={"activities": "Kielikahvilat Vaasassa", "values": {"O.1.3": 7}},
        headers=colleague["headers"],
    )
    assert theirs.status_code == 200
    clash = autosave(mine, code, report, token, version=version, fields={"activities": "Språkcaféer", "problems": "X"})
    assert clash.status_code == 409
    [conflict] = clash.json["error"]["details"]["conflicts"]
    assert (conflict["field"], conflict["current"]) == ("activities", "Kielikahvilat Vaasassa")
    assert conflict["by"] and conflict["when"]
    body = read(client, code, setup, report)
    assert (body["activities"], body["problems"]) == ("Kielikahvilat Vaasassa", "")  # nothing of mine saved
    value_clash = autosave(mine, code, report, token, version=version, fields={"value-O.1.3": "9"})
    assert value_clash.status_code == 409
    assert value_clash.json["error"]["details"]["conflicts"][0]["current"] == "7"

    # A field nobody else touched saves from the old version; typing what they typed is no conflict.
    assert autosave(mine, code, report, token, version=version, fields={"problems": "Inga"}).status_code == 200
    same = autosave(mine, code, report, token, version=version, fields={"activities": "Kielikahvilat Vaasassa"})
    assert same.status_code == 200
    # Keep mine: send it again from the version the 409 gave.
    latest = clash.json["error"]["details"]["version"]
    kept = autosave(mine, code, report, token, version=latest, fields={"activities": "Språkcaféer"})
    assert kept.status_code == 200 and read(client, code, setup, report)["activities"] == "Språkcaféer"

    future = autosave(mine, code, report, token, version=10**6, fields={"problems": "Y"})
    assert future.status_code == 409 and read(client, code, setup, report)["problems"] == "Inga"
    assert autosave(mine, code, report, None, version=version, fields={"problems": "Y"}).status_code == 400


@pytest.mark.parametrize(("code", "language"), [("se", "sv"), ("fi", "fi")])
def test_refusals_name_the_field_typed_in_and_change_nothing(app, client, reportable, code, language):
    setup = reportable(code)
    [report, *_rest] = create_reports(client, code, setup)
    browser = browser_of(app, code, setup["beneficiary"]["email"])
    token, version = opened(browser, code, report)

    def refused(fields: dict) -> dict:
        answer = autosave(browser, code, report, token, version=version, fields=fields)
        assert answer.status_code == 422, answer.text
        return answer.json["errors"]

    errors = refused({"activities": f"Deltagare {PERSONNUMMER}"})
    assert errors["activities"] == [translated("Remove the personal identity number: a report never holds one.", "sv")]
    assert refused({"value-O.1.3": "tolv"})["value-O.1.3"] == [translated("Write a whole number.", "sv")]
    assert refused({"value-O.1.3": "-3"})["value-O.1.3"] == [translated("Write a whole number.", "sv")]
    assert "value-O.2.3" in refused({"value-O.2.3": "5"})  # counted by the register, never typed
    assert refused({"owner": "x"})["owner"] == [translated("Unknown field.", "sv")]
    assert "fields" in refused("activities")  # not an object

    # An "of which" above its parent; then the parent lowered below the saved "of which": told at the parent,
    # the field typed in (the page would otherwise send it again and again).
    assert "value-O.1.3.1" in refused({"value-O.1.3": "5", "value-O.1.3.1": "6"})
    ok = autosave(browser, code, report, token, version=version, fields={"value-O.1.3": "5", "value-O.1.3.1": "4"})
    assert ok.status_code == 200
    lowered = autosave(browser, code, report, token, version=ok.json["version"], fields={"value-O.1.3": "3"})
    assert lowered.status_code == 422 and lowered.json["errors"]["value-O.1.3"]
    body = read(client, code, setup, report)
    assert (body["activities"], value_of(body, "O.1.3"), value_of(body, "O.1.3.1")) == ("", 5, 4)


def test_only_the_beneficiary_saves_a_report_it_may_still_change(app, client, reportable, person_of, applicant):
    setup = reportable("se")
    [report, *_rest] = create_reports(client, "se", setup)
    browser = browser_of(app, "se", setup["beneficiary"]["email"])
    token, version = opened(browser, "se", report)
    complete(client, "se", setup, report)
    assert submit(client, "se", setup, report).status_code == 201
    after = autosave(browser, "se", report, token, version=version + 1, fields={"problems": "Sent"})
    assert after.status_code == 409
    assert after.json["error"]["message"] == translated("The report has been submitted and cannot be changed.", "sv")

    # A case officer writes no report (403, the role's refusal everywhere); another organisation's member and
    # another tenant's beneficiary do not see it (404).
    officer = browser_of(app, "se", person_of("se", "case_officer")["email"])
    officer_token = csrf_token(officer.get(f"/se/reports/{report['id']}").text)
    assert officer.get(f"/se/reports/{report['id']}/autosave").status_code == 403
    assert autosave(officer, "se", report, officer_token, version=1, fields={"problems": "x"}).status_code == 403
    stranger = browser_of(app, "se", applicant("se")["email"])
    other = reportable("fi")
    [theirs, *_rest] = create_reports(client, "fi", other)
    finn = browser_of(app, "fi", other["beneficiary"]["email"])
    for who, code, target in ((stranger, "se", report), (finn, "fi", report)):
        page_token = csrf_token(who.get(f"/{code}/").text)
        assert who.get(f"/{code}/reports/{target['id']}/autosave").status_code == 404
        answer = autosave(who, code, target, page_token, version=1, fields={"problems": "x"})
        assert answer.status_code == 404
    assert read(client, "se", setup, report)["problems"] == "Inga."  # as complete() wrote it
    assert read(client, "fi", other, theirs)["problems"] == ""
