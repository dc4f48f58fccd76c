"""Fixtures of the work-queue tests: a case officer of a tenant, and reading an application's state."""

from __future__ import annotations

import pytest

from tests.conftest import bearer, tenant_id

QUEUE = "/api/v1/{code}/applications"


@pytest.fixture
def officer(make_user, token_for):
    """officer("se") -> {"id", "email", "headers"}: a new case officer of the tenant, speaking English."""

    def make(code: str, language: str = "en") -> dict:
        user_id, email = make_user(code, "case_officer", language=language)
        return {
            "id": user_id,
            "email": email,
            "headers": bearer(token_for(code, user_id), **{"Accept-Language": language}),
        }

    return make


def queue(client, code: str, headers: dict, **args):
    """The API's work queue with these query parameters (asserts 200)."""
    answer = client.get(QUEUE.format(code=code), query_string=args, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer


def state_in_database(app, code: str, application_id: int) -> str:
    """The state rule evaluated in SQL for one application (drafts too, which no list of staff shows)."""
    from sqlalchemy import select

    from service.applications.models import Application
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from service.work_queue.states import state_expression

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        return db.session.scalar(select(state_expression()).where(Application.id == application_id))


def stage_in_python(app, code: str, application_id: int) -> str:
    """service.assessment.operations.stage: the rule the SQL mirrors for the assessment's states."""
    from service.applications.models import Application
    from service.assessment.operations import stage
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        return stage(db.session.get(Application, application_id))
