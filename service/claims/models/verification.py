"""The MA's management verification of a claim (CPR Art. 74(1)(a)): each line's outcome, the risk sample of
lines checked in depth, the checklist and the on-the-spot checks. Every table here is append-only: a changed
outcome is a new row (the latest for a line counts), so what was decided and by whom stays readable."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

OUTCOMES = ("accepted", "reduced", "refused", "parked")
ANSWERS = ("yes", "no", "not_applicable")


class LineCheck(TenantOwned, db.Model):
    __tablename__ = "claim_line_checks"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        ForeignKeyConstraint(["tenant_id", "line_id"], ["claim_lines.tenant_id", "claim_lines.id"]),
    )
    __audit__ = False  # append-only and itself the record

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    line_id: Mapped[int]
    submission: Mapped[int]  # the claim submission the outcome is about
    outcome: Mapped[str] = mapped_column(String(16))
    verified: Mapped[Decimal] = mapped_column(MONEY)  # accepted: the claimed amount; refused/parked: 0
    error_type: Mapped[str | None] = mapped_column(String(40))  # the tenant's typology (claims.toml)
    comment: Mapped[str] = mapped_column(Text, default="")
    in_depth: Mapped[bool] = mapped_column(default=False)  # checked against the evidence (sampled lines must be)
    checked_by: Mapped[int]
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sample(TenantOwned, db.Model):
    """The lines drawn on risk for an in-depth check; once drawn it is locked (one per submission)."""

    __tablename__ = "claim_samples"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        UniqueConstraint("tenant_id", "claim_id", "submission"),
    )
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    submission: Mapped[int]
    line_ids: Mapped[list] = mapped_column(JSON)
    risks: Mapped[dict] = mapped_column(JSON)  # line id -> [risk reasons], what the draw rested on
    seed: Mapped[str] = mapped_column(String(64))
    drawn_by: Mapped[int]
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChecklistAnswer(TenantOwned, db.Model):
    __tablename__ = "claim_checklist_answers"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),)
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    item: Mapped[str] = mapped_column(String(40))  # a key of the tenant's checklist (claims.toml)
    answer: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OnTheSpotCheck(TenantOwned, db.Model):
    """A visit to the beneficiary (CPR Art. 74(1)(a), on a risk basis) and what it found."""

    __tablename__ = "claim_on_the_spot_checks"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),)
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int]
    visited_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    findings: Mapped[str] = mapped_column(Text)
    satisfactory: Mapped[bool]
    recorded_by: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
