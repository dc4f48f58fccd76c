"""The options of every staff list's form: the tenant's calls, the list's states, the specific objectives, the
types of organisation and the persons of its person filter."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from service.accounts.models import User
from service.calls.display import call_text
from service.calls.models import Call
from service.classification.presenters import objective_name
from service.classification.util import objectives
from service.extensions import db
from service.organisations.types import type_labels


def organisation_types() -> list[tuple[str, str]]:
    return list(type_labels().items())


def common_choices(states, state_label: Callable[[str], str]) -> dict:
    """The options every list's form shares: the tenant's calls, the states, objectives and organisation types."""
    calls = db.session.scalars(select(Call).where(Call.status != "draft").order_by(Call.reference))
    return {
        "calls": [(str(call.id), f"{call.reference} {call_text(call)}".strip()) for call in calls],
        "states": [(code, state_label(code)) for code in states],
        "objectives": [(code, objective_name(code)) for code in objectives()],
        "organisation_types": organisation_types(),
    }


def people_among(ids) -> list[tuple[str, str]]:
    """The persons whose ids a (tenant-scoped) statement selects, by name: a person filter's options."""
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name, User.id))
    return [(str(user.id), user.name) for user in users]
