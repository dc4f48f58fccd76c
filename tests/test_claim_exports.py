"""Claims and payments as spreadsheets (issue 12), read back: the XLSX with openpyxl, the CSV with csv.

Rules tested: headers in the reader's language; amounts are numbers with two decimals (FACTS.md, Money: cents);
text a spreadsheet would run as a formula is neutralised (OWASP, CSV Injection); Finnish and Swedish Excel read
';'-separated CSV with a decimal comma; the beneficiary sees outcomes only of verified claims and never the
verifier's comment (as service.claims.api.claim_json); another tenant's or another organisation's project is 404."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl

from tests.claims_support import (  # noqa: F401 - fixtures
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    pay,
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import translated

INJECTION = '=HYPERLINK("http://evil.test","x")'
TRAVEL = {"category": "travel", "description": INJECTION, "expense_date": "2025-04-15", "amount": "1 234,56"}
EQUIPMENT = {
    "category": "equipment",
    "description": "Bärbar dator",
    "supplier": "Dator Ab",
    "document_number": "F-1001",
    "expense_date": "2025-05-02",
    "amount": "800,00",
}
COMMENT = "Kvitto saknas för en biljett."
HEADERS_IN_ORDER = [
    "Claim",
    "Period start",
    "Period end",
    "Status",
    "Date of the cost",
    "Cost category",
    "Description",
    "Supplier or role",
    "Document number",
    "Currency",
    "Amount claimed",
    "Outcome",
    "Verified",
    "Deducted",
    "Type of error",
]


def _export(client, url: str, headers: dict, language: str, format: str):
    return client.get(f"{url}?format={format}", headers={**headers, "Accept-Language": language})


def _sheet(response, index: int = 0):
    assert response.status_code == 200, response.data[:200]
    return openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[index]


def _rows(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[2]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3, values_only=True)]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.data[:200]
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def _claim_with_lines(client, setup: dict) -> dict:
    claim = open_claim(client, "fi", setup)
    add_line(client, "fi", setup, claim, TRAVEL)
    add_line(client, "fi", setup, claim, EQUIPMENT)
    sent = submit(client, "fi", setup, claim)
    assert sent.status_code == 201, sent.json
    return sent.json


def test_a_projects_claim_lines_in_the_readers_language_with_amounts_as_numbers(client, claimable):
    setup = claimable("fi")
    claim = _claim_with_lines(client, setup)
    url = f"{api('fi')}/projects/{setup['project']['id']}/claims/export"
    travel = claim["lines"][0]
    outcomes = {
        travel["id"]: {
            "outcome": "reduced",
            "verified": "1 000,00",
            "error_type": "evidence_missing",
            "comment": COMMENT,
        }
    }
    verify_all(client, "fi", setup, claim, outcomes)

    sheet = _sheet(_export(client, url, setup["officer"]["headers"], "sv", "xlsx"))
    assert sheet["A1"].value == translated("Claims of project %(reference)s", "sv") % {
        "reference": setup["project"]["reference"]
    }
    headers = [cell.value for cell in sheet[2]]
    assert headers == [translated(h, "sv") for h in [*HEADERS_IN_ORDER, "Verifier's comment"]]
    cells = list(sheet.iter_rows(min_row=3))
    assert len(cells) == 2
    first = dict(zip(headers, cells[0], strict=True))
    # The description stays text: a string cell, quote-prefixed, never a formula.
    description = first[translated("Description", "sv")]
    assert (description.data_type, description.value, description.quotePrefix) == ("s", INJECTION, True)
    # Amounts are numbers (two decimals): 1 234,56 claimed, reduced to 1 000,00, so 234,56 deducted.
    amounts = [first[translated(h, "sv")] for h in ("Amount claimed", "Verified", "Deducted")]
    assert [(a.data_type, Decimal(str(a.value))) for a in amounts] == [
        ("n", Decimal("1234.56")),
        ("n", Decimal("1000")),
        ("n", Decimal("234.56")),
    ]
    assert first[translated("Outcome", "sv")].value == translated("Reduced", "sv")
    assert first[translated("Cost category", "sv")].value == translated("Travel", "sv")
    assert first[translated("Type of error", "sv")].value == "Underlag saknas eller är otillräckligt"  # claims.toml
    assert first[translated("Verifier's comment", "sv")].value == COMMENT
    assert first[translated("Period start", "sv")].value.date().isoformat() == claim["period_start"]
    second = dict(zip(headers, cells[1], strict=True))
    assert (second[translated("Document number", "sv")].value, second[translated("Deducted", "sv")].value) == (
        "F-1001",
        0,
    )

    # CSV in Finnish: ';' between fields, a decimal comma, the formula neutralised with a quote.
    rows = _csv(_export(client, url, setup["officer"]["headers"], "fi", "csv"))
    assert rows[0] == [translated(h, "fi") for h in [*HEADERS_IN_ORDER, "Verifier's comment"]]
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line[translated("Description", "fi")] == "'" + INJECTION
    assert (line[translated("Amount claimed", "fi")], line[translated("Deducted", "fi")]) == ("1234,56", "234,56")
    assert line[translated("Date of the cost", "fi")] == "2025-04-15"


def test_the_beneficiary_sees_outcomes_once_verified_and_never_the_comment(client, claimable):
    setup = claimable("fi")
    claim = _claim_with_lines(client, setup)
    url = f"{api('fi')}/projects/{setup['project']['id']}/claims/export"
    travel = claim["lines"][0]
    check = {"outcome": "refused", "error_type": "not_paid", "comment": COMMENT, "in_depth": True}
    checked = client.post(
        f"{api('fi')}/claims/{claim['id']}/lines/{travel['id']}/checks", json=check, headers=setup["officer"]["headers"]
    )
    assert checked.status_code == 201, checked.json
    beneficiary = setup["beneficiary"]["headers"]

    rows = _rows(_sheet(_export(client, url, beneficiary, "sv", "xlsx")))
    assert [translated(h, "sv") for h in HEADERS_IN_ORDER] == list(rows[0])  # no comment column
    assert all(row[translated("Outcome", "sv")] is None for row in rows)  # recorded, but not verified yet
    assert all(row[translated("Verified", "sv")] is None for row in rows)

    verify_all(client, "fi", setup, claim, {travel["id"]: check})
    rows = _rows(_sheet(_export(client, url, beneficiary, "sv", "xlsx")))
    assert rows[0][translated("Outcome", "sv")] == translated("Refused", "sv")
    assert Decimal(str(rows[0][translated("Deducted", "sv")])) == Decimal("1234.56")
    assert COMMENT not in {value for row in rows for value in row.values()}
    csv_rows = _csv(_export(client, url, beneficiary, "sv", "csv"))
    assert COMMENT not in {value for row in csv_rows for value in row}


def test_claims_of_another_tenant_or_organisation_are_404_and_an_unknown_format_422(
    client, claimable, applicant, person_of
):
    setup = claimable("fi")
    _claim_with_lines(client, setup)
    project_id = setup["project"]["id"]
    # Another organisation's member, the Swedish tenant's staff (with its own URL and with Finland's).
    stranger = applicant("fi")
    swedish = person_of("se", "ma_admin")
    assert (
        client.get(f"{api('fi')}/projects/{project_id}/claims/export", headers=stranger["headers"]).status_code == 404
    )
    assert client.get(f"{api('se')}/projects/{project_id}/claims/export", headers=swedish["headers"]).status_code == 404
    assert client.get(f"{api('fi')}/projects/{project_id}/claims/export", headers=swedish["headers"]).status_code == 404
    wrong = client.get(
        f"{api('fi')}/projects/{project_id}/claims/export?format=pdf",
        headers={**setup["officer"]["headers"], "Accept-Language": "fi"},
    )
    assert wrong.status_code == 422
    assert wrong.json["errors"]["format"] == [translated("Choose the format xlsx or csv.", "fi")]
    # The auditor reads every project's claims.
    auditor = person_of("fi", "auditor")
    assert (
        _export(client, f"{api('fi')}/projects/{project_id}/claims/export", auditor["headers"], "fi", "csv").status_code
        == 200
    )


def test_payments_and_recoveries_for_staff_and_auditors_only(client, claimable, person_of):
    setup = claimable("fi")
    claim = _claim_with_lines(client, setup)
    verified = verify_all(client, "fi", setup, claim)
    payment = pay(client, "fi", setup, verified)
    recovered = client.post(
        f"{api('fi')}/projects/{setup['project']['id']}/recoveries",
        json={"expenditure": "100,00", "irregularity": "ineligible_expenditure", "reason": INJECTION},
        headers=setup["officer"]["headers"],
    )
    assert recovered.status_code == 201, recovered.json
    auditor = person_of("fi", "auditor")
    url = f"{api('fi')}/payments/export"

    response = _export(client, url, auditor["headers"], "fi", "xlsx")
    payments, recoveries = _sheet(response, 0), _sheet(response, 1)
    assert (payments.title, recoveries.title) == (translated("Payments", "fi"), translated("Recoveries", "fi"))
    # The tenant's other payments (other tests, the demo) are listed too: this project's is the one of its reference.
    header = [c.value for c in payments[2]]
    at = header.index(translated("Payment", "fi"))
    [row] = [r for r in payments.iter_rows(min_row=3) if r[at].value == payment["reference"]]
    cells = dict(zip(header, row, strict=True))
    assert cells[translated("Payment", "fi")].value == payment["reference"]
    assert cells[translated("Project", "fi")].value == setup["project"]["reference"]
    assert cells[translated("Kind", "fi")].value == translated("Interim payment", "fi")
    assert cells[translated("Status", "fi")].value == translated("Paid", "fi")
    transferred = cells[translated("Amount transferred", "fi")]
    assert (transferred.data_type, Decimal(str(transferred.value))) == ("n", Decimal(payment["amount"]))
    assert cells[translated("Paid on", "fi")].value.date().isoformat() == payment["paid_on"]
    assert cells[translated("Prepared by", "fi")].value == "Test case_officer"  # tests/conftest.make_user's name
    [recovery] = [r for r in _rows(recoveries) if r[translated("Recovery", "fi")] == recovered.json["reference"]]
    assert recovery[translated("Recovery", "fi")] == recovered.json["reference"]
    assert recovery[translated("Reason", "fi")] == INJECTION  # stored as text (quote prefix), not a formula
    assert Decimal(str(recovery[translated("Expenditure withdrawn", "fi")])) == Decimal("100.00")
    assert recovery[translated("Suspected fraud", "fi")] == translated("No", "fi")

    rows = _csv(_export(client, url, setup["officer"]["headers"], "fi", "csv"))
    assert len([row for row in rows if payment["reference"] in row]) == 1

    # Not the beneficiary (the API answers 403 to a role that may not call it); not another tenant's staff.
    assert client.get(url, headers=setup["beneficiary"]["headers"]).status_code == 403
    swedish = person_of("se", "auditor")
    assert client.get(url, headers=swedish["headers"]).status_code == 404
    theirs = _sheet(_export(client, f"{api('se')}/payments/export", swedish["headers"], "sv", "xlsx"))
    assert payment["reference"] not in {cell.value for row in theirs.iter_rows() for cell in row}
