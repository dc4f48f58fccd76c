"""Fixtures of the staff lists' tests (projects, claims, progress reports): reading a state in SQL, arranging
test data the filters read, and the API's lists."""

from __future__ import annotations

from tests.conftest import tenant_id

LISTS = {"projects": "/api/v1/{code}/projects", "claims": "/api/v1/{code}/claims", "reports": "/api/v1/{code}/reports"}
MODULES = {"projects": "project_list", "claims": "claim_list", "reports": "report_list"}


def state_in_database(app, code: str, kind: str, object_id: int) -> str:
    """The list's state rule evaluated in SQL for one object (``kind``: projects, claims or reports)."""
    import importlib

    from sqlalchemy import select

    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    module = importlib.import_module(f"service.work_queue.{MODULES[kind]}")
    model = module.SPEC.tie.class_
    with app.test_request_context(), tenant_scope(tenant_id(app, code)):
        return db.session.scalar(select(module.state_expression()).where(model.id == object_id))


def arrange(app, code: str, model_path: str, object_id: int, **values) -> None:
    """Set columns of one object (test data the filters read, which the product sets through its steps)."""
    import importlib

    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        row = db.session.get(model, object_id)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def listed(client, code: str, kind: str, headers: dict, **args):
    """The API's staff list with these query parameters (asserts 200)."""
    answer = client.get(LISTS[kind].format(code=code), query_string=args, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer


def ids(answer) -> list[int]:
    return [row["id"] for row in answer.json]
