"""The participant register: per project, each participant once, as a keyed hash of the normalised name parts
and date of birth (service.participants.rules.person_key), with sex, age band at first registration, first
participation and the indicators the person counts toward. No name, date of birth or identity number is stored.

A person counts once per project per indicator: one row per (project, person key) and one per (participant,
indicator), both unique in the database. Participants erased at the end of retention leave their counts behind
as tallies (:class:`ParticipantTally`), so the project's figures never change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKeyConstraint, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.participants.rules import AGE_BANDS, SEXES
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

IMPORT_STATUSES = ("queued", "validating", "writing", "done", "refused", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Participant(TenantOwned, db.Model):
    __tablename__ = "participants"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        UniqueConstraint("tenant_id", "id"),
        UniqueConstraint("tenant_id", "project_id", "person_key"),
        CheckConstraint(_in("sex", SEXES), name="sex"),
        CheckConstraint(_in("age_band", AGE_BANDS), name="age_band"),
    )
    __audit_exclude__ = {"person_key"}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    person_key: Mapped[str] = mapped_column(String(64))  # HMAC-SHA-256, hex
    sex: Mapped[str] = mapped_column(String(12))
    age_band: Mapped[str] = mapped_column(String(10))  # at first registration
    child: Mapped[bool] = mapped_column(default=False)  # under 18 at first registration: shown to fewer people
    first_participation: Mapped[date] = mapped_column(Date)
    registered_by: Mapped[int]
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    indicators: Mapped[list[ParticipantIndicator]] = relationship(
        back_populates="participant", order_by="ParticipantIndicator.indicator_code", cascade="all, delete-orphan"
    )


class ParticipantIndicator(TenantOwned, db.Model):
    """A participant counted toward an indicator (and, by service.participants.rules.with_parents, its parents)."""

    __tablename__ = "participant_indicators"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "participant_id"], ["participants.tenant_id", "participants.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "participant_id", "indicator_code"),
        Index("ix_participant_indicators_project", "tenant_id", "project_id", "indicator_code"),
    )
    __audit__ = False  # part of its participant's record

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int]
    project_id: Mapped[int]  # the participant's, kept here to count a project's indicators in one query
    indicator_code: Mapped[str] = mapped_column(String(16))

    participant: Mapped[Participant] = relationship(back_populates="indicators")


class ParticipantTally(TenantOwned, db.Model):
    """Counts left behind by participants erased at the end of retention (CPR Art. 82): per project, indicator,
    sex and age band. The register's figures are the live rows plus these."""

    __tablename__ = "participant_tallies"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        UniqueConstraint("tenant_id", "project_id", "indicator_code", "sex", "age_band"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    indicator_code: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(12))
    age_band: Mapped[str] = mapped_column(String(10))
    count: Mapped[int]


class ParticipantImport(TenantOwned, db.Model):
    """An import of participants from a CSV or XLSX file, run as a background job (service.participants.tasks):
    its progress and its row-level errors for the importer's page. The file waits in ``content`` until the job
    has run, then is erased with the outcome: names and dates of birth are never kept."""

    __tablename__ = "participant_imports"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        CheckConstraint(_in("status", IMPORT_STATUSES), name="status"),
    )
    __audit_exclude__ = {"content", "errors"}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    rows_total: Mapped[int | None]  # the file's data rows, once counted
    rows_read: Mapped[int] = mapped_column(default=0)  # validated so far
    rows_done: Mapped[int] = mapped_column(default=0)  # written to the register
    created: Mapped[int] = mapped_column(default=0)  # new participants
    merged: Mapped[int] = mapped_column(default=0)  # rows of people registered already (or twice in the file)
    # [{"line": n, "column": name, "code": reason, "params": {...}}]: translated when shown, never the value typed
    errors: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ParticipantErasure(TenantOwned, db.Model):
    """What the retention job erased (CPR Art. 82): a project's participant rows, once five years from 31
    December of the year of its last payment had passed; their counts stay as tallies. Append-only."""

    __tablename__ = "participant_erasures"
    __table_args__ = (ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    participants: Mapped[int]  # rows erased
    last_payment: Mapped[date] = mapped_column(Date)
    retention_end: Mapped[date] = mapped_column(Date)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    erased_by: Mapped[str] = mapped_column(String(64))  # the job
