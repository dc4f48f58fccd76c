"""Turning a programme into the plain structure the API and the Commission export dump."""

from __future__ import annotations

from service.i18n import localized
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
        "allocations": [
            {
                "objective": a.objective_code,
                "objective_name": localized(objectives[a.objective_code].short) if a.objective_code in objectives else a.objective_code,
                "eu_contribution": a.eu_contribution,
                "national_cofinancing": a.national_cofinancing,
                "total": a.total,
                "currency": programme.currency,
            }
            for a in programme.allocations
        ],
        "totals": {"eu_contribution": sums.eu_contribution, "national_cofinancing": sums.national_cofinancing,
                   "total": sums.total, "currency": programme.currency},
        "indicators": [
            {
                "code": i.indicator_code,
                "label": localized(catalogue[i.indicator_code].labels) if i.indicator_code in catalogue else i.indicator_code,
                "parent": catalogue[i.indicator_code].parent_code if i.indicator_code in catalogue else None,
                "kind": catalogue[i.indicator_code].kind if i.indicator_code in catalogue else "",
                "unit": catalogue[i.indicator_code].unit if i.indicator_code in catalogue else "",
                "milestone_2024": i.milestone_2024,
                "target_2029": i.target_2029,
            }
            for i in programme.indicators
        ],
    }
