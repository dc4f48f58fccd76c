"""``amif reference sync``: load the amounts per person of the SO4 lump sums (``data/lump_sum_amounts.toml``),
versioned by ``valid_from``, as the catalogue loads its files (idempotent)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import select

from service.extensions import db
from service.lump_sums.models import CATEGORIES, LumpSumAmount
from service.money import parse_amount
from service.tenancy.scope import platform_scope

DATA = Path(__file__).resolve().parent / "data" / "lump_sum_amounts.toml"


def sync_lump_sum_amounts(path: Path = DATA) -> int:
    """Insert new versions and update same-version rows; the caller commits. The number of versions in the file."""
    rows = tomllib.loads(path.read_text(encoding="utf-8"))["amount"]
    with platform_scope():
        for row in rows:
            if row["category"] not in CATEGORIES:
                raise ValueError(f"{path.name}: unknown category {row['category']!r}")
            valid_from = row["valid_from"].replace(day=1)  # a version applies by the month recorded
            item = db.session.scalar(
                select(LumpSumAmount).where(
                    LumpSumAmount.category == row["category"], LumpSumAmount.valid_from == valid_from
                )
            )
            if item is None:
                item = LumpSumAmount(category=row["category"], valid_from=valid_from)
                db.session.add(item)
            item.amount, item.source = parse_amount(row["amount"]), row["source"]
            item.unverified, item.note = list(row.get("unverified", [])), row.get("note", "")
        db.session.flush()
    return len(rows)
