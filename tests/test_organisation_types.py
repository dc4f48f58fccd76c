"""Each tenant's own types of organisation (tenants/<code>/organisations.toml, service.organisations.types):
labelled in the country's official terms, the only codes registration, calls and the work queue accept."""

from __future__ import annotations

import tomllib
from html import unescape
from pathlib import Path

import pytest

from service.organisations import types
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    some_number,
)
from tests.calls_support import call_body
from tests.conftest import bearer, sign_in
from tests.work_queue_support import QUEUE, officer  # noqa: F401 - fixtures

TENANTS = Path(__file__).resolve().parent.parent / "tenants"
FINLAND_ONLY = "wellbeing_services_county"  # hyvinvointialue / välfärdsområde: Sweden has none
SWEDEN_ONLY = "faith_community"  # Sweden's "trossamfund"; Finland's list says "parish" (församling)


def listed(code: str) -> list[dict]:
    return tomllib.loads((TENANTS / code / "organisations.toml").read_text(encoding="utf-8"))["types"]


def test_each_tenant_lists_its_own_types_in_its_own_terms(client):
    finnish = client.get("/api/v1/fi/organisation-types", headers={"Accept-Language": "sv"})
    swedish = client.get("/api/v1/se/organisation-types", headers={"Accept-Language": "sv"})
    assert finnish.status_code == swedish.status_code == 200
    assert [t["code"] for t in finnish.json] == [t["code"] for t in listed("fi")]  # in the tenant's order
    assert [t["code"] for t in swedish.json] == [t["code"] for t in listed("se")]
    finland_swedish = {t["code"]: t["label"] for t in finnish.json}
    # Finland's Swedish names Finland's bodies: välfärdsområde, livskraftscentral (the former NTM-central)
    assert finland_swedish[FINLAND_ONLY] == "Välfärdsområde"
    assert finland_swedish["vitality_centre"] == "Livskraftscentral (tidigare NTM-central)"
    assert finland_swedish["regional_or_local_authority"] == "Kommun, samkommun eller landskapsförbund"
    sweden_swedish = {t["code"]: t["label"] for t in swedish.json}
    assert sweden_swedish["regional_or_local_authority"] == "Länsstyrelse, region eller kommun"
    assert sweden_swedish[SWEDEN_ONLY] == "Trossamfund"
    # one tenant's types never appear in the other's list
    assert FINLAND_ONLY not in sweden_swedish and "vitality_centre" not in sweden_swedish
    assert SWEDEN_ONLY not in finland_swedish
    # in the reader's language, every language labelled
    in_finnish = client.get("/api/v1/fi/organisation-types", headers={"Accept-Language": "fi"}).json
    assert {t["code"]: t["label"] for t in in_finnish}[FINLAND_ONLY] == "Hyvinvointialue"
    assert all(set(t["labels"]) == {"sv", "fi", "en"} for t in in_finnish)
    assert client.get("/api/v1/xx/organisation-types").status_code == 404


def test_stored_codes_of_existing_data_still_resolve_in_both_tenants():
    """The codes organisations and calls were stored with before the lists were tenant data."""
    before = {"state_agency", "regional_or_local_authority", "ngo", "university", "other"}
    for code in ("se", "fi"):
        assert before <= {t["code"] for t in listed(code)}, code


@pytest.mark.parametrize(
    "part, field",
    [
        ({}, "organisations.types"),
        ({"types": []}, "organisations.types"),
        ({"types": [{"code": "Kunta", "label": {"sv": "a", "fi": "b", "en": "c"}}]}, "types[0].code"),
        ({"types": [{"code": "x" * 41, "label": {"sv": "a", "fi": "b", "en": "c"}}]}, "types[0].code"),
        ({"types": [{"code": "a-b", "label": {"sv": "a", "fi": "b", "en": "c"}}]}, "types[0].code"),
        ({"types": [{"code": "ngo", "label": {"sv": "a", "fi": " ", "en": "c"}}]}, "types[0].label.fi"),
        ({"types": [{"code": "ngo", "label": {"sv": "a", "fi": "b"}}]}, "types[0].label.en"),
        (
            {"types": [{"code": "ngo", "label": {"sv": "a", "fi": "b", "en": "c"}}] * 2},
            "types[1].code: ngo is listed twice",
        ),
    ],
)
def test_a_wrong_list_is_refused_naming_the_field(part, field):
    with pytest.raises(ValueError, match=field.replace("[", r"\[").replace("]", r"\]")):
        types.check(part, {})


def test_registration_accepts_the_tenants_codes_only(client, make_user, token_for):
    user_id, _ = make_user("fi", "applicant")
    token = token_for("fi", user_id)

    def register(kind: str):
        body = {"name": "Esimerkkilän hyvinvointialue", "number": some_number("fi"), "organisation_type": kind}
        return client.post("/api/v1/fi/organisations", json=body, headers=bearer(token, **{"Accept-Language": "en"}))

    refused = register(SWEDEN_ONLY)
    assert refused.status_code == 422
    assert refused.json["errors"]["organisation_type"] == ["Choose one of the types of organisation."]
    created = register(FINLAND_ONLY)
    assert created.status_code == 201 and created.json["organisation_type"] == FINLAND_ONLY


def test_the_registration_page_offers_the_tenants_types(client, make_user):
    for code, language, present, absent in (
        ("fi", "sv", "Välfärdsområde", "Länsstyrelse, region eller kommun"),
        ("se", "sv", "Trossamfund", "Välfärdsområde"),
    ):
        _user_id, email = make_user(code, "applicant", language=language)
        client = client.application.test_client()  # a new session per tenant
        assert sign_in(client, code, email).status_code == 302
        page = unescape(client.get(f"/{code}/organisations").text)
        options = [t["code"] for t in listed(code)]
        for kind in options:
            assert f'value="{kind}"' in page, (code, kind)
        assert present in page and absent not in page, code


def test_calls_name_the_tenants_types_only(client, admin_headers):
    finnish = admin_headers("fi")
    refused = client.post(
        "/api/v1/fi/calls",
        json=call_body("fi", "TYPES-1", eligible_organisation_types=["ngo", SWEDEN_ONLY]),
        headers={**finnish, "Accept-Language": "en"},
    )
    assert refused.status_code == 422 and "eligible_organisation_types" in refused.json["errors"]
    accepted = client.post(
        "/api/v1/fi/calls",
        json=call_body("fi", "TYPES-2", eligible_organisation_types=[FINLAND_ONLY, "vitality_centre"]),
        headers=finnish,
    )
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["eligible_organisation_types"] == [FINLAND_ONLY, "vitality_centre"]
    refused_in_sweden = client.post(
        "/api/v1/se/calls",
        json=call_body("se", "TYPES-3", eligible_organisation_types=[FINLAND_ONLY]),
        headers=admin_headers("se"),
    )
    assert refused_in_sweden.status_code == 422 and "eligible_organisation_types" in refused_in_sweden.json["errors"]


def test_the_call_form_offers_the_tenants_types(client, make_user):
    _user_id, email = make_user("fi", "ma_admin", language="sv")
    assert sign_in(client, "fi", email).status_code == 302
    page = unescape(client.get("/fi/manage/calls/new").text)
    for kind in listed("fi"):
        assert f'value="{kind["code"]}"' in page, kind["code"]
    assert "Livskraftscentral (tidigare NTM-central)" in page and SWEDEN_ONLY not in page


def test_eligibility_by_type_holds_for_a_tenants_own_type(client, open_call, applicant):
    county = applicant("fi", organisation_type=FINLAND_ONLY)
    body = {"organisation_id": county["organisation_id"], "language": "fi"}
    not_named = open_call("fi", eligible_organisation_types=["ngo"])
    answer = client.post(
        "/api/v1/fi/applications", json={**body, "call_id": not_named["id"]}, headers=county["headers"]
    )
    assert answer.status_code == 409
    named = open_call("fi", eligible_organisation_types=["ngo", FINLAND_ONLY])
    answer = client.post("/api/v1/fi/applications", json={**body, "call_id": named["id"]}, headers=county["headers"])
    assert answer.status_code == 201, answer.json


def test_the_work_queue_filters_by_the_tenants_types_only(client, officer):
    swedish, finnish = officer("se"), officer("fi")
    refused = client.get(
        QUEUE.format(code="se"), query_string={"organisation_type": FINLAND_ONLY}, headers=swedish["headers"]
    )
    assert refused.status_code == 422 and "organisation_type" in refused.json["errors"]
    allowed = client.get(
        QUEUE.format(code="fi"), query_string={"organisation_type": FINLAND_ONLY}, headers=finnish["headers"]
    )
    assert allowed.status_code == 200, allowed.json


def test_the_audit_trail_names_a_type_in_the_tenants_terms(app):
    """service.audit_trail.objects reads the labels of organisation_type through types.TYPE_LABELS."""
    from flask_babel import force_locale

    from service.audit_trail.objects import kind_of
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    labels = kind_of("organisations").enums["organisation_type"]
    for code, expected in (("fi", "Välfärdsområde"), ("se", None)):
        with app.test_request_context(), tenant_scope(tenant_id(app, code)), force_locale("sv"):
            assert labels.get(FINLAND_ONLY) == expected
            assert labels.get("ngo") == {t["code"]: t["label"]["sv"] for t in listed(code)}["ngo"]


def test_amif_tenants_sync_refuses_a_wrong_list(app, tmp_path):
    import shutil

    from service.tenancy.sync import TenantDefinitionError, read_definition

    folder = tmp_path / "fi"
    shutil.copytree(TENANTS / "fi", folder)
    definition, _parts = read_definition(folder)
    assert [t["code"] for t in definition["settings"]["organisations"]["types"]] == [t["code"] for t in listed("fi")]
    (folder / "organisations.toml").write_text('[[types]]\ncode = "kunta"\nlabel.fi = "Kunta"\n', encoding="utf-8")
    with pytest.raises(TenantDefinitionError, match=r"organisations\.types\[0\]\.label\.sv is required"):
        read_definition(folder)
