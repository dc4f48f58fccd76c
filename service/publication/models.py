"""The public list of operations (CPR Art. 49(3)): published in editions. An edition is a frozen snapshot
(append-only, with its rows and its date): what the public sees changes only when a new edition is published.

A natural person's name is never in the frozen rows: it is kept beside the operation (``OperationRecord``) with
the date the operation was first published, and removed two years after that date (Art. 49(3), last
subparagraph: "removed two years after the date of the initial publication"), so that erasing it never
touches an edition."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

TRIGGERS = ("schedule", "managing_authority")


class PublicationEdition(TenantOwned, db.Model):
    """One published edition of the tenant's list (append-only)."""

    __tablename__ = "publication_editions"
    __table_args__ = (UniqueConstraint("tenant_id", "id"), UniqueConstraint("tenant_id", "sequence"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sequence: Mapped[int]
    published_on: Mapped[date] = mapped_column(Date)  # the day, in the tenant's time zone
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[int | None]  # the MA's user; None for the scheduled job
    trigger: Mapped[str] = mapped_column(String(24))  # schedule | managing_authority
    content_sha256: Mapped[str] = mapped_column(String(64))

    rows: Mapped[list[PublishedOperation]] = relationship(order_by="PublishedOperation.position")


class PublishedOperation(TenantOwned, db.Model):
    """One operation of an edition, frozen (append-only): ``values`` maps the list's columns
    (service.publication.rules.COLUMNS) to JSON values (amounts and rates as decimal strings, days ISO)."""

    __tablename__ = "publication_operations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "edition_id"], ["publication_editions.tenant_id", "publication_editions.id"]
        ),
        UniqueConstraint("tenant_id", "edition_id", "project_id"),
    )
    __audit_exclude__ = {"values"}

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int]
    position: Mapped[int]
    project_id: Mapped[int]
    natural_person: Mapped[bool] = mapped_column(default=False)  # the name is in OperationRecord, not here
    values: Mapped[dict] = mapped_column(JSON)


class OperationRecord(TenantOwned, db.Model):
    """What the list needs of an operation beyond the project: its location (recorded by the MA: Art. 49(3)
    "location indicator ... and the country concerned"), the day it was first published, and, for a natural
    person's operation, the name shown until two years after that day."""

    __tablename__ = "publication_operation_records"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        UniqueConstraint("tenant_id", "project_id"),
    )
    __audit_exclude__ = {"personal_name"}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    location: Mapped[str] = mapped_column(String(200), default="")
    first_published_on: Mapped[date | None] = mapped_column(Date)
    personal_name: Mapped[str | None] = mapped_column(String(200))
    personal_data_removed_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
