"""An applicant's request on one application reads the token, its person and the application in one statement
(service.api.auth.read_with_token; issue 15's deadline peak), and nothing else changes: who may see what, the row
lock, 401 against 404, the security events."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from service.accounts.models import ApiToken, User
from service.api.auth import FIRST_READ
from service.applications import util
from service.applications.models import Application
from service.extensions import db
from service.security_events.models import SecurityEvent
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import bearer, tenant_id
from tests.test_applicant_request_statements import statements
from tests.test_applications_api import PDF, complete, save, start

# The applications' routes on one application that only MA staff use: they read no applicant's application with the
# token. (Other domains' routes on an application, the assessment's or the decisions', are staff's.)
STAFF_ONLY = {"api_tenant.request_supplement"}


def test_every_route_on_an_application_an_applicant_uses_reads_it_with_the_token(app):
    on_an_application = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api_tenant.")
        and "application_id" in rule.arguments
        and app.view_functions[rule.endpoint].__module__.startswith("service.applications.")
    }
    marked = {name for name in on_an_application if getattr(app.view_functions[name], FIRST_READ, None) is not None}
    assert on_an_application - STAFF_ONLY == marked and len(marked) >= 17, sorted(on_an_application - marked)


def _asked(app, client, method: str, url: str, person: dict, **kwargs):
    with statements(app) as sent:
        answer = client.open(url, method=method, headers=person["headers"], **kwargs)
    return answer, sent


def _read_once_with_the_application(sent: list[str]) -> None:
    said = "\n".join(sent)
    tokens = [s for s in sent if "FROM api_tokens" in s]
    assert len(tokens) == 1 and "JOIN applications" in tokens[0] and "organisation_members" in tokens[0], said
    # The application is not read again on its own (the statement of util._MINE_QUERIES).
    assert not [s for s in sent if s.startswith("SELECT applications.") and "organisation_members" in s], said


def test_an_applicant_s_whole_journey_reads_the_token_once_with_the_application(app, client, open_call, applicant):
    person = applicant("fi")
    application = start(client, "fi", person, open_call("fi"))
    url = f"/api/v1/fi/applications/{application['id']}"
    line = {"year": 2027, "category": "travel", "description": "Matkat", "amount": "1 000,00"}
    partner = {"name": "Föreningen Språkvän", "number": "802000-0000", "role": "Språkcaféer", "budget_share": "0"}
    steps = [
        ("GET", url, {}),
        ("PATCH", url, {"json": {"version": application["version"], "fields": {"summary": "Kieli­kahvila."}}}),
        ("GET", f"{url}/check", {}),
        ("POST", f"{url}/budget-lines", {"json": line}),
        ("POST", f"{url}/partners", {"json": partner}),
        ("POST", f"{url}/indicators", {"json": {"indicator_code": "O.2.3", "planned_value": 120}}),
    ]
    made = {}
    for method, address, kwargs in steps:
        answer, sent = _asked(app, client, method, address, person, **kwargs)
        assert answer.status_code in (200, 201), (method, address, answer.json)
        _read_once_with_the_application(sent)
        made[address.rsplit("/", 1)[-1]] = answer.json
    upload = {"kind": "other", "file": (io.BytesIO(PDF), "Liite.pdf")}
    answer, sent = _asked(app, client, "POST", f"{url}/attachments", person, data=upload)
    assert answer.status_code == 201, answer.json
    _read_once_with_the_application(sent)
    attachment = answer.json["id"]
    line_id, partner_id = made["budget-lines"]["id"], made["partners"]["id"]
    indicator_id = made["indicators"]["id"]
    changes = [
        ("PUT", f"{url}/budget-lines/{line_id}", {"json": {**line, "version": made["budget-lines"]["version"]}}),
        ("PATCH", f"{url}/partners/{partner_id}", {"json": {"role": "Kerhot", "version": made["partners"]["version"]}}),
        ("PATCH", f"{url}/indicators/{indicator_id}", {"json": {"planned_value": 130, "version": 1}}),
        ("GET", f"{url}/attachments/{attachment}", {}),
        ("DELETE", f"{url}/attachments/{attachment}", {}),
        ("DELETE", f"{url}/partners/{partner_id}", {}),
        ("DELETE", f"{url}/indicators/{indicator_id}", {}),
        ("DELETE", f"{url}/budget-lines/{line_id}", {}),
    ]
    for method, address, kwargs in changes:
        answer, sent = _asked(app, client, method, address, person, **kwargs)
        assert answer.status_code in (200, 204), (method, address, answer.get_json(silent=True))
        _read_once_with_the_application(sent)
    ready = complete(client, "fi", person, client.get(url, headers=person["headers"]).json)
    answer, sent = _asked(app, client, "POST", f"{url}/submit", person, json={"version": ready["version"]})
    assert answer.status_code == 201, answer.json
    _read_once_with_the_application(sent)
    assert "FOR UPDATE OF applications" in next(s for s in sent if "FROM api_tokens" in s)
    answer, sent = _asked(app, client, "GET", f"{url}/submissions/1", person)
    assert answer.status_code == 200 and answer.json["receipt"], answer.json
    _read_once_with_the_application(sent)


def test_staff_read_a_submitted_application_as_before(app, client, open_call, applicant, make_user, token_for):
    person = applicant("fi")
    application = start(client, "fi", person, open_call("fi"))
    url = f"/api/v1/fi/applications/{application['id']}"
    officer = {"headers": bearer(token_for("fi", make_user("fi", "case_officer")[0]))}
    # A draft is the applicant's own work: staff do not see it; only applicants save (the route refuses the role).
    assert client.get(url, headers=officer["headers"]).status_code == 404
    assert save(client, "fi", officer, application, summary="Virkailijan teksti.").status_code == 403
    ready = complete(client, "fi", person, application)
    submitted = client.post(f"{url}/submit", json={"version": ready["version"]}, headers=person["headers"])
    assert submitted.status_code == 201, submitted.json
    answer, sent = _asked(app, client, "GET", url, officer)
    # The token's statement finds no application of theirs (they are members of no organisation): it is read as
    # staff read it, by its id within the tenant.
    assert answer.status_code == 200 and answer.json["reference"], answer.json
    assert len([s for s in sent if "FROM api_tokens" in s]) == 1, "\n".join(sent)
    assert client.get(f"{url}/check", headers=officer["headers"]).status_code == 200
    refused = save(client, "fi", officer, {**ready, "version": answer.json["version"]}, summary="Ei.")
    assert refused.status_code == 403


def test_a_revoked_or_expired_token_or_a_deactivated_person_is_401_whatever_came_along(
    app, client, open_call, applicant
):
    person = applicant("fi")
    application = start(client, "fi", person, open_call("fi"))
    url = f"/api/v1/fi/applications/{application['id']}"
    sent = {"json": {"version": application["version"], "fields": {"summary": "Ei tallennu."}}}
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        token = db.session.scalars(select(ApiToken).where(ApiToken.user_id == person["id"])).one()
        token_id = token.id

    def set_token(**values):
        with app.app_context(), tenant_scope(tenant_id(app, "fi")):
            db.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(**values))
            db.session.commit()

    def refused() -> None:
        assert client.get(url, headers=person["headers"]).status_code == 401
        answer, asked = _asked(app, client, "PATCH", url, person, **sent)
        assert answer.status_code == 401
        # Nothing was read along, nor locked: the statement with the application found no row, and the token was
        # then read alone (and refused).
        tokens = [s for s in asked if "FROM api_tokens" in s]
        assert len(tokens) == 2 and "applications" not in tokens[1], "\n".join(asked)

    set_token(revoked_at=utcnow())
    refused()
    set_token(revoked_at=None, expires_at=utcnow() - timedelta(seconds=1))
    refused()
    set_token(expires_at=None)
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.execute(update(User).where(User.id == person["id"]).values(active=False))
        db.session.commit()
    refused()
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        db.session.execute(update(User).where(User.id == person["id"]).values(active=True))
        db.session.commit()
        kept = db.session.get(Application, application["id"])
        assert kept.version == application["version"] and kept.sections.get("summary", "") == ""
    assert client.get(url, headers=person["headers"]).status_code == 200


@pytest.mark.parametrize("method", ["GET", "PATCH"])
def test_another_tenant_s_token_is_404_and_a_security_event(app, client, open_call, applicant, method):
    owner, elsewhere = applicant("fi"), applicant("se")
    application = start(client, "fi", owner, open_call("fi"))
    url = f"/api/v1/fi/applications/{application['id']}"
    body = {"json": {"version": application["version"], "fields": {"summary": "Toisen maan."}}}
    answer = client.open(url, method=method, headers=elsewhere["headers"], **(body if method == "PATCH" else {}))
    assert answer.status_code == 404
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        events = db.session.scalars(
            select(SecurityEvent).where(SecurityEvent.actor == "foreign_token", SecurityEvent.path == url)
        ).all()
        assert events and all(e.tenant_id == tenant_id(app, "fi") for e in events)
        kept = db.session.get(Application, application["id"])
        assert kept.version == application["version"]


def test_what_came_with_the_token_serves_one_read_of_the_same_person_kind_and_transaction(
    app, client, open_call, applicant
):
    owner = applicant("fi")
    application = start(client, "fi", owner, open_call("fi"))
    colleague = applicant("fi", organisation_id=owner["organisation_id"])  # who may read it too, but did not ask
    kind = (True, False)
    with app.test_request_context(), tenant_scope(tenant_id(app, "fi")):
        person = db.session.get(User, owner["id"])
        other = db.session.get(User, colleague["id"])
        row = db.session.execute(
            util._MINE_QUERIES[kind], {"application_id": application["id"], "user_id": person.id}
        ).first()

        def kept_for(who, application_id, read_kind, *, roll_back=False):
            util._WITH_TOKEN[kind].received(person, tuple(row))
            if roll_back:
                db.session.rollback()  # as an idempotency key's retry may, before the view reads
            return util._read_with_token(who, application_id, read_kind)

        assert kept_for(person, application["id"], kind)[0].id == application["id"]
        assert util._read_with_token(person, application["id"], kind) is None  # used once
        assert kept_for(other, application["id"], kind) is None  # another person
        assert kept_for(person, application["id"], (False, False)) is None  # another kind of read
        assert kept_for(person, application["id"] + 1, kind) is None  # another application
        assert kept_for(person, application["id"], kind, roll_back=True) is None  # another transaction: no lock
        db.session.rollback()
