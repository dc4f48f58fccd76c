"""Organisations: national numbers, registering one, inviting colleagues, and who sees what."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from service.extensions import db
from service.organisations import numbers
from service.organisations.models import Membership, Organisation, OrganisationInvitation
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.conftest import PASSWORD, bearer, csrf_token, sign_in, tenant_id, translated
from tests.test_registration import body, link_token, mails_to, new_address, new_link, run_jobs

# --- numbers ------------------------------------------------------------------------------------

NINE_DIGITS = st.text(alphabet="0123456789", min_size=9, max_size=9)
SEVEN_DIGITS = st.text(alphabet="0123456789", min_size=7, max_size=7)


def luhn(payload: str) -> int:
    """Written from the rule (weights 2,1,2,... from the left over nine digits), independently of the code."""
    total = 0
    for index, character in enumerate(payload):
        product = int(character) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def y_check(payload: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(payload, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return None if remainder == 1 else (0 if remainder == 0 else 11 - remainder)


def swedish_number(seed: str) -> str:
    """A valid organisationsnummer built from nine digits (group 8: an association)."""
    nine = "8" + seed[:8]
    return f"{nine[:6]}-{nine[6:]}{luhn(nine)}"


def finnish_number(seed: str) -> str:
    for attempt in range(10):
        payload = f"{seed[:6]}{attempt}"
        if y_check(payload) is not None:
            return f"{payload}-{y_check(payload)}"
    raise AssertionError("no payload")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("212000-0142", "212000-0142"),  # Stockholms stad, as published
        ("2120001355", "212000-1355"),  # Göteborgs stad
        ("556036-0793", "556036-0793"),
        ("16556036-0793", "556036-0793"),  # twelve digits: 16 + the number
        ("165560360793", "556036-0793"),
        ("  556036-0793 ", "556036-0793"),
    ],
)
def test_swedish_numbers_are_normalised(raw, expected):
    assert luhn(expected.replace("-", "")[:9]) == int(expected[-1])  # valid by the rule, not by trust
    assert numbers.normalise("SE", raw) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("556036-0794", "check_digit"),
        ("212000-0143", "check_digit"),
        ("55603-60793", "format"),
        ("556036+0793", "format"),
        ("556036-079", "format"),
        ("18556036-0793", "format"),  # 18/19/20 prefix persons, not organisations
        ("٥٥٦٠٣٦-٠٧٩٣", "format"),  # Arabic-Indic digits are digits to Python, not to Bolagsverket
        ("", "format"),
        ("1" * 41, "format"),
    ],
)
def test_swedish_numbers_that_are_refused(raw, reason):
    with pytest.raises(numbers.InvalidNumber) as refused:
        numbers.normalise("SE", raw)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "raw, expected", [("0112038-9", "0112038-9"), ("15728600", "1572860-0"), ("0737546-2", "0737546-2")]
)
def test_finnish_business_ids_are_normalised(raw, expected):
    assert y_check(expected[:7]) == int(expected[-1])
    assert numbers.normalise("FI", raw) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("0737546-1", "check_digit"),
        ("0112038-8", "check_digit"),
        ("112038-9", "format"),  # the old six-digit form: no official padding rule, so refused
        ("0112038 9", "format"),
        ("FI01120389", "format"),
        ("556036-0793", "format"),  # a Swedish number in the Finnish tenant
    ],
)
def test_finnish_business_ids_that_are_refused(raw, reason):
    with pytest.raises(numbers.InvalidNumber) as refused:
        numbers.normalise("FI", raw)
    assert refused.value.reason == reason


def test_a_payload_with_remainder_one_has_no_valid_business_id():
    payload = next(f"{n:07d}" for n in range(10_000_000) if y_check(f"{n:07d}") is None)
    assert not any(numbers.is_valid("FI", f"{payload}-{d}") for d in range(10))


@given(NINE_DIGITS)
def test_any_nine_digits_with_their_luhn_digit_are_a_swedish_number(nine):
    assert numbers.normalise("SE", nine + str(luhn(nine))) == f"{nine[:6]}-{nine[6:]}{luhn(nine)}"


@given(NINE_DIGITS, st.integers(min_value=1, max_value=9))
def test_any_other_last_digit_is_refused(nine, offset):
    wrong = (luhn(nine) + offset) % 10
    assert not numbers.is_valid("SE", nine + str(wrong))


@given(SEVEN_DIGITS)
def test_any_seven_digits_with_their_check_digit_are_a_business_id(seven):
    check = y_check(seven)
    if check is None:
        assert not any(numbers.is_valid("FI", f"{seven}-{d}") for d in range(10))
    else:
        assert numbers.normalise("FI", f"{seven}-{check}") == f"{seven}-{check}"
        assert [d for d in range(10) if numbers.is_valid("FI", f"{seven}-{d}")] == [check]


# --- helpers -------------------------------------------------------------------------------------


def random_seed() -> str:
    return f"{uuid.uuid4().int % 10**9:09d}"


def create_organisation(client, code, token, *, number=None, name=None, organisation_type="ngo", **headers):
    number = number or (swedish_number(random_seed()) if code == "se" else finnish_number(random_seed()))
    payload = {
        "name": name or f"Förening {uuid.uuid4().hex[:6]}",
        "number": number,
        "organisation_type": organisation_type,
    }
    return client.post(f"/api/v1/{code}/organisations", json=payload, headers=bearer(token, **headers))


@pytest.fixture
def applicant(make_user, token_for):
    """A confirmed applicant with an API token: applicant("se") -> (user id, e-mail, token)."""

    def make(code: str = "se"):
        uid, address = make_user(code, "applicant")
        return uid, address, token_for(code, uid)

    return make


def _count(app, code, model, *conditions) -> int:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


# --- registering an organisation ---------------------------------------------------------------


def test_an_applicant_registers_an_organisation_on_the_page(app, client, make_user):
    uid, address = make_user("se", "applicant")
    sign_in(client, "se", address)
    page = client.get("/se/organisations")
    label = translated("Organisation number (organisationsnummer)", "sv")  # the page is in the tenant's Swedish
    assert page.status_code == 200 and label in page.text
    assert 'aria-describedby="organisation-number-hint"' in page.text
    seed = random_seed()
    number = swedish_number(seed).replace("-", "")
    response = client.post(
        "/se/organisations",
        data={
            "organisation-csrf_token": csrf_token(page.text),
            "organisation-name": "  Röda  Korset   Umeå ",
            "organisation-number": number,
            "organisation-organisation_type": "ngo",
        },
    )
    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    assert "Röda Korset Umeå" in shown.text and swedish_number(seed) in shown.text and address in shown.text
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        organisation = db.session.scalar(select(Organisation).where(Organisation.number == swedish_number(seed)))
        assert organisation.country == "SE" and organisation.name == "Röda Korset Umeå"
        membership = db.session.scalar(select(Membership).where(Membership.organisation_id == organisation.id))
        assert (membership.user_id, membership.role) == (uid, "owner")


def test_the_finnish_tenant_takes_a_business_id(app, client, applicant):
    _, _, token = applicant("fi")
    refused = create_organisation(client, "fi", token, number=swedish_number(random_seed()))
    assert refused.status_code == 422 and "Y-tunnus" in refused.json["errors"]["number"][0]
    created = create_organisation(client, "fi", token, number=finnish_number(random_seed()).replace("-", ""))
    assert created.status_code == 201 and created.json["country"] == "FI" and created.json["number"][7] == "-"


def test_a_number_already_registered_is_refused_with_a_way_forward(app, client, applicant):
    owner_id, owner_address, owner_token = applicant("se")
    number = swedish_number(random_seed())
    assert create_organisation(client, "se", owner_token, number=number, name="Första föreningen").status_code == 201
    _, _, token = applicant("se")
    again = create_organisation(client, "se", token, number=number.replace("-", ""))
    assert again.status_code == 422
    message = again.json["errors"]["number"][0]
    expected = translated(
        "An organisation with this number is already registered. Ask a member of that organisation to invite you: "
        "they can do it on the organisation's page.",
        "sv",
    )
    assert message == expected and owner_address not in again.text and "Första" not in again.text
    assert _count(app, "se", Organisation, Organisation.number == number) == 1


def test_staff_read_every_organisation_but_do_not_register_one(app, client, applicant, make_user, token_for):
    _, _, token = applicant("se")
    created = create_organisation(client, "se", token).json
    admin, _ = make_user("se", "ma_admin")
    admin_token = token_for("se", admin)
    assert created["id"] in {o["id"] for o in client.get("/api/v1/se/organisations", headers=bearer(admin_token)).json}
    assert client.get(f"/api/v1/se/organisations/{created['id']}", headers=bearer(admin_token)).status_code == 200
    assert create_organisation(client, "se", admin_token).status_code == 403
    invite = client.post(
        f"/api/v1/se/organisations/{created['id']}/invitations", json={"email": "x@y.se"}, headers=bearer(admin_token)
    )
    assert invite.status_code == 403


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"number": "{number}", "organisation_type": "ngo"}, "name"),
        ({"name": "", "number": "{number}", "organisation_type": "ngo"}, "name"),
        ({"name": "A" * 201, "number": "{number}", "organisation_type": "ngo"}, "name"),
        ({"name": "A\u0000", "number": "{number}", "organisation_type": "ngo"}, "name"),
        ({"name": 7, "number": "{number}", "organisation_type": "ngo"}, "name"),
        ({"name": "A", "organisation_type": "ngo"}, "number"),
        ({"name": "A", "number": 5560360793, "organisation_type": "ngo"}, "number"),
        ({"name": "A", "number": "556036-0794", "organisation_type": "ngo"}, "number"),
        ({"name": "A", "number": "1" * 300, "organisation_type": "ngo"}, "number"),
        ({"name": "A", "number": "{number}", "organisation_type": "pirates"}, "organisation_type"),
        # Finland's, not Sweden's (tenants/*/organisations.toml)
        ({"name": "A", "number": "{number}", "organisation_type": "wellbeing_services_county"}, "organisation_type"),
        ({"name": "A", "number": "{number}"}, "organisation_type"),
        ({"name": "A", "number": "{number}", "organisation_type": "ngo", "tenant_id": 2}, "tenant_id"),
    ],
)
def test_bad_organisations_are_422_and_change_nothing(app, client, applicant, payload, field):
    uid, _, token = applicant("se")
    number = swedish_number(random_seed())
    payload = {k: (number if v == "{number}" else v) for k, v in payload.items()}
    answer = client.post("/api/v1/se/organisations", json=payload, headers=bearer(token))
    assert answer.status_code == 422 and field in answer.json["errors"], answer.json
    assert _count(app, "se", Membership, Membership.user_id == uid) == 0
    assert _count(app, "se", Organisation, Organisation.number == number) == 0


def test_organisation_messages_follow_the_callers_language(client, applicant):
    _, _, token = applicant("fi")
    messages = {}
    for language in ("en", "fi", "sv"):
        answer = client.post(
            "/api/v1/fi/organisations",
            json={"name": "A", "organisation_type": "ngo"},
            headers=bearer(token, **{"Accept-Language": language}),
        )
        messages[language] = answer.json["errors"]["number"][0]
    assert messages["en"] == "Missing data for required field." and len(set(messages.values())) == 3


def test_page_shows_the_refusal_beside_the_number(app, client, make_user):
    _, address = make_user("se", "applicant")
    sign_in(client, "se", address)
    page = client.get("/se/organisations")
    response = client.post(
        "/se/organisations",
        data={
            "organisation-csrf_token": csrf_token(page.text),
            "organisation-name": "Föreningen",
            "organisation-number": "556036-0794",
            "organisation-organisation_type": "ngo",
        },
    )
    assert response.status_code == 422
    check_digit = translated(
        "%(number_name)s is not valid: the check digit does not match. Check for a typing error.", "sv"
    )
    assert 'id="organisation-number-error"' in response.text
    assert check_digit.split("%(number_name)s")[-1].strip()[:20] in response.text
    assert 'aria-describedby="organisation-number-hint organisation-number-error"' in response.text


# --- invitations ----------------------------------------------------------------------------


def test_a_member_invites_a_new_colleague_who_registers_through_the_link(app, client, make_user):
    _, owner = make_user("fi", "applicant", language="sv")
    sign_in(client, "fi", owner)
    page = client.get("/fi/organisations")
    created = client.post(
        "/fi/organisations",
        data={
            "organisation-csrf_token": csrf_token(page.text),
            "organisation-name": "Svenska föreningen i Åbo",
            "organisation-number": finnish_number(random_seed()),
            "organisation-organisation_type": "ngo",
        },
    )
    organisation_page = created.headers["Location"]
    page = client.get(organisation_page)
    colleague = new_address("fi", "colleague")
    invited = client.post(
        f"{organisation_page}/invitations",
        data={
            "invitation-csrf_token": csrf_token(page.text),
            "invitation-email": colleague,
            "invitation-language": "sv",
        },
    )
    assert invited.status_code == 302
    run_jobs(app, "fi", "organisations.send_invitation")
    [message] = mails_to(app, colleague)
    assert message["Content-Language"] == "sv" and "Svenska föreningen i Åbo" in message["Subject"]
    token = link_token(message, "fi", "invitations")

    newcomer = app.test_client()
    form = newcomer.get(f"/fi/invitations/{token}")
    assert form.status_code == 200 and colleague in form.text and 'autocomplete="new-password"' in form.text
    joined = newcomer.post(
        f"/fi/invitations/{token}",
        data={"csrf_token": csrf_token(form.text), "name": "Kollega", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert joined.status_code == 302 and joined.headers["Location"] == organisation_page
    members = newcomer.get(organisation_page)
    assert members.status_code == 200 and owner in members.text and colleague in members.text
    assert sign_in(app.test_client(), "fi", colleague).status_code == 302  # the link proved the address
    assert newcomer.get(f"/fi/invitations/{token}").status_code == 404  # used up
    assert translated("Accepted", "sv") in client.get(organisation_page).text


def test_an_existing_applicant_signs_in_then_joins(app, client, applicant, make_user):
    _, _, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    _, colleague = make_user("se", "applicant")
    invited = client.post(
        f"/api/v1/se/organisations/{organisation['id']}/invitations", json={"email": colleague}, headers=bearer(token)
    )
    assert invited.status_code == 201 and invited.json["status"] == "pending"
    run_jobs(app, "se", "organisations.send_invitation")
    link = link_token(mails_to(app, colleague)[-1], "se", "invitations")
    browser = app.test_client()
    page = browser.get(f"/se/invitations/{link}")
    assert page.status_code == 200 and "/se/login?next=" in page.text and 'type="password"' not in page.text
    sign_in(browser, "se", colleague)
    page = browser.get(f"/se/invitations/{link}")
    assert browser.post(f"/se/invitations/{link}", data={"csrf_token": csrf_token(page.text)}).status_code == 302
    members = client.get(f"/api/v1/se/organisations/{organisation['id']}/members", headers=bearer(token)).json
    assert {m["email"]: m["role"] for m in members}[colleague] == "member"
    statuses = client.get(f"/api/v1/se/organisations/{organisation['id']}/invitations", headers=bearer(token)).json
    assert [i["status"] for i in statuses if i["email"] == colleague] == ["accepted"]


def test_accepting_through_the_api_with_and_without_an_account(app, client, applicant):
    _, _, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    newcomer = new_address("se", "api-newcomer")
    _, existing_address, existing_token = applicant("se")
    for address in (newcomer, existing_address):
        client.post(
            f"/api/v1/se/organisations/{organisation['id']}/invitations", json={"email": address}, headers=bearer(token)
        )
    run_jobs(app, "se", "organisations.send_invitation")
    new_link = link_token(mails_to(app, newcomer)[-1], "se", "invitations")
    old_link = link_token(mails_to(app, existing_address)[-1], "se", "invitations")

    elsewhere = client.post(
        "/api/v1/fi/invitations/accept", json={"token": new_link, "name": "Ny Person", "password": PASSWORD}
    )
    assert elsewhere.status_code == 422 and "token" in elsewhere.json["errors"]  # another tenant's link
    missing = client.post("/api/v1/se/invitations/accept", json={"token": new_link})
    assert missing.status_code == 422 and {"name", "password"} <= set(missing.json["errors"])
    created = client.post(
        "/api/v1/se/invitations/accept", json={"token": new_link, "name": "Ny Person", "password": PASSWORD}
    )
    assert created.status_code == 201 and created.json["organisation"]["id"] == organisation["id"]
    has_account = client.post(
        "/api/v1/se/invitations/accept", json={"token": old_link, "name": "X", "password": "whatever whatever"}
    )
    assert has_account.status_code == 422 and "email" in has_account.json["errors"]
    joined = client.post("/api/v1/se/invitations/accept", json={"token": old_link}, headers=bearer(existing_token))
    assert joined.status_code == 200 and joined.json["role"] == "member"
    mine = client.get("/api/v1/se/organisations", headers=bearer(existing_token)).json
    assert [o["id"] for o in mine] == [organisation["id"]]


def test_only_members_invite_and_see_members(app, client, applicant):
    _, _, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    _, _, outsider = applicant("se")
    base = f"/api/v1/se/organisations/{organisation['id']}"
    assert client.post(f"{base}/invitations", json={"email": "a@b.se"}, headers=bearer(outsider)).status_code == 404
    assert client.get(f"{base}/members", headers=bearer(outsider)).status_code == 404
    assert _count(app, "se", OrganisationInvitation, OrganisationInvitation.organisation_id == organisation["id"]) == 0


def test_bad_invitations_are_422_and_change_nothing(app, client, applicant):
    _, address, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    url = f"/api/v1/se/organisations/{organisation['id']}/invitations"
    for payload, field in (
        ({}, "email"),
        ({"email": "not an address"}, "email"),
        ({"email": ["a@b.se"]}, "email"),
        ({"email": address}, "email"),  # already a member
        ({"email": "a@b.se", "language": "de"}, "language"),
        ({"email": "a@b.se", "organisation_id": 1}, "organisation_id"),
    ):
        answer = client.post(url, json=payload, headers=bearer(token))
        assert answer.status_code == 422 and field in answer.json["errors"], (payload, answer.json)
    assert client.get(url, headers=bearer(token)).json == []


def test_a_newer_invitation_replaces_the_pending_one_and_links_expire(app, client, applicant):
    _, _, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    address = new_address("se", "twice")
    url = f"/api/v1/se/organisations/{organisation['id']}/invitations"
    invite = lambda: client.post(url, json={"email": address}, headers=bearer(token))  # noqa: E731
    first = new_link(app, "se", address, "invitations", invite)
    second = new_link(app, "se", address, "invitations", invite)
    assert client.get(f"/se/invitations/{first}").status_code == 404
    assert client.get(f"/se/invitations/{second}").status_code == 200
    assert client.get(f"/fi/invitations/{second}").status_code == 404  # another tenant's link
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        db.session.execute(
            update(OrganisationInvitation)
            .where(OrganisationInvitation.email == address)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get(f"/se/invitations/{second}").status_code == 404
    statuses = sorted(i["status"] for i in client.get(url, headers=bearer(token)).json)
    assert statuses == ["expired", "revoked"]


def test_staff_cannot_join_an_organisation(app, client, applicant, make_user):
    _, _, token = applicant("se")
    organisation = create_organisation(client, "se", token).json
    _, officer = make_user("se", "case_officer")
    answer = client.post(
        f"/api/v1/se/organisations/{organisation['id']}/invitations", json={"email": officer}, headers=bearer(token)
    )
    assert answer.status_code == 422 and "email" in answer.json["errors"]


# --- isolation -----------------------------------------------------------------------------------


def test_a_member_of_one_organisation_cannot_see_another(app, client, applicant, make_user):
    _, _, token_a = applicant("se")
    a = create_organisation(client, "se", token_a).json
    _, address_b, token_b = applicant("se")
    b = create_organisation(client, "se", token_b).json
    assert [o["id"] for o in client.get("/api/v1/se/organisations", headers=bearer(token_a)).json] == [a["id"]]
    for suffix in ("", "/members", "/invitations"):
        assert client.get(f"/api/v1/se/organisations/{b['id']}{suffix}", headers=bearer(token_a)).status_code == 404
    sign_in(client, "se", address_b)
    assert client.get(f"/se/organisations/{a['id']}").status_code == 404
    assert a["name"] not in client.get("/se/organisations").text


def test_another_tenants_organisations_are_404_and_never_listed(app, client, applicant, make_user, token_for):
    _, fi_address, fi_token = applicant("fi")
    fi_org = create_organisation(client, "fi", fi_token).json
    _, se_address, se_token = applicant("se")
    se_admin, _ = make_user("se", "ma_admin")
    for token in (se_token, token_for("se", se_admin)):
        for suffix in ("", "/members", "/invitations"):
            path = f"/api/v1/se/organisations/{fi_org['id']}{suffix}"
            assert client.get(path, headers=bearer(token)).status_code == 404, path
        invite = client.post(
            f"/api/v1/se/organisations/{fi_org['id']}/invitations", json={"email": "a@b.se"}, headers=bearer(token)
        )
        assert invite.status_code == 404
        assert fi_org["id"] not in {o["id"] for o in client.get("/api/v1/se/organisations", headers=bearer(token)).json}
        assert client.get("/api/v1/fi/organisations", headers=bearer(token)).status_code == 404  # se token in fi
    sign_in(client, "se", se_address)
    assert client.get(f"/se/organisations/{fi_org['id']}").status_code == 404
    assert client.get(f"/fi/organisations/{fi_org['id']}").status_code == 404  # a Swedish session in Finland
    assert client.get("/fi/organisations").status_code == 404
    assert fi_org["name"] not in client.get("/se/organisations").text


def test_invitation_email_names_the_inviter_and_the_tenant_link(app, client, make_user, token_for):
    uid, _ = make_user("se", "applicant", language="en")
    token = token_for("se", uid)
    organisation = create_organisation(client, "se", token).json
    address = new_address("se", "mail")
    client.post(
        f"/api/v1/se/organisations/{organisation['id']}/invitations",
        json={"email": address},
        headers=bearer(token, **{"Accept-Language": "en"}),
    )
    run_jobs(app, "se", "organisations.send_invitation")
    [message] = mails_to(app, address)
    text = body(message)
    assert "Test applicant" in text and f"{app.config['AMIF_BASE_URL']}/se/invitations/" in text
    assert message["Content-Language"] == "en"


def test_the_openapi_document_describes_registration_and_organisations(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").json
    expected = {
        "/api/v1/{tenant}/registrations": {"post"},
        "/api/v1/{tenant}/registrations/verify": {"post"},
        "/api/v1/{tenant}/registrations/resend": {"post"},
        "/api/v1/{tenant}/organisations": {"get", "post"},
        "/api/v1/{tenant}/organisations/{organisation_id}": {"get"},
        "/api/v1/{tenant}/organisations/{organisation_id}/members": {"get"},
        "/api/v1/{tenant}/organisations/{organisation_id}/invitations": {"get", "post"},
        "/api/v1/{tenant}/invitations/accept": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(spec["paths"][path]), path
    # Valid on its own, whatever other domains' paths say.
    validate({**spec, "paths": {path: spec["paths"][path] for path in expected}})
    assert {"Registration", "OrganisationCreate", "Invitation", "Member"} <= set(spec["components"]["schemas"])
