"""The SO4 lump-sum pages: a year's totals and records with the form to record a month (evidence attached),
one record with its history and the correction form; refusals in the reader's language, nothing changed;
readers without the form; another tenant's record not found."""

from __future__ import annotations

import io

from tests.conftest import csrf_token, sign_in, translated
from tests.lump_sums_support import PDF, person_of, record, totals  # noqa: F401 - fixture


def _form(client, code: str, **fields):
    page = client.get(f"/{code}/lump-sums")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), **fields}
    return client.post(f"/{code}/lump-sums", data=data, content_type="multipart/form-data")


def test_staff_record_a_month_with_evidence_and_correct_it_on_the_pages(client, person_of):
    officer = person_of("fi", "case_officer", language="fi")
    sign_in(client, "fi", officer["email"])
    page = client.get("/fi/lump-sums?year=2025")
    assert page.status_code == 200
    for odd in ("0000", "20x5", "99999", "-2025"):  # this year's page instead, never an error
        assert client.get(f"/fi/lump-sums?year={odd}").status_code == 200
    # the category select starts with "Choose…"
    assert f'<option value="">{translated("Choose…", "fi")}</option>' in page.text
    assert translated("Resettlement", "fi") in page.text

    added = _form(
        client,
        "fi",
        month="2025-04",
        category="resettlement",
        persons="1 2",  # "12" as people type it with a space
        note="Huhtikuu",
        evidence=(io.BytesIO(PDF), "päätös.pdf"),
    )
    assert added.status_code == 303, added.text
    listed = client.get("/fi/lump-sums?year=2025")
    assert "120\xa0000,00\xa0€" in listed.text or "120 000,00 €" in listed.text  # 12 × 10 000 in Finnish
    [created] = [
        r
        for r in client.get("/api/v1/fi/lump-sums?year=2025", headers=officer["headers"]).json
        if r["month"] == "2025-04"
    ]
    assert created["persons"] == 12 and [e["filename"] for e in created["evidence"]] == ["päätös.pdf"]

    shown = client.get(f"/fi/lump-sums/{created['id']}")
    assert shown.status_code == 200 and "päätös.pdf" in shown.text
    evidence_url = f"/fi/lump-sums/{created['id']}/evidence/{created['evidence'][0]['id']}"
    assert evidence_url in shown.text
    downloaded = client.get(evidence_url)
    assert downloaded.data == PDF and downloaded.headers["Content-Disposition"].startswith("attachment")

    refused = client.post(
        f"/fi/lump-sums/{created['id']}/corrections",
        data={"csrf_token": csrf_token(shown.text), "persons": "13", "note": ""},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    corrected = client.post(
        f"/fi/lump-sums/{created['id']}/corrections",
        data={"csrf_token": csrf_token(shown.text), "persons": "13", "note": "Yksi puuttui."},
        content_type="multipart/form-data",
    )
    assert corrected.status_code == 303
    assert totals(client, "fi", officer["headers"], 2025)["resettlement"] == (13, "130000.00")
    history = client.get(corrected.headers["Location"])
    assert "Yksi puuttui." in history.text and "päätös.pdf" in history.text  # the earlier record stays shown


def test_bad_input_on_the_form_shows_the_page_again_in_swedish_and_records_nothing(client, person_of):
    officer = person_of("se", "ma_admin", language="sv")
    sign_in(client, "se", officer["email"])
    before = client.get("/api/v1/se/lump-sums?history=true", headers=officer["headers"]).json
    for fields, message in (
        (
            {"month": "2025-05", "category": "resettlement", "persons": "-4"},
            "Give the number of persons as a whole number from 0 to %(most)s.",
        ),
        (
            {"month": "2025-05", "category": "resettlement", "persons": "2,5"},
            "Give the number of persons as a whole number, such as 3.",
        ),
        ({"month": "2025-05", "category": "", "persons": "4"}, "Choose one of the categories of AMIF Arts. 19 and 20."),
        (
            {"month": "2020-11", "category": "resettlement", "persons": "4"},
            "The programme starts in January 2021: choose a month from 2021-01 on.",
        ),
        (
            {"month": "maj 2025", "category": "resettlement", "persons": "4"},
            "Write the month as YYYY-MM, such as 2024-01.",
        ),
        (
            {"month": "2025-05", "category": "resettlement", "persons": "4", "evidence": (io.BytesIO(b"MZ"), "a.pdf")},
            "The content of the file is not a valid %(type)s file.",
        ),
    ):
        refused = _form(client, "se", **fields)
        assert refused.status_code == 422, fields
        expected = translated(message, "sv").split("%(")[0]
        assert expected and expected in refused.text, (fields, expected)
        assert 'aria-invalid="true"' in refused.text
    assert client.get("/api/v1/se/lump-sums?history=true", headers=officer["headers"]).json == before


def test_readers_see_the_pages_without_forms_and_others_are_refused(client, person_of):
    officer = person_of("se", "case_officer")
    created = record(client, "se", officer["headers"], "2026-06", "transfer_in", 2)
    for role in ("committee", "auditor"):
        reader = person_of("se", role, language="en")
        sign_in(client, "se", reader["email"])
        page = client.get("/se/lump-sums?year=2026")
        assert page.status_code == 200 and "Record a month" not in page.text
        one = client.get(f"/se/lump-sums/{created['id']}")
        assert one.status_code == 200 and "Correct the record" not in one.text
        refused = client.post(
            f"/se/lump-sums/{created['id']}/corrections",
            data={"csrf_token": csrf_token(one.text), "persons": "0", "note": "x"},
            content_type="multipart/form-data",
        )
        assert refused.status_code == 403
        client.post("/se/logout", data={"csrf_token": csrf_token(page.text)})
    applicant = person_of("se", "applicant")
    sign_in(client, "se", applicant["email"])
    assert client.get("/se/lump-sums").status_code == 403


def test_another_tenants_record_page_is_not_found(client, person_of):
    swedish = person_of("se", "case_officer")
    theirs = record(client, "se", swedish["headers"], "2026-07", "resettlement", 1)
    finnish = person_of("fi", "ma_admin")
    sign_in(client, "fi", finnish["email"])
    assert client.get(f"/fi/lump-sums/{theirs['id']}").status_code == 404
    page = client.get("/fi/lump-sums?year=2026")
    assert f"/fi/lump-sums/{theirs['id']}" not in page.text and f"/se/lump-sums/{theirs['id']}" not in page.text
    refused = client.post(
        f"/fi/lump-sums/{theirs['id']}/corrections",
        data={"csrf_token": csrf_token(page.text), "persons": "0", "note": "x"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 404
    # the Finnish session on the Swedish tenant's page: not found either
    assert client.get(f"/se/lump-sums/{theirs['id']}").status_code == 404
