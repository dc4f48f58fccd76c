"""Audit entries written as the recorder writes them, about the demo's objects, for the trail's tests."""

from __future__ import annotations

from datetime import UTC, datetime

from service.extensions import db
from tests.conftest import tenant_id


def record(app, code: str, *, actor: str, entity: str, entity_id, action: str = "update", **fields) -> int:
    """One entry in the tenant's trail (as service.audit.recorder writes it); its id."""
    from service.audit.models import AuditEntry
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        entry = AuditEntry(
            at=fields.pop("at", datetime(2026, 3, 2, 9, 0, tzinfo=UTC)),
            actor=actor,
            actor_label=fields.pop("actor_label", ""),
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=fields.pop("before", None),
            after=fields.pop("after", None),
        )
        db.session.add(entry)
        db.session.commit()
        return entry.id


def demo_object(app, code: str, model_path: str) -> dict:
    """The first demo object of a kind that has a reference: {"id", "reference", ...}."""
    import importlib

    from sqlalchemy import select

    from service.tenancy.scope import tenant_scope

    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        row = db.session.scalars(select(model).where(model.reference.is_not(None)).order_by(model.id)).first()
        assert row is not None, f"the demo of {code} has a {name} with a reference"
        return {"id": row.id, "reference": row.reference, **{k: getattr(row, k, None) for k in ("application_id",)}}
