"""Demo organisations and calls from ``tenants/<code>/demo.toml`` (``amif demo``; never in production).

They go through the same schema and operations as the API, so demo data obeys every rule. A call with
``played_days_ago`` is the call of the demo's history (service.tenancy.clock): created and published that many days
before the demo is loaded, its ``opens_in_days`` and ``closes_in_days`` counted from that day.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from service.accounts.operations import find_user_by_email
from service.calls import operations
from service.calls.models import Call
from service.calls.schemas import CallWriteSchema
from service.extensions import db
from service.organisations.models import Membership, Organisation
from service.organisations.numbers import normalise
from service.tenancy.clock import days_ago, played_at
from service.tenancy.model_base import utcnow

_NOT_FIELDS = ("publish", "opens_in_days", "closes_in_days", "close_time", "played_days_ago")


def load_demo_organisations(tenant, entries: list[dict]) -> None:
    for entry in entries:
        number = normalise(tenant.country, entry["number"])
        organisation = db.session.scalar(select(Organisation).where(Organisation.number == number))
        if organisation is None:
            organisation = Organisation(
                name=entry["name"], country=tenant.country, number=number, organisation_type=entry["type"]
            )
            db.session.add(organisation)
            db.session.flush()
        for index, email in enumerate(entry.get("members", [])):
            user = find_user_by_email(email)
            if user is None:
                continue
            exists = db.session.scalar(
                select(Membership.id).where(
                    Membership.organisation_id == organisation.id, Membership.user_id == user.id
                )
            )
            if exists is None:
                role = "owner" if index == 0 else "member"
                db.session.add(Membership(organisation_id=organisation.id, user_id=user.id, role=role))
    db.session.flush()


def load_demo_calls(tenant, entries: list[dict]) -> list[str]:
    """Create the calls that do not exist yet (by reference); returns the references created."""
    created = []
    for entry in entries:
        if db.session.scalar(select(Call.id).where(Call.reference == entry["reference"])) is not None:
            continue
        with played_at(days_ago(entry.get("played_days_ago"), tenant.zone)):
            created.append(_create(tenant, entry).reference)
    return created


def _create(tenant, entry: dict) -> Call:
    today = utcnow().astimezone(tenant.zone).date()
    body = {k: v for k, v in entry.items() if k not in _NOT_FIELDS}
    opens = today + timedelta(days=entry.get("opens_in_days", -1))
    closes = today + timedelta(days=entry.get("closes_in_days", 30))
    body["opens_at"] = f"{opens.isoformat()}T09:00:00"
    body["closes_at"] = f"{closes.isoformat()}T{entry.get('close_time', '16:00')}:00"
    call = operations.create_call(CallWriteSchema().load(body))
    if entry.get("publish"):
        operations.publish_call(call)
    return call
