"""Reading the classification: an application's (confirmed, else proposed, else none) and the intervention
field codes valid on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import g, has_app_context
from sqlalchemy import select

from service.catalogue.models import InterventionType, SpecificObjective
from service.classification.rules import Pair
from service.extensions import db
from service.tenancy.model_base import utcnow

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class Classification:
    objective: str | None
    intervention_field: str | None
    status: str  # confirmed | proposed | unclassified

    @property
    def pair(self) -> Pair | None:
        return (self.objective, self.intervention_field) if self.objective and self.intervention_field else None


def classification_of(application) -> Classification:
    """What the statistics and reports use: the case officer's confirmation, else the applicant's proposal."""
    if application.confirmed_objective:
        return Classification(application.confirmed_objective, application.confirmed_intervention, "confirmed")
    if application.proposed_objective:
        return Classification(application.proposed_objective, application.proposed_intervention, "proposed")
    return Classification(None, None, UNCLASSIFIED)


def specific_objective_of(application) -> str | None:
    """The application's specific objective (confirmed, else proposed), or None: what the ranking should use
    instead of guessing one from the indicators."""
    return classification_of(application).objective


def intervention_fields(day: date | None = None) -> dict[Pair, InterventionType]:
    """AMIF Annex VI Table 1 codes valid on ``day`` (today by default), by (objective, code), in code order."""
    day = day or utcnow().date()
    cache = _request_cache("intervention_fields")
    if day not in cache:
        rows = db.session.scalars(
            select(InterventionType)
            .where(InterventionType.dimension == "intervention_field")
            .order_by(InterventionType.objective, InterventionType.code, InterventionType.valid_from)
        )
        cache[day] = {(row.objective, row.code): row for row in rows if row.valid_on(day)}
    return cache[day]


def objectives() -> dict[str, SpecificObjective]:
    """The specific objectives (SO1–SO4, TA) by code, their latest version."""
    cache = _request_cache("objectives")
    if "all" not in cache:
        rows = db.session.scalars(select(SpecificObjective).order_by(SpecificObjective.valid_from))
        cache["all"] = {row.code: row for row in rows}
    return cache["all"]


def _request_cache(name: str) -> dict:
    """Reference data read once per request (or job): a page lists many codes, each named from it."""
    if not has_app_context():
        return {}
    return g.setdefault(f"classification_{name}", {})


def intervention_label(pair: Pair | None, language: str, fields: dict | None = None) -> str:
    """ "SO2 003 Integration measures – …" in the reader's language; the bare codes when unknown."""
    if pair is None:
        return ""
    found = (fields if fields is not None else intervention_fields()).get(pair)
    text = found.label(language) if found else ""
    return f"{pair[0]} {pair[1]} {text}".strip()
