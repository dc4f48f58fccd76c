"""Turning a programme into the plain structure the API and the Commission export dump."""

from __future__ import annotations

from service.i18n import localized
from service.money.display import wire
from service.programmes.models import Programme
from service.programmes.util import indicators_by_code, objectives_by_code, totals


def programme_data(programme: Programme, *, default_language: str) -> dict:
    objectives = objectives_by_code()
    catalogue = indicators_by_code()
    sums = totals(programme)
    return {
        "cci": programme.cci,
        "title": localized(programme.title),
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "currency": programme.currency,
        "version": programme.version,
        "demo_values": programme.demo_values,
        "allocations": [_allocation(a, objectives, programme.currency) for a in programme.allocations],
        "totals": {
            "eu_contribution": sums.eu_contribution,
            "national_cofinancing": sums.national_cofinancing,
            "total": sums.total,
            "currency": programme.currency,
        },
        "indicators": [_indicator(i, catalogue.get(i.indicator_code)) for i in programme.indicators],
        "specific_indicators": [
            {
                "code": s.code,
                "name": localized(s.name),
                "names": dict(s.name),
                "unit": s.unit,
                "milestone_2024": s.milestone_2024,
                "target_2029": s.target_2029,
            }
            for s in programme.specific_indicators
        ],
    }


def snapshot(programme: Programme) -> dict:
    """The programme's whole content as plain JSON, as a version keeps it; money as decimal strings."""
    return {
        "cci": programme.cci,
        "title": dict(programme.title),
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "currency": programme.currency,
        "allocations": [
            {
                "objective": a.objective_code,
                "eu_contribution": wire(a.eu_contribution),
                "national_cofinancing": wire(a.national_cofinancing),
            }
            for a in programme.allocations
        ],
        "indicators": [
            {"code": i.indicator_code, "milestone_2024": i.milestone_2024, "target_2029": i.target_2029}
            for i in programme.indicators
        ],
        "specific_indicators": [
            {
                "code": s.code,
                "name": dict(s.name),
                "unit": s.unit,
                "milestone_2024": s.milestone_2024,
                "target_2029": s.target_2029,
            }
            for s in programme.specific_indicators
        ],
    }


def _allocation(allocation, objectives: dict, currency: str) -> dict:
    objective = objectives.get(allocation.objective_code)
    return {
        "objective": allocation.objective_code,
        "objective_name": localized(objective.short) if objective else allocation.objective_code,
        "eu_contribution": allocation.eu_contribution,
        "national_cofinancing": allocation.national_cofinancing,
        "total": allocation.total,
        "currency": currency,
    }


def _indicator(item, entry) -> dict:
    """A programme indicator with its catalogue entry (None if the catalogue lost the code)."""
    return {
        "code": item.indicator_code,
        "label": localized(entry.labels) if entry else item.indicator_code,
        "parent": entry.parent_code if entry else None,
        "kind": entry.kind if entry else "",
        "unit": entry.unit if entry else "",
        "milestone_2024": item.milestone_2024,
        "target_2029": item.target_2029,
    }
