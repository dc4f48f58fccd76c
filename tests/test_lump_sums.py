"""SO4 lump sums (AMIF Arts. 19-20): the amount per person comes from the reference version in force for the
month; a correction is a new record and the latest counts; the totals per year and category; who may read and
record; bad input is refused with nothing changed; the records are append-only in the database itself."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import tenant_id, translated
from tests.lump_sums_support import (  # noqa: F401 - fixtures
    HUMANITARIAN,
    HUMANITARIAN_VULNERABLE,
    RESETTLEMENT,
    TRANSFER_COST_BORNE,
    TRANSFER_RECEIVED,
    person_of,
    post_record,
    record,
    totals,
)


def test_the_reference_data_holds_the_amounts_of_amif_articles_19_and_20(app):
    from service.extensions import db
    from service.lump_sums.models import LumpSumAmount
    from service.lump_sums.sync import sync_lump_sum_amounts
    from service.tenancy.scope import platform_scope

    with app.app_context():
        assert sync_lump_sum_amounts() == 5  # idempotent: the demo loaded them already
        db.session.commit()
        with platform_scope():
            first = {
                a.category: a
                for a in db.session.query(LumpSumAmount).filter(LumpSumAmount.valid_from == date(2021, 1, 1))
            }
    assert {c: a.amount for c, a in first.items()} == {
        "resettlement": RESETTLEMENT,
        "humanitarian_admission": HUMANITARIAN,
        "humanitarian_admission_vulnerable": HUMANITARIAN_VULNERABLE,
        "transfer_in": TRANSFER_RECEIVED,
        "transfer_out": TRANSFER_COST_BORNE,
    }
    assert all("Arts. 19-20" in a.source and a.unverified for a in first.values())


def test_the_amount_per_person_is_the_reference_version_in_force_for_the_month(client, person_of):
    officer = person_of("fi", "case_officer")
    resettled = record(client, "fi", officer["headers"], "2026-03", "resettlement", 3)
    vulnerable = record(client, "fi", officer["headers"], "2026-03", "humanitarian_admission_vulnerable", 2)
    assert (resettled["amount_per_person"], resettled["total"]) == ("10000.00", "30000.00")
    assert (vulnerable["amount_per_person"], vulnerable["total"]) == ("8000.00", "16000.00")
    # 3 × 10 000 + 2 × 8 000 = 46 000 EUR for the month
    month = [
        r
        for r in client.get("/api/v1/fi/lump-sums?year=2026", headers=officer["headers"]).json
        if r["month"] == "2026-03"
    ]
    assert sum(Decimal(r["total"]) for r in month if r["id"] in (resettled["id"], vulnerable["id"])) == Decimal(
        "46000.00"
    )
    admitted = record(client, "fi", officer["headers"], "2026-03", "humanitarian_admission", 5)
    cost_borne = record(client, "fi", officer["headers"], "2026-03", "transfer_out", 4)
    assert admitted["total"] == "30000.00" and cost_borne["total"] == "2000.00"  # 5 × 6 000; 4 × 500


def test_a_new_version_of_an_amount_applies_from_its_month_and_records_keep_theirs(app, client, person_of, tmp_path):
    from service.extensions import db
    from service.lump_sums.sync import sync_lump_sum_amounts

    officer = person_of("fi", "ma_admin")
    june = record(client, "fi", officer["headers"], "2021-06", "transfer_out", 2)
    # A made-up later version (not a real amount): EUR 600 from 2021-07, loaded as `amif reference sync` does.
    version = tmp_path / "amounts.toml"
    version.write_text(
        '[[amount]]\ncategory = "transfer_out"\nvalid_from = 2021-07-01\namount = "600.00"\n'
        'source = "test version, not a legal amount"\n',
        encoding="utf-8",
    )
    with app.app_context():
        assert sync_lump_sum_amounts(version) == 1
        db.session.commit()
    july = record(client, "fi", officer["headers"], "2021-07", "transfer_out", 2)
    assert (june["amount_per_person"], june["total"]) == ("500.00", "1000.00")
    assert (july["amount_per_person"], july["total"]) == ("600.00", "1200.00")
    assert july["amount_id"] != june["amount_id"]
    again = client.get(f"/api/v1/fi/lump-sums/{june['id']}", headers=officer["headers"]).json
    assert again["amount_per_person"] == "500.00"  # frozen on the record


def test_a_correction_replaces_the_count_in_the_totals_and_both_records_stay(client, person_of):
    officer = person_of("se", "case_officer")
    first = record(client, "se", officer["headers"], "2024-05", "resettlement", 10, "Första uppgiften.")
    assert totals(client, "se", officer["headers"], 2024)["resettlement"] == (10, "100000.00")

    url = f"/api/v1/se/lump-sums/{first['id']}/corrections"
    assert client.post(url, json={"persons": 12}, headers=officer["headers"]).status_code == 422  # no reason
    corrected = client.post(url, json={"persons": 12, "note": "Två saknades."}, headers=officer["headers"])
    assert corrected.status_code == 201, corrected.json
    assert corrected.json["corrects_id"] == first["id"] and corrected.json["total"] == "120000.00"
    assert totals(client, "se", officer["headers"], 2024)["resettlement"] == (12, "120000.00")

    in_force = client.get("/api/v1/se/lump-sums?year=2024", headers=officer["headers"]).json
    assert [(r["id"], r["persons"]) for r in in_force] == [(corrected.json["id"], 12)]
    history = client.get("/api/v1/se/lump-sums?year=2024&history=true", headers=officer["headers"]).json
    assert [(r["id"], r["persons"], r["in_force"]) for r in history] == [
        (first["id"], 10, False),
        (corrected.json["id"], 12, True),
    ]
    assert history[0]["corrected_by_id"] == corrected.json["id"]

    # the old record cannot be corrected a second time, nor the month recorded afresh: both 409
    assert client.post(url, json={"persons": 11, "note": "x"}, headers=officer["headers"]).status_code == 409
    again = post_record(client, "se", officer["headers"], month="2024-05", category="resettlement", persons=1)
    assert again.status_code == 409
    assert totals(client, "se", officer["headers"], 2024)["resettlement"] == (12, "120000.00")


def test_totals_per_year_and_category_for_the_commission_reports(app, client, person_of):
    officer = person_of("se", "ma_admin")
    record(client, "se", officer["headers"], "2022-12", "resettlement", 7)
    record(client, "se", officer["headers"], "2023-01", "resettlement", 4)
    record(client, "se", officer["headers"], "2023-12", "resettlement", 6)
    record(client, "se", officer["headers"], "2023-06", "humanitarian_admission", 3)
    record(client, "se", officer["headers"], "2023-06", "transfer_in", 1)

    year = totals(client, "se", officer["headers"], 2023)
    assert year["resettlement"] == (10, "100000.00")  # 4 + 6, × 10 000
    assert year["humanitarian_admission"] == (3, "18000.00")  # × 6 000
    assert year["transfer_in"] == (1, "10000.00")
    assert year["humanitarian_admission_vulnerable"] == (0, "0.00") and year["transfer_out"] == (0, "0.00")
    assert year["all"] == (14, "128000.00")
    assert totals(client, "se", officer["headers"], 2022)["all"] == (7, "70000.00")
    assert totals(client, "se", officer["headers"], 2025)["all"] == (0, "0.00")  # nothing recorded
    for odd in ("0", "-1", "20x3", "1e3"):
        answer = client.get(f"/api/v1/se/lump-sums/totals?year={odd}", headers=officer["headers"])
        assert answer.status_code == 422 and "year" in answer.json["errors"]

    from service.lump_sums.util import totals_by_year
    from service.money import Money
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        every = totals_by_year()
        one = totals_by_year(2023)
    assert list(one) == [2023] and one[2023].amount == Money(Decimal("128000.00"), "EUR")
    assert {2022, 2023} <= set(every) and list(every) == sorted(every)
    assert every[2023] == one[2023]


def test_staff_record_the_committee_and_auditors_read_others_are_refused(client, person_of):
    officer = person_of("fi", "case_officer")
    created = record(client, "fi", officer["headers"], "2024-02", "resettlement", 1)
    for role in ("committee", "auditor"):
        reader = person_of("fi", role)
        assert client.get("/api/v1/fi/lump-sums", headers=reader["headers"]).status_code == 200
        assert client.get(f"/api/v1/fi/lump-sums/{created['id']}", headers=reader["headers"]).status_code == 200
        refused = post_record(client, "fi", reader["headers"], month="2024-03", category="resettlement", persons=1)
        assert refused.status_code == 403
        url = f"/api/v1/fi/lump-sums/{created['id']}/corrections"
        assert client.post(url, json={"persons": 2, "note": "x"}, headers=reader["headers"]).status_code == 403
    for role in ("applicant", "assessor"):
        other = person_of("fi", role)
        assert client.get("/api/v1/fi/lump-sums/totals", headers=other["headers"]).status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2024-04", "category": "resettlement", "persons": -1}, "persons"),
        ({"month": "2024-04", "category": "resettlement", "persons": 100_001}, "persons"),
        ({"month": "2024-04", "category": "resettlement", "persons": 2.5}, "persons"),
        ({"month": "2024-04", "category": "resettlement", "persons": "3.5"}, "persons"),
        ({"month": "2024-04", "category": "resettlement", "persons": "three"}, "persons"),
        ({"month": "2024-04", "category": "resettlement", "persons": True}, "persons"),
        ({"month": "2024-04", "category": "resettlement"}, "persons"),
        ({"month": "2024-04", "category": "relocation", "persons": 1}, "category"),
        ({"month": "2024-04", "category": "", "persons": 1}, "category"),
        ({"month": "2020-12", "category": "resettlement", "persons": 1}, "month"),
        ({"month": "2024-4", "category": "resettlement", "persons": 1}, "month"),
        ({"month": "2024-13", "category": "resettlement", "persons": 1}, "month"),
        ({"month": "2024-04-01", "category": "resettlement", "persons": 1}, "month"),
        ({"month": 202404, "category": "resettlement", "persons": 1}, "month"),
        ({"month": "2024-04", "category": "resettlement", "persons": 1, "tenant_id": 1}, "tenant_id"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_changes(client, person_of, body, field):
    officer = person_of("se", "case_officer", language="sv")
    before = client.get("/api/v1/se/lump-sums?history=true", headers=officer["headers"]).json
    refused = post_record(client, "se", officer["headers"], **body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["errors"], refused.json
    assert client.get("/api/v1/se/lump-sums?history=true", headers=officer["headers"]).json == before


def test_a_month_not_yet_begun_is_refused_in_the_readers_language(client, person_of):
    officer = person_of("se", "case_officer", language="sv")
    today = date.today()
    following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    refused = post_record(
        client,
        "se",
        {**officer["headers"], "Accept-Language": "sv"},
        month=f"{following:%Y-%m}",
        category="resettlement",
        persons=1,
    )
    assert refused.status_code == 422
    message = "This month has not begun yet: record persons once they have arrived."
    assert refused.json["errors"]["month"] == [translated(message, "sv")] and translated(message, "sv") != message
    early = post_record(client, "se", officer["headers"], month="2020-12", category="resettlement", persons=1)
    message = "The programme starts in January 2021: choose a month from 2021-01 on."
    assert early.json["errors"]["month"] == [translated(message, "sv")]
    negative = post_record(client, "se", officer["headers"], month="2021-03", category="resettlement", persons=-3)
    most = format_decimal(100_000, locale="sv")  # the schema's largest number of persons, as Swedes write it
    assert negative.json["errors"]["persons"] == [
        translated("Give the number of persons as a whole number from 0 to %(most)s.", "sv") % {"most": most}
    ]


def test_another_tenants_record_is_not_found_and_never_listed(client, person_of):
    swedish = person_of("se", "case_officer")
    finnish = person_of("fi", "ma_admin")
    theirs = record(client, "se", swedish["headers"], "2021-02", "humanitarian_admission", 2)
    url = f"/api/v1/fi/lump-sums/{theirs['id']}"
    assert client.get(url, headers=finnish["headers"]).status_code == 404
    corrected = client.post(f"{url}/corrections", json={"persons": 0, "note": "x"}, headers=finnish["headers"])
    assert corrected.status_code == 404
    upload = client.post(f"{url}/evidence", data={"file": (io.BytesIO(b"text"), "a.txt")}, headers=finnish["headers"])
    assert upload.status_code == 404
    listed = client.get("/api/v1/fi/lump-sums?history=true", headers=finnish["headers"]).json
    assert theirs["id"] not in {r["id"] for r in listed}
    assert totals(client, "fi", finnish["headers"], 2021)["humanitarian_admission"] == (0, "0.00")
    # the Swedish token on the Finnish tenant's address: 404 too; the record is unchanged
    assert client.get(url, headers=swedish["headers"]).status_code == 404
    mine = client.get(f"/api/v1/se/lump-sums/{theirs['id']}", headers=swedish["headers"]).json
    assert mine["persons"] == 2 and mine["in_force"]


def test_evidence_is_checked_like_attachments_stored_and_downloaded(client, person_of):
    from tests.lump_sums_support import PDF

    officer = person_of("fi", "case_officer")
    created = record(client, "fi", officer["headers"], "2024-08", "transfer_in", 3)
    url = f"/api/v1/fi/lump-sums/{created['id']}/evidence"
    for name, content in (("../../etc/passwd.pdf", PDF), ("päätös.pdf", b"MZ\x90 not a pdf"), ("tyhjä.pdf", b"")):
        refused = client.post(url, data={"file": (io.BytesIO(content), name)}, headers=officer["headers"])
        assert refused.status_code == 422 and "file" in refused.json["errors"], name
    added = client.post(url, data={"file": (io.BytesIO(PDF), "siirtopäätös.pdf")}, headers=officer["headers"])
    assert added.status_code == 201, added.json
    got = client.get(f"{url}/{added.json['id']}", headers=officer["headers"])
    assert got.status_code == 200 and got.data == PDF
    assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Content-Disposition"].startswith(
        "attachment"
    )
    shown = client.get(f"/api/v1/fi/lump-sums/{created['id']}", headers=officer["headers"]).json
    assert [e["filename"] for e in shown["evidence"]] == ["siirtopäätös.pdf"]


def test_the_records_are_append_only_in_the_database(app, client, person_of, database_urls):
    officer = person_of("se", "case_officer")
    created = record(client, "se", officer["headers"], "2021-04", "transfer_out", 1)
    evidence = client.post(
        f"/api/v1/se/lump-sums/{created['id']}/evidence",
        data={"file": (io.BytesIO(b"Beslut om overforing"), "beslut.txt")},
        headers=officer["headers"],
    )
    assert evidence.status_code == 201  # a row in each table: a row trigger fires only on rows it touches
    statements = (
        "UPDATE lump_sum_records SET persons = 99",
        "DELETE FROM lump_sum_records",
        "UPDATE lump_sum_evidence SET filename = 'x'",
        "DELETE FROM lump_sum_evidence",
    )
    # the application's role has no UPDATE or DELETE; the owner is stopped by the trigger
    for url in (database_urls["app"], database_urls["owner"]):
        engine = create_engine(url)
        for statement in statements:
            with engine.connect() as connection, connection.begin():
                connection.execute(
                    text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "se"))}
                )
                with pytest.raises(DBAPIError, match="permission denied|append-only"):
                    connection.execute(text(statement))
        engine.dispose()
    assert totals(client, "se", officer["headers"], 2021)["transfer_out"] == (1, "500.00")


def test_the_demo_records_swedish_resettlement_and_finnish_months(app):
    from service.lump_sums.util import history_of, records_in_force, totals_by_year
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        swedish = [(f"{r.month:%Y-%m}", r.category, r.persons) for r in records_in_force(2026) if r.month.month <= 3]
        february = [r for r in records_in_force(2026) if r.month == date(2026, 2, 1)]
        corrected = [r.persons for r in history_of(february[0])]
    # tenants/se/demo.toml: 42, 35 corrected to 37, 51 resettled persons
    assert swedish == [
        ("2026-01", "resettlement", 42),
        ("2026-02", "resettlement", 37),
        ("2026-03", "resettlement", 51),
    ]
    assert corrected == [35, 37]
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        finnish = [
            (f"{r.month:%Y-%m}", r.category, r.persons)
            for r in records_in_force(2026)
            if r.month < date(2026, 3, 1) or r.category == "transfer_in"
        ]
        assert totals_by_year(2026)[2026].categories["transfer_in"].persons >= 4
    # tenants/fi/demo.toml (other tests record other categories of 2026-03)
    assert finnish == [
        ("2026-01", "resettlement", 28),
        ("2026-02", "humanitarian_admission_vulnerable", 6),
        ("2026-02", "resettlement", 31),
        ("2026-03", "transfer_in", 4),
    ]
