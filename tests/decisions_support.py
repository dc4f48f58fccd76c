"""Fixtures of the decision tests: an application assessed and ready to decide, and the steps of a decision."""

from __future__ import annotations

import io

import pytest

from tests.assessment_support import (  # noqa: F401 - fixtures
    assessed,
    person_of,
    ready_to_score,
    submitted,
)

# The Finnish demo criteria (tenants/fi/calls.toml): needs 0–30, objectives and activities 0–30,
# cooperation 0–20, cost-efficiency 0–20; no automatic rejection rules.
FI_GOOD = {"needs_assessment": 25, "objectives_and_activities": 25, "cooperation": 15, "cost_efficiency": 15}
# The Swedish default criteria (tenants/se/calls.toml): SE_GOOD totals 80 and passes (65 or more, no 0);
# SE_ZERO fails both rules: horizontal principles at 0, and a total of 55 (under 65).
SE_GOOD = {"relevance": 25, "feasibility": 20, "cost_efficiency": 15, "horizontal_principles": 10, "dissemination": 10}
SE_ZERO = {"relevance": 20, "feasibility": 15, "cost_efficiency": 10, "horizontal_principles": 0, "dissemination": 10}


def decisions_url(code: str, application_id: int) -> str:
    return f"/api/v1/{code}/applications/{application_id}/decisions"


def decision_url(code: str, decision_id: int) -> str:
    return f"/api/v1/{code}/decisions/{decision_id}"


@pytest.fixture
def ready_to_decide(submitted, person_of, assessed):
    """ready_to_decide(code, points=None, call=None, **call_overrides) -> (application, preparer, approver): an
    application scored ``points`` by one assessor and consolidated; two case officers of the tenant."""

    def make(code: str, points: dict | None = None, call: dict | None = None, **overrides):
        application = submitted(code, call, **overrides)
        preparer = person_of(code, "case_officer")
        approver = person_of(code, "case_officer")
        assessed(code, application, preparer["headers"], points or (FI_GOOD if code == "fi" else SE_GOOD))
        return application, preparer, approver

    return make


@pytest.fixture
def granted(client, ready_to_decide):
    """granted(code, **grant) -> (application, decision JSON, preparer, approver): prepared and approved."""

    def make(code: str, points: dict | None = None, call: dict | None = None, **grant):
        application, preparer, approver = ready_to_decide(code, points, call)
        prepared = client.post(
            decisions_url(code, application["id"]), json={"kind": "grant", **grant}, headers=preparer["headers"]
        )
        assert prepared.status_code == 201, prepared.json
        approved = client.post(
            f"{decision_url(code, prepared.json['id'])}/approve", json={}, headers=approver["headers"]
        )
        assert approved.status_code == 200, approved.json
        return application, approved.json, preparer, approver

    return make


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
