"""The application pages: the editor and its autosave endpoint, the budget form in the person's locale,
uploads, submitting with a receipt, the managing authority's view and supplements, and isolation (404)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import force_locale
from pypdf import PdfReader

from service.applications.sections import TEXT_SECTIONS
from service.tenancy.scope import tenant_scope
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import csrf_token, sign_in, tenant_id
from tests.test_applications_api import PDF, complete, start


def browser_of(app, code: str, email: str):
    """A test client signed in as this person (the session cookie of the pages)."""
    client = app.test_client()
    assert sign_in(client, code, email).status_code == 302
    return client


def editor(client, code: str, application_id: int):
    page = client.get(f"/{code}/applications/{application_id}")
    assert page.status_code == 200, page.text[:500]
    return page


def version_on(page) -> int:
    return int(re.search(r'id="text-form"[^>]*data-version="(\d+)"', page.text, re.S).group(1))


def autosave(client, code, application_id, token, **body):
    return client.post(
        f"/{code}/applications/{application_id}/autosave", json=body, headers={"X-CSRFToken": token} if token else {}
    )


def stored(app, code: str, application_id: int):
    from service.applications.models import Application
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        application = db.session.get(Application, application_id)
        lines = [(line.category, line.amount) for line in application.budget_lines]
        return application.status, dict(application.sections), lines


def test_the_editor_is_for_members_only_and_another_tenant_sees_404(app, client, open_call, applicant):
    call = open_call("fi")
    owner = applicant("fi", language="sv")
    application = start(client, "fi", owner, call)
    page = editor(browser_of(app, "fi", owner["email"]), "fi", application["id"])
    for field in ("title", "project_start", *TEXT_SECTIONS):
        assert f'id="{field}"' in page.text  # the anchors the submission check links to
    for part in ("budget", "partners", "indicators", "attachments", "check"):
        assert f'id="{part}"' in page.text
    assert 'lang="sv"' in page.text and "autosave.js" in page.text

    stranger = browser_of(app, "fi", applicant("fi")["email"])
    swede = browser_of(app, "se", applicant("se")["email"])
    urls = [
        f"/fi/applications/{application['id']}",
        f"/fi/applications/{application['id']}/submissions/1",
        f"/fi/applications/{application['id']}/submissions/1/receipt.pdf",
    ]
    for url in urls:
        assert stranger.get(url).status_code == 404
        assert swede.get(url).status_code == 404  # a session of another tenant is nothing here
    assert swede.get(f"/se/applications/{application['id']}").status_code == 404
    token = csrf_token(stranger.get("/fi/applications").text)
    base = f"/fi/applications/{application['id']}"
    for path in ("texts", "budget-lines", "partners", "indicators", "attachments", "submit", "budget-lines/1/delete"):
        assert stranger.post(f"{base}/{path}", data={"csrf_token": token, "version": "1"}).status_code == 404, path
    assert stranger.get(f"{base}/autosave").status_code == 404
    assert f'/fi/applications/{application["id"]}"' not in stranger.get("/fi/applications").text
    assert (
        f'/fi/applications/{application["id"]}"' in browser_of(app, "fi", owner["email"]).get("/fi/applications").text
    )


def test_autosave_saves_answers_409_with_the_other_text_400_without_csrf_and_404_for_strangers(
    app, client, open_call, applicant
):
    call = open_call("fi")
    first = applicant("fi", language="fi")
    second = applicant("fi", language="sv", organisation_id=first["organisation_id"])
    application = start(client, "fi", first, call, language="fi")
    browser = browser_of(app, "fi", first["email"])
    page = editor(browser, "fi", application["id"])
    token, read = csrf_token(page.text), version_on(page)

    saved = autosave(browser, "fi", application["id"], token, version=read, fields={"summary": "Tiivistelmä"})
    assert saved.status_code == 200, saved.text
    assert saved.json["version"] > read and re.fullmatch(r"\d{1,2}[.:]\d{2}", saved.json["saved_at"])
    assert stored(app, "fi", application["id"])[1] == {"summary": "Tiivistelmä"}

    # the colleague writes the same field through the API; my next keystroke, from what I read, is a conflict
    other = client.get(f"/api/v1/fi/applications/{application['id']}", headers=second["headers"]).json
    theirs = {"version": other["version"], "fields": {"summary": "Sammanfattning"}}
    assert (
        client.patch(f"/api/v1/fi/applications/{application['id']}", json=theirs, headers=second["headers"]).status_code
        == 200
    )
    clash = autosave(
        browser, "fi", application["id"], token, version=saved.json["version"], fields={"summary": "Minun"}
    )
    assert clash.status_code == 409
    conflict = clash.json["error"]["details"]["conflicts"][0]
    assert (conflict["field"], conflict["current"]) == ("summary", "Sammanfattning")
    assert conflict["by"] and conflict["when"]
    # keep mine: save again with the version the 409 gave
    again = autosave(
        browser,
        "fi",
        application["id"],
        token,
        version=clash.json["error"]["details"]["version"],
        fields={"summary": "Minun"},
    )
    assert again.status_code == 200 and stored(app, "fi", application["id"])[1]["summary"] == "Minun"

    no_csrf = autosave(browser, "fi", application["id"], None, version=read, fields={"summary": "x"})
    assert no_csrf.status_code == 400
    invalid = autosave(browser, "fi", application["id"], token, version=read, fields={"project_start": "31.12."})
    assert invalid.status_code == 422 and "project_start" in invalid.json["errors"]["fields"]

    stranger = browser_of(app, "fi", applicant("fi")["email"])
    stranger_token = csrf_token(stranger.get("/fi/applications").text)
    hidden = autosave(stranger, "fi", application["id"], stranger_token, version=read, fields={"summary": "x"})
    assert hidden.status_code == 404
    assert stored(app, "fi", application["id"])[1]["summary"] == "Minun"


def test_the_text_form_saves_without_javascript_and_shows_a_conflict(app, client, open_call, applicant):
    call = open_call("se")
    person = applicant("se", language="sv")
    application = start(client, "se", person, call)
    browser = browser_of(app, "se", person["email"])
    page = editor(browser, "se", application["id"])
    form = dict(re.findall(r'<input type="hidden" name="(read-\w+|version|csrf_token)" value="([^"]*)"', page.text))
    posted = browser.post(
        f"/se/applications/{application['id']}/texts",
        data={**form, "title": "Språkcafé", "summary": "Rad ett\r\nRad två", "project_start": "2027-01-01"},
    )
    assert posted.status_code == 303
    assert stored(app, "se", application["id"])[1] == {"summary": "Rad ett\nRad två"}
    # the same stale form again, with another summary: someone (here: I) changed it since
    stale = browser.post(f"/se/applications/{application['id']}/texts", data={**form, "summary": "Annan text"})
    assert stale.status_code == 409
    assert "Rad ett" in stale.text and "Annan text" in stale.text


def test_the_budget_form_reads_amounts_as_people_write_them_and_says_what_is_wrong(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi", language="en")
    application = start(client, "fi", person, call)
    browser = browser_of(app, "fi", person["email"])
    token = csrf_token(editor(browser, "fi", application["id"]).text)
    url = f"/fi/applications/{application['id']}/budget-lines"
    line = {"csrf_token": token, "line-year": "2027", "line-category": "travel", "line-description": "Resor"}
    added = browser.post(url, data={**line, "line-amount": "4 500,00"})
    assert added.status_code == 303
    assert stored(app, "fi", application["id"])[2] == [("travel", Decimal("4500.00"))]
    page = editor(browser, "fi", application["id"]).text
    assert format_currency(Decimal("4500.00"), "EUR", locale="en_FI") in page  # as written in Finland, in euro

    from service.money.fields import amount_message

    for typed, reason in (("-1", "negative"), ("abc", "format"), ("1,234", "precision")):
        refused = browser.post(url, data={**line, "line-amount": typed})
        assert refused.status_code == 422
        with app.test_request_context(), force_locale("en"), tenant_scope(tenant_id(app, "fi")):
            expected = amount_message(reason)  # its example written as in Finland
        error = re.search(r'<p class="error" id="line-amount-error">([^<]*)</p>', refused.text)
        assert error and expected.replace('"', "&#34;") in error.group(1), refused.text[:300]
    assert len(stored(app, "fi", application["id"])[2]) == 1

    staff = {**line, "line-category": "staff", "line-staff_method": "hourly", "line-annual_gross": "51 600"}
    too_many = browser.post(url, data={**staff, "line-hours": "1 721"})
    assert too_many.status_code == 422 and 'id="line-hours-error"' in too_many.text
    assert browser.post(url, data={**staff, "line-hours": "860"}).status_code == 303
    assert stored(app, "fi", application["id"])[2][-1] == ("staff", Decimal("25800.00"))
    # A unit cost (CPR Art. 53(1)(b)): units at an amount per unit, what was typed as an amount ignored.
    unit = {**line, "line-category": "unit_costs", "line-description": "Participant completing the course"}
    no_units = browser.post(url, data={**unit, "line-unit_amount": "1 500,00"})
    assert no_units.status_code == 422 and 'id="line-units-error"' in no_units.text
    added = browser.post(url, data={**unit, "line-unit_amount": "1 500,00", "line-units": "7,5", "line-amount": "9"})
    assert added.status_code == 303
    assert stored(app, "fi", application["id"])[2][-1] == ("unit_costs", Decimal("11250.00"))
    assert "7,5 units × " in editor(browser, "fi", application["id"]).text  # English as written in Finland


def test_a_renamed_executable_is_refused_and_a_pdf_is_served_as_a_download(app, client, open_call, applicant):
    call = open_call("se")
    person = applicant("se", language="en")
    application = start(client, "se", person, call)
    browser = browser_of(app, "se", person["email"])
    token = csrf_token(editor(browser, "se", application["id"]).text)
    url = f"/se/applications/{application['id']}/attachments"

    def upload(data: bytes, name: str):
        body = {"csrf_token": token, "attachment-kind": "partner_letters", "attachment-file": (io.BytesIO(data), name)}
        return browser.post(url, data=body, content_type="multipart/form-data")

    exe = upload(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "intyg.pdf")
    assert exe.status_code == 422 and "The content of the file is not a valid PDF file." in exe.text
    assert upload(PDF, "intyg.exe.pdf").status_code == 422
    assert upload(PDF, "Samverkansintyg åäö.pdf").status_code == 303
    page = editor(browser, "se", application["id"]).text
    link = re.search(r'href="(/se/applications/\d+/attachments/\d+)"', page).group(1)
    download = browser.get(link)
    assert download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert browser_of(app, "se", applicant("se")["email"]).get(link).status_code == 404


def test_submitting_shows_the_receipt_and_after_closing_the_draft_stays(app, client, open_call, applicant):
    call = open_call("fi")
    person = applicant("fi", language="en")
    application = complete(client, "fi", person, start(client, "fi", person, call))
    browser = browser_of(app, "fi", person["email"])
    page = editor(browser, "fi", application["id"])
    assert 'class="problems"' not in page.text  # the check finds nothing missing
    token = csrf_token(page.text)
    stale = browser.post(f"/fi/applications/{application['id']}/submit", data={"csrf_token": token, "version": "1"})
    assert stale.status_code == 409 and stored(app, "fi", application["id"])[0] == "draft"
    submitted = browser.post(
        f"/fi/applications/{application['id']}/submit",
        data={"csrf_token": token, "version": str(application["version"])},
    )
    assert submitted.status_code == 303 and submitted.location.endswith("/submissions/1")
    receipt = browser.get(submitted.location)
    assert receipt.status_code == 200
    assert f"{call['reference']}-{application['id']}/1" in receipt.text and "Språkcafé" in receipt.text
    assert "Finnish time" in receipt.text and "Europe/Helsinki" not in receipt.text  # tenants/fi: timezone_names
    assert "What happens next" in receipt.text
    # The receipt to keep, as a PDF: the same facts and what happens next, in the reader's language.
    pdf = browser.get(f"/fi/applications/{application['id']}/submissions/1/receipt.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert f"{call['reference']}-{application['id']}/1" in text and "Finnish time" in text
    assert "What happens next" in text and "Keep this receipt" in text
    read = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert read["submissions"][0]["content_sha256"] in text.replace(" ", "")
    assert browser.get(f"/fi/applications/{application['id']}/submissions/9/receipt.pdf").status_code == 404

    late_call = open_call("fi")
    late = complete(client, "fi", person, start(client, "fi", person, late_call))
    from service.calls.models import Call
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.get(Call, late_call["id"]).closes_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    refused = browser.post(
        f"/fi/applications/{late['id']}/submit", data={"csrf_token": token, "version": str(late["version"])}
    )
    assert refused.status_code == 409 and "The call closed at" in refused.text
    assert stored(app, "fi", late["id"])[0] == "draft"


def test_the_case_officer_reads_the_submitted_version_and_asks_for_a_supplement(
    app, client, open_call, applicant, make_user
):
    call = open_call("se")
    person = applicant("se", language="en")
    application = complete(client, "se", person, start(client, "se", person, call))
    _, officer_email = make_user("se", "case_officer", language="en")
    officer = browser_of(app, "se", officer_email)
    assert officer.get(f"/se/applications/{application['id']}").status_code == 404  # a draft is the applicant's
    url = f"/se/applications/{application['id']}/submit"
    applicant_browser = browser_of(app, "se", person["email"])
    token = csrf_token(editor(applicant_browser, "se", application["id"]).text)
    assert applicant_browser.post(url, data={"csrf_token": token, "version": application["version"]}).status_code == 303

    overview = officer.get(f"/se/applications/{application['id']}")
    assert overview.status_code == 200 and "Språkcafé" in overview.text and "Text för summary" in overview.text
    assert "Version 1" in overview.text and application["title"] in officer.get("/se/applications").text
    deadline = re.search(r'name="supplement-deadline"[^>]*value="(\d{4}-\d\d-\d\d)"', overview.text).group(1)
    past = officer.post(
        f"/se/applications/{application['id']}/supplement-requests",
        data={"csrf_token": csrf_token(overview.text), "supplement-message": "x", "supplement-deadline": "2020-01-01"},
    )
    assert past.status_code == 422 and 'id="supplement-deadline-error"' in past.text
    assert stored(app, "se", application["id"])[0] == "submitted"
    asked = officer.post(
        f"/se/applications/{application['id']}/supplement-requests",
        data={"csrf_token": csrf_token(overview.text), "supplement-message": "Bifoga budgetspecifikation."},
    )
    assert asked.status_code == 303
    assert stored(app, "se", application["id"])[0] == "supplement_requested"

    page = editor(applicant_browser, "se", application["id"])
    assert "Bifoga budgetspecifikation." in page.text and "Submit the supplement" in page.text
    assert deadline[:4] in page.text
    token = csrf_token(page.text)
    changed = autosave(
        applicant_browser, "se", application["id"], token, version=version_on(page), fields={"summary": "Mer"}
    )
    assert changed.status_code == 200
    second = applicant_browser.post(url, data={"csrf_token": token, "version": changed.json["version"]})
    assert second.status_code == 303 and second.location.endswith("/submissions/2")
    history = officer.get(f"/se/applications/{application['id']}").text
    assert "Version 2" in history and "Mer" in history
    assert officer.get(f"/se/applications/{application['id']}/submissions/1").status_code == 200
    assert applicant_browser.post(
        f"/se/applications/{application['id']}/supplement-requests", data={"csrf_token": token}
    ).status_code in (403, 404)


def test_applying_to_calls_from_the_call_page(app, client, open_call, applicant, make_user):
    call = open_call("se")
    person = applicant("se", language="en", organisation_type="university")
    browser = browser_of(app, "se", person["email"])
    assert f"/se/calls/{call['id']}/apply" in browser.get(f"/se/calls/{call['id']}").text
    page = browser.get(f"/se/calls/{call['id']}/apply")
    assert "Organisations of your type cannot apply to this call." in page.text
    refused = browser.post(
        f"/se/calls/{call['id']}/apply",
        data={"csrf_token": csrf_token(page.text), "organisation": person["organisation_id"], "language": "sv"},
    )
    assert refused.status_code == 409

    ngo = applicant("se", language="en")
    browser = browser_of(app, "se", ngo["email"])
    page = browser.get(f"/se/calls/{call['id']}/apply")
    started = browser.post(
        f"/se/calls/{call['id']}/apply",
        data={"csrf_token": csrf_token(page.text), "organisation": ngo["organisation_id"], "language": "en"},
    )
    assert started.status_code == 303 and "/se/applications/" in started.location
    assert "Untitled application" in browser.get("/se/applications").text

    _, lonely = make_user("se", "applicant", language="en")
    assert "/se/organisations" in browser_of(app, "se", lonely).get(f"/se/calls/{call['id']}/apply").text
