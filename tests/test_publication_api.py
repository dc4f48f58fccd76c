"""The public list of operations (CPR Art. 49(3)) through the API: the MA records locations and publishes an
edition; anyone reads the latest edition as JSON, CSV or XLSX with the Kohesio column names; each value comes from
its rule; an operation that breaks a rule blocks the edition (409 naming it), bad input is refused (422/404), and
a tenant's list holds only its own operations."""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import text

from service.exchange.operations import current_rate
from service.extensions import db
from service.publication import rules
from service.tenancy.scope import tenant_scope
from tests.claims_support import (  # noqa: F401 - fixtures
    ZONES,
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
from tests.conftest import tenant_id, translated
from tests.publication_support import app, classify_all, locate_all, public_list, publish, row_of  # noqa: F401
from tests.reports_support import complete, create_reports, report_url, reportable, submit  # noqa: F401

TENANTS = Path(__file__).resolve().parent.parent / "tenants"


def _cci(code: str) -> str:
    return tomllib.loads((TENANTS / code / "programme.toml").read_text(encoding="utf-8"))["cci"]


def test_a_swedish_operation_is_published_with_each_value_from_its_rule(client, claimable, person_of):
    setup = claimable("se")
    admin = person_of("se", "ma_admin")
    project = setup["project"]
    financing = project["financing"]  # the latest version's (service.projects)
    url = f"{api('se')}/operations/{project['id']}/location"
    assert client.put(url, json={"location": "Malmö"}, headers=admin["headers"]).status_code == 200
    locate_all(client, "se", admin)
    published = publish(client, "se", admin)
    assert published.status_code == 201, published.json
    listed = public_list(client, "se")  # no token: the list is public
    assert listed["columns"] == list(rules.NAMES)
    assert listed["edition"]["sequence"] == published.json["sequence"]
    row = row_of(listed, project["reference"])
    assert set(row) == set(rules.NAMES)
    assert row["Operation_Name_Programme_Language"] == project["title"]
    assert row["Operation_Name_English"] is None  # written in Swedish: no English name is made up
    assert row["Operation_Start_Date"] == "2025-01-01" and row["Operation_End_Date"] == "2027-06-30"  # the grant
    assert row["Total_Eligible_Expenditure_amount"] == financing["eligible_cost"]
    assert row["Project_EU_Budget"] == financing["eu_amount"]
    assert Decimal(row["Cofinancing_Rate"]) == Decimal("75")  # the call's rate (claims_support.claimable)
    assert row["Total_Eligible_Expenditure_Currency"] == "SEK"
    # SEK: the Commission's rate of the month the grant was approved (today, in Stockholm).
    month = datetime.now(ZoneInfo(ZONES["se"])).date().replace(day=1)
    assert row["Total_Eligible_Expenditure_Exchange_Rate_Month"] == month.strftime("%Y-%m")
    with client.application.app_context(), tenant_scope(tenant_id(client.application, "se")):
        loaded = current_rate("SEK", month).rate
    assert Decimal(row["Total_Eligible_Expenditure_Exchange_Rate"]) == loaded
    assert row["Fund_Code"] == "AMIF" and row["Programme_Code"] == _cci("se")
    assert row["Operation_Location"] == "Malmö"
    assert row["Operation_Country"] == "SE" and row["Beneficiary_Country"] == "SE"
    assert row["Specific_Objective"] and row["Category_Of_Intervention"]
    assert row["First_Publication_Date"] == listed["edition"]["published_on"]
    assert row["Operation_Summary_Programme_Language"]  # the application's summary


def test_a_finnish_operation_in_euro_needs_no_exchange_rate(client, claimable, person_of):
    setup = claimable("fi")
    admin = person_of("fi", "ma_admin")
    locate_all(client, "fi", admin)
    assert publish(client, "fi", admin).status_code == 201
    row = row_of(public_list(client, "fi"), setup["project"]["reference"])
    assert row["Total_Eligible_Expenditure_Currency"] == "EUR"
    assert row["Total_Eligible_Expenditure_Exchange_Rate"] is None
    assert row["Programme_Code"] == _cci("fi") and row["Operation_Country"] == "FI"


def test_an_operation_without_a_location_blocks_the_edition_with_its_reason(client, claimable, person_of):
    admin = person_of("fi", "ma_admin")
    locate_all(client, "fi", admin)
    before = public_list(client, "fi")["edition"]
    setup = claimable("fi")  # a new operation, no location recorded
    classify_all(client.application, "fi")
    refused = publish(client, "fi", admin)
    assert refused.status_code == 409, refused.json
    problems = refused.json["error"]["details"]["operations"]
    assert list(problems) == [setup["project"]["reference"]]
    missing = translated("%(column)s is missing.", "fi") % {"column": "Operation_Location"}  # the MA's language
    assert problems[setup["project"]["reference"]] == [missing]
    assert public_list(client, "fi")["edition"] == before  # nothing published
    # The MA's page shows it too, in the MA's language.
    preview = client.get(f"{api('fi')}/operations/preview", headers=admin["headers"]).json
    assert preview["problems"] == problems


def test_the_files_have_the_kohesio_columns_and_the_same_rows(client, claimable, person_of):
    setup = claimable("se")
    admin = person_of("se", "ma_admin")
    locate_all(client, "se", admin)
    assert publish(client, "se", admin).status_code == 201
    listed = public_list(client, "se")
    got = client.get(f"{api('se')}/operations?format=csv")
    assert got.status_code == 200 and got.content_type.startswith("text/csv")
    lines = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == list(rules.NAMES)
    assert len(lines) - 1 == len(listed["operations"])
    assert setup["project"]["reference"] in [line[0] for line in lines[1:]]
    page = client.get("/se/operations?format=xlsx")
    assert page.status_code == 200
    sheet = load_workbook(io.BytesIO(page.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "Operation_Unique_Identifier")
    assert values[header][: len(rules.NAMES)] == list(rules.NAMES)
    assert setup["project"]["reference"] in [row[0] for row in values[header + 1 :]]


def test_each_tenant_lists_only_its_own_operations(client, claimable, person_of, app):
    sweden, finland = claimable("se"), claimable("fi")
    for code in ("se", "fi"):
        admin = person_of(code, "ma_admin")
        locate_all(client, code, admin)
        assert publish(client, code, admin).status_code == 201
    listed = {code: public_list(client, code) for code in ("se", "fi")}
    references = {code: {r["Operation_Unique_Identifier"] for r in listed[code]["operations"]} for code in listed}
    for code, other, setup in (("se", "fi", sweden), ("fi", "se", finland)):
        reference = setup["project"]["reference"]
        assert reference in references[code] and reference not in references[other]
    for code in ("se", "fi"):
        # A per-tenant SQL count of the latest edition's rows equals the list's length.
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            count = db.session.execute(
                text(
                    "SELECT count(*) FROM publication_operations o JOIN publication_editions e "
                    "ON e.id = o.edition_id AND e.tenant_id = o.tenant_id "
                    "WHERE o.tenant_id = :tenant AND e.sequence = :sequence"
                ),
                {"tenant": tenant_id(app, code), "sequence": listed[code]["edition"]["sequence"]},
            ).scalar()
        assert count == len(listed[code]["operations"])
    # Another tenant's operation: its location cannot be set (404), and the preview never shows it.
    admin = person_of("fi", "ma_admin")
    url = f"{api('fi')}/operations/{sweden['project']['id']}/location"
    assert client.put(url, json={"location": "Turku"}, headers=admin["headers"]).status_code == 404
    preview = client.get(f"{api('fi')}/operations/preview", headers=admin["headers"]).json
    assert sweden["project"]["id"] not in [o["project_id"] for o in preview["operations"]]


def test_bad_input_is_refused_with_clear_messages(client, claimable, person_of):
    setup = claimable("fi")
    admin = person_of("fi", "ma_admin")
    url = f"{api('fi')}/operations/{setup['project']['id']}/location"
    for body in ({"location": ""}, {"location": "  "}, {"location": "x" * 201}, {"location": "a\x00b"}):
        refused = client.put(url, json=body, headers=admin["headers"])
        assert refused.status_code == 422 and "location" in refused.json["errors"], refused.json
    assert client.put(url, json={"location": 5}, headers=admin["headers"]).status_code == 422
    assert client.put(url, json={"place": "Turku"}, headers=admin["headers"]).status_code == 422
    assert client.put(url, data="not json", headers=admin["headers"]).status_code == 422
    missing = f"{api('fi')}/operations/999999/location"
    assert client.put(missing, json={"location": "Turku"}, headers=admin["headers"]).status_code == 404
    bad = client.get(f"{api('fi')}/operations?format=pdf")
    assert bad.status_code == 422
    assert bad.json["errors"]["format"] == [translated("Choose the format xlsx or csv.", "fi")]
    assert client.get("/fi/operations?format=pdf").status_code == 422
    # Only the MA's administrator publishes, sees the preview or sets a location.
    assert client.post(f"{api('fi')}/operations/editions", json={}).status_code == 401
    officer = person_of("fi", "case_officer")
    assert client.post(f"{api('fi')}/operations/editions", json={}, headers=officer["headers"]).status_code == 403
    assert client.get(f"{api('fi')}/operations/preview", headers=setup["beneficiary"]["headers"]).status_code == 403
    assert client.post(f"{api('fi')}/operations/editions", json=[], headers=admin["headers"]).status_code == 422


def test_the_achievements_are_the_latest_accepted_progress_reports(client, reportable, person_of):
    """Art. 49(3) "expected or actual achievements": the "progress" narrative of the latest accepted report."""
    setup = reportable("fi")
    admin = person_of("fi", "ma_admin")
    [first, *_] = create_reports(client, "fi", setup)
    complete(client, "fi", setup, first)  # reports_support: progress "Målen för första halvåret nåddes."
    assert submit(client, "fi", setup, first).status_code == 201

    def achievements() -> str | None:
        preview = client.get(f"{api('fi')}/operations/preview", headers=admin["headers"]).json
        [row] = [o for o in preview["operations"] if o["project_id"] == setup["project"]["id"]]
        return row["values"]["Operation_Achievements_Programme_Language"]

    assert achievements() is None  # submitted, not yet accepted
    accepted = client.post(f"{report_url('fi', first)}/accept", json={}, headers=setup["officer"]["headers"])
    assert accepted.status_code == 200, accepted.json
    assert achievements() == "Målen för första halvåret nåddes."
