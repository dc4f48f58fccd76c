"""An applicant organisation (the future beneficiary), the people who act for it, and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

# The organisation types of the Swedish evaluation's table 4 (seed 000), in both countries.
ORGANISATION_TYPES = ("state_agency", "regional_or_local_authority", "ngo", "university", "other")


class Organisation(TenantOwned, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("tenant_id", "country", "number"), UniqueConstraint("tenant_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))  # whose register the number is from: SE, FI
    number: Mapped[str] = mapped_column(String(20))  # normalised: 556036-0793, 0112038-9
    organisation_type: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[Membership]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class Membership(TenantOwned, db.Model):
    """A user acting for an organisation; members see the organisation's applications and only those."""

    __tablename__ = "organisation_members"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "organisation_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int]
    user_id: Mapped[int]
    role: Mapped[str] = mapped_column(String(16), default="member")  # owner | member
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
