"""Demo SO4 lump sums from ``[[lump_sum]]`` in ``tenants/<code>/demo.toml`` (``amif demo``; never in production).

Each row: ``month`` ("YYYY-MM"), ``category``, ``persons``, ``by`` (a demo user's e-mail), optionally ``note``
and ``correction = { persons, note }`` (a later record correcting it). Idempotent: a month and category
already recorded is left as it is. The amounts per person come from the reference data, loaded first.
"""

from __future__ import annotations

from sqlalchemy import select

from service.accounts.operations import find_user_by_email
from service.exchange.rules import first_of_month
from service.extensions import db
from service.lump_sums import operations
from service.lump_sums.models import LumpSumRecord
from service.lump_sums.sync import sync_lump_sum_amounts


def load_demo_lump_sums(tenant, rows: list[dict]) -> list[str]:
    """Record the tenant's demo months (in its scope); the caller commits. One line per month recorded."""
    if not rows:
        return []
    sync_lump_sum_amounts()  # the amounts per person in force (idempotent, as `amif reference sync`)
    lines = []
    for row in rows:
        month = first_of_month(row["month"])
        exists = db.session.scalar(
            select(LumpSumRecord.id).where(LumpSumRecord.month == month, LumpSumRecord.category == row["category"])
        )
        if exists is not None:
            continue
        user = find_user_by_email(row["by"])
        data = {"month": month, "category": row["category"], "persons": row["persons"], "note": row.get("note", "")}
        created = operations.record(data, user=user)
        if "correction" in row:
            created = operations.correct(created, dict(row["correction"]), user=user)
        lines.append(f"{tenant.code} {row['month']} {row['category']}: {created.persons} persons")
    return lines
