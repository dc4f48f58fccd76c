"""Reading the tenant's audit trail through the reader's filters, newest first, a page at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, false, func, or_, select, tuple_

from service.audit.models import AuditEntry
from service.audit_trail.actions import STATUS_ACTIONS
from service.audit_trail.objects import KINDS
from service.audit_trail.tables import model_of
from service.extensions import db
from service.tenancy.current import current_tenant

PAGE_SIZE = 50
EXPORT_BATCH = 500  # entries read, named and written at a time: memory and queries per file stay bounded
MACHINES = ("system", "cli")  # actors that are no person (the command line); jobs are "job:<name>"


def page(filters: dict, *, limit: int = PAGE_SIZE) -> tuple[list[AuditEntry], int | None]:
    """A page of entries and the id to ask for the next (older) page with, or None on the last page."""
    rows = list(db.session.scalars(_query(filters, before=filters.get("before")).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].id if more and rows else None


def batches(filters: dict, *, size: int = EXPORT_BATCH) -> Iterator[list[AuditEntry]]:
    """Every entry the filters select, newest first, in batches (by id, so a new entry never shifts them)."""
    before = filters.get("before")
    while True:
        rows = list(db.session.scalars(_query(filters, before=before).limit(size)))
        if rows:
            yield rows
        if len(rows) < size:
            return
        before = rows[-1].id


def actors() -> list[str]:
    """Everyone who appears in the trail, as recorded ("user:12", "job:reminders", ...)."""
    return list(db.session.scalars(select(AuditEntry.actor).distinct()))


def _query(filters: dict, *, before: int | None):
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if before is not None:
        query = query.where(AuditEntry.id < before)
    if filters.get("type"):
        query = query.where(AuditEntry.entity == filters["type"])
    if filters.get("entity"):
        query = query.where(AuditEntry.entity == filters["entity"])
    if filters.get("action") in STATUS_ACTIONS:  # a change of status: the status it reached
        query = query.where(AuditEntry.action == "update", AuditEntry.after["status"].as_string() == filters["action"])
    elif filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("person"):
        query = query.where(_person(filters["person"]))
    if filters.get("since"):
        query = query.where(AuditEntry.at >= _start_of(filters["since"]))
    if filters.get("until"):
        query = query.where(AuditEntry.at < _start_of(filters["until"] + timedelta(days=1)))
    if filters.get("reference"):
        query = query.where(_objects(filters["reference"], filters.get("type") or filters.get("entity")))
    return query


def _person(person: str):
    if person == "system":
        return or_(AuditEntry.actor.in_(MACHINES), AuditEntry.actor.like("job:%"))
    return AuditEntry.actor == person


def _start_of(day: date) -> datetime:
    """Midnight of the day in the tenant's time zone, as the UTC instant the trail stores."""
    return datetime.combine(day, time(), tzinfo=current_tenant().zone).astimezone(UTC)


def _objects(reference: str, entity: str | None):
    """Entries about the objects of this tenant whose reference is the one given (case and surrounding
    spaces aside): one query per kind of object that has references."""
    wanted = reference.strip().lower()
    pairs = []
    for table, kind in KINDS.items():
        model = model_of(table)
        if kind.reference is None or model is None or (entity and entity != table):
            continue
        column = getattr(model, kind.reference)
        ids = db.session.scalars(select(model.id).where(func.lower(column) == wanted))
        pairs += [(table, str(object_id)) for object_id in ids]
    if not pairs:
        return false()
    if len(pairs) == 1:
        return and_(AuditEntry.entity == pairs[0][0], AuditEntry.entity_id == pairs[0][1])
    return tuple_(AuditEntry.entity, AuditEntry.entity_id).in_(pairs)
