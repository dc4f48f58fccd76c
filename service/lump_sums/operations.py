"""Changes of the SO4 lump sums: a record, its correction (a new record naming the old one) and its evidence.
Each flushes and never commits: the request, the CLI or the job owns the transaction (service.errors)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.applications.attachments import ACCEPTED as CONTENT_TYPES
from service.applications.attachments import check_upload, store
from service.errors import Conflict
from service.extensions import db
from service.lump_sums.models import LumpSumAmount, LumpSumEvidence, LumpSumRecord
from service.lump_sums.util import corrected_by
from service.tenancy.model_base import utcnow

MAX_EVIDENCE = 30  # files per record


def amount_in_force(category: str, month: date) -> LumpSumAmount:
    """The version of the amount per person that applies to ``month``: the latest that is valid from it or
    before. None loaded (``amif reference sync`` not run) is a refusal, never a zero."""
    amount = db.session.scalar(
        select(LumpSumAmount)
        .where(LumpSumAmount.category == category, LumpSumAmount.valid_from <= month)
        .order_by(LumpSumAmount.valid_from.desc())
        .limit(1)
    )
    if amount is None:
        raise ValidationError({"month": [_("No amount per person is in force for this month and category.")]})
    return amount


def _new_record(*, month: date, category: str, persons: int, note: str, user, corrects: LumpSumRecord | None):
    amount = amount_in_force(category, month)
    record = LumpSumRecord(
        month=month,
        category=category,
        persons=persons,
        amount_id=amount.id,
        amount_per_person=amount.amount,
        total=amount.amount * persons,  # whole euro amounts × whole persons: exact, no rounding
        note=note,
        corrects_id=corrects.id if corrects else None,
        recorded_by=user.id,
        recorded_at=utcnow(),
    )
    db.session.add(record)
    db.session.flush()
    return record


def record(data: dict, *, user, files: tuple[tuple[str, bytes], ...] = ()) -> LumpSumRecord:
    """The persons of a category in a month (``RecordWriteSchema``), with evidence files (name, bytes).
    A month and category already recorded answers 409: correct that record instead."""
    month, category = data["month"], data["category"]
    _check_files(files)
    existing = db.session.scalar(
        select(LumpSumRecord.id).where(LumpSumRecord.month == month, LumpSumRecord.category == category).limit(1)
    )
    if existing is not None:
        raise Conflict(_("This month and category are already recorded: correct that record instead."))
    created = _new_record(
        month=month, category=category, persons=data["persons"], note=data["note"], user=user, corrects=None
    )
    for name, content in files:
        add_evidence(created, filename=name, data=content, user=user)
    return created


def correct(old: LumpSumRecord, data: dict, *, user, files: tuple[tuple[str, bytes], ...] = ()) -> LumpSumRecord:
    """A new record for the old one's month and category (``CorrectionWriteSchema``); the old one stays, no
    longer counted. Only the latest record can be corrected (409 otherwise: someone corrected it already)."""
    _check_files(files)
    if corrected_by(old) is not None:
        raise Conflict(_("This record is already corrected: correct the latest record of the month."))
    created = _new_record(
        month=old.month, category=old.category, persons=data["persons"], note=data["note"], user=user, corrects=old
    )
    for name, content in files:
        add_evidence(created, filename=name, data=content, user=user)
    return created


def _check_files(files) -> None:
    """Refuse every file before anything is written (the same checks as an application's attachments)."""
    if len(files) > MAX_EVIDENCE:
        raise ValidationError({"file": [_("At most %(count)s files per record.", count=MAX_EVIDENCE)]})
    for name, content in files:
        check_upload(name, content)


def add_evidence(record: LumpSumRecord, *, filename: str, data: bytes, user) -> LumpSumEvidence:
    """A file proving the record, stored once per tenant by its SHA-256 (service.applications.attachments)."""
    name, extension = check_upload(filename, data)
    if len(record.evidence) >= MAX_EVIDENCE:
        raise ValidationError({"file": [_("At most %(count)s files per record.", count=MAX_EVIDENCE)]})
    evidence = LumpSumEvidence(
        record_id=record.id,
        filename=name,
        content_type=CONTENT_TYPES[extension],
        size=len(data),
        sha256=store(data),
        uploaded_by=user.id,
        uploaded_at=utcnow(),
    )
    db.session.add(evidence)
    db.session.flush()
    db.session.expire(record, ["evidence"])
    return evidence
