"""``amif reference sync``: load the shared reference data files, versioned by ``valid_from``."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy import select

from service.catalogue.models import Indicator, InterventionType, SpecificObjective
from service.extensions import db
from service.tenancy.scope import platform_scope

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict:
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


def sync_reference_data() -> dict:
    """Insert new versions and update same-version rows; the caller commits."""
    counts = {"objectives": 0, "indicators": 0, "types_of_intervention": 0}
    with platform_scope():
        for row in _load("specific_objectives.toml")["objective"]:
            item = db.session.scalar(
                select(SpecificObjective).where(
                    SpecificObjective.code == row["code"], SpecificObjective.valid_from == row["valid_from"]
                )
            )
            if item is None:
                item = SpecificObjective(code=row["code"], valid_from=row["valid_from"])
                db.session.add(item)
            item.number, item.short, item.wording = row["number"], dict(row["short"]), dict(row["wording"])
            counts["objectives"] += 1
        for row in _load("common_indicators.toml")["indicator"]:
            item = db.session.scalar(
                select(Indicator).where(Indicator.code == row["code"], Indicator.valid_from == row["valid_from"])
            )
            if item is None:
                item = Indicator(code=row["code"], valid_from=row["valid_from"])
                db.session.add(item)
            item.parent_code = row["parent"] or None
            item.specific_objective = row["specific_objective"]
            item.kind, item.unit, item.labels = row["kind"], row["unit"], dict(row["label"])
            counts["indicators"] += 1
        for row in _load("types_of_intervention.toml")["intervention"]:
            _sync_intervention_type(row)
            counts["types_of_intervention"] += 1
        db.session.flush()
    return counts


def _sync_intervention_type(row: dict) -> None:
    """One code of AMIF Annex VI (the file's header says what is checked against the regulation)."""
    item = db.session.scalar(
        select(InterventionType).where(
            InterventionType.dimension == row["dimension"],
            InterventionType.objective == row["objective"],
            InterventionType.code == row["code"],
            InterventionType.valid_from == row["valid_from"],
        )
    )
    if item is None:
        item = InterventionType(
            dimension=row["dimension"], objective=row["objective"], code=row["code"], valid_from=row["valid_from"]
        )
        db.session.add(item)
    item.labels, item.unverified = dict(row["label"]), list(row.get("unverified", []))
    item.note, item.valid_to = row.get("note", ""), row.get("valid_to")
