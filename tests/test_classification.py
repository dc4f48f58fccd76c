"""Classifying applications (issue 11): the applicant proposes a specific objective of the call and an AMIF Annex VI
type of intervention of it; the case officer confirms, or corrects with a reason (also outside the call); the
project carries it. In the API and on the pages; bad input is refused and changes nothing; another tenant's
application is 404."""

from __future__ import annotations

import re

from markupsafe import escape

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import csrf_token, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    decision_url,
    decisions_url,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)
from tests.test_application_pages import browser_of, editor
from tests.test_applications_api import save, start

# The calls of these tests (tests/calls_support.call_body) cover SO2 and SO1. Codes: AMIF Annex VI Table 1
# (service/catalogue/data/types_of_intervention.toml): SO2 003 "Integration measures – information and
# orientation, one-stop shops", SO2 004 "… – language training", SO1 004 "Children in migration", SO3 004
# "Assisted voluntary return"; SO2 has codes 001–012, so 013 is none of its own.


def classification_url(code: str, application_id: int) -> str:
    return f"/api/v1/{code}/assessment/applications/{application_id}/classification"


def test_the_applicant_proposes_among_the_calls_objectives_and_their_types_of_intervention(
    client, open_call, applicant
):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    url = f"/api/v1/se/applications/{application['id']}"

    outside = save(client, "se", person, application, proposed_objective="SO3", proposed_intervention="004")
    assert outside.status_code == 422 and "proposed_objective" in outside.json["errors"]
    other = save(client, "se", person, application, proposed_objective="SO2", proposed_intervention="013")
    assert other.status_code == 422 and "proposed_intervention" in other.json["errors"]
    of_another = save(client, "se", person, application, proposed_objective="SO1", proposed_intervention="009")
    assert of_another.status_code == 422 and "SO1" in of_another.json["errors"]["proposed_intervention"][0]
    alone = save(client, "se", person, application, proposed_intervention="003")
    assert alone.status_code == 422 and "proposed_intervention" in alone.json["errors"]
    nonsense = save(client, "se", person, application, proposed_objective=["SO2"], proposed_intervention="x" * 9)
    assert nonsense.status_code == 422
    unchanged = client.get(url, headers=person["headers"]).json
    assert unchanged["classification"]["proposed_objective"] is None and unchanged["version"] == application["version"]

    saved = save(client, "se", person, application, proposed_objective="SO2", proposed_intervention="003")
    assert saved.status_code == 200, saved.json
    assert saved.json["field_versions"]["proposed_objective"]["version"] == saved.json["version"]
    shown = client.get(url, headers=person["headers"]).json["classification"]
    assert (shown["proposed_objective"], shown["proposed_intervention"], shown["status"]) == ("SO2", "003", "proposed")
    assert (shown["specific_objective"], shown["intervention_field"]) == ("SO2", "003")
    assert shown["confirmed_objective"] is None


def test_the_case_officer_confirms_or_corrects_with_a_reason_also_outside_the_call(
    client, open_call, applicant, submitted, person_of
):
    call = open_call("fi")
    person = applicant("fi")
    draft = start(client, "fi", person, call)
    assert save(client, "fi", person, draft, proposed_objective="SO2", proposed_intervention="003").status_code == 200
    application = submitted("fi", call, applicant=person)
    # the draft above is another application of the same person: the submitted one proposed nothing
    assert application["classification"]["status"] == "unclassified"
    officer = person_of("fi", "case_officer")
    url = classification_url("fi", application["id"])

    # nothing proposed: a type within the call needs no reason
    confirmed = client.put(
        url, json={"specific_objective": "SO2", "intervention_field": "004"}, headers=officer["headers"]
    )
    assert confirmed.status_code == 200, confirmed.json
    assert (confirmed.json["confirmed_objective"], confirmed.json["confirmed_intervention"]) == ("SO2", "004")
    assert confirmed.json["confirmed_by"] == officer["id"] and confirmed.json["confirmed_at"]
    assert confirmed.json["status"] == "confirmed"

    # outside the call (SO3 is not one of its objectives): only with the reason
    body = {"specific_objective": "SO3", "intervention_field": "004"}
    refused = client.put(url, json=body, headers=officer["headers"])
    assert refused.status_code == 422 and "reason" in refused.json["errors"]
    for bad in (
        {"specific_objective": "SO9", "intervention_field": "001", "reason": "x"},
        {"specific_objective": "SO3", "intervention_field": "011", "reason": "x"},  # SO3 has 001–010
        {"specific_objective": "SO3", "intervention_field": None},
        {"specific_objective": "SO3"},
        {"specific_objective": "SO3", "intervention_field": "004", "reason": "x", "tenant_id": 1},
    ):
        assert client.put(url, json=bad, headers=officer["headers"]).status_code == 422, bad
    assert client.get(url, headers=officer["headers"]).json["confirmed_objective"] == "SO2"  # nothing changed
    moved = client.put(
        url,
        json={**body, "reason": "Formell granskning: projektet gäller frivilligt återvändande."},
        headers=officer["headers"],
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["confirmed_objective"] == "SO3" and moved.json["confirmation_reason"].startswith("Formell")


def test_correcting_the_applicants_proposal_needs_a_reason(client, open_call, applicant, person_of):
    call = open_call("se")
    person = applicant("se")
    application = start(client, "se", person, call)
    from tests.test_applications_api import complete

    assert (
        save(client, "se", person, application, proposed_objective="SO2", proposed_intervention="003").status_code
        == 200
    )
    application = complete(
        client, "se", person, client.get(f"/api/v1/se/applications/{application['id']}", headers=person["headers"]).json
    )
    sent = client.post(
        f"/api/v1/se/applications/{application['id']}/submit",
        json={"version": application["version"]},
        headers=person["headers"],
    )
    assert sent.status_code == 201, sent.json
    officer = person_of("se", "case_officer")
    url = classification_url("se", application["id"])
    same = client.put(url, json={"specific_objective": "SO2", "intervention_field": "003"}, headers=officer["headers"])
    assert same.status_code == 200 and same.json["confirmation_reason"] == ""
    other = {"specific_objective": "SO2", "intervention_field": "004"}
    refused = client.put(url, json=other, headers=officer["headers"])
    assert refused.status_code == 422 and "reason" in refused.json["errors"]
    corrected = client.put(url, json={**other, "reason": "Projektet är en språkkurs."}, headers=officer["headers"])
    assert corrected.status_code == 200
    shown = client.get(f"/api/v1/se/applications/{application['id']}", headers=officer["headers"]).json[
        "classification"
    ]
    # what counts is the confirmation; the proposal stays as the applicant made it
    assert (shown["proposed_intervention"], shown["intervention_field"], shown["status"]) == ("003", "004", "confirmed")
    # the frozen submission keeps the proposal as submitted
    frozen = client.get(f"/api/v1/se/applications/{application['id']}/submissions/1", headers=officer["headers"]).json
    assert frozen["content"]["classification"] == {"specific_objective": "SO2", "intervention_field": "003"}


def test_the_project_carries_the_classification_and_a_decided_application_is_not_reclassified(
    client, ready_to_decide, person_of
):
    application, preparer, approver = ready_to_decide("fi")
    url = classification_url("fi", application["id"])
    body = {"specific_objective": "SO2", "intervention_field": "005"}
    assert client.put(url, json=body, headers=preparer["headers"]).status_code == 200
    prepared = client.post(decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    approved = client.post(f"{decision_url('fi', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200, approved.json
    projects = client.get("/api/v1/fi/projects", headers=preparer["headers"]).json
    project = next(p for p in projects if p["reference"] == application["reference"])
    assert (project["specific_objective"], project["intervention_field"]) == ("SO2", "005")
    full = client.get(f"/api/v1/fi/projects/{project['id']}", headers=preparer["headers"]).json
    assert full["versions"][0]["content"]["classification"] == {
        "specific_objective": "SO2",
        "intervention_field": "005",
        "status": "confirmed",
    }
    late = client.put(url, json={**body, "intervention_field": "004", "reason": "x"}, headers=preparer["headers"])
    assert late.status_code == 409


def test_classification_is_404_to_other_tenants_and_403_to_applicants(client, submitted, person_of, applicant):
    application = submitted("fi")
    url = classification_url("fi", application["id"])
    body = {"specific_objective": "SO2", "intervention_field": "003"}
    swede = person_of("se", "case_officer")
    assert client.get(classification_url("se", application["id"]), headers=swede["headers"]).status_code == 404
    assert (
        client.put(classification_url("se", application["id"]), json=body, headers=swede["headers"]).status_code == 404
    )
    assert client.get(url, headers=swede["headers"]).status_code in (401, 403, 404)  # a token of another tenant
    owner = application["applicant"]
    assert client.put(url, json=body, headers=owner["headers"]).status_code == 403
    assert (
        client.put(
            classification_url("fi", 2**31 - 1), json=body, headers=person_of("fi", "case_officer")["headers"]
        ).status_code
        == 404
    )
    # a draft is nobody's business but its applicant's
    draft = start(client, "fi", owner, application["call"])
    assert (
        client.put(
            classification_url("fi", draft["id"]), json=body, headers=person_of("fi", "ma_admin")["headers"]
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/fi/applications/{application['id']}", headers=person_of("fi", "case_officer")["headers"]
        ).json["classification"]["confirmed_objective"]
        is None
    )


def test_the_pages_propose_and_confirm_in_the_persons_language(app, client, open_call, applicant, person_of, submitted):
    call = open_call("fi")
    person = applicant("fi", language="sv")
    application = start(client, "fi", person, call)
    browser = browser_of(app, "fi", person["email"])
    page = editor(browser, "fi", application["id"])
    assert escape(translated("Specific objective and type of intervention", "sv")) in page.text
    assert 'value="SO2:003"' in page.text and 'value="SO3:004"' not in page.text  # only the call's objectives
    version = re.search(r'id="text-form"[^>]*data-version="(\d+)"', page.text, re.S).group(1)
    form = {"csrf_token": csrf_token(page.text), "version": version, "classification": "SO2:004"}
    saved = browser.post(f"/fi/applications/{application['id']}/texts", data=form)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("#classification")
    again = editor(browser, "fi", application["id"])
    assert 'value="SO2:004" selected' in again.text
    wrong = browser.post(
        f"/fi/applications/{application['id']}/texts",
        data={**form, "classification": "SO3:004", "version": str(int(version) + 1)},
    )
    assert wrong.status_code == 422
    stored = client.get(f"/api/v1/fi/applications/{application['id']}", headers=person["headers"]).json
    assert stored["classification"]["proposed_intervention"] == "004"

    # the case officer's page, in Finnish: confirm, then a correction without a reason is refused
    done = submitted("fi", call)
    officer = person_of("fi", "case_officer", language="fi")
    staff = browser_of(app, "fi", officer["email"])
    page = staff.get(f"/fi/assessment/applications/{done['id']}")
    assert page.status_code == 200
    assert escape(translated("Confirm the classification", "fi")) in page.text
    assert 'value="SO3:004"' in page.text  # other objectives are there, for an application out of the call's scope
    token = csrf_token(page.text)
    refused = staff.post(
        f"/fi/assessment/applications/{done['id']}/classification",
        data={"csrf_token": token, "classification": "SO3:004", "reason": ""},
    )
    assert refused.status_code == 422
    assert escape(translated("The objective is outside the call: give the reason.", "fi")) in refused.text
    ok = staff.post(
        f"/fi/assessment/applications/{done['id']}/classification",
        data={"csrf_token": token, "classification": "SO2:003", "reason": ""},
    )
    assert ok.status_code == 303
    shown = staff.get(f"/fi/assessment/applications/{done['id']}").text
    assert re.search(r'id="confirmed-classification">SO2 [^<]*: 003 ', shown), shown
    swede = person_of("se", "case_officer")
    other = browser_of(app, "se", swede["email"])
    assert (
        other.post(
            f"/se/assessment/applications/{done['id']}/classification",
            data={"csrf_token": csrf_token(other.get("/se/applications").text), "classification": "SO2:003"},
        ).status_code
        == 404
    )


def test_the_demo_shows_proposed_confirmed_and_corrected_classifications(app):
    from sqlalchemy import select

    from service.applications.models import Application
    from service.extensions import db
    from service.projects.models import Project
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    # tenants/fi/demo.toml: "Kotoutumisen polut Esimerkkilässä" proposes SO2 003 and the officer corrects it to 006
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        rows = {a.title: a for a in db.session.scalars(select(Application))}
        corrected = rows["Kotoutumisen polut Esimerkkilässä (demo)"]
        assert (corrected.proposed_objective, corrected.proposed_intervention) == ("SO2", "003")
        assert (corrected.confirmed_objective, corrected.confirmed_intervention) == ("SO2", "006")
        assert corrected.confirmation_reason and corrected.confirmed_by and corrected.confirmed_at
        confirmed = rows["Språkcafé för nyanlända i Vasa (demo)"]
        assert confirmed.confirmed_intervention == confirmed.proposed_intervention == "004"
        assert confirmed.confirmation_reason == ""
        only_proposed = rows["Föräldragrupper (demo)"]
        assert only_proposed.proposed_objective == "SO2" and only_proposed.confirmed_objective is None
        project = db.session.scalar(select(Project).where(Project.application_id == corrected.id))
        assert (project.specific_objective, project.intervention_field) == ("SO2", "006")
