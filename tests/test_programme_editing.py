"""Programme editing (issue 3): budgets, milestones and targets, programme-specific indicators.

Every saved change is a new version with who, when and why; earlier versions stay readable;
bad input is 422 naming the field with nothing changed; a stale version is 409; another
tenant's programme and versions are 404 and never listed. Each test puts the se and fi
programmes back as they were (tests/test_api.py compares them with the tenant files).
"""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from service.extensions import db
from service.programmes.models import ProgrammeAllocation, ProgrammeVersion
from service.programmes.operations import record_version
from service.programmes.presenters import snapshot
from service.programmes.util import current_programme
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.conftest import bearer, sign_in, tenant_id

# --- fixtures and helpers ---------------------------------------------------------------------


def _restore(programme, original: dict) -> None:
    """Put values back directly (the API adds lines but never removes common ones)."""
    lines = {a["objective"]: a for a in original["allocations"]}
    for line in list(programme.allocations):
        if line.objective_code not in lines:
            programme.allocations.remove(line)
        else:
            line.eu_contribution = Decimal(lines[line.objective_code]["eu_contribution"])
            line.national_cofinancing = Decimal(lines[line.objective_code]["national_cofinancing"])
    used = {i["code"]: i for i in original["indicators"]}
    for item in list(programme.indicators):
        if item.indicator_code not in used:
            programme.indicators.remove(item)
        else:
            item.milestone_2024 = used[item.indicator_code]["milestone_2024"]
            item.target_2029 = used[item.indicator_code]["target_2029"]
    own = {s["code"] for s in original["specific_indicators"]}
    for item in list(programme.specific_indicators):
        if item.code not in own:
            programme.specific_indicators.remove(item)


@pytest.fixture(autouse=True)
def keep_programmes(app):
    originals = {}
    for code in ("se", "fi"):
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            originals[code] = snapshot(current_programme())
    yield
    for code, original in originals.items():
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            programme = current_programme()
            if snapshot(programme) != original:
                _restore(programme, original)
                programme.version += 1
                record_version(programme, reason="restored after a test", origin="app")
                db.session.commit()


@pytest.fixture
def admin(make_user, token_for):
    """admin("se") -> (user id, token) of a new MA administrator."""

    def make(code: str = "se", role: str = "ma_admin"):
        uid, _ = make_user(code, role)
        return uid, token_for(code, uid)

    return make


def _get(client, token, path="", code="se", **headers):
    response = client.get(f"/api/v1/{code}/programme{path}", headers=bearer(token, **headers))
    assert response.status_code == 200, response.json
    return response.json


def _patch(client, token, body, code="se", **headers):
    return client.patch(f"/api/v1/{code}/programme", json=body, headers=bearer(token, **headers))


def _so(data: dict, objective: str = "SO1") -> dict:
    return next(a for a in data["allocations"] if a["objective"] == objective)


def _stored_allocation(app, code: str, objective: str) -> ProgrammeAllocation:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        line = db.session.scalar(select(ProgrammeAllocation).where(ProgrammeAllocation.objective_code == objective))
        db.session.expunge(line)
        return line


# --- versions from the file and from edits ----------------------------------------------------


def test_the_synced_programme_is_version_1_from_the_file(client, admin):
    _, token = admin("se")
    listed = _get(client, token, "/versions")
    assert listed[-1]["number"] == 1 and listed[-1]["origin"] == "file" and listed[-1]["saved_by"] is None
    assert listed[-1]["reason"] == "Synced from tenants/se/programme.toml"
    first = _get(client, token, "/versions/1")
    assert first["snapshot"]["cci"] == "2021SE65AMPR001"
    assert _so(first["snapshot"]) == {
        "objective": "SO1",
        "eu_contribution": "105000000.00",
        "national_cofinancing": "21822000.00",
    }


def test_an_api_edit_is_a_new_version_with_who_when_why(client, admin, app):
    uid, token = admin("se")
    before = _get(client, token)
    response = _patch(
        client,
        token,
        {
            "version": before["version"],
            "reason": "Mid-term review: more for reception",
            "allocations": [
                {"objective": "SO1", "eu_contribution": "126 822 000,00", "national_cofinancing": "1234.50"}
            ],
            "indicators": [{"code": "O.1.1", "milestone_2024": 4100, "target_2029": 20000}],
        },
    )
    assert response.status_code == 200, response.json
    after = response.json
    assert after["version"] == before["version"] + 1
    assert _so(after)["eu_contribution"] == "126822000.00" and _so(after)["national_cofinancing"] == "1234.50"
    assert {i["code"]: i["target_2029"] for i in after["indicators"]}["O.1.1"] == 20000

    newest = _get(client, token, "/versions")[0]
    assert newest["number"] == after["version"] and newest["origin"] == "app"
    assert newest["saved_by"] == uid and newest["saved_by_label"] == "Test ma_admin"
    assert newest["reason"] == "Mid-term review: more for reception"
    saved_at = datetime.fromisoformat(newest["saved_at"])
    assert timedelta(0) <= utcnow() - saved_at < timedelta(minutes=1)

    earlier = _get(client, token, f"/versions/{before['version']}")["snapshot"]
    assert _so(earlier)["eu_contribution"] == _so(before)["eu_contribution"]
    assert {i["code"]: i["target_2029"] for i in earlier["indicators"]}["O.1.1"] == 19400
    line = _stored_allocation(app, "se", "SO1")
    assert line.eu_contribution == Decimal("126822000.00") and isinstance(line.eu_contribution, Decimal)
    assert line.national_cofinancing == Decimal("1234.50")


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("126 822 000,00", "126822000.00"),
        ("126\u00a0822\u00a0000,00", "126822000.00"),
        ("126\u202f822\u202f000,5", "126822000.50"),
        ("1234.50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("0", "0.00"),
        (126822000, "126822000.00"),
    ],
)
def test_amounts_as_people_write_them_are_stored_exactly(client, admin, app, typed, stored):
    _, token = admin("fi")
    version = _get(client, token, code="fi")["version"]
    body = {"version": version, "reason": "Korjaus", "allocations": [{"objective": "SO2", "eu_contribution": typed}]}
    response = _patch(client, token, body, code="fi")
    assert response.status_code == 200, response.json
    assert _so(response.json, "SO2")["eu_contribution"] == stored
    assert _stored_allocation(app, "fi", "SO2").eu_contribution == Decimal(stored)


# --- bad input: 422 naming the field, nothing changed ----------------------------------------

NOT_AN_AMOUNT = ["-1", "-0,01", "NaN", "Infinity", "abc", "1.001", "12,345", "1e3", "", "10000000000000", "9" * 29]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"allocations": [{"objective": "SO1", "eu_contribution": bad}]}, "allocations.0.eu_contribution")
        for bad in NOT_AN_AMOUNT
    ]
    + [
        ({"allocations": [{"objective": "SO1", "eu_contribution": 1234.5}]}, "allocations.0.eu_contribution"),
        ({"allocations": [{"objective": "SO1", "eu_contribution": True}]}, "allocations.0.eu_contribution"),
        ({"allocations": [{"objective": "SO1", "eu_contribution": None}]}, "allocations.0.eu_contribution"),
        ({"allocations": [{"objective": "SO1", "national_cofinancing": ["1"]}]}, "allocations.0.national_cofinancing"),
        ({"allocations": [{"objective": "SO9", "eu_contribution": "1"}]}, "allocations.0.objective"),
        ({"allocations": [{"objective": "SO1"}, {"objective": "SO1"}]}, "allocations.1.objective"),
        ({"allocations": [{"objective": "SO1", "eu": "1"}]}, "allocations.0.eu"),
        ({"allocations": {"SO1": "1"}}, "allocations"),
        ({"indicators": [{"code": "O.9.9", "target_2029": 1}]}, "indicators.0.code"),
        ({"indicators": [{"code": "O.1.1", "milestone_2024": -1}]}, "indicators.0.milestone_2024"),
        ({"indicators": [{"code": "O.1.1", "target_2029": "12"}]}, "indicators.0.target_2029"),
        ({"indicators": [{"code": "O.1.1", "target_2029": 1.5}]}, "indicators.0.target_2029"),
        ({"indicators": [{"code": "O.1.1", "target_2029": True}]}, "indicators.0.target_2029"),
        ({"indicators": [{"code": "O.1.1", "target_2029": 10**13}]}, "indicators.0.target_2029"),
        ({"specific_indicators": [{"code": "O.1.1", "name": {"sv": "x", "en": "x"}, "unit": "st"}]}, "code"),
        ({"specific_indicators": [{"code": "SE 1", "name": {"sv": "x", "en": "x"}, "unit": "st"}]}, "code"),
        ({"specific_indicators": [{"code": "SE.1", "name": {"sv": "Kurser"}, "unit": "st"}]}, "name.en"),
        (
            {"specific_indicators": [{"code": "SE.1", "name": {"sv": "x", "en": "x", "de": "x"}, "unit": "u"}]},
            "name.de",
        ),
        ({"specific_indicators": [{"code": "SE.1", "name": {"sv": "x", "en": "x"}}]}, "specific_indicators.0.unit"),
        ({"specific_indicators": [{"code": "SE.1", "name": {"sv": "x\u0007", "en": "x"}, "unit": "u"}]}, "name.sv"),
        ({"specific_indicators": [{"code": "NONE.1", "remove": True}]}, "specific_indicators.0.code"),
        ({"tenant_id": 2}, "tenant_id"),
        ({"reason": None}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"reason": "a\u001bb"}, "reason"),
        ({"reason": "a\u0000b"}, "reason"),  # NUL is refused before any handler (PostgreSQL cannot store it)
        ({"reason": "x" * 2001}, "reason"),
        ({"version": "1"}, "version"),
        ({"version": None}, "version"),
        ({"allocations": []}, "_changes"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_changes_nothing(client, admin, change, field):
    _, token = admin("se")
    before = _get(client, token)
    versions = len(_get(client, token, "/versions"))
    body = {"version": before["version"], "reason": "Test", **change}
    if "allocations" not in body and "indicators" not in body and "specific_indicators" not in body:
        body["allocations"] = [{"objective": "SO3", "eu_contribution": "1"}]  # a real change, refused elsewhere
    if body.get("reason") is None:
        body.pop("reason")
    if body.get("version") is None:
        body.pop("version")
    response = _patch(client, token, body)
    assert response.status_code == 422, response.json
    errors = response.json["errors"]
    assert any(key == field or key.endswith("." + field) for key in errors), errors
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
    assert _get(client, token) == before
    assert len(_get(client, token, "/versions")) == versions


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", ""])
def test_a_body_that_is_not_an_object_is_422(client, admin, body):
    _, token = admin("se")
    response = client.patch("/api/v1/se/programme", data=body, content_type="application/json", headers=bearer(token))
    assert response.status_code == 422 and "_body" in response.json["errors"]


def test_a_stale_version_is_409_and_the_newer_values_stay(client, admin):
    _, token = admin("se")
    read = _get(client, token)["version"]
    first = {"version": read, "reason": "First", "allocations": [{"objective": "SO3", "eu_contribution": "41000001"}]}
    assert _patch(client, token, first).status_code == 200
    second = {"version": read, "reason": "Second", "allocations": [{"objective": "SO3", "eu_contribution": "1"}]}
    response = _patch(client, token, second, **{"Accept-Language": "en"})
    assert response.status_code == 409
    assert str(read + 1) in response.json["error"]["message"]
    now = _get(client, token)
    assert now["version"] == read + 1 and _so(now, "SO3")["eu_contribution"] == "41000001.00"


def test_a_concurrent_edit_waits_for_the_lock_then_answers_409(app, client, admin, database_urls):
    _, token = admin("se")
    read = _get(client, token)["version"]
    body = {"version": read, "reason": "Late", "allocations": [{"objective": "SO3", "eu_contribution": "7"}]}
    result = {}

    def edit():
        result["response"] = app.test_client().patch("/api/v1/se/programme", json=body, headers=bearer(token))

    engine = create_engine(database_urls["app"])
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id(app, "se"))})
        connection.execute(text("SELECT id FROM programmes FOR UPDATE"))
        worker = threading.Thread(target=edit)
        worker.start()
        time.sleep(0.7)
        assert worker.is_alive(), "the second editor waits for the first"
        # The first editor saves its version while the second waits.
        connection.execute(text("UPDATE programmes SET version = version + 1"))
        connection.execute(
            text(
                "INSERT INTO programme_versions (tenant_id, programme_id, number, origin, saved_by_label, saved_at,"
                " reason, snapshot) SELECT tenant_id, programme_id, number + 1, 'app', 'other', now(), 'first',"
                " snapshot FROM programme_versions ORDER BY number DESC LIMIT 1"
            )
        )
    worker.join(timeout=20)
    engine.dispose()
    assert result["response"].status_code == 409
    assert _so(_get(client, token), "SO3")["eu_contribution"] != "7.00"


def test_saved_versions_cannot_be_changed_or_deleted(app, database_urls):
    se = str(tenant_id(app, "se"))
    engine = create_engine(database_urls["app"])
    for statement in ("UPDATE programme_versions SET reason = 'rewritten'", "DELETE FROM programme_versions"):
        with engine.connect() as connection:
            connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": se})
            with pytest.raises(DBAPIError):
                connection.execute(text(statement))
            connection.rollback()
    engine.dispose()


# --- who may: roles and tenants ---------------------------------------------------------------


def test_only_the_ma_administrator_edits_everyone_of_the_tenant_reads_versions(client, admin, platform_token):
    _, officer = admin("se", "case_officer")
    _, applicant = admin("se", "applicant")
    version = _get(client, officer)["version"]
    body = {"version": version, "reason": "x", "allocations": [{"objective": "SO3", "eu_contribution": "1"}]}
    assert _patch(client, officer, body).status_code == 403
    assert _patch(client, applicant, body).status_code == 403
    assert _get(client, officer)["version"] == version
    assert _get(client, officer, "/versions")[0]["number"] == version
    commission = platform_token("commission@amif.demo")
    assert _patch(client, commission, body).status_code == 404
    assert client.get("/api/v1/se/programme/versions", headers=bearer(commission)).status_code == 404


def test_another_tenants_programme_and_versions_are_404_and_never_listed(client, admin):
    _, se_token = admin("se")
    _, fi_token = admin("fi")
    se_count, fi_count = len(_get(client, se_token, "/versions")), len(_get(client, fi_token, "/versions", "fi"))
    fi_version = _get(client, fi_token, code="fi")["version"]
    for i in range(se_count - fi_count + 1):  # fi gets more versions than se has
        body = {
            "version": fi_version + i,
            "reason": f"Vain Suomi {i}",
            "allocations": [{"objective": "SO1", "national_cofinancing": str(i + 1)}],
        }
        assert _patch(client, fi_token, body, code="fi").status_code == 200
    fi_versions = _get(client, fi_token, "/versions", "fi")
    only_in_fi = fi_versions[0]["number"]
    assert only_in_fi not in {v["number"] for v in _get(client, se_token, "/versions")}

    assert client.get(f"/api/v1/se/programme/versions/{only_in_fi}", headers=bearer(se_token)).status_code == 404
    for number in ("0", "-1", "2147483648", "9" * 20):
        assert client.get(f"/api/v1/se/programme/versions/{number}", headers=bearer(se_token)).status_code == 404
    for method, path in (
        ("get", "/api/v1/fi/programme/versions"),
        ("get", "/api/v1/fi/programme/versions/1"),
        ("get", f"/api/v1/fi/programme/versions/{only_in_fi}"),
        ("patch", "/api/v1/fi/programme"),
    ):
        body = {"version": only_in_fi, "reason": "x", "allocations": [{"objective": "SO1", "eu_contribution": "1"}]}
        response = getattr(client, method)(path, json=body if method == "patch" else None, headers=bearer(se_token))
        assert response.status_code == 404, path
    assert _get(client, fi_token, code="fi")["version"] == only_in_fi  # the se token changed nothing

    se_listed = _get(client, se_token, "/versions")
    assert not any(v["reason"].startswith("Vain Suomi") for v in se_listed)
    for number in (v["number"] for v in se_listed):
        assert _get(client, se_token, f"/versions/{number}")["snapshot"]["cci"] == "2021SE65AMPR001"
    fi_listed = _get(client, fi_token, "/versions", "fi")
    assert all(
        _get(client, fi_token, f"/versions/{v['number']}", "fi")["snapshot"]["cci"] != "2021SE65AMPR001"
        for v in fi_listed
    )


def test_rows_of_versions_belong_to_their_tenant_only(app):
    se, fi = tenant_id(app, "se"), tenant_id(app, "fi")
    with app.app_context(), tenant_scope(se):
        assert {v.tenant_id for v in db.session.scalars(select(ProgrammeVersion))} == {se}
    with app.app_context(), tenant_scope(fi):
        assert {v.tenant_id for v in db.session.scalars(select(ProgrammeVersion))} == {fi}


# --- languages ------------------------------------------------------------------------------------


def test_validation_messages_follow_the_callers_language(client, admin):
    _, token = admin("fi")
    version = _get(client, token, code="fi")["version"]
    body = {"version": version, "allocations": [{"objective": "SO1", "eu_contribution": "1"}]}  # no reason
    messages = {}
    for language in ("en", "fi", "sv"):
        response = _patch(client, token, body, code="fi", **{"Accept-Language": language})
        assert response.status_code == 422
        messages[language] = response.json["errors"]["reason"][0]
    assert messages["en"] == "Missing data for required field."
    assert len(set(messages.values())) == 3


def test_own_messages_follow_the_callers_language(client, admin):
    message = "The amount cannot be negative."
    _, token = admin("fi")
    version = _get(client, token, code="fi")["version"]
    body = {"version": version, "reason": "x", "allocations": [{"objective": "SO1", "eu_contribution": "-1"}]}
    messages = {}
    for language in ("en", "fi", "sv"):
        response = _patch(client, token, body, code="fi", **{"Accept-Language": language})
        messages[language] = response.json["errors"]["allocations.0.eu_contribution"][0]
    assert messages["en"] == message
    assert len(set(messages.values())) == 3


# --- programme-specific and added common indicators -------------------------------------------


def test_programme_specific_indicators_are_added_changed_and_removed_in_versions(client, admin, platform_token):
    _, token = admin("se")
    start = _get(client, token)["version"]
    new = {"code": "SE.1", "name": {"sv": "Kursdeltagare", "en": "Course participants"}, "unit": "personer"}
    body = {"version": start, "reason": "Egen indikator", "specific_indicators": [{**new, "target_2029": 500}]}
    added = _patch(client, token, body, **{"Accept-Language": "en"})
    assert added.status_code == 200, added.json
    assert added.json["specific_indicators"] == [
        {
            "code": "SE.1",
            "name": "Course participants",
            "names": new["name"],
            "unit": "personer",
            "milestone_2024": 0,
            "target_2029": 500,
        }
    ]
    changed = {
        "version": start + 1,
        "reason": "Nytt mål",
        "specific_indicators": [{"code": "SE.1", "target_2029": 650}],
    }
    assert _patch(client, token, changed).json["specific_indicators"][0]["target_2029"] == 650
    removed = {"version": start + 2, "reason": "Tas bort", "specific_indicators": [{"code": "SE.1", "remove": True}]}
    assert _patch(client, token, removed).json["specific_indicators"] == []
    held = [_get(client, token, f"/versions/{n}")["snapshot"]["specific_indicators"] for n in range(start, start + 4)]
    assert [[(s["code"], s["target_2029"]) for s in h] for h in held] == [[], [("SE.1", 500)], [("SE.1", 650)], []]
    assert held[1][0]["name"] == new["name"] and held[1][0]["unit"] == "personer"
    # Not reported to the Commission: the Commission's view has no such code.
    commission = client.get("/api/v1/commission/programmes", headers=bearer(platform_token("commission@amif.demo")))
    assert commission.status_code == 200 and "SE.1" not in commission.text


def test_a_common_indicator_of_the_catalogue_can_be_added(client, admin):
    _, token = admin("se")
    before = _get(client, token)
    used = {i["code"] for i in before["indicators"]}
    catalogue = [row["code"] for row in client.get("/api/v1/catalogue/indicators").json]
    code = next(c for c in catalogue if c not in used)
    body = {"version": before["version"], "reason": "Ny", "indicators": [{"code": code, "target_2029": 75}]}
    after = _patch(client, token, body).json
    assert {i["code"]: (i["milestone_2024"], i["target_2029"]) for i in after["indicators"]}[code] == (0, 75)


# --- sync from the tenant files ---------------------------------------------------------------

LATVIA = """
code = "lv"
country = "LV"
currency = "EUR"
languages = ["en"]
timezone = "Europe/Riga"
name.en = "Latvia"
managing_authority.name.en = "Ministry of the Interior of Latvia"
"""
LATVIA_PROGRAMME = """
cci = "2021LV65AMPR001"
title.en = "AMIF national programme of Latvia"
[[allocation]]
objective = "SO2"
eu_contribution = "{eu}"
national_cofinancing = "1000000.00"
"""


def test_sync_records_a_version_per_change_and_never_undoes_an_edit(app, client, make_user, token_for, tmp_path):
    from service.tenancy.sync import sync_folder

    folder = tmp_path / "lv"
    folder.mkdir()
    (folder / "tenant.toml").write_text(LATVIA, encoding="utf-8")

    def sync(eu: str):
        (folder / "programme.toml").write_text(LATVIA_PROGRAMME.format(eu=eu), encoding="utf-8")
        with app.app_context():
            result = sync_folder(folder)
            db.session.commit()
        return result.changed("programme")

    assert sync("3000000.00") and not sync("3000000.00")  # created, then nothing to do
    assert sync("3500000.00")
    uid, _ = make_user("lv", "ma_admin")
    token = token_for("lv", uid)
    listed = _get(client, token, "/versions", "lv")
    assert [(v["number"], v["origin"]) for v in listed] == [(2, "file"), (1, "file")]
    assert listed[0]["reason"].startswith("Synced from ") and listed[0]["reason"].endswith("lv/programme.toml")
    assert _so(_get(client, token, "/versions/1", "lv")["snapshot"], "SO2")["eu_contribution"] == "3000000.00"

    body = {"version": 2, "reason": "Edited in the app", "allocations": [{"objective": "SO2", "eu_contribution": "9"}]}
    assert _patch(client, token, body, code="lv").status_code == 200
    assert not sync("4000000.00")  # the file no longer governs an edited programme
    now = _get(client, token, code="lv")
    assert now["version"] == 3 and _so(now, "SO2")["eu_contribution"] == "9.00"


# --- pages ----------------------------------------------------------------------------------------


class _FormInputs(HTMLParser):
    """The names and values a browser would send for the form posting to ``action``."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.values, self._in_form, self._text, self._select = action, {}, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = a.get("action") == self.action
        if not self._in_form or not a.get("name") and tag != "option":
            return
        if tag == "input" and (a.get("type") != "checkbox" or "checked" in a):
            self.values[a["name"]] = a.get("value", "")
        elif tag in ("textarea", "select"):
            self.values[a["name"]] = ""
            self._text, self._select = (a["name"], None) if tag == "textarea" else (None, a["name"])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._text:
            self.values[self._text] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        self._text = None if tag == "textarea" else self._text
        self._select = None if tag == "select" else self._select


def _form(html: str, action: str) -> dict:
    parser = _FormInputs(action)
    parser.feed(html)
    return parser.values


def _allocation_key(values: dict, objective: str, name: str) -> str:
    prefix = next(k for k, v in values.items() if k.endswith("-objective") and v == objective)[: -len("objective")]
    return prefix + name


@pytest.fixture
def se_admin_browser(client, make_user):
    uid, email = make_user("se", "ma_admin", language="sv")
    assert sign_in(client, "se", email).status_code == 302
    return uid


def test_the_edit_page_saves_a_version_and_the_old_one_stays_readable(client, se_admin_browser, app):
    home = client.get("/se/")
    assert 'href="/se/programme/edit"' in home.text and 'href="/se/programme/versions"' in home.text
    page = client.get("/se/programme/edit")
    assert page.status_code == 200
    values = _form(page.text, "/se/programme/edit")
    number = int(values["version"])
    key = _allocation_key(values, "SO1", "eu_contribution")
    assert values[key] == "105\u00a0000\u00a0000,00"  # shown in the user's locale (sv)
    values[key] = "126 822 000,00"
    values["reason"] = "Omfördelning efter halvtidsöversynen"
    saved = client.post("/se/programme/edit", data=values)
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/se/programme/versions/{number + 1}")
    shown = client.get(saved.headers["Location"])
    assert "Omfördelning efter halvtidsöversynen" in shown.text and "Test ma_admin" in shown.text
    assert "126\u00a0822\u00a0000,00" in shown.text
    assert _stored_allocation(app, "se", "SO1").eu_contribution == Decimal("126822000.00")
    old = client.get(f"/se/programme/versions/{number}")
    assert old.status_code == 200 and "105\u00a0000\u00a0000,00" in old.text
    listed = client.get("/se/programme/versions")
    assert f'href="/se/programme/versions/{number + 1}"' in listed.text and f"/versions/{number}" in listed.text


@pytest.mark.parametrize(
    "change, input_id",
    [
        ({"eu": "-5"}, "{eu}"),
        ({"eu": "12,345"}, "{eu}"),
        ({"eu": "abc"}, "{eu}"),
        ({"reason": ""}, "reason"),
        ({"target": "-1"}, "indicators-0-target_2029"),
        ({"target": "1,5"}, "indicators-0-target_2029"),
    ],
)
def test_bad_input_on_the_page_is_tied_to_its_input_and_saves_nothing(client, se_admin_browser, change, input_id):
    values = _form(client.get("/se/programme/edit").text, "/se/programme/edit")
    number = values["version"]
    eu = _allocation_key(values, "SO1", "eu_contribution")
    values[eu] = change.get("eu", values[eu])
    values["indicators-0-target_2029"] = change.get("target", values["indicators-0-target_2029"])
    values["reason"] = change.get("reason", "En anledning")
    response = client.post("/se/programme/edit", data=values)
    assert response.status_code == 422
    input_id = input_id.format(eu=eu)
    assert f'id="{input_id}-error"' in response.text
    tag = re.search(rf'<(?:input|textarea)[^>]*\bid="{re.escape(input_id)}"[^>]*>', response.text).group(0)
    assert f'{input_id}-error"' in re.search(r'aria-describedby="[^"]*"', tag).group(0)
    assert 'aria-invalid="true"' in tag
    assert f'href="#{input_id}"' in response.text  # the summary at the top links to the input
    assert _form(client.get("/se/programme/edit").text, "/se/programme/edit")["version"] == number


def test_the_page_refuses_a_stale_version_and_a_post_without_csrf(client, se_admin_browser):
    values = _form(client.get("/se/programme/edit").text, "/se/programme/edit")
    number = int(values["version"])
    values["reason"] = "Gammal"
    values[_allocation_key(values, "SO3", "eu_contribution")] = "1"
    stale = client.post("/se/programme/edit", data={**values, "version": str(number - 1)})
    assert stale.status_code == 409 and 'role="alert"' in stale.text
    without = {k: v for k, v in values.items() if k != "csrf_token"}
    assert client.post("/se/programme/edit", data=without).status_code == 400
    assert _form(client.get("/se/programme/edit").text, "/se/programme/edit")["version"] == str(number)


def test_pages_for_other_roles_and_other_tenants(client, make_user):
    _, email = make_user("se", "case_officer")
    assert sign_in(client, "se", email).status_code == 302
    assert 'href="/se/programme/edit"' not in client.get("/se/").text
    assert client.get("/se/programme/edit").status_code == 403
    assert client.get("/se/programme/versions").status_code == 200
    assert client.get("/se/programme/versions/1").status_code == 200
    assert client.get("/se/programme/versions/99999").status_code == 404
    assert client.get("/se/programme/versions/" + "9" * 20).status_code == 404
    for path in ("/fi/programme/edit", "/fi/programme/versions", "/fi/programme/versions/1"):
        assert client.get(path).status_code == 404, path


def test_the_new_api_routes_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "patch" in paths["/api/v1/{tenant}/programme"]
    assert "get" in paths["/api/v1/{tenant}/programme/versions"]
    assert "get" in paths["/api/v1/{tenant}/programme/versions/{number}"]
