"""The call as the API answers it."""

from __future__ import annotations

from service.calls.models import Call
from service.calls.schemas import CallSchema
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


def call_json(call: Call) -> dict:
    return CallSchema().dump(_view(call))


def calls_json(calls: list[Call]) -> list[dict]:
    return CallSchema(many=True).dump([_view(call) for call in calls])


def _view(call: Call) -> dict:
    view = {column.key: getattr(call, column.key) for column in Call.__table__.columns}
    view.update(
        objectives=call.objectives,
        changes=call.changes,
        is_open=call.is_open(utcnow()),
        timezone=current_tenant().timezone,
    )
    return view
