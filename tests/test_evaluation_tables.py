"""Acceptance (issue 14): slices of the Swedish evaluation's tables 1, 4, 7, 8, 10 and 11 (seed 000) reproduced
from data entered through the API and read back through the API. (Tables 2, 3, 5, 6 and 9 are replayed in
tests/test_evaluation_table_2.py and tests/test_portfolio.py.)

What the tables show (seed 000, as printed; "%" columns rounded to whole percents):
- Table 1 (the seed's second "Tabell 1"; the first is the programme logic, effects, results and indicators in
  words, without figures): per call carried out up to November 2023, its name, its type (konkurrensutsatt =
  open to organisation types, icke-konkurrensutsatt = addressed to named organisations), granted, rejected,
  total, and the share granted (granted ÷ total; every application was decided, so ÷ decided as well), "Ej
  relevant" for a call without applications; the total row 45, 24, 69, 65 %.
- Table 2: per specific objective the applications received, granted, rejected and the share granted.
- Table 3: per specific objective the budget (kEUR), decided projects, decided volume (kEUR), the share of the
  budget committed, total eligible expenditure declared (kEUR) and its share of the budget.
- Table 4: per type of actor (Migrationsverket on a row of its own; other state agencies; county administrative
  boards, regions and municipalities; NGOs) the projects granted, the Fund's contribution granted (thousand SEK)
  and its share of all the Fund's contribution granted; the sum 45 projects, 1 480 692 thousand SEK.
- Tables 5–8: per specific objective 1–4, its result indicators: target 2029, values planned in the selected
  operations, values achieved (31 December 2023), planned ÷ target ("förväntad måluppfyllelse") and achieved ÷
  target ("faktisk måluppfyllelse"); "NA" where the target is 0.
- Tables 9–11: per specific objective 1–3, its output indicators: target 2029, planned ÷ target, achieved ÷
  milestone 2024 ("ej relevant" where the milestone is 0) and achieved ÷ target. The planned and achieved values
  and the milestones themselves are not printed.

The replays here:
- Table 1: nine of its nineteen calls, among them the six addressed to Migrationsverket, the one to the police
  in March 2022, the open call of March 2023 with 4 granted of 5, and the open call of March 2022 nobody applied
  to: name, type, granted, rejected, total, share (statistics API, ``by_call``).
- Table 4: the Migrationsverket row whole (11 projects, 750 650 thousand SEK, 51 %): its 11 grants are the ones
  of its six calls in table 1; for the other rows the Fund's contribution and its share (98 431 / 7 %, 401 631 /
  27 %, 229 980 / 16 %) with fewer projects than the table counts (statistics API, ``by_beneficiary`` and
  ``by_organisation_type``); the sum 1 480 692 thousand SEK.
- Tables 7 and 8: every row (SO3 and SO4 results), from projects' plans and progress reports (portfolio API).
- Tables 10 and 11: the rows of O.2.1, O.2.2, O.2.7 and of O.3.2, O.3.3, O.3.4 (outputs typed in the reports, not
  counted by the participant register). The tables print only the target and the percentages: the planned and
  achieved values and the milestones entered here are chosen so that their ratios round to the printed
  percentages (each is named where it is entered).

Not produced by the API as such: table 4's "Statliga myndigheter i övrigt" (the API gives the state agencies as
one organisation type, Migrationsverket included, and Migrationsverket as a beneficiary: the row here is their
difference, and its share is the rule applied to that difference); table 8's SO4 values, which Sweden gets from
the lump sums (AMIF Art. 19–20, table 3 counts no SO4 project): the portfolio's planned and achieved values come
from selected operations' plans and reports only, not from the lump-sum register (service.lump_sums), so the SO4
row is replayed as one selected operation of resettlement and humanitarian admission.

Each group has a database of its own (tests/test_portfolio.py's pattern), so that tenant-wide sums and shares
hold only what it entered. The product gives shares with one decimal, half up (service.portfolio.rules.share,
service.statistics.operations); each is compared with the rule applied to the entered figures and, rounded half
up to a whole percent, with the table's printed percentage.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal
from zoneinfo import ZoneInfo

import pytest

from service.app import create_app
from service.extensions import db
from tests.applications_support import admin_headers, applicant, organisation, some_number  # noqa: F401
from tests.assessment_support import all_met, assessment_url, assignment_url, person_of, scores  # noqa: F401
from tests.calls_support import call_body
from tests.conftest import RUN, app_config, fresh_database, prepare
from tests.decisions_support import SE_GOOD, decision_url, decisions_url
from tests.reports_support import report_url
from tests.test_applications_api import complete, start

STOCKHOLM = ZoneInfo("Europe/Stockholm")
THOUSAND = 1000


def _database(name: str, redis_url, tmp_path_factory):
    """A database of its own: the tenants without the demo, so that every figure is the test's own."""
    with fresh_database(f"amif_test_{RUN}_{name}") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp(name)))
        prepare(application, demo=False)
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    """The database of tables 7, 8, 10 and 11."""
    yield from _database("evaluation_portfolio", redis_url, tmp_path_factory)


def share(part, whole) -> str | None:
    """The product's rule: part ÷ whole in percent, one decimal, half up; none when the whole is 0."""
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def printed(value: str) -> int:
    """A one-decimal percentage as the evaluation prints it: a whole percent, half up."""
    return int(Decimal(value).quantize(Decimal("1"), ROUND_HALF_UP))


def kronor(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


# -- Tables 1 and 4: the statistics API ----------------------------------------------------------------------------

# Table 1's rows replayed: name, type (True: konkurrensutsatt), granted, rejected, total, printed share granted
# (None: "Ej relevant").
MIGRATIONSVERKET_CALLS = [
    ("Utlysning till Migrationsverket specifikt mål 1 och 2, december 2021", False, 4, 0, 4, 100),
    ("Utlysning till Migrationsverket specifikt mål 1, februari 2023", False, 3, 0, 3, 100),
    ("Utlysning till Migrationsverket inom Asyl, 75 % finansiering, mars 2023", False, 1, 0, 1, 100),
    ("Driftstöd till Migrationsverket inom Asylområdet, september 2023", False, 1, 0, 1, 100),
    ("Driftstöd till Migrationsverket inom Återvändandeområdet, september 2023", False, 1, 0, 1, 100),
    ("Utlysning till Migrationsverket inom Asylområdet, 75% finansieringsgrad, september 2023", False, 1, 1, 2, 50),
]
POLICE_CALL = ("Utlysning till Polismyndigheten specifikt mål 3, mars 2022", False, 1, 0, 1, 100)
OPEN_CALL = ("Projekt inom Asyl eller Återvändande, 75% finansiering, mars 2023", True, 4, 1, 5, 80)
EMPTY_CALL = (
    "Utlysning till aktörer på migrations- och integrationsområdet specifikt mål 1-3, 75% finansieringsgrad, mars 2022",
    True,
    0,
    0,
    0,
    None,
)
# Table 4: the Fund's contribution granted, thousand SEK, and the printed share of the total 1 480 692.
MIGRATIONSVERKET = (11, 750_650, 51)
OTHER_STATE_AGENCIES = (7, 98_431, 7)
REGIONS_AND_MUNICIPALITIES = (11, 401_631, 27)
NGOS = (16, 229_980, 16)
TABLE_4_SUM = (45, 1_480_692)


def _split(total_thousands: int, parts: int) -> list[Decimal]:
    """A group's contribution over its grants, in whole thousands of kronor (the first ones a thousand more)."""
    quotient, remainder = divmod(total_thousands, parts)
    return [Decimal((quotient + (1 if n < remainder else 0)) * THOUSAND) for n in range(parts)]


class TestTablesOneAndFour:
    """Calls, applications, assessments and decisions entered through the API; the statistics API read back."""

    @pytest.fixture(scope="class")
    @classmethod
    def app(cls, redis_url, tmp_path_factory):
        """The statistics' tables' own database: every grant of the tenant is one of this test's."""
        yield from _database("evaluation_statistics", redis_url, tmp_path_factory)

    def test_the_evaluations_tables_1_and_4_are_reproduced_from_data_entered_through_the_api(
        self, client, admin_headers, applicant, person_of
    ):
        numbers = {key: some_number("se") for key in ("M", "P")}
        applicants = {
            "M": applicant("se", organisation_type="state_agency", number=numbers["M"]),
            "P": applicant("se", organisation_type="state_agency", number=numbers["P"]),
            "R1": applicant("se", organisation_type="regional_or_local_authority"),
            "R2": applicant("se", organisation_type="regional_or_local_authority"),
            "N1": applicant("se", organisation_type="ngo"),
            "N2": applicant("se", organisation_type="ngo"),
            "N3": applicant("se", organisation_type="ngo"),
        }
        admin = admin_headers("se")
        flow = _Flow(client, *(person_of("se", role) for role in ("case_officer", "case_officer", "assessor")))

        def call(row: tuple, addressed: str | None) -> dict:
            name, competitive = row[0], row[1]
            texts = {"sv": {"title": name, "summary": name}, "en": {"title": name, "summary": name}}
            kind = (
                {"eligible_organisation_types": ["ngo", "regional_or_local_authority"]}
                if competitive
                else {
                    "eligible_organisation_types": [],
                    "addressed_organisations": [{"number": numbers[addressed], "name": addressed}],
                }
            )
            budget = "2 000 000 000,00"
            return _open_call(
                client,
                admin,
                texts=texts,
                competitive=competitive,
                budget=budget,
                max_grant=budget,
                cofinancing_rate="75",  # as the calls of March and September 2023 name it
                **kind,
            )

        # Table 4, Migrationsverket: 750 650 thousand SEK over its 11 grants, which are the six calls' of table 1.
        migrationsverket_eu = iter(_split(MIGRATIONSVERKET[1], MIGRATIONSVERKET[0]))
        calls = {}
        for row in MIGRATIONSVERKET_CALLS:
            created = calls[row[0]] = call(row, "M")
            for _ in range(row[2]):
                flow.granted_eu(created, applicants["M"], next(migrationsverket_eu))
            for _ in range(row[3]):
                flow.rejected(created, applicants["M"])
        # Table 4, other state agencies: 98 431 thousand SEK, here in the police's one grant of March 2022.
        police = calls[POLICE_CALL[0]] = call(POLICE_CALL, "P")
        flow.granted_eu(police, applicants["P"], Decimal(OTHER_STATE_AGENCIES[1] * THOUSAND))
        # Table 1's open call of March 2023 (4 granted of 5): two regional grants of 401 631 thousand SEK and two
        # NGO grants of 229 980 thousand SEK in all (table 4), one NGO rejected.
        open_march = calls[OPEN_CALL[0]] = call(OPEN_CALL, None)
        for key, eu in zip(("R1", "R2"), _split(REGIONS_AND_MUNICIPALITIES[1], 2), strict=True):
            flow.granted_eu(open_march, applicants[key], eu)
        for key, eu in zip(("N1", "N2"), _split(NGOS[1], 2), strict=True):
            flow.granted_eu(open_march, applicants[key], eu)
        flow.rejected(open_march, applicants["N3"])
        calls[EMPTY_CALL[0]] = call(EMPTY_CALL, None)

        reader = person_of("se", "committee")
        figures = client.get("/api/v1/se/statistics", headers={**reader["headers"], "Accept-Language": "sv"})
        assert figures.status_code == 200, figures.json
        body = figures.json
        assert body["currency"] == "SEK"

        # Table 1: each row's name, type, granted, rejected, total and share granted.
        by_call = {row["call_id"]: row for row in body["by_call"]}
        for name, competitive, granted, rejected, total, percent in [
            *MIGRATIONSVERKET_CALLS,
            POLICE_CALL,
            OPEN_CALL,
            EMPTY_CALL,
        ]:
            row = by_call[calls[name]["id"]]
            assert (row["title"], row["competitive"]) == (name, competitive)
            assert (row["granted"], row["rejected"], row["received"], row["undecided"]) == (
                granted,
                rejected,
                total,
                0,
            )
            assert row["grant_rate"] == share(granted, granted + rejected)
            assert (printed(row["grant_rate"]) if row["grant_rate"] else None) == percent
        # e.g. table 1, "Utlysning till Migrationsverket inom Asylområdet, 75% finansieringsgrad, september 2023":
        # icke-konkurrensutsatt, 1 granted, 1 rejected, 2 in total, 50 %.
        assert by_call[calls[MIGRATIONSVERKET_CALLS[-1][0]]["id"]]["grant_rate"] == "50.0"
        # table 1, the open call of March 2023: konkurrensutsatt, 4, 1, 5, 80 %.
        assert by_call[open_march["id"]]["grant_rate"] == "80.0"
        # table 1, the open call of March 2022: konkurrensutsatt, 0, 0, 0, "Ej relevant".
        assert by_call[calls[EMPTY_CALL[0]]["id"]]["grant_rate"] is None

        # Table 4: the Fund's contribution granted per type of actor and its share of all of it.
        total_eu = Decimal(TABLE_4_SUM[1] * THOUSAND)
        assert Decimal(body["total"]["granted_eu"]) == total_eu  # table 4, "Summa": 1 480 692 thousand SEK
        [agency] = [r for r in body["by_beneficiary"] if r["organisation_id"] == applicants["M"]["organisation_id"]]
        # table 4, "Migrationsverket": 11 projects, 750 650 thousand SEK, 51 %
        assert (agency["granted"], Decimal(agency["granted_eu"])) == (11, Decimal(750_650 * THOUSAND))
        assert agency["share_of_granted_eu"] == share(750_650, 1_480_692) == "50.7"
        assert printed(agency["share_of_granted_eu"]) == MIGRATIONSVERKET[2]
        types = {row["organisation_type"]: row for row in body["by_organisation_type"]}
        # table 4, "Länsstyrelser, region, kommun": 401 631 thousand SEK, 27 % (here in 2 projects, not 11)
        regional = types["regional_or_local_authority"]
        assert Decimal(regional["granted_eu"]) == Decimal(401_631 * THOUSAND) and regional["granted"] == 2
        assert regional["share_of_granted_eu"] == share(401_631, 1_480_692) == "27.1"
        assert printed(regional["share_of_granted_eu"]) == REGIONS_AND_MUNICIPALITIES[2]
        # table 4, "Enskilda organisationer": 229 980 thousand SEK, 16 % (here in 2 projects, not 16)
        ngos = types["ngo"]
        assert Decimal(ngos["granted_eu"]) == Decimal(229_980 * THOUSAND) and ngos["granted"] == 2
        assert ngos["share_of_granted_eu"] == share(229_980, 1_480_692) == "15.5"
        assert printed(ngos["share_of_granted_eu"]) == NGOS[2]
        # table 4, "Statliga myndigheter i övrigt": 98 431 thousand SEK, 7 % (here in 1 project, not 7). The API
        # has the state agencies as one type, Migrationsverket included, and Migrationsverket as a beneficiary:
        # the row is their difference.
        state = types["state_agency"]
        assert (state["granted"], Decimal(state["granted_eu"])) == (12, Decimal((750_650 + 98_431) * THOUSAND))
        others = Decimal(state["granted_eu"]) - Decimal(agency["granted_eu"])
        assert others == Decimal(OTHER_STATE_AGENCIES[1] * THOUSAND)
        assert share(others, body["total"]["granted_eu"]) == "6.6"
        assert printed(share(others, body["total"]["granted_eu"])) == OTHER_STATE_AGENCIES[2]


def _open_call(client, admin: dict, **overrides) -> dict:
    """A call created and published through the API by one MA administrator (tests/calls_support.call_body)."""
    created = client.post(
        "/api/v1/se/calls", json=call_body("se", f"C-{uuid.uuid4().hex[:8]}", **overrides), headers=admin
    )
    assert created.status_code == 201, created.json
    published = client.post(
        f"/api/v1/se/calls/{created.json['id']}/publish", json={"version": created.json["version"]}, headers=admin
    )
    assert published.status_code == 200, published.json
    return published.json


class _Flow:
    """An application through the API: started, completed and submitted by the applicant (with the type of
    intervention it proposes and the indicators it plans); found eligible, scored by one assessor and
    consolidated, then granted; or found ineligible and rejected."""

    def __init__(self, client, officer: dict, approver: dict, expert: dict):
        self.client, self.officer, self.approver, self.expert = client, officer, approver, expert

    def _submitted(self, call: dict, person: dict, classification=None, indicators: dict | None = None) -> dict:
        client, headers = self.client, person["headers"]
        application = complete(client, "se", person, start(client, "se", person, call))
        url = f"/api/v1/se/applications/{application['id']}"
        for code, value in (indicators or {}).items():
            added = client.post(
                f"{url}/indicators", json={"indicator_code": code, "planned_value": value}, headers=headers
            )
            assert added.status_code == 201, added.json
        version = client.get(url, headers=headers).json["version"]
        if classification is not None:
            objective, field = classification
            body = {"version": version, "fields": {"proposed_objective": objective, "proposed_intervention": field}}
            proposed = client.patch(url, json=body, headers=headers)
            assert proposed.status_code == 200, proposed.json
            version = proposed.json["version"]
        sent = client.post(f"{url}/submit", json={"version": version}, headers=headers)
        assert sent.status_code == 201, sent.json
        return application

    def _decided(self, application: dict, body: dict) -> None:
        prepared = self.client.post(decisions_url("se", application["id"]), json=body, headers=self.officer["headers"])
        assert prepared.status_code == 201, prepared.json
        approved = self.client.post(
            f"{decision_url('se', prepared.json['id'])}/approve", json={}, headers=self.approver["headers"]
        )
        assert approved.status_code == 200, approved.json

    def granted(self, call: dict, person: dict, grant: dict, **planned) -> dict:
        application = self._submitted(call, person, **planned)
        client, officer = self.client, self.officer["headers"]
        url = assessment_url("se", application["id"])
        checked = client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer)
        assert checked.status_code == 201, checked.json
        assigned = client.post(f"{url}/assignments", json={"assessor_id": self.expert["id"]}, headers=officer)
        assert assigned.status_code == 201, assigned.json
        mine = assignment_url("se", assigned.json["assignments"][-1]["id"])
        expert = self.expert["headers"]
        assert client.post(f"{mine}/declaration", json={"conflict": False}, headers=expert).status_code == 200
        assert client.put(f"{mine}/scores", json=scores(SE_GOOD), headers=expert).status_code == 200
        assert client.post(f"{mine}/submit", headers=expert).status_code == 200
        consolidated = client.post(f"{url}/consolidation", json={"method": "mean"}, headers=officer)
        assert consolidated.status_code == 201, consolidated.json
        self._decided(application, {"kind": "grant", **grant})
        return application

    def granted_eu(self, call: dict, person: dict, eu: Decimal) -> None:
        """Granted the Fund's contribution ``eu`` on the smallest eligible cost the call's rate covers it on."""
        eligible = (eu * 100 / Decimal(call["cofinancing_rate"])).quantize(Decimal("0.01"), ROUND_UP)
        grant = {
            "eligible_cost": kronor(eligible),
            "eu_amount": kronor(eu),
            "override_reason": "Beslutad volym enligt utvärderingens tabell 4.",
        }
        self.granted(call, person, grant)

    def rejected(self, call: dict, person: dict) -> None:
        application = self._submitted(call, person)
        url = assessment_url("se", application["id"])
        body = {
            "points": all_met(applicant_type="Sökanden hör inte till utlysningens målgrupp."),
            "outcome": "ineligible",
        }
        checked = self.client.post(f"{url}/eligibility", json=body, headers=self.officer["headers"])
        assert checked.status_code == 201, checked.json
        self._decided(
            application, {"kind": "rejection", "reasons": ["ineligible"], "explanation": "Ej behörig sökande."}
        )


# -- Tables 7, 8, 10 and 11: the portfolio API ---------------------------------------------------------------------

NARRATIVE = {
    "activities": "Återvändande- och vidarebosättningsinsatser.",
    "progress": "Enligt plan.",
    "horizontal_principles": "Barnets bästa beaktas i varje ärende.",
    "problems": "Inga.",
}
# The programme's milestones 2024 and targets 2029. Targets: the tables' "Mål (2029)". Milestones: tables 7 and 8
# show none for results (0 here); for the outputs, chosen so that achieved ÷ milestone rounds to the printed
# percentage ("faktisk måluppfyllelse delmål 2024"), 0 where table 11 prints "ej relevant" (O.3.4), and above 0
# where it prints 0 % of nothing achieved (O.2.1, O.3.2; any value above 0 gives 0 %).
PROGRAMME = {
    "R.3.6": (0, 1_180),  # table 7
    "R.3.7": (0, 1_180),
    "R.3.8": (0, 250),
    "R.4.3": (0, 0),  # table 8
    "R.4.4": (0, 33_500),
    "R.4.5": (0, 1_500),
    "O.2.1": (200, 700),  # table 10
    "O.2.2": (30, 330),
    "O.2.7": (15, 50),
    "O.3.2": (15, 50),  # table 11
    "O.3.3": (429, 1_480),
    "O.3.4": (0, 20),
}


def _today() -> str:
    return datetime.now(STOCKHOLM).date().isoformat()


def test_the_evaluations_tables_7_8_10_and_11_are_reproduced_from_data_entered_through_the_api(
    client, admin_headers, applicant, person_of
):
    admin = admin_headers("se")
    programme = client.get("/api/v1/se/programme", headers=admin).json
    changed = client.patch(
        "/api/v1/se/programme",
        json={
            "version": programme["version"],
            "reason": "Mål enligt utvärderingen",
            "indicators": [
                {"code": code, "milestone_2024": milestone, "target_2029": target}
                for code, (milestone, target) in PROGRAMME.items()
            ],
        },
        headers=admin,
    )
    assert changed.status_code == 200, changed.json
    call = _open_call(
        client,
        admin,
        objectives=[{"code": "SO2"}, {"code": "SO3"}, {"code": "SO4"}],
        measures=[],
        indicator_codes=["O.2.3", *PROGRAMME],
        eligible_organisation_types=["ngo", "regional_or_local_authority", "state_agency"],
        project_start_earliest="2025-01-01",  # a project period whose first reporting period is over
        cofinancing_rate="75",
    )
    flow = _Flow(client, *(person_of("se", role) for role in ("case_officer", "case_officer", "assessor")))
    period = {"project_start": "2025-01-01", "project_end": "2027-06-30"}
    # Four selected operations: their plans (planned values) and their first progress reports (achieved values).
    # Tables 7 and 11 (SO3): reintegration assistance and removals.
    reintegration = _project(
        client,
        flow,
        call,
        applicant("se"),
        ("SO3", "005"),
        planned={"O.3.3": 696, "R.3.6": 1_180, "R.3.7": 4_000},
        achieved={"O.3.3": 133, "R.3.6": 0, "R.3.7": 19},
        grant=period,
    )
    removals = _project(
        client,
        flow,
        call,
        applicant("se", organisation_type="state_agency"),
        ("SO3", "006"),
        planned={"R.3.7": 6_050, "O.3.2": 2},
        achieved={"R.3.7": 30, "O.3.2": 0},
        grant=period,
    )
    # Table 10 (SO2): a region's integration strategy, one integration project of a regional authority.
    region = _project(
        client,
        flow,
        call,
        applicant("se", organisation_type="regional_or_local_authority"),
        ("SO2", "001"),
        planned={"O.2.2": 142, "O.2.7": 7},
        achieved={"O.2.2": 39, "O.2.7": 3},
        grant=period,
    )
    # Table 8 (SO4): resettlement and humanitarian admission (AMIF Art. 19) as one selected operation.
    resettlement = _project(
        client,
        flow,
        call,
        applicant("se", organisation_type="state_agency"),
        ("SO4", "003"),
        planned={"R.4.4": 8_700, "R.4.5": 1_500},
        achieved={"R.4.4": 6_777, "R.4.5": 1_500},
        grant=period,
    )

    committee = person_of("se", "committee")
    read = client.get("/api/v1/se/portfolio", query_string={"as_of": _today()}, headers=committee["headers"])
    assert read.status_code == 200, read.json
    body = read.json
    objectives = {row["objective"]: row["operations"] for row in body["by_objective"]}
    assert (objectives["SO2"], objectives["SO3"], objectives["SO4"]) == (1, 2, 1)
    rows = {(r["objective"], r["intervention_field"]): r["project_ids"] for r in body["by_intervention"]}
    assert rows[("SO3", "005")] == [reintegration] and rows[("SO3", "006")] == [removals]
    assert rows[("SO2", "001")] == [region] and rows[("SO4", "003")] == [resettlement]
    indicators = {row["code"]: row for row in body["indicators"]}

    def results(code: str) -> tuple:
        row = indicators[code]
        return row["target_2029"], row["planned"], row["achieved"], row["planned_share"], row["achieved_share"]

    def outputs(code: str) -> tuple:
        row = indicators[code]
        return row["target_2029"], row["planned_share"], row["milestone_share"], row["achieved_share"]

    # Table 7 (SO3, results): target, planned, achieved, expected and actual achievement.
    # table 7, R.3.6 "återvänt frivilligt": 1 180, 1 180, 0, 100 %, 0 %
    assert (
        results("R.3.6")
        == (1_180, 1_180, 0, share(1_180, 1_180), share(0, 1_180))
        == (
            1_180,
            1_180,
            0,
            "100.0",
            "0.0",
        )
    )
    # table 7, R.3.7 "avlägsnats": 1 180, 10 050, 49, 852 %, 4 % (4 000 + 6 050 planned, 19 + 30 achieved)
    assert (
        results("R.3.7")
        == (1_180, 10_050, 49, share(10_050, 1_180), share(49, 1_180))
        == (
            1_180,
            10_050,
            49,
            "851.7",
            "4.2",
        )
    )
    assert (printed("851.7"), printed("4.2")) == (852, 4)
    # table 7, R.3.8 "i alternativ till förvar": 250, 0, 0, 0 %, 0 %
    assert results("R.3.8") == (250, 0, 0, "0.0", "0.0")
    assert indicators["R.3.6"]["milestone_share"] is None  # results: no milestone column in tables 5–8

    # Table 8 (SO4, results).
    # table 8, R.4.3 "överförts från en medlemsstat till en annan": 0, 0, 0, NA, NA
    assert results("R.4.3") == (0, 0, 0, None, None)
    # table 8, R.4.4 "vidarebosättas": 33 500, 8 700, 6 777, 26 %, 20 %
    assert (
        results("R.4.4")
        == (33_500, 8_700, 6_777, share(8_700, 33_500), share(6_777, 33_500))
        == (
            33_500,
            8_700,
            6_777,
            "26.0",
            "20.2",
        )
    )
    assert (printed("26.0"), printed("20.2")) == (26, 20)
    # table 8, R.4.5 "humanitärt mottagande": 1 500, 1 500, 1 500, 100 %, 100 %
    assert results("R.4.5") == (1_500, 1_500, 1_500, "100.0", "100.0")

    # Table 10 (SO2, outputs): target, expected achievement, actual ÷ milestone 2024, actual ÷ target.
    # table 10, O.2.1 "åtgärder före avresa": 700, 0 %, 0 %, 0 %
    assert outputs("O.2.1") == (700, "0.0", "0.0", "0.0")
    # table 10, O.2.2 "lokala och regionala myndigheter": 330, 43 %, 130 %, 12 % (142 planned, 39 achieved,
    # milestone 30)
    assert outputs("O.2.2") == (330, share(142, 330), share(39, 30), share(39, 330)) == (330, "43.0", "130.0", "11.8")
    assert printed("11.8") == 12
    # table 10, O.2.7 "integrationsprojekt där lokala och regionala myndigheter är bidragsmottagare": 50, 14 %,
    # 20 %, 6 % (7 planned, 3 achieved, milestone 15)
    assert outputs("O.2.7") == (50, share(7, 50), share(3, 15), share(3, 50)) == (50, "14.0", "20.0", "6.0")

    # Table 11 (SO3, outputs).
    # table 11, O.3.2 "inköpta utrustningar": 50, 4 %, 0 %, 0 % (2 planned)
    assert outputs("O.3.2") == (50, share(2, 50), "0.0", "0.0") == (50, "4.0", "0.0", "0.0")
    # table 11, O.3.3 "fått återintegreringsstöd": 1 480, 47 %, 31 %, 9 % (696 planned, 133 achieved,
    # milestone 429)
    assert (
        outputs("O.3.3")
        == (1_480, share(696, 1_480), share(133, 429), share(133, 1_480))
        == (
            1_480,
            "47.0",
            "31.0",
            "9.0",
        )
    )
    # table 11, O.3.4 "inrättade platser i förvarsenheter": 20, 0 %, "ej relevant" (milestone 0), 0 %
    assert outputs("O.3.4") == (20, "0.0", None, "0.0")


def _project(client, flow: _Flow, call: dict, person: dict, classification, *, planned, achieved, grant) -> int:
    """A selected operation: an application planning ``planned`` granted through the API, and its project's first
    progress report with the values ``achieved`` (cumulative), submitted. Returns the project's id."""
    flow.granted(call, person, grant, classification=classification, indicators=planned)
    [listed] = client.get("/api/v1/se/projects", headers=person["headers"]).json  # the applicant's only one
    project = listed["id"]
    created = client.post(f"/api/v1/se/projects/{project}/reports", json={}, headers=person["headers"])
    assert created.status_code == 201, created.json
    report = created.json[0]
    saved = client.put(report_url("se", report), json={**NARRATIVE, "values": achieved}, headers=person["headers"])
    assert saved.status_code == 200, saved.json
    sent = client.post(f"{report_url('se', report)}/submit", json={}, headers=person["headers"])
    assert sent.status_code == 201, sent.json
    return project
