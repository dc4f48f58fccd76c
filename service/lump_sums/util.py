"""Reads of the SO4 lump sums: who may see and record them, the records in force, and the totals per year
and category that the annual performance report (AMIF Art. 35) takes. Everything is the current tenant's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import aliased

from service.extensions import db
from service.lump_sums.models import CATEGORIES, EURO, LumpSumEvidence, LumpSumRecord
from service.money import Money

READERS = ("ma_admin", "case_officer", "committee", "auditor")
RECORDERS = ("ma_admin", "case_officer")


@dataclass(frozen=True)
class Total:
    persons: int
    amount: Money  # EUR


@dataclass(frozen=True)
class YearTotals:
    year: int
    categories: dict[str, Total]  # every category of CATEGORIES, in that order (zero where nothing is recorded)

    @property
    def persons(self) -> int:
        return sum(t.persons for t in self.categories.values())

    @property
    def amount(self) -> Money:
        return sum((t.amount for t in self.categories.values()), Money.zero(EURO))


def record_or_404(record_id: int) -> LumpSumRecord:
    """One record of the current tenant (another tenant's id is not found)."""
    found = db.session.get(LumpSumRecord, record_id)
    if found is None:
        abort(404)
    return found


def evidence_or_404(record: LumpSumRecord, evidence_id: int) -> LumpSumEvidence:
    found = db.session.get(LumpSumEvidence, evidence_id)
    if found is None or found.record_id != record.id:
        abort(404)
    return found


def corrected_by(record: LumpSumRecord) -> LumpSumRecord | None:
    return db.session.scalar(select(LumpSumRecord).where(LumpSumRecord.corrects_id == record.id))


def _in_year(query, year: int | None):
    if year is None:
        return query
    return query.where(LumpSumRecord.month >= date(year, 1, 1), LumpSumRecord.month <= date(year, 12, 1))


def records_in_force(year: int | None = None) -> list[LumpSumRecord]:
    """The latest record of each month and category (the one no other record corrects), by month."""
    later = aliased(LumpSumRecord)
    query = select(LumpSumRecord).where(~select(later.id).where(later.corrects_id == LumpSumRecord.id).exists())
    query = _in_year(query, year).order_by(LumpSumRecord.month, LumpSumRecord.category)
    return list(db.session.scalars(query))


def all_records(year: int | None = None) -> list[LumpSumRecord]:
    """Every record, corrected ones too, by month, category and order of recording."""
    query = _in_year(select(LumpSumRecord), year).order_by(
        LumpSumRecord.month, LumpSumRecord.category, LumpSumRecord.id
    )
    return list(db.session.scalars(query))


def history_of(record: LumpSumRecord) -> list[LumpSumRecord]:
    """Every record of the record's month and category, first to latest."""
    query = select(LumpSumRecord).where(LumpSumRecord.month == record.month, LumpSumRecord.category == record.category)
    return list(db.session.scalars(query.order_by(LumpSumRecord.id)))


def years_recorded() -> list[int]:
    months = db.session.scalars(select(LumpSumRecord.month).distinct())
    return sorted({m.year for m in months})


def totals_by_year(year: int | None = None) -> dict[int, YearTotals]:
    """Persons and EUR per year and category over the records in force, for the Commission's reports
    (AMIF Art. 35). Every recorded year in order, or only ``year`` (zeros if nothing is recorded in it)."""
    sums: dict[int, dict[str, Total]] = {}
    if year is not None:
        sums[year] = {}
    for item in records_in_force(year):
        categories = sums.setdefault(item.month.year, {})
        before = categories.get(item.category, Total(0, Money.zero(EURO)))
        categories[item.category] = Total(before.persons + item.persons, before.amount + item.total_money)
    return {
        number: YearTotals(number, {c: categories.get(c, Total(0, Money.zero(EURO))) for c in CATEGORIES})
        for number, categories in sorted(sums.items())
    }
