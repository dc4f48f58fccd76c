"""Request handlers of the SO4 lump-sum pages: a year's totals and records with the form to record a month,
and one record with its corrections, its evidence and the form to correct it. A refusal shows the page
again with the messages, nothing changed."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from service.applications.api_parts import download
from service.applications.attachments import MAX_BYTES, stored_content
from service.applications.forms import integer
from service.assessment.controllers import _refused
from service.assessment.presenters import person_names
from service.errors import Conflict
from service.extensions import db
from service.lump_sums import operations
from service.lump_sums.models import CATEGORIES, LumpSumAmount
from service.lump_sums.schemas import CorrectionWriteSchema, RecordWriteSchema
from service.lump_sums.util import (
    RECORDERS,
    evidence_or_404,
    history_of,
    record_or_404,
    records_in_force,
    totals_by_year,
    years_recorded,
)
from service.tenancy.current import current_tenant


def _this_year() -> int:
    return datetime.now(current_tenant().zone).year


def _chosen_year() -> int:
    raw = request.args.get("year", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100:
        return int(raw)
    return _this_year()  # anything else: this year's page, never an error


def _uploads() -> tuple[tuple[str, bytes], ...]:
    chosen = [f for f in request.files.getlist("evidence") if f and f.filename]
    return tuple((f.filename, f.stream.read(MAX_BYTES + 1)) for f in chosen)


def _amounts() -> list[LumpSumAmount]:
    query = select(LumpSumAmount).order_by(LumpSumAmount.valid_from.desc(), LumpSumAmount.id)
    rows = list(db.session.scalars(query))
    return sorted(rows, key=lambda a: CATEGORIES.index(a.category) if a.category in CATEGORIES else len(CATEGORIES))


def list_page(*, year: int | None = None, status: int = 200, alert=None, errors=None, typed=None):
    year = year or _chosen_year()
    records = records_in_force(year)
    page = render_template(
        "lump_sums/list.html",
        year=year,
        years=sorted(set(years_recorded()) | {_this_year(), year}),
        totals=totals_by_year(year)[year],
        records=records,
        people=person_names(r.recorded_by for r in records),
        amounts=_amounts(),
        categories=CATEGORIES,
        may_record=current_user.role in RECORDERS,
        alert=alert,
        errors=errors or {},
        typed=typed or {},
    )
    return page, status


def record():
    form = request.form
    if current_user.role not in RECORDERS:
        return list_page(status=403, alert=_("Only the managing authority's staff record lump sums."))
    payload = {
        "month": form.get("month", "").strip(),
        "category": form.get("category", ""),
        "persons": integer(form.get("persons")) if (form.get("persons") or "").strip() else "",
        "note": form.get("note", ""),
    }
    try:
        created = operations.record(RecordWriteSchema().load(payload), user=current_user, files=_uploads())
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: list_page(**kw), error, typed=form.to_dict())
    flash(_("Recorded: %(persons)s persons in %(month)s.", persons=created.persons, month=f"{created.month:%Y-%m}"))
    return redirect(url_for("lump_sums.list", year=created.month.year), 303)


def record_page(record_id: int, *, status: int = 200, alert=None, errors=None, typed=None):
    chosen = record_or_404(record_id)
    history = history_of(chosen)
    latest = history[-1]
    page = render_template(
        "lump_sums/record.html",
        record=chosen,
        history=history,
        latest=latest,
        people=person_names([r.recorded_by for r in history] + [e.uploaded_by for r in history for e in r.evidence]),
        may_record=current_user.role in RECORDERS,
        alert=alert,
        errors=errors or {},
        typed=typed or {},
    )
    return page, status


def correct(record_id: int):
    old = record_or_404(record_id)
    form = request.form
    if current_user.role not in RECORDERS:
        return record_page(record_id, status=403, alert=_("Only the managing authority's staff record lump sums."))
    payload = {
        "persons": integer(form.get("persons")) if (form.get("persons") or "").strip() else "",
        "note": form.get("note", "").strip(),
    }
    try:
        created = operations.correct(old, CorrectionWriteSchema().load(payload), user=current_user, files=_uploads())
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: record_page(record_id, **kw), error, typed=form.to_dict())
    flash(_("Corrected: the new record counts, the old one stays in the history."))
    return redirect(url_for("lump_sums.record_page", record_id=created.id), 303)


def evidence(record_id: int, evidence_id: int):
    found = evidence_or_404(record_or_404(record_id), evidence_id)
    return download(stored_content(found.sha256), found.content_type, found.filename)
