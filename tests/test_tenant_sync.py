"""Tenants as data: a third country is a folder, not code."""

from __future__ import annotations

import shutil

import pytest

from service.extensions import db
from service.tenancy.sync import TenantDefinitionError, sync_all, sync_folder
from tests.conftest import ROOT, bearer

ESTONIA = """
code = "ee"
country = "EE"
currency = "EUR"
languages = ["en"]
timezone = "Europe/Tallinn"
name.en = "Estonia"
managing_authority.name.en = "Ministry of the Interior of Estonia"
"""
ESTONIA_PROGRAMME = """
cci = "2021EE65AMPR001"
title.en = "AMIF national programme of Estonia"
demo_values = true
[[allocation]]
objective = "SO2"
eu_contribution = "12000000.00"
national_cofinancing = "4000000.00"
[[indicator]]
code = "O.2.3"
milestone_2024 = 100
target_2029 = 900
"""


def test_sync_is_idempotent(app):
    with app.app_context():
        first = sync_all(app.config["AMIF_TENANTS_DIR"])
        db.session.commit()
        second = sync_all(app.config["AMIF_TENANTS_DIR"])
        db.session.commit()
    assert {r.code for r in first} >= {"se", "fi"}
    assert not any(r.created or r.changed("programme") for r in second)


def test_a_third_country_is_a_folder(app, client, make_user, token_for, tmp_path):
    folder = tmp_path / "ee"
    folder.mkdir()
    (folder / "tenant.toml").write_text(ESTONIA, encoding="utf-8")
    (folder / "programme.toml").write_text(ESTONIA_PROGRAMME, encoding="utf-8")
    with app.app_context():
        assert sync_folder(folder).created
        db.session.commit()
    assert client.get("/api/v1/ee").json["timezone"] == "Europe/Tallinn"
    assert client.get("/ee/calls").status_code == 200
    uid, _ = make_user("ee", "ma_admin")
    programme = client.get("/api/v1/ee/programme", headers=bearer(token_for("ee", uid))).json
    assert programme["totals"]["total"] == "16000000.00"  # 12 000 000 + 4 000 000 from the file
    assert client.get("/api/v1/se/programme", headers=bearer(token_for("ee", uid))).status_code == 404


@pytest.mark.parametrize(
    "change, complaint",
    [
        (('currency = "EUR"', 'currency = "euro"'), "currency"),
        (('timezone = "Europe/Tallinn"', 'timezone = "Mars/Olympus"'), "timezone"),
        (('languages = ["en"]', 'languages = ["de"]'), "languages"),
        (('code = "ee"', 'code = "estonia"'), "code"),
        (
            ('name.en = "Estonia"', 'name.en = "Estonia"\nsettings.timezone_names.en = ""'),  # a name is required
            "timezone_names",
        ),
        (
            ('name.en = "Estonia"', 'name.en = "Estonia"\nsettings.timezone_names.de = "Estnische Zeit"'),
            "timezone_names",
        ),
    ],
)
def test_a_broken_folder_is_refused_naming_the_field(app, tmp_path, change, complaint):
    folder = tmp_path / "ee"
    folder.mkdir()
    (folder / "tenant.toml").write_text(ESTONIA.replace(*change), encoding="utf-8")
    with app.app_context(), pytest.raises(TenantDefinitionError, match=complaint):
        sync_folder(folder)


def test_unknown_indicator_in_a_programme_is_refused(app, tmp_path):
    shutil.copytree(ROOT / "tenants" / "se", tmp_path / "se")
    path = tmp_path / "se" / "programme.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('code = "O.1.2"', 'code = "O.9.9"'), encoding="utf-8")
    with app.app_context():
        with pytest.raises(TenantDefinitionError, match="O.9.9"):
            sync_folder(tmp_path / "se")
        db.session.rollback()
