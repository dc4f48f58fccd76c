"""Progress reports through the pages, in Swedish and Finnish: the beneficiary writes a report and submits it;
a case officer returns it with a comment. Refusals are shown on the page (422 beside the field, 409 as an alert)
with nothing changed; another tenant's or organisation's report is 404 and never listed or exported."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.claims_support import (  # noqa: F401 - fixtures
    PDF,
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


def text_of(response) -> str:
    return response.get_data(as_text=True)


def error_beside(response, field_id: str) -> str:
    """The message shown beside a field ("" when its error paragraph is hidden or absent)."""
    pattern = rf'<p class="error" id="{re.escape(field_id)}-error"( hidden)?>(.*?)</p>'
    found = re.search(pattern, text_of(response), re.S)
    return "" if found is None or found.group(1) else found.group(2).strip()


def signed_in_client(app, code: str, person: dict):
    client = app.test_client()
    sign_in(client, code, person["email"])
    return client


def post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


@pytest.mark.parametrize(("code", "language"), [("se", "sv"), ("fi", "fi")])
def test_a_report_written_submitted_and_returned_on_the_pages(app, client, reportable, person_of, code, language):
    setup = reportable(code)
    project = setup["project"]
    beneficiary = signed_in_client(app, code, setup["beneficiary"])  # Swedish-speaking (claims_support)
    listing = beneficiary.get(f"/{code}/projects/{project['id']}/reports")
    assert listing.status_code == 200
    assert translated("Create the reports of the periods begun", "sv") in text_of(listing)
    created = post(beneficiary, f"/{code}/projects/{project['id']}/reports", text_of(listing))
    assert created.status_code == 303
    [first, *_rest] = client.get(
        f"{api(code)}/projects/{project['id']}/reports", headers=setup["beneficiary"]["headers"]
    ).json
    page = beneficiary.get(f"/{code}/reports/{first['id']}")
    assert page.status_code == 200 and translated("Write the report", "sv") in text_of(page)
    url = f"/{code}/reports/{first['id']}"
    # An identity number in the narrative: refused beside the field, nothing saved.
    refused = post(beneficiary, url, text_of(page), version="1", activities=f"Deltagare {PERSONNUMMER}")
    assert refused.status_code == 422
    assert translated("Remove the personal identity number: a report never holds one.", "sv") in text_of(refused)
    assert error_beside(refused, "report-activities") and 'aria-invalid="true"' in text_of(refused)
    # An "of which" above its parent.
    above = post(beneficiary, url, text_of(page), version="1", **{"value-O.1.3": "5", "value-O.1.3.1": "6"})
    assert above.status_code == 422 and error_beside(above, "report-value-O.1.3.1")
    assert not error_beside(above, "report-value-O.1.3")
    # Submitted unwritten: what is missing is shown beside the report's fields, nothing submitted.
    incomplete = post(beneficiary, f"{url}/submit", text_of(page), version="1")
    assert incomplete.status_code == 422
    assert error_beside(incomplete, "report-activities") and error_beside(incomplete, "report-value-O.1.3")
    read = client.get(report_url(code, first), headers=setup["beneficiary"]["headers"]).json
    assert read["version"] == 1 and read["activities"] == "" and read["submissions"] == []
    saved = post(
        beneficiary,
        url,
        text_of(page),
        version="1",
        activities="Språkcaféer",
        progress="Enligt plan",
        horizontal_principles="",
        problems="",
        **{"value-O.1.3": "1 200", "value-O.1.3.1": "10", f"value-{setup['own']}": "50"},
    )
    assert saved.status_code == 303, text_of(saved)
    read = client.get(report_url(code, first), headers=setup["beneficiary"]["headers"]).json
    assert next(row for row in read["indicators"] if row["key"] == "O.1.3")["achieved"] == 1200
    page = beneficiary.get(url)
    evidence = beneficiary.post(
        f"{url}/values/O.1.3/evidence",
        data={"csrf_token": csrf_token(text_of(page)), "file": (io.BytesIO(PDF), "närvarolista.pdf")},
        content_type="multipart/form-data",
    )
    assert evidence.status_code == 303
    stale = post(beneficiary, f"{url}/submit", text_of(page), version=str(read["version"]))
    assert stale.status_code == 409  # the document changed the report since the version was read
    page = beneficiary.get(url)
    version = re.search(r'name="version" value="(\d+)"', text_of(page)).group(1)
    sent = post(beneficiary, f"{url}/submit", text_of(page), version=version)
    assert sent.status_code == 303
    page = text_of(beneficiary.get(url))
    assert re.search(rf"{re.escape(project['reference'])}-R1-1-[0-9A-F]{{8}}", page)
    again = post(beneficiary, f"{url}/submit", page)
    assert again.status_code == 409 and 'role="alert"' in text_of(again)

    officer = signed_in_client(app, code, person_of(code, "case_officer", language=language))
    review_page = officer.get(url)
    assert review_page.status_code == 200 and translated("Review the report", language) in text_of(review_page)
    empty = post(officer, f"{url}/review", text_of(review_page), outcome="returned", comment="")
    assert empty.status_code == 422
    returned = post(officer, f"{url}/review", text_of(review_page), outcome="returned", comment="Komplettera.")
    assert returned.status_code == 303
    after = text_of(beneficiary.get(url))
    assert translated("The managing authority asks for changes", "sv") in after and "Komplettera." in after
    # The project page shows the reports, the chart of planned and achieved and the register's counts.
    project_page = text_of(officer.get(f"/{code}/projects/{project['id']}"))
    assert first["reference"] in project_page and "<svg" in project_page
    assert translated("Participants from the register, by sex and age band at first registration", language) in (
        project_page
    )
    overdue = officer.get(f"/{code}/reports/overdue")
    assert overdue.status_code == 200 and translated("Overdue progress reports", language) in text_of(overdue)


def test_reports_of_another_tenant_or_organisation_are_404_and_never_listed_or_exported(
    app, client, reportable, applicant, person_of
):
    setup = reportable("fi")
    report = complete(client, "fi", setup, create_reports(client, "fi", setup)[0])
    upload = client.post(
        f"{report_url('fi', report)}/values/O.1.3/evidence",
        data={"file": (io.BytesIO(PDF), "lista.pdf")},
        headers=setup["beneficiary"]["headers"],
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.json
    evidence_id = next(r for r in upload.json["indicators"] if r["key"] == "O.1.3")["evidence"][0]["id"]
    project_id = setup["project"]["id"]
    paths = [
        f"/reports/{report['id']}",
        f"/reports/{report['id']}/evidence/{evidence_id}",
        f"/projects/{project_id}/reports",
        f"/projects/{project_id}/reports/export?format=xlsx",
        f"/projects/{project_id}/reports/export?format=csv",
    ]
    swedish_officer = person_of("se", "case_officer")
    swedish_member = applicant("se", language="sv")
    stranger = applicant("fi", language="fi")
    # Pages.
    swede = signed_in_client(app, "se", swedish_officer)
    for path in paths:
        assert swede.get(f"/se{path}").status_code == 404, path
    overdue = text_of(swede.get("/se/reports/overdue"))
    assert report["reference"] not in overdue
    review = post(swede, f"/se/reports/{report['id']}/review", overdue, outcome="accepted")
    assert review.status_code == 404
    # A beneficiary's action is refused to staff by role (403) before any report is looked up.
    assert post(swede, f"/se/reports/{report['id']}", overdue, activities="x").status_code == 403
    other = signed_in_client(app, "fi", stranger)
    page = text_of(other.get("/fi/"))
    for path in paths:
        assert other.get(f"/fi{path}").status_code == 404, path
    for path, data in (
        (f"/reports/{report['id']}", {"activities": "x"}),
        (f"/reports/{report['id']}/submit", {}),
        (f"/reports/{report['id']}/values/O.1.3/evidence", {}),
        (f"/projects/{project_id}/reports", {}),
    ):
        assert post(other, f"/fi{path}", page, **data).status_code == 404, path
    # API.
    for headers, code in (
        (swedish_officer["headers"], "se"),
        (swedish_member["headers"], "se"),
        (stranger["headers"], "fi"),
    ):
        for path in paths:
            assert client.get(f"{api(code)}{path}", headers=headers).status_code == 404, (code, path)
        for path, body in (
            (f"/reports/{report['id']}/submit", {}),
            (f"/reports/{report['id']}/accept", {}),
            (f"/reports/{report['id']}/return", {"comment": "x"}),
            (f"/projects/{project_id}/reports", {}),
        ):
            assert client.post(f"{api(code)}{path}", json=body, headers=headers).status_code in (403, 404), path
        assert client.put(f"{api(code)}/reports/{report['id']}", json={}, headers=headers).status_code in (403, 404)
    listed = client.get(f"{api('se')}/reports/overdue", headers=swedish_officer["headers"]).json
    assert report["reference"] not in [r["reference"] for r in listed]
    download = client.get(
        f"{api('fi')}/reports/{report['id']}/evidence/{evidence_id}", headers=setup["beneficiary"]["headers"]
    )
    assert download.status_code == 200 and download.data == PDF
    # The beneficiary's own export holds the report; nothing of it reaches anyone else.
    own = client.get(
        f"{api('fi')}/projects/{project_id}/reports/export?format=xlsx", headers=setup["beneficiary"]["headers"]
    )
    assert own.status_code == 200
    sheet = load_workbook(io.BytesIO(own.data)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert report["reference"] in cells and 20 in cells  # O.1.3 achieved (reports_support.complete)
    export = f"{api('fi')}/projects/{project_id}/reports/export"
    csv = client.get(f"{export}?format=csv", headers=setup["officer"]["headers"])
    assert csv.status_code == 200 and report["reference"] in csv.get_data(as_text=True)
    assert (
        client.get(
            f"{api('fi')}/projects/{project_id}/reports/export?format=pdf", headers=setup["officer"]["headers"]
        ).status_code
        == 422
    )
