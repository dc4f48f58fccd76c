"""Fixtures of the assessment tests: submitted applications, staff and assessors, and the steps of the flow."""

from __future__ import annotations

import pytest

from service.assessment.rules import ELIGIBILITY_POINTS
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import bearer
from tests.test_applications_api import complete, start

# The Swedish default criteria (tenants/se/calls.toml): relevance 0–30, feasibility 0–25, cost-efficiency 0–20,
# horizontal principles 0/5/10, dissemination 0–15; any 0 rejects, a total under 65 rejects.
CRITERIA = ("relevance", "feasibility", "cost_efficiency", "horizontal_principles", "dissemination")


def assessment_url(code: str, application_id: int) -> str:
    return f"/api/v1/{code}/assessment/applications/{application_id}"


def assignment_url(code: str, assignment_id: int) -> str:
    return f"/api/v1/{code}/assessment/assignments/{assignment_id}"


def all_met(**failed: str) -> dict:
    """Every point of the formal check met, except those given with their reason."""
    return {p: {"met": p not in failed, "reason": failed.get(p, "")} for p in ELIGIBILITY_POINTS}


def scores(points: dict[str, int], justification: str = "Motiverat utifrån ansökan.") -> dict:
    return {"scores": [{"criterion": k, "points": v, "justification": justification} for k, v in points.items()]}


@pytest.fixture
def person_of(make_user, token_for):
    """person_of("se", "assessor") -> {"id", "email", "headers"}."""

    def make(code: str, role: str, **kwargs) -> dict:
        user_id, email = make_user(code, role, **kwargs)
        return {"id": user_id, "email": email, "headers": bearer(token_for(code, user_id))}

    return make


@pytest.fixture
def submitted(client, open_call, applicant):
    new_applicant = applicant

    """submitted("se", call=None, applicant=None, **call_overrides) -> the application JSON after its first
    submission (by a new applicant unless one is given)."""

    def make(code: str, call: dict | None = None, applicant: dict | None = None, **overrides) -> dict:
        call = call or open_call(code, **overrides)
        person = applicant or new_applicant(code)
        application = complete(client, code, person, start(client, code, person, call))
        url = f"/api/v1/{code}/applications/{application['id']}"
        sent = client.post(f"{url}/submit", json={"version": application["version"]}, headers=person["headers"])
        assert sent.status_code == 201, sent.json
        return {**client.get(url, headers=person["headers"]).json, "applicant": person, "call": call}

    return make


@pytest.fixture
def ready_to_score(client, person_of):
    """ready_to_score(code, application, officer_headers) -> (assessor, assignment URL): the officer found the
    application eligible and assigned a new assessor, who declared no conflict of interest."""

    def make(code: str, application: dict, officer: dict) -> tuple[dict, str]:
        url = assessment_url(code, application["id"])
        checked = client.post(f"{url}/eligibility", json={"points": all_met(), "outcome": "eligible"}, headers=officer)
        assert checked.status_code == 201, checked.json
        expert = person_of(code, "assessor")
        assigned = client.post(f"{url}/assignments", json={"assessor_id": expert["id"]}, headers=officer)
        assert assigned.status_code == 201, assigned.json
        mine = assignment_url(code, assigned.json["assignments"][-1]["id"])
        declared = client.post(f"{mine}/declaration", json={"conflict": False}, headers=expert["headers"])
        assert declared.status_code == 200, declared.json
        return expert, mine

    return make


@pytest.fixture
def assessed(client, ready_to_score):
    """assessed(code, application, officer_headers, points) -> the assessment after one assessor scored ``points``
    and the officer consolidated them as the mean (which, with one assessor, is the points themselves)."""

    def make(code: str, application: dict, officer: dict, points: dict[str, int]) -> dict:
        expert, mine = ready_to_score(code, application, officer)
        assert client.put(f"{mine}/scores", json=scores(points), headers=expert["headers"]).status_code == 200
        assert client.post(f"{mine}/submit", headers=expert["headers"]).status_code == 200
        done = client.post(
            f"{assessment_url(code, application['id'])}/consolidation", json={"method": "mean"}, headers=officer
        )
        assert done.status_code == 201, done.json
        return done.json

    return make
