"""The assessment pages: a case officer records the formal check, assigns an assessor and consolidates;
the assessor declares and scores; the ranking shows the funding line; refusals are shown beside the
fields; another tenant's or another assessor's page is 404."""

from __future__ import annotations

import re

from markupsafe import escape

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import (  # noqa: F401 - fixtures
    CRITERIA,
    all_met,
    assessment_url,
    person_of,
    ready_to_score,
    submitted,
)
from tests.conftest import csrf_token, translated
from tests.test_application_pages import browser_of

ZERO_ON_HORIZONTAL = {
    "relevance": 25,
    "feasibility": 20,
    "cost_efficiency": 15,
    "horizontal_principles": 0,
    "dissemination": 10,
}


def eligibility_form(token: str, **failed: str) -> dict:
    form = {"csrf_token": token, "outcome": "ineligible" if failed else "eligible"}
    for point, entry in all_met(**failed).items():
        form[f"met-{point}"] = "yes" if entry["met"] else "no"
        form[f"reason-{point}"] = entry["reason"]
    return form


def test_a_swedish_application_is_checked_scored_and_rejected_for_a_zero(app, client, submitted, person_of):
    application = submitted("se")
    officer = browser_of(app, "se", person_of("se", "case_officer", language="sv")["email"])
    page_url = f"/se/assessment/applications/{application['id']}"
    page = officer.get(page_url)
    assert page.status_code == 200 and translated("Submitted, formal check to do", "sv") in page.text
    token = csrf_token(page.text)

    missing_reason = eligibility_form(token, period="")
    refused = officer.post(f"{page_url}/eligibility", data=missing_reason)
    assert refused.status_code == 422
    assert translated("Give the reason why this point is not met.", "sv") in refused.text
    assert officer.post(f"{page_url}/eligibility", data=eligibility_form(token)).status_code == 303

    expert = person_of("se", "assessor", language="sv")
    assigned = officer.post(f"{page_url}/assignments", data={"csrf_token": token, "assessor_id": str(expert["id"])})
    assert assigned.status_code == 303

    reader = browser_of(app, "se", expert["email"])
    listed = reader.get("/se/assessment/assignments")
    assert application["reference"] in listed.text
    link = re.search(r'href="(/se/assessment/assignments/\d+)"', listed.text).group(1)
    before = reader.get(link).text
    assert 'name="conflict"' in before and "Text för summary" not in before  # nothing to read before declaring
    reader_token = csrf_token(before)
    assert reader.post(f"{link}/declaration", data={"csrf_token": reader_token, "conflict": "no"}).status_code == 303
    scoring = reader.get(link).text
    assert "Text för summary" in scoring and all(f'id="points-{key}"' in scoring for key in CRITERIA)

    form = {"csrf_token": reader_token, "action": "submit"}
    for key, points in ZERO_ON_HORIZONTAL.items():
        form[f"points-{key}"] = str(points)
        form[f"justification-{key}"] = "Motiverat."
    off_scale = reader.post(f"{link}/scores", data={**form, "points-horizontal_principles": "3"})
    assert off_scale.status_code == 422 and 'id="points-horizontal_principles-error"' in off_scale.text
    assert reader.post(f"{link}/scores", data=form).status_code == 303
    assert translated("Your scores have been submitted and can no longer be changed.", "sv") in reader.get(link).text

    done = officer.post(f"{page_url}/consolidation", data={"csrf_token": token, "method": "mean"})
    assert done.status_code == 303
    result = officer.get(page_url).text
    rule = re.search(r'id="rules">(.*?)</div>', result, re.S).group(1)
    assert translated("Rejected by the call's rules:", "sv") in rule
    moved = officer.get(f"/se/assessment/calls/{application['call']['id']}")  # the ranking's old address
    assert moved.status_code == 301 and moved.location.endswith(
        f"/se/decisions/calls/{application['call']['id']}/ranking"
    )
    ranking = officer.get(moved.location).text
    assert application["reference"] in ranking, ranking[ranking.find("<main") :][:3000]
    assert escape(translated("Rejected by the call's rules", "sv")) in ranking


def test_assessment_pages_are_404_to_other_tenants_and_other_assessors(app, client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer")
    url = assessment_url("se", application["id"])
    client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer["headers"])
    expert = person_of("se", "assessor")
    made = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer["headers"]).json
    link = f"/se/assessment/assignments/{made['assignments'][0]['id']}"

    finn = browser_of(app, "fi", person_of("fi", "case_officer")["email"])
    assert finn.get(f"/fi/assessment/applications/{application['id']}").status_code == 404
    assert finn.get(f"/fi/assessment/calls/{application['call']['id']}").status_code == 404
    other = browser_of(app, "se", person_of("se", "assessor")["email"])
    assert other.get(link).status_code == 404
    assert other.get(f"/se/assessment/applications/{application['id']}").status_code == 403
    assert application["reference"] not in other.get("/se/assessment/assignments").text
    own = browser_of(app, "se", application["applicant"]["email"])
    assert own.get(f"/se/assessment/applications/{application['id']}").status_code == 403


def test_nonsense_in_the_assign_and_consolidation_forms_is_shown_and_changes_nothing(
    app, client, submitted, person_of, ready_to_score
):
    application = submitted("se")
    officer = person_of("se", "case_officer", language="sv")
    ready_to_score("se", application, officer["headers"])
    browser = browser_of(app, "se", officer["email"])
    page_url = f"/se/assessment/applications/{application['id']}"
    token = csrf_token(browser.get(page_url).text)
    for typed in ("abc", "", "99999999999", "-3"):
        refused = browser.post(f"{page_url}/assignments", data={"csrf_token": token, "assessor_id": typed})
        assert refused.status_code == 422 and 'id="assessor_id-error"' in refused.text, typed
    consensus = {"csrf_token": token, "method": "consensus", "justification": "", "points-relevance": "tio"}
    refused = browser.post(f"{page_url}/consolidation", data=consensus)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="points-relevance-error">([^<]*)</p>', refused.text)
    assert error and error.group(1) == translated("Not a valid integer.", "sv")
    state = client.get(assessment_url("se", application["id"]), headers=officer["headers"]).json
    assert len(state["assignments"]) == 1 and state["consolidation"] is None


def test_assessment_forms_of_another_tenant_are_404(app, client, submitted, person_of, ready_to_score):
    application = submitted("se")
    expert, mine = ready_to_score("se", application, person_of("se", "case_officer")["headers"])
    finn = browser_of(app, "fi", person_of("fi", "case_officer")["email"])
    token = csrf_token(finn.get("/fi/assessment/assignments").text)
    base = f"/fi/assessment/applications/{application['id']}"
    link = f"/fi/assessment/assignments/{mine.rsplit('/', 1)[1]}"
    for url in (
        f"{base}/eligibility",
        f"{base}/assignments",
        f"{base}/consolidation",
        f"{link}/declaration",
        f"{link}/scores",
    ):
        assert finn.post(url, data={"csrf_token": token}).status_code == 404, url
    assert finn.get(link).status_code == 404
