"""Reference data shared by every tenant, versioned by ``valid_from``."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db


class SpecificObjective(db.Model):
    """AMIF Art. 3(2) specific objectives SO1–SO4, and technical assistance (TA)."""

    __tablename__ = "specific_objectives"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8))
    number: Mapped[int]
    short: Mapped[dict] = mapped_column(JSON)
    wording: Mapped[dict] = mapped_column(JSON)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Indicator(db.Model):
    """A common indicator of AMIF Annex VIII (``O.<SO>.<n>`` output, ``R.<SO>.<n>`` result)."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    parent_code: Mapped[str | None] = mapped_column(String(16))
    specific_objective: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))  # output | result
    unit: Mapped[str] = mapped_column(String(32))
    labels: Mapped[dict] = mapped_column(JSON)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.code


class InterventionType(db.Model):
    """A code of AMIF Annex VI "Types of intervention": the intervention field of a specific objective (Table 1),
    or a type of action, implementation or particular theme (Tables 2–4, ``objective`` empty)."""

    __tablename__ = "intervention_types"
    __table_args__ = (UniqueConstraint("dimension", "objective", "code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(24))  # intervention_field | type_of_action | ...
    objective: Mapped[str] = mapped_column(String(8), default="")  # SO1–SO4 or TA for intervention fields
    code: Mapped[str] = mapped_column(String(8))
    labels: Mapped[dict] = mapped_column(JSON)
    unverified: Mapped[list] = mapped_column(JSON, default=list)  # what is not checked against the regulation
    note: Mapped[str] = mapped_column(String(500), default="")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.code

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)
