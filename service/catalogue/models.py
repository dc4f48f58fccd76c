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
