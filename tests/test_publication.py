"""The list of operations' rules and lifecycle (service/publication): the columns and what each row must hold
(start on or before end, a location, an exchange rate when not in euro); an edition every four months; a natural
person's name shown until two years after the operation's first publication, then removed (dates passed in, no
waiting); the public and MA pages in the tenants' languages; the demo's editions; the embedded default (SQLite)
publishes too."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from service.app import create_app
from service.extensions import db
from service.organisations.models import Organisation
from service.projects.models import Project
from service.publication import operations, rules
from service.publication.models import OperationRecord, PublicationEdition
from service.tenancy.scope import tenant_scope
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import csrf_token, embedded_config, prepare, sign_in, tenant_id, translated
from tests.publication_support import CLASSIFICATION, app  # noqa: F401 - the module's own database

# A row that keeps every rule: the base the rule tests change one value of.
GOOD = {
    "Operation_Unique_Identifier": "AMIF-SE-2025-0001",
    "Operation_Name_Programme_Language": "Svenska i vardagen",
    "Operation_Name_English": "",
    "Operation_Summary_Programme_Language": "Språkcaféer.",
    "Operation_Achievements_Programme_Language": "",
    "Operation_Start_Date": date(2025, 1, 1),
    "Operation_End_Date": date(2027, 6, 30),
    "Total_Eligible_Expenditure_amount": Decimal("1000000.00"),
    "Total_Eligible_Expenditure_Currency": "SEK",
    "Total_Eligible_Expenditure_Exchange_Rate": "11.25",
    "Total_Eligible_Expenditure_Exchange_Rate_Month": "2026-12",
    "Project_EU_Budget": Decimal("750000.00"),
    "Cofinancing_Rate": Decimal("75.00"),
    "Beneficiary_Name": "Malmö stad",
    "Beneficiary_Country": "SE",
    "Operation_Location": "Malmö",
    "Operation_Country": "SE",
    "Category_Of_Intervention": "004",
    "Specific_Objective": "SO2",
    "Fund_Code": "AMIF",
    "Programme_Code": "2021SE65AMPR001",
    "First_Publication_Date": date(2026, 12, 6),
}


@pytest.fixture
def in_app(app):
    with app.test_request_context():
        yield


def test_the_columns_are_the_kohesio_names_and_a_good_row_keeps_every_rule(in_app):
    for name in ("Operation_Unique_Identifier", "Operation_Name_English", "Operation_Start_Date", "Fund_Code"):
        assert name in rules.NAMES  # issue 14's Kohesio names
    for name in ("Total_Eligible_Expenditure_amount", "Cofinancing_Rate", "Project_EU_Budget", "Programme_Code"):
        assert name in rules.NAMES
    assert set(GOOD) == set(rules.NAMES)
    assert rules.row_problems(GOOD) == []
    assert rules.from_json(rules.to_json(GOOD)) == GOOD  # what is frozen reads back the same


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"Operation_End_Date": date(2024, 12, 31)}, "The start (2025-01-01) is after the end (2024-12-31)."),
        ({"Operation_Location": " "}, "Operation_Location is missing."),
        ({"Operation_Country": ""}, "Operation_Country is missing."),
        (
            {"Total_Eligible_Expenditure_Exchange_Rate": ""},
            "The amounts are in SEK: the exchange rate to the euro is missing.",
        ),
        ({"Total_Eligible_Expenditure_Exchange_Rate": "-1"}, "The exchange rate must be a positive number."),
        ({"Cofinancing_Rate": Decimal("100.01")}, "The co-financing rate must be between 0 and 100 %."),
        ({"Beneficiary_Name": ""}, "Beneficiary_Name is missing."),
    ],
)
def test_a_row_that_breaks_a_rule_is_refused_with_its_reason(in_app, change, problem):
    assert rules.row_problems({**GOOD, **change}) == [problem]


def test_the_euro_needs_no_exchange_rate_and_start_may_equal_end(in_app):
    euro = {**GOOD, "Total_Eligible_Expenditure_Currency": "EUR", "Total_Eligible_Expenditure_Exchange_Rate": ""}
    assert rules.row_problems({**euro, "Total_Eligible_Expenditure_Exchange_Rate_Month": ""}) == []
    assert rules.row_problems({**GOOD, "Operation_End_Date": GOOD["Operation_Start_Date"]}) == []


def test_a_code_used_twice_is_refused(in_app):
    problems = rules.edition_problems([GOOD, GOOD])
    assert problems == {
        GOOD["Operation_Unique_Identifier"]: ["The code AMIF-SE-2025-0001 is used by more than one operation."]
    }


def test_an_edition_is_due_four_months_after_the_last_and_a_name_goes_two_years_after_the_first():
    assert rules.edition_due(None, date(2026, 1, 1))  # none yet: due now
    assert not rules.edition_due(date(2026, 1, 31), date(2026, 5, 30))
    assert rules.edition_due(date(2026, 1, 31), date(2026, 5, 31))
    assert rules.next_edition_due(date(2025, 10, 31)) == date(2026, 2, 28)  # the month's last day
    assert rules.personal_data_until(date(2024, 2, 29)) == date(2026, 2, 28)
    assert not rules.personal_data_expired(date(2025, 3, 1), date(2027, 2, 28))
    assert rules.personal_data_expired(date(2025, 3, 1), date(2027, 3, 1))
    assert not rules.personal_data_expired(None, date(2099, 1, 1))  # never published: nothing to remove


def _ready(app, code: str) -> None:
    """Every operation of the tenant classified and located (the tests' projects share the database)."""
    for project in operations.operations_in_force():
        if project.specific_objective is None:
            project.specific_objective, project.intervention_field = CLASSIFICATION
        record = operations.record_of(project.id)
        if record is None or not record.location:
            operations.set_location(project, "Testort")


def test_a_natural_persons_name_is_shown_two_years_after_first_publication_then_removed(app, claimable):
    setup = claimable("fi")
    first = date(2027, 1, 15)
    until = rules.personal_data_until(first)
    assert until == date(2029, 1, 15)
    with app.test_request_context(), tenant_scope(tenant_id(app, "fi")):
        try:
            project = db.session.get(Project, setup["project"]["id"])
            person = db.session.get(Organisation, project.organisation_id)
            person.organisation_type = "natural_person"  # rules.NATURAL_PERSON_TYPES
            db.session.flush()
            _ready(app, "fi")
            edition = operations.publish(on=first)
            [frozen] = [row for row in edition.rows if row.project_id == project.id]
            assert frozen.natural_person and frozen.values["Beneficiary_Name"] is None  # never in the frozen row

            def shown(on: date) -> str:
                [row] = [
                    values
                    for row, values in zip(edition.rows, operations.public_rows(edition, on), strict=True)
                    if row.project_id == project.id
                ]
                return row["Beneficiary_Name"]

            assert shown(first) == person.name
            assert shown(until - timedelta(days=1)) == person.name
            assert shown(until) == ""  # removed on the day, whatever the job did
            record = db.session.scalar(select(OperationRecord).where(OperationRecord.project_id == project.id))
            operations.remove_expired_personal_data(until - timedelta(days=1))
            assert record.personal_name == person.name
            operations.remove_expired_personal_data(until)
            assert record.personal_name is None and record.personal_data_removed_on == until
            # A later edition is published without the name (no longer required) and keeps the first date.
            later = operations.publish(on=until + timedelta(days=1))
            [again] = [row for row in later.rows if row.project_id == project.id]
            assert again.values["Beneficiary_Name"] is None
            assert again.values["First_Publication_Date"] == first.isoformat()
            assert shown(until + timedelta(days=1)) == ""
        finally:
            db.session.rollback()


def test_the_job_publishes_when_the_last_edition_is_four_months_old(app, claimable):
    claimable("se")
    with app.test_request_context(), tenant_scope(tenant_id(app, "se")):
        try:
            _ready(app, "se")
            last = operations.latest_edition() or operations.publish(on=date(2026, 12, 1))
            due = rules.next_edition_due(last.published_on)
            assert operations.run_schedule(due - timedelta(days=1))["published"] is False
            done = operations.run_schedule(due)
            assert done["published"] is True and done["edition"] == last.sequence + 1
            assert operations.latest_edition().trigger == "schedule"
            assert operations.run_schedule(due)["published"] is False  # once per four months
        finally:
            db.session.rollback()


@pytest.mark.parametrize(
    "code, title", [("se", "Samhällsorientering på modersmål (demo)"), ("fi", "Arbetslivsintroduktion i Vasa (demo)")]
)
def test_the_demo_publishes_a_first_edition_in_each_tenant(app, code, title):
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        first = db.session.scalar(select(PublicationEdition).where(PublicationEdition.sequence == 1))
        assert first is not None
        names = [row.values["Operation_Name_Programme_Language"] for row in first.rows]
        assert title in names
        assert all(row.values["Operation_Location"] for row in first.rows)


@pytest.mark.parametrize("code, language", [("se", "sv"), ("fi", "fi"), ("fi", "sv")])
def test_the_public_page_shows_the_latest_edition_in_the_readers_language(client, code, language):
    page = client.get(f"/{code}/operations", headers={"Accept-Language": language})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'lang="{language}"' in html
    assert translated("List of operations", language) in html
    assert translated("List of operations (CSV)", language) in html
    assert "(demo)" in html  # the demo's operations


def test_the_managing_authority_page_records_a_location_and_refuses_an_empty_one(client, claimable, make_user):
    setup = claimable("fi")
    _, email = make_user("fi", "ma_admin", language="fi")
    sign_in(client, "fi", email)
    page = client.get("/fi/manage/operations")
    assert page.status_code == 200 and setup["project"]["reference"] in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    url = f"/fi/manage/operations/{setup['project']['id']}/location"
    refused = client.post(url, data={"csrf_token": token, "location": ""})
    assert refused.status_code == 422
    assert translated("Enter the place where the operation takes place.", "fi") in refused.get_data(as_text=True)
    saved = client.post(url, data={"csrf_token": token, "location": "Turku"})
    assert saved.status_code == 303
    assert (
        client.post("/fi/manage/operations/999999/location", data={"csrf_token": token, "location": "x"}).status_code
        == 404
    )
    sweden = claimable("se")  # another tenant's operation: not found, nothing recorded
    other = f"/fi/manage/operations/{sweden['project']['id']}/location"
    assert client.post(other, data={"csrf_token": token, "location": "x"}).status_code == 404


def test_the_embedded_default_publishes_too(tmp_path):
    """`make run` (SQLite): the demo publishes each tenant's first edition; four months later the job the next."""
    application = create_app(embedded_config(tmp_path))
    try:
        prepare(application, demo=True)
        client = application.test_client()
        for code in ("se", "fi"):
            listed = client.get(f"/api/v1/{code}/operations").json
            assert listed["edition"]["sequence"] == 1 and listed["operations"]
            with application.test_request_context(), tenant_scope(tenant_id(application, code)):
                due = date.fromisoformat(listed["next_edition_due"])
                assert operations.run_schedule(due)["published"] is True
                db.session.commit()
            assert client.get(f"/api/v1/{code}/operations").json["edition"]["sequence"] == 2
            csv = client.get(f"/{code}/operations?format=csv")
            assert csv.status_code == 200 and csv.get_data(as_text=True).lstrip("\ufeff").startswith(
                "Operation_Unique_Identifier"
            )
    finally:
        application.extensions["amif_jobs"].wait()
        with application.app_context():
            db.engine.dispose()
