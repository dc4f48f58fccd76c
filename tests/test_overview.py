"""The applicant's overview: where an applicant lands after signing in; their organisations' applications,
projects and next steps, never another organisation's or another tenant's."""

from __future__ import annotations

import html

from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import sign_in, translated
from tests.reports_support import create_reports, reportable  # noqa: F401
from tests.test_applications_api import complete, save, start


def steps_of(page: str) -> str:
    """The "what to do next" part of the overview."""
    return html.unescape(page).split('id="steps-heading"')[1].split('id="organisations-heading"')[0]


def test_an_applicant_lands_on_the_overview_and_staff_on_the_programme(app, make_user, applicant):
    person = applicant("se")
    browser = app.test_client()
    landed = sign_in(browser, "se", person["email"])
    assert landed.status_code == 302 and landed.headers["Location"] == "/se/overview"
    assert browser.get("/se/overview").status_code == 200
    assert browser.get("/fi/overview").status_code == 404  # a Swedish session is nothing in Finland
    _, officer = make_user("se", "case_officer")
    staff = app.test_client()
    assert sign_in(staff, "se", officer).headers["Location"] == "/se/"
    assert staff.get("/se/overview").status_code == 403
    assert app.test_client().get("/se/overview").status_code == 302  # to sign-in


def test_the_overview_lists_applications_projects_and_next_steps(
    app, client, reportable, open_call, applicant, person_of
):
    setup = reportable("se")
    person = setup["beneficiary"]  # Swedish
    reports = create_reports(client, "se", setup)
    project = setup["project"]
    browser = app.test_client()
    sign_in(browser, "se", person["email"])
    before = steps_of(browser.get("/se/overview").text)  # a claim period has ended (the project began in 2025)
    claim_costs = translated("Claim the costs of %(start)s – %(end)s for the project %(reference)s.", "sv")
    assert f'href="/se/projects/{project["id"]}/claims"' in before
    assert claim_costs.split("%(reference)s")[0].split("%")[0] in before and project["reference"] in before
    claim = open_claim(client, "se", setup)
    call = open_call("se")
    draft = start(client, "se", person, call)
    assert save(client, "se", person, draft, title="Läxhjälp i Malmö").status_code == 200
    asked = complete(client, "se", person, start(client, "se", person, call))
    url = f"/api/v1/se/applications/{asked['id']}"
    sent = client.post(f"{url}/submit", json={"version": asked["version"]}, headers=person["headers"])
    assert sent.status_code == 201
    officer = person_of("se", "case_officer")
    supplement = client.post(
        f"{url}/supplement-requests", json={"message": "Bifoga budget."}, headers=officer["headers"]
    )
    assert supplement.status_code == 201, supplement.json

    other = applicant("se")  # another organisation in the same tenant
    theirs = start(client, "se", other, call)
    assert save(client, "se", other, theirs, title="Hemlig ansökan").status_code == 200
    finnish = applicant("fi")
    abroad = start(client, "fi", finnish, open_call("fi"))
    assert save(client, "fi", finnish, abroad, title="Salainen hakemus").status_code == 200

    page = browser.get("/se/overview")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert translated("My overview", "sv") in text and translated("What to do next", "sv") in text
    assert f'href="/se/projects/{project["id"]}"' in text and project["reference"] in text
    assert f'href="/se/projects/{project["id"]}/claims"' in text
    assert f'href="/se/projects/{project["id"]}/reports"' in text
    for application, status in ((setup["application"], "Granted"), (draft, "Draft"), (asked, "Supplement requested")):
        assert f'href="/se/applications/{application["id"]}"' in text
        assert translated(status, "sv") in text
    assert "Läxhjälp i Malmö" in text
    steps = steps_of(page.text)
    finish = translated("Finish and submit the application “%(name)s” before the call closes.", "sv")
    assert finish % {"name": "Läxhjälp i Malmö"} in steps
    assert f'href="/se/applications/{asked["id"]}"' in steps  # the supplement asked for
    assert f'href="/se/applications/{setup["application"]["id"]}"' not in steps  # granted: nothing to do
    assert f'href="/se/claims/{claim["id"]}"' in steps and claim["reference"] in steps
    assert f'href="/se/projects/{project["id"]}/claims"' not in steps  # one claim at a time: the open one
    for report in reports:
        assert f'href="/se/reports/{report["id"]}"' in steps and report["reference"] in steps
    assert translated("Overdue since %(day)s", "sv").split("%")[0] in steps  # the project began in 2025
    # Never another organisation's or another tenant's.
    assert "Hemlig ansökan" not in text and f'href="/se/applications/{theirs["id"]}"' not in text
    assert "Salainen hakemus" not in text and f'/applications/{abroad["id"]}"' not in text

    stranger = app.test_client()
    sign_in(stranger, "se", other["email"])
    seen = html.unescape(stranger.get("/se/overview").text)
    assert "Hemlig ansökan" in seen
    assert project["reference"] not in seen and "Läxhjälp i Malmö" not in seen
    assert f'href="/se/claims/{claim["id"]}"' not in seen


def test_an_applicant_without_an_organisation_is_told_how_to_begin(app, make_user):
    _, address = make_user("fi", "applicant", language="fi")
    browser = app.test_client()
    assert sign_in(browser, "fi", address).headers["Location"] == "/fi/overview"
    page = html.unescape(browser.get("/fi/overview").text)
    assert translated("Nothing is waiting for you.", "fi") in page
    assert 'href="/fi/organisations"' in page and translated("No projects yet.", "fi") in page
