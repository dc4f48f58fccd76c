"""The register's pages in Swedish and Finnish: the beneficiary registers a participant (a refusal shows the
problems and saves nothing), imports a file and follows it; the committee sees counts, never rows; another
tenant's or organisation's project is 404 on every page and download."""

from __future__ import annotations

import io

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
from tests.conftest import csrf_token, sign_in
from tests.participants_support import csv_bytes, person, run_imports
from tests.test_claim_pages import said, text_of


def _client(app, code: str, who: dict, language: str):
    client = app.test_client()
    sign_in(client, code, who["email"], **{"Accept-Language": language})
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.mark.parametrize(("code", "language"), [("fi", "sv"), ("se", "sv")])
def test_a_participant_registered_and_a_file_imported_on_the_pages(app, claimable, person_of, code, language):
    setup = claimable(code)
    project = setup["project"]["id"]
    url = f"/{code}/projects/{project}/participants"
    beneficiary = _client(app, code, setup["beneficiary"], language)
    page = beneficiary.get(url)
    assert page.status_code == 200
    assert said("Register a participant", language) in text_of(page)
    # A refusal: a date of birth in the future; nothing saved, the problem beside its field.
    form = {"first_name": "Anna", "last_name": "Lind", "sex": "woman", "first_participation": "2025-03-01"}
    refused = beneficiary.post(
        url,
        data={**form, "date_of_birth": "2099-01-01", "indicators": "O.2.3", "csrf_token": csrf_token(page.text)},
    )
    assert refused.status_code == 422
    html = text_of(refused)
    assert said("The date of birth cannot be in the future.", language) in html
    assert 'id="p-date_of_birth-error"' in html and 'value="Anna"' in html
    saved = beneficiary.post(
        url,
        data={**form, "date_of_birth": "1990-04-02", "indicators": ["O.2.3.2"], "csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert saved.status_code == 200
    assert said("The participant is registered.", language) in text_of(saved)
    assert 'id="count-O.2.3"' in text_of(saved)

    # The import: the form, the file, the job, the progress page with the outcome.
    form_page = beneficiary.get(f"{url}/import")
    assert form_page.status_code == 200 and "födelsedatum" in text_of(form_page)
    rows = [person(first="Eino", last="Mäkinen", codes="O.2.3"), person(first="Anna", last="Lind", codes="O.2.3")]
    sent = beneficiary.post(
        f"{url}/import",
        data={"file": (io.BytesIO(csv_bytes(rows)), "deltagare.csv"), "csrf_token": csrf_token(form_page.text)},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303, text_of(sent)
    status_url = sent.headers["Location"]
    waiting = beneficiary.get(status_url)
    assert 'data-running="true"' in text_of(waiting)
    run_imports(app, code)
    finished = text_of(beneficiary.get(status_url))
    assert 'data-running="false"' in finished and said("Imported", language) in finished
    counts = text_of(beneficiary.get(url))
    assert '<tr id="count-O.2.3"><th scope="row">O.2.3</th><td class="number">2</td>' in counts
    for name in ("Anna", "Lind", "Eino", "Mäkinen", "1990"):
        assert name not in counts.split('id="participants"')[-1]  # never a name or a date of birth in the list

    # The committee reads counts, never rows; the downloads follow the same rule.
    # (the beneficiary speaks Swedish; the committee member reads Finnish in Finland)
    reader = "fi" if code == "fi" else "sv"
    committee = _client(app, code, person_of(code, "committee", language=reader), reader)
    seen = committee.get(url)
    assert seen.status_code == 200 and 'id="counts"' in text_of(seen) and 'id="participants"' not in text_of(seen)
    assert said("Counts per indicator", reader) in text_of(seen)
    assert committee.get(f"{url}/download?format=csv").status_code == 200
    assert committee.get(f"{url}/download?format=csv&table=rows").status_code == 404
    assert committee.get(f"{url}/import").status_code == 403


def test_an_import_refused_shows_its_problems_by_line_and_column(app, claimable):
    setup = claimable("fi")
    url = f"/fi/projects/{setup['project']['id']}/participants"
    beneficiary = _client(app, "fi", setup["beneficiary"], "sv")
    form_page = beneficiary.get(f"{url}/import")
    broken = beneficiary.post(
        f"{url}/import",
        data={"file": (io.BytesIO(b"\xff\xfe\x00bad"), "fel.csv"), "csrf_token": csrf_token(form_page.text)},
        content_type="multipart/form-data",
    )
    assert broken.status_code == 422
    assert said("The file is not text in UTF-8. Save it as CSV UTF-8 (or as an XLSX workbook).", "sv") in text_of(
        broken
    )
    rows = [person(), person(first="=1+1")]
    sent = beneficiary.post(
        f"{url}/import",
        data={"file": (io.BytesIO(csv_bytes(rows)), "fel.csv"), "csrf_token": csrf_token(form_page.text)},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    run_imports(app, "fi")
    report = text_of(beneficiary.get(sent.headers["Location"]))
    assert said("Refused: nothing was imported", "sv") in report
    formula = said("The cell holds a spreadsheet formula. Write the value itself.", "sv")
    assert f"<tr><td>3</td><td>{said('First name', 'sv')}</td><td>{formula}</td></tr>" in report
    assert '<td class="number">0</td>' in text_of(beneficiary.get(url))


def test_the_register_pages_of_another_tenant_or_organisation_are_404(app, claimable, applicant, person_of):
    setup = claimable("fi")
    project = setup["project"]["id"]
    beneficiary = _client(app, "fi", setup["beneficiary"], "fi")
    page = beneficiary.get(f"/fi/projects/{project}/participants")
    saved = beneficiary.post(
        f"/fi/projects/{project}/participants",
        data={**person(), "indicators": "O.2.3", "csrf_token": csrf_token(page.text)},
    )
    assert saved.status_code == 303
    stranger = _client(app, "fi", applicant("fi", language="sv"), "sv")
    swede = _client(app, "se", person_of("se", "ma_admin"), "sv")
    swedish_member = _client(app, "se", applicant("se", language="sv"), "sv")
    for client, prefix in ((stranger, "/fi"), (swede, "/se"), (swedish_member, "/se")):
        base = f"{prefix}/projects/{project}/participants"
        for path in (base, f"{base}/download?format=csv", f"{base}/download?format=xlsx&table=rows"):
            assert client.get(path).status_code == 404, (prefix, path)
        if client is not swede:  # MA staff never import (403 for the role, whatever the project)
            assert client.get(f"{base}/import").status_code == 404
    other_page = stranger.get("/fi/projects")
    posted = stranger.post(
        f"/fi/projects/{project}/participants",
        data={**person(first="Ville"), "indicators": "O.2.3", "csrf_token": csrf_token(other_page.text)},
    )
    assert posted.status_code == 404
    officer = _client(app, "fi", setup["officer"], "fi")
    listed = text_of(officer.get(f"/fi/projects/{project}/participants"))
    assert listed.count("<code>") == 1  # MA staff read the beneficiary's row
