"""An applicant organisation (the future beneficiary), the people who act for it, and invitations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow


class Organisation(TenantOwned, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("tenant_id", "country", "number"), UniqueConstraint("tenant_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))  # whose register the number is from: SE, FI
    number: Mapped[str] = mapped_column(String(20))  # normalised: 556036-0793, 0112038-9
    organisation_type: Mapped[str] = mapped_column(String(40))  # a code of the tenant's list (organisations.types)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[Membership]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class Membership(TenantOwned, db.Model):
    """A user acting for an organisation; members see the organisation's applications and only those."""

    __tablename__ = "organisation_members"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "organisation_id", "user_id"),
        Index("ix_organisation_members_user", "tenant_id", "user_id"),  # a person's organisations (their lists)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int]
    user_id: Mapped[int]
    role: Mapped[str] = mapped_column(String(16), default="member")  # owner | member
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")


class OrganisationInvitation(TenantOwned, db.Model):
    """An e-mailed, single-use link by which a member brings a colleague into the organisation.

    Only the SHA-256 of the link's secret is stored, drawn by the job that sends the e-mail.
    """

    __tablename__ = "organisation_invitations"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "organisation_id"], ["organisations.tenant_id", "organisations.id"]),
        ForeignKeyConstraint(["tenant_id", "invited_by"], ["users.tenant_id", "users.id"]),
        ForeignKeyConstraint(["tenant_id", "accepted_by"], ["users.tenant_id", "users.id"]),
        UniqueConstraint("tenant_id", "token_hash"),
    )
    __audit_exclude__ = {"token_hash"}

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int]
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(8))  # of the e-mail, when the invitee has no account
    token_hash: Mapped[str | None] = mapped_column(String(64))
    invited_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by: Mapped[int | None]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # a newer invitation to the same address

    organisation: Mapped[Organisation] = relationship()

    def status(self, now: datetime) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "pending"
