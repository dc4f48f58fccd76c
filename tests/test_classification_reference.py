"""The types of intervention (service/catalogue/data/types_of_intervention.toml) against the regulation: AMIF,
Regulation (EU) 2021/1147, Annex VI "Types of intervention", as consolidated on 1 July 2026 (EUR-Lex CELEX
32021R1147). REGULATION below is that annex's text, code by code; the reference data must say the same."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

from tests.conftest import ROOT

DATA = ROOT / "service" / "catalogue" / "data" / "types_of_intervention.toml"

# Annex VI, Table 1 "Codes for the intervention field dimension", grouped under I.–V.: I. Common European Asylum
# System (SO1, Art. 3(2)(a)), II. Legal migration and integration (SO2), III. Return (SO3), IV. Solidarity and
# fair sharing of responsibility (SO4), V. Technical assistance (TA).
TABLE_1 = {
    "SO1": {
        "001": "Reception conditions",
        "002": "Asylum procedures",
        "003": "Implementation of the Union acquis",
        "004": "Children in migration",
        "005": "Persons with special reception and procedural needs",
        "006": "Union resettlement programmes or national resettlement and humanitarian admission schemes "
        "(Annex III, point 2(g))",
        "007": "Operating support",
    },
    "SO2": {
        "001": "Development of integration strategies",
        "002": "Victims of trafficking in human beings",
        "003": "Integration measures – information and orientation, one-stop shops",
        "004": "Integration measures – language training",
        "005": "Integration measures – civics and other training",
        "006": "Integration measures – introduction, participation, exchanges host society",
        "007": "Integration measures – basic needs",
        "008": "Pre-departure measures",
        "009": "Mobility schemes",
        "010": "Acquisition of legal residence",
        "011": "Vulnerable persons, including unaccompanied minors",
        "012": "Operating support",
    },
    "SO3": {
        "001": "Alternatives to detention",
        "002": "Reception/detention conditions",
        "003": "Return procedures",
        "004": "Assisted voluntary return",
        "005": "Reintegration assistance",
        "006": "Removal/Return operations",
        "007": "Forced-return monitoring system",
        "008": "Vulnerable persons, including unaccompanied minors",
        "009": "Measures addressing incentives for irregular migration",
        "010": "Operating support",
    },
    "SO4": {
        "001": "Transfers to another Member State (‘relocation’)",
        "002": "Support by a Member State to another Member State, including support provided to EASO",
        "003": "Resettlement (Article 19)",
        "004": "Humanitarian admission (Article 19)",
        "005": "Support, in terms of reception infrastructure, to another Member State",
        "006": "Operating support",
        "007": "Solidarity Actions",
    },
    "TA": {
        "001": "Information and communication",
        "002": "Preparation, implementation, monitoring and control",
        "003": "Evaluation and studies, data collection",
        "004": "Capacity building",
    },
}
# Tables 2 (type of action), 3 (implementation) and 4 (particular themes): how many codes each has, and some.
TABLES_2_TO_4 = {"type_of_action": 13, "implementation": 9, "particular_theme": 3}
SOME = {
    ("type_of_action", "003"): "Education and training for third-country nationals",
    ("type_of_action", "013"): "Equipment",
    ("implementation", "003"): "Actions listed in Annex IV",
    ("implementation", "005"): "Emergency assistance",
    ("particular_theme", "003"): "None of the above",
}


def _rows() -> list[dict]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["intervention"]


def test_intervention_fields_are_those_of_annex_vi_table_1():
    fields = [row for row in _rows() if row["dimension"] == "intervention_field"]
    # code count per objective: 7, 12, 10, 7 and 4, as in the table
    assert Counter(row["objective"] for row in fields) == {code: len(codes) for code, codes in TABLE_1.items()}
    # code → objective and label, for every code
    assert {(row["objective"], row["code"]): row["label"]["en"] for row in fields} == {
        (objective, code): label for objective, codes in TABLE_1.items() for code, label in codes.items()
    }
    # the English text is checked against the regulation; the Swedish and Finnish wording is marked as not yet
    assert all(row["verified"] == ["code", "objective", "en"] for row in fields)
    assert all(set(row["unverified"]) == {"sv", "fi"} and row["label"]["sv"] and row["label"]["fi"] for row in fields)


def test_the_solidarity_actions_apply_from_the_asylum_and_migration_management_regulation():
    # SO4 007 and implementation 009 came with Regulation (EU) 2024/1351, which applies from 1 July 2026
    later = [r for r in _rows() if r["valid_from"] != date(2021, 1, 1)]
    assert {(r["dimension"], r["objective"], r["code"]) for r in later} == {
        ("intervention_field", "SO4", "007"),
        ("implementation", "", "009"),
    }
    assert all(r["valid_from"] == date(2026, 7, 1) and "2024/1351" in r["note"] for r in later)


def test_tables_2_to_4():
    rows = [row for row in _rows() if row["dimension"] != "intervention_field"]
    assert Counter(row["dimension"] for row in rows) == TABLES_2_TO_4
    assert all(row["objective"] == "" for row in rows)
    labels = {(row["dimension"], row["code"]): row["label"]["en"] for row in rows}
    assert {key: labels[key] for key in SOME} == SOME


def test_the_catalogue_serves_them_after_reference_sync(app, client):
    listed = client.get("/api/v1/catalogue/types-of-intervention")
    assert listed.status_code == 200
    fields = [row for row in listed.json if row["dimension"] == "intervention_field"]
    assert len(fields) == sum(len(codes) for codes in TABLE_1.values())  # 40
    reception = next(r for r in fields if (r["objective"], r["code"]) == ("SO1", "001"))
    assert reception["labels"]["en"] == "Reception conditions" and reception["unverified"] == ["sv", "fi"]
    assert len(listed.json) == len(_rows())


def test_the_sources_are_cited():
    header = Path(DATA).read_text(encoding="utf-8").split("[[intervention]]")[0]
    assert "Regulation (EU) 2021/1147, Annex VI" in header and "32021R1147" in header and "unverified" in header
