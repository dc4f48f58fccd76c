"""The Commission's data transmission (CPR Art. 42, Annex VII) through the API: asked for a cut-off that has
passed, built by a background job, checked against the product's schema, frozen as a version with the SHA-256 of
its content (never changed after; a second freeze is refused; a correction is the next sequence), compared with
the version before, downloaded as JSON, CSV (declared columns) and XLSX. Table 1's figures equal a per-tenant SQL
aggregate of the selected operations; another tenant's transmission is 404 and never listed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text, update

from service.app import create_app
from service.catalogue.models import Indicator, InterventionType
from service.decisions.models import Decision
from service.extensions import db
from service.programmes.models import Programme
from service.receipts import content_sha256
from service.tenancy.scope import tenant_scope
from service.transmissions import schema
from service.transmissions.models import TransmissionVersion
from service.transmissions.schema import CSV_COLUMNS
from tests.applications_support import run_jobs
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
from tests.conftest import RUN, app_config, fresh_database, prepare, tenant_id, translated
from tests.portfolio_support import selected_in_sql


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    """A database of this module's own, without the demo: the selected operations are only these tests'."""
    with fresh_database(f"amif_test_{RUN}_transmissions") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("transmissions")))
        prepare(application, demo=False)
        with application.app_context():
            from service.lump_sums.sync import sync_lump_sum_amounts

            sync_lump_sum_amounts()  # the reference data `amif reference sync` loads (the demo loads them too)
            db.session.commit()
        yield application
        with application.app_context():
            db.engine.dispose()


VERSION = "202506"  # as at 30 June 2025, due 31 July 2025: with indicator values (CPR Art. 42(1))
SELECTED_ON = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)  # before the cut-off


def _backdate(app, code: str, application_id: int, when: datetime = SELECTED_ON) -> None:
    """The grant decision approved on a day before the cut-off (the data as the MA had them then)."""
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        db.session.execute(
            update(Decision)
            .where(Decision.application_id == application_id)
            .values(approved_at=when)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()


def _expected(app, code: str, as_of_exclusive: datetime) -> dict[tuple[str, str], tuple[int, str, str]]:
    """Per (specific objective, type of intervention): the selected operations' count, eligible cost and EU
    amount, summed in SQL straight from the tables of one tenant. Finland's tenant is in euro: no conversion."""
    return selected_in_sql(app, code, as_of_exclusive)


def _built(app, client, code: str, headers: dict, version: str = VERSION) -> dict:
    asked = client.post(f"{api(code)}/transmissions", json={"version": version}, headers=headers)
    assert asked.status_code == 202, asked.json
    cut_off = date.fromisoformat(asked.json["cut_off"])  # the last day of the version's month (Art. 42(1))
    assert asked.json["status"] == "queued" and f"{cut_off:%Y%m}" == version and (cut_off + timedelta(days=1)).day == 1
    assert run_jobs(app, code, "transmissions.build")
    built = client.get(f"{api(code)}/transmissions/{asked.json['id']}", headers=headers)
    assert built.status_code == 200
    return built.json


def test_a_transmission_is_built_checked_frozen_and_downloaded(app, client, claimable, person_of):
    setup = claimable("fi", classification=("SO2", "003"))
    _backdate(app, "fi", setup["application"]["id"])
    admin = person_of("fi", "ma_admin")["headers"]
    draft = _built(app, client, "fi", admin)
    assert draft["status"] == "ready", draft["problems"]
    assert draft["with_indicators"] is True and draft["content"]["indicators"] is not None
    content = draft["content"]
    assert (content["version"], content["cut_off"], content["due_on"], content["currency"]) == (
        VERSION,
        "2025-06-30",
        "2025-07-31",
        "EUR",
    )
    # Table 1 is the per-tenant SQL aggregate of the operations selected by the end of 30 June 2025 (Helsinki).
    cut = datetime(2025, 6, 30, 21, 0, tzinfo=UTC)  # midnight in Helsinki (UTC+3 in summer)
    expected = _expected(app, "fi", cut)
    got = {
        (row["specific_objective"], row["type_of_intervention"]): (
            row["operations"],
            row["eligible_cost"],
            row["fund_contribution"],
        )
        for row in content["financial"]
    }
    assert got == expected and sum(count for count, _, _ in got.values()) >= 1

    frozen = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=admin)
    assert frozen.status_code == 201, frozen.json
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    assert frozen.json["content_sha256"] == hashlib.sha256(canonical).hexdigest()
    assert frozen.json["version"] == VERSION and frozen.json["sequence"] >= 1
    again = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=admin)
    assert again.status_code == 409  # a second freeze of the same version

    url = f"{api('fi')}/transmissions/versions/{frozen.json['id']}/download"
    as_json = client.get(url, headers=admin)
    assert as_json.status_code == 200 and json.loads(as_json.data) == content
    as_csv = client.get(f"{url}?format=csv", headers=admin)
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 1 + len(content["financial"]) + len(content["indicators"])
    workbook = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx", headers=admin).data))
    assert workbook.sheetnames == ["Table 1", "Table 2", "Table 3"]  # July: with the indicators (Art. 42(2))
    assert client.get(f"{url}?format=pdf", headers=admin).status_code == 404

    # A correction: built again, frozen as the next sequence of the same version; nothing changed since.
    correction = _built(app, client, "fi", admin)
    assert correction["previous"]["id"] == frozen.json["id"] and correction["differences"] == []
    second = client.post(f"{api('fi')}/transmissions/{correction['id']}/freeze", json={}, headers=admin)
    assert second.status_code == 201 and second.json["sequence"] == frozen.json["sequence"] + 1
    assert second.json["name"] == f"{VERSION} ({second.json['sequence']})"


def _figure(value) -> Decimal:
    """A number read back from the workbook, for comparing with the content's two-decimal strings."""
    return Decimal(str(value))


def _header(sheet) -> dict:
    """The form's header block: label in column A, value in column B, from row 2 to the empty row."""
    block, row = {}, 2
    while sheet.cell(row, 1).value is not None:
        block[sheet.cell(row, 1).value] = sheet.cell(row, 2).value
        row += 1
    return block


def _table(sheet) -> tuple[list, list[tuple]]:
    """The headings (the row after the header block's empty row) and the rows under them."""
    start = len(_header(sheet)) + 3
    rows = list(sheet.iter_rows(min_row=start, values_only=True))
    return list(rows[0]), rows[1:]


def test_the_workbook_has_the_forms_header_and_tables_and_downloads_the_same_bytes(app, client, claimable, person_of):
    """Annex VII in SFC2021's layout: each sheet opens with the CCI, the programme's title, the Fund, the version and
    the cut-off; Table 1 has each line's figures as frozen, a total per specific objective and the programme's (the
    sums of the lines); Tables 2 (outputs, AMIF Annex VIII codes "O.") and 3 (results, "R.") only in January and
    July (CPR Art. 42(2)). Two downloads of a version are the same bytes."""
    for classification in (("SO2", "003"), ("SO1", "001")):
        setup = claimable("fi", classification=classification)
        _backdate(app, "fi", setup["application"]["id"])
    admin = person_of("fi", "ma_admin")["headers"]
    draft = _built(app, client, "fi", admin)
    assert draft["status"] == "ready", draft["problems"]
    content = draft["content"]
    assert {row["specific_objective"] for row in content["financial"]} >= {"SO1", "SO2"}
    frozen = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=admin).json
    url = f"{api('fi')}/transmissions/versions/{frozen['id']}/download?format=xlsx"
    body = client.get(url, headers=admin).data
    time.sleep(2.1)  # a workbook stamped with the clock would differ by now (zip times hold even seconds)
    assert client.get(url, headers=admin).data == body

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        programme = db.session.scalar(select(Programme))
        types = {(t.objective, t.code): t.labels["en"] for t in db.session.scalars(select(InterventionType))}
        catalogue = {i.code: (i.labels["en"], i.unit, i.kind) for i in db.session.scalars(select(Indicator))}
    # What the form shows beside the figures is kept in the content (the JSON Schema declares it).
    assert (content["programme"], content["programme_title"], content["fund"]) == (
        programme.cci,
        programme.title["en"],  # English, the Commission's working language (tenants/fi/programme.toml has it)
        "AMIF",
    )
    for row in content["financial"]:
        assert row["type_of_intervention_name"] == types[(row["specific_objective"], row["type_of_intervention"])]
    # tenants/fi/programme.toml has outputs (O.1.1, …) and results (R.2.9, R.4.4): both tables have lines.
    assert {row["kind"] for row in content["indicators"]} == {"output", "result"}
    for row in content["indicators"]:
        if row["code"] in catalogue:
            assert (row["name"], row["unit"], row["kind"]) == catalogue[row["code"]]
        assert row["kind"] == ("output" if row["code"].startswith("O.") else "result")

    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == ["Table 1", "Table 2", "Table 3"]
    header = {
        "CCI": content["programme"],
        "Programme title": content["programme_title"],
        "Fund": "AMIF",
        "Version": VERSION,
        "Cut-off date": "2025-06-30",
    }
    assert _header(workbook["Table 1"]) == {**header, "Amounts in EUR": None}
    assert _header(workbook["Table 2"]) == header == _header(workbook["Table 3"])

    headings, rows = _table(workbook["Table 1"])
    assert headings == [
        "Specific objective",
        "Type of intervention (code)",
        "Type of intervention",
        "Number of selected operations",
        "Total eligible cost of selected operations",
        "Contribution from the Fund to selected operations",
        "Total eligible expenditure declared by beneficiaries to the managing authority",
    ]
    amounts = ("eligible_cost", "fund_contribution", "declared_expenditure")
    lines = {(row[0], row[1]): row for row in rows if row[1] is not None}
    assert len(lines) == len(content["financial"])
    for line in content["financial"]:
        written = lines[(line["specific_objective"], line["type_of_intervention"])]
        assert written[2] == line["type_of_intervention_name"] and written[3] == line["operations"]
        assert [_figure(value) for value in written[4:]] == [Decimal(line[name]) for name in amounts]
    totals = {row[2]: row for row in rows if row[1] is None}
    objectives = {line["specific_objective"] for line in content["financial"]}
    assert set(totals) == {f"Total {objective}" for objective in objectives} | {"Total programme"}
    for label, members in [
        (f"Total {o}", [r for r in content["financial"] if r["specific_objective"] == o]) for o in objectives
    ] + [("Total programme", content["financial"])]:
        written = totals[label]
        assert written[3] == sum(member["operations"] for member in members)
        assert [_figure(value) for value in written[4:]] == [sum(Decimal(m[name]) for m in members) for name in amounts]
    assert rows[-1][2] == "Total programme"

    for name, letter in (("Table 2", "O."), ("Table 3", "R.")):
        headings, rows = _table(workbook[name])
        assert headings == [
            "Specific objective",
            "Indicator code",
            "Indicator",
            "Measurement unit",
            "Value planned in selected operations",
            "Value achieved",
        ]
        expected = [
            (row["specific_objective"], row["code"], row["name"], row["unit"], row["planned"], row["achieved"])
            for row in content["indicators"]
            if row["code"].startswith(letter)
        ]
        assert expected and [tuple(row) for row in rows] == [tuple(None if v == "" else v for v in e) for e in expected]

    # April's transmission has no indicator values (Art. 42(2)): Table 1 alone.
    april = _built(app, client, "fi", admin, "202503")
    version = client.post(f"{api('fi')}/transmissions/{april['id']}/freeze", json={}, headers=admin).json
    april_file = client.get(f"{api('fi')}/transmissions/versions/{version['id']}/download?format=xlsx", headers=admin)
    assert load_workbook(io.BytesIO(april_file.data)).sheetnames == ["Table 1"]


def test_a_version_frozen_before_the_header_and_names_were_kept_still_downloads(app, client, person_of):
    """A version whose content has no programme title, Fund or names (frozen before they were kept) still fits the
    schema, downloads as frozen in JSON, and its workbook takes them from the programme and the reference data."""
    admin = person_of("fi", "ma_admin")["headers"]
    draft = _built(app, client, "fi", admin)
    content = draft["content"]
    old = {key: value for key, value in content.items() if key not in ("programme_title", "fund")}
    old["financial"] = [
        {key: value for key, value in row.items() if key != "type_of_intervention_name"} for row in content["financial"]
    ]
    old["indicators"] = [
        {key: value for key, value in row.items() if key not in ("name", "unit", "kind")}
        for row in content["indicators"]
    ]
    assert schema.problems(old) == [] and old["financial"], "the content of the other tests' operations"
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        row = TransmissionVersion(
            draft_id=draft["id"],
            version=VERSION,
            sequence=99,
            cut_off=date(2025, 6, 30),
            due_on=date(2025, 7, 31),
            content=old,
            content_sha256=content_sha256(old),
            frozen_by=1,
        )
        db.session.add(row)
        db.session.commit()
        version_id = row.id
    url = f"{api('fi')}/transmissions/versions/{version_id}/download"
    assert json.loads(client.get(url, headers=admin).data) == old
    workbook = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx", headers=admin).data))
    assert workbook.sheetnames == ["Table 1", "Table 2", "Table 3"]
    assert _header(workbook["Table 1"])["Programme title"] == content["programme_title"]
    assert _header(workbook["Table 1"])["Fund"] == "AMIF"
    _headings, rows = _table(workbook["Table 1"])
    named = {(r[0], r[1]): r[2] for r in rows if r[1] is not None}
    indicators = [
        row[1:4] for name in ("Table 2", "Table 3") for row in _table(workbook[name])[1]
    ]  # code, name, unit, as a version built now holds them
    assert sorted(indicators) == sorted((r["code"], r["name"], r["unit"]) for r in content["indicators"])
    assert named == {
        (r["specific_objective"], r["type_of_intervention"]): r["type_of_intervention_name"]
        for r in content["financial"]
    }


def test_the_next_cut_off_shows_what_changed_since_the_version_before(app, client, claimable, person_of):
    setup = claimable("fi", classification=("SO1", "002"))
    admin = person_of("fi", "ma_admin")["headers"]
    before = _built(app, client, "fi", admin, "202508")  # as at 31 August 2025: no indicator values
    assert before["with_indicators"] is False and before["content"]["indicators"] is None
    assert client.post(f"{api('fi')}/transmissions/{before['id']}/freeze", json={}, headers=admin).status_code == 201
    _backdate(app, "fi", setup["application"]["id"], datetime(2025, 9, 15, 9, 0, tzinfo=UTC))
    after = _built(app, client, "fi", admin, "202510")  # as at 31 October 2025: the project is selected since
    assert after["previous"]["version"] == "202508"
    assert {"table": "financial", "line": "SO1/002", "field": "operations", "before": None, "after": 1} in after[
        "differences"
    ]
    assert not [c for c in after["differences"] if c["line"] == "SO2/003"]  # selected before: nothing changed


def test_an_operation_without_a_type_of_intervention_keeps_the_transmission_from_being_frozen(
    app, client, claimable, person_of
):
    setup = claimable("fi")  # the application proposes no classification
    _backdate(app, "fi", setup["application"]["id"], datetime(2025, 11, 5, 9, 0, tzinfo=UTC))
    admin = {**person_of("fi", "ma_admin")["headers"], "Accept-Language": "fi"}
    draft = _built(app, client, "fi", admin, "202512")
    assert draft["status"] == "invalid"
    [problem] = draft["problems"]
    assert problem["code"] == "unclassified" and problem["message"] == translated(
        "%(count)s selected operations have no specific objective or type of intervention: classify them before "
        "the transmission is sent.",
        "fi",
    ) % {"count": 1}
    refused = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=admin)
    assert refused.status_code == 409
    assert client.get(f"{api('fi')}/transmissions", headers=admin).json["versions"] == [
        v for v in client.get(f"{api('fi')}/transmissions", headers=admin).json["versions"] if v["version"] != "202512"
    ]


def test_a_build_interrupted_half_way_leaves_nothing_and_its_retry_builds_the_same(app, client, person_of, monkeypatch):
    from service.transmissions import build

    admin = person_of("fi", "ma_admin")["headers"]
    whole = _built(app, client, "fi", admin, "202503")
    asked = client.post(f"{api('fi')}/transmissions", json={"version": "202503"}, headers=admin).json
    real = build.content_of

    def killed(*args, **kwargs):
        raise RuntimeError("the worker was killed")

    monkeypatch.setattr(build, "content_of", killed)
    with pytest.raises(RuntimeError):
        run_jobs(app, "fi", "transmissions.build")
    interrupted = client.get(f"{api('fi')}/transmissions/{asked['id']}", headers=admin).json
    assert (interrupted["status"], interrupted["content"]) == ("failed", None)
    monkeypatch.setattr(build, "content_of", real)
    run_jobs(app, "fi", "transmissions.build")  # the queue's retry
    retried = client.get(f"{api('fi')}/transmissions/{asked['id']}", headers=admin).json
    assert retried["status"] == "ready" and retried["content"] == whole["content"]


NOT_A_CUT_OFF = (
    "Give the cut-off as year and month, e.g. 202512: December, March, June, August or October (the transmissions "
    "due 31 January, 30 April, 31 July, 30 September and 30 November)."
)


@pytest.mark.parametrize(
    ("version", "field_message"),
    [
        ("2025-06", NOT_A_CUT_OFF),
        ("202507", NOT_A_CUT_OFF),  # July's data are sent with no transmission
        ("209912", None),  # the cut-off has not passed
    ],
)
def test_bad_cut_offs_are_refused_with_a_message_and_nothing_built(client, person_of, version, field_message):
    admin = {**person_of("fi", "ma_admin")["headers"], "Accept-Language": "sv"}
    listed = client.get(f"{api('fi')}/transmissions", headers=admin).json
    refused = client.post(f"{api('fi')}/transmissions", json={"version": version}, headers=admin)
    assert refused.status_code == 422 and refused.json["errors"]["version"]
    if field_message:
        assert refused.json["errors"]["version"] == [translated(field_message, "sv")]
    assert client.post(f"{api('fi')}/transmissions", json={}, headers=admin).status_code == 422
    assert client.post(f"{api('fi')}/transmissions", json={"version": 202506}, headers=admin).status_code == 422
    assert client.get(f"{api('fi')}/transmissions", headers=admin).json == listed


def test_a_second_build_of_one_cut_off_at_once_is_refused(app, client, person_of):
    admin = person_of("fi", "ma_admin")["headers"]
    first = client.post(f"{api('fi')}/transmissions", json={"version": "202503"}, headers=admin)
    assert first.status_code == 202
    second = client.post(f"{api('fi')}/transmissions", json={"version": "202503"}, headers=admin)
    assert second.status_code == 409 and second.json["error"]["details"]["draft"] == first.json["id"]
    run_jobs(app, "fi", "transmissions.build")


def test_a_draft_whose_job_was_given_up_no_longer_holds_its_cut_off(app, client, person_of):
    """A worker killed at every attempt: the sweeper gives the run up after MAX_ATTEMPTS (service.jobs.sweeper).
    Asked for again, the cut-off is built anew and the stuck draft told failed, instead of a 409 for ever."""
    from sqlalchemy import select

    from service.jobs.models import JobRun
    from service.jobs.sweeper import MAX_ATTEMPTS
    from service.transmissions.models import TransmissionDraft
    from workers.runner import run_job

    admin = person_of("fi", "ma_admin")["headers"]
    stuck = client.post(f"{api('fi')}/transmissions", json={"version": "202410"}, headers=admin)
    assert stuck.status_code == 202
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.execute(
            update(TransmissionDraft).where(TransmissionDraft.id == stuck.json["id"]).values(status="building")
        )
        db.session.execute(
            update(JobRun)
            .where(JobRun.dedupe_key == f"{tenant_id(app, 'fi')}:transmissions.build:{stuck.json['id']}")
            .values(status="failed", attempts=MAX_ATTEMPTS, error="abandoned")
        )
        db.session.commit()
    again = client.post(f"{api('fi')}/transmissions", json={"version": "202410"}, headers=admin)
    assert again.status_code == 202 and again.json["id"] != stuck.json["id"]
    assert client.get(f"{api('fi')}/transmissions/{stuck.json['id']}", headers=admin).json["status"] == "failed"
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        key = f"{tenant_id(app, 'fi')}:transmissions.build:{again.json['id']}"
        new_run = db.session.scalar(select(JobRun.id).where(JobRun.dedupe_key == key))
    run_job(new_run, str(tenant_id(app, "fi")), app=app)  # the worker; the given-up run is never run again
    built = client.get(f"{api('fi')}/transmissions/{again.json['id']}", headers=admin).json
    assert built["status"] == "ready"


def test_another_tenants_transmission_is_404_and_never_listed_and_roles_are_kept(app, client, person_of):
    finn = person_of("fi", "ma_admin")["headers"]
    draft = _built(app, client, "fi", finn, "202503")
    swede = person_of("se", "ma_admin")["headers"]
    assert client.get(f"{api('se')}/transmissions/{draft['id']}", headers=swede).status_code == 404
    assert client.post(f"{api('se')}/transmissions/{draft['id']}/freeze", json={}, headers=swede).status_code == 404
    listed = client.get(f"{api('se')}/transmissions", headers=swede).json
    assert draft["id"] not in [d["id"] for d in listed["drafts"]]
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        count = db.session.execute(text("SELECT count(*) FROM transmission_drafts")).scalar()
    assert len(listed["drafts"]) == count  # the list is the tenant's rows, all of them
    # A frozen Finnish version: its file is 404 for Sweden, and Sweden's list of versions never holds it.
    frozen = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=finn).json
    download = f"transmissions/versions/{frozen['id']}/download"
    assert client.get(f"{api('se')}/{download}", headers=swede).status_code == 404
    assert client.get(f"{api('fi')}/{download}", headers=finn).status_code == 200
    versions = client.get(f"{api('se')}/transmissions", headers=swede).json["versions"]
    assert frozen["id"] not in [v["id"] for v in versions]
    # A case officer reads but does not freeze; an applicant does not read.
    officer = person_of("fi", "case_officer")["headers"]
    assert client.get(f"{api('fi')}/transmissions/{draft['id']}", headers=officer).status_code == 200
    assert client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=officer).status_code == 403
    applicant_headers = person_of("fi", "applicant")["headers"]
    assert client.get(f"{api('fi')}/transmissions", headers=applicant_headers).status_code == 403


def test_a_frozen_version_cannot_be_changed_in_the_database(app, client, person_of):
    admin = person_of("fi", "ma_admin")["headers"]
    draft = _built(app, client, "fi", admin, "202503")
    assert draft["status"] == "ready", draft["problems"]
    frozen = client.post(f"{api('fi')}/transmissions/{draft['id']}/freeze", json={}, headers=admin).json
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        with pytest.raises(Exception, match="permission denied|append-only"):  # role grant, then trigger
            db.session.execute(
                text("UPDATE transmission_versions SET content_sha256 = 'x' WHERE id = :id"), {"id": frozen["id"]}
            )
        db.session.rollback()


def test_the_pages_build_show_and_freeze_a_transmission_in_finnish(app, client, person_of):
    from tests.conftest import csrf_token, sign_in

    officer = person_of("fi", "ma_admin", language="fi")
    browser = app.test_client()
    sign_in(browser, "fi", officer["email"])
    index = browser.get("/fi/transmissions")
    assert index.status_code == 200 and translated("Data transmissions to the Commission", "fi") in index.text
    bad = browser.post("/fi/transmissions", data={"csrf_token": csrf_token(index.text), "version": "202507"})
    assert bad.status_code == 422 and translated(NOT_A_CUT_OFF, "fi") in bad.text
    asked = browser.post("/fi/transmissions", data={"csrf_token": csrf_token(index.text), "version": "202412"})
    assert asked.status_code == 303
    page = browser.get(asked.headers["Location"])
    assert translated("Waiting to be built", "fi") in page.text and 'data-running="true"' in page.text
    run_jobs(app, "fi", "transmissions.build")
    page = browser.get(asked.headers["Location"])
    assert translated("Built: ready for review", "fi") in page.text and 'data-running="false"' in page.text
    frozen = browser.post(f"{asked.headers['Location']}/freeze", data={"csrf_token": csrf_token(page.text)})
    assert frozen.status_code == 303
    page = browser.get(frozen.headers["Location"])
    assert translated("Frozen as version %(name)s", "fi") % {"name": "202412"} in page.text
    again = browser.post(f"{asked.headers['Location']}/freeze", data={"csrf_token": csrf_token(page.text)})
    assert again.status_code == 409
    # The downloads of the version, listed on the index; another tenant's page is 404.
    index = browser.get("/fi/transmissions")
    assert "/download?format=xlsx" in index.text
    swede = app.test_client()
    sign_in(swede, "se", person_of("se", "ma_admin")["email"])
    assert swede.get(f"/se/transmissions/{asked.headers['Location'].rsplit('/', 1)[1]}").status_code == 404


def test_the_annual_performance_report_has_the_years_lump_sums_and_the_year_end_figures(app, client, person_of):
    """AMIF Art. 35: due 15 February; persons resettled and admitted under the lump sums of AMIF Arts. 19-20
    at EUR 10 000 per resettled person and EUR 6 000 per person admitted (FACTS.md, the reference data)."""
    staff = person_of("se", "case_officer")["headers"]
    for month, category, persons in (
        ("2024-03", "resettlement", 12),
        ("2024-09", "resettlement", 8),
        ("2024-05", "humanitarian_admission", 5),
        ("2025-01", "resettlement", 99),  # another year
    ):
        recorded = client.post(
            f"{api('se')}/lump-sums",
            json={"month": month, "category": category, "persons": persons},
            headers={**staff, "Idempotency-Key": f"annual-{month}-{category}"},
        )
        assert recorded.status_code == 201, recorded.json
    report = client.get(f"{api('se')}/annual-performance-reports/2024", headers=staff)
    assert report.status_code == 200, report.json
    body = report.json
    assert (body["year"], body["due_on"], body["as_at"]) == (2024, "2025-02-15", "2024-12-31")
    sums = {row["category"]: (row["persons"], row["amount"]) for row in body["lump_sums"]}
    assert sums["resettlement"] == (12 + 8, "200000.00") and sums["humanitarian_admission"] == (5, "30000.00")
    assert body["lump_sums_total"] == {"persons": 25, "amount": "230000.00"}
    assert body["indicators"] is not None  # the data as at 31 December carry the indicator values

    sv = {**staff, "Accept-Language": "sv"}
    for year, message in (("2020", "Give a year of the programme, from %(first)s."), ("2099", None), ("20x4", None)):
        refused = client.get(f"{api('se')}/annual-performance-reports/{year}", headers=sv)
        assert refused.status_code == 422 and refused.json["errors"]["year"]
        if message:
            assert refused.json["errors"]["year"] == [translated(message, "sv") % {"first": 2021}]
    # Another tenant's lump sums are not in Finland's report; an applicant reads none.
    finn = person_of("fi", "ma_admin")["headers"]
    theirs = client.get(f"{api('fi')}/annual-performance-reports/2024", headers=finn).json
    assert theirs["lump_sums_total"]["persons"] == 0
    assert (
        client.get(
            f"{api('se')}/annual-performance-reports/2024", headers=person_of("se", "applicant")["headers"]
        ).status_code
        == 403
    )
    # The page, in Swedish.
    from tests.conftest import sign_in

    browser = app.test_client()
    sign_in(browser, "se", person_of("se", "ma_admin", language="sv")["email"])
    page = browser.get("/se/transmissions/annual/2024")
    assert page.status_code == 200 and translated("Persons under the SO4 lump sums", "sv") in page.text
    assert browser.get("/se/transmissions/annual/2099").status_code == 404
