"""Asking for the Commission's consolidated export and building it (the job: service.consolidated.tasks).

The build reads every active tenant, one after the other, each in its own tenant scope (row-level security holds
as for any tenant's request: never a scope-less query), writes the three files as it goes
(service.consolidated.writers) and stores them with the run's status in one transaction at the end: a job killed
half-way leaves no file, and its retry builds the whole again, to the same bytes."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import delete, select

from service.consolidated.models import ConsolidatedExport, ConsolidatedFile
from service.consolidated.rows import tenant_part
from service.consolidated.writers import ExportFiles
from service.errors import Conflict
from service.extensions import db
from service.i18n import format_day
from service.jobs.queue import enqueue
from service.jobs.sweeper import given_up
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope

BUILD_JOB = "consolidated.build"
UNFINISHED = ("queued", "building")
COMMISSION_ZONE = ZoneInfo("Europe/Brussels")  # the Commission's day
CHUNK = 1 << 16


def commission_today() -> date:
    return datetime.now(COMMISSION_ZONE).date()


def request_export(as_of: date | None, *, person) -> ConsolidatedExport:
    """Ask for the export as of a day (today by default); its job builds it. Refused: a day still to come, and a
    second one of the same day while the first is being built (409, naming it)."""
    today = commission_today()
    as_of = as_of or today
    if as_of > today:
        raise ValidationError(
            {"as_of": [_("The day %(day)s has not come yet: its figures are not known.", day=format_day(as_of))]}
        )
    with platform_scope():  # platform data, audited as the platform's, never a tenant's
        running = db.session.scalar(
            select(ConsolidatedExport).where(
                ConsolidatedExport.as_of == as_of, ConsolidatedExport.status.in_(UNFINISHED)
            )
        )
        if running is not None and given_up(BUILD_JOB, str(running.id)):  # never to finish: it holds no day
            running.status, running.error = "failed", "abandoned: its job stopped during every attempt"
            db.session.flush()
            running = None
        if running is not None:
            raise Conflict(
                _("The export as of %(day)s is being built already.", day=format_day(as_of)),
                details={"export": running.id},
            )
        export = ConsolidatedExport(
            as_of=as_of, status="queued", requested_by=person.id, requested_at=utcnow(), error=""
        )
        db.session.add(export)
        db.session.flush()
        enqueue(BUILD_JOB, key=str(export.id), export_id=export.id)
        db.session.flush()
    return export


def exports(limit: int = 50) -> list[ConsolidatedExport]:
    return list(db.session.scalars(select(ConsolidatedExport).order_by(ConsolidatedExport.id.desc()).limit(limit)))


def files_of(exports: list[ConsolidatedExport]) -> dict[int, dict[str, ConsolidatedFile]]:
    """The files of the ready ones among ``exports`` (without their bytes), by export and format, in one query."""
    ready = [export.id for export in exports if export.status == "ready"]
    found: dict[int, dict[str, ConsolidatedFile]] = {export.id: {} for export in exports}
    if ready:
        for row in db.session.scalars(select(ConsolidatedFile).where(ConsolidatedFile.export_id.in_(ready))):
            found[row.export_id][row.format] = row
    return found


def build(export_id: int, progress: Callable[..., None]) -> dict:
    """Build the run's files; ``progress(**values)`` commits its visible progress at once."""
    export = db.session.get(ConsolidatedExport, export_id)
    if export is None or export.status == "ready":
        return {"export": export_id, "status": export.status if export else "missing"}
    as_of = export.as_of
    active = select(Tenant).where(Tenant.active.is_(True)).order_by(Tenant.code)
    tenants = [(t.id, t.code) for t in db.session.scalars(active)]
    progress(status="building", tenants_done=0, tenants_total=len(tenants), error="")
    directory = Path(tempfile.mkdtemp(prefix="amif-consolidated-"))
    files = ExportFiles(directory, as_of)
    try:
        for done, (tenant_id, _code) in enumerate(tenants, start=1):
            with tenant_scope(tenant_id):
                part, rows = tenant_part(db.session.get(Tenant, tenant_id), as_of)
                files.add(asdict(part), rows)
            db.session.expunge_all()  # one tenant's objects at a time
            progress(tenants_done=done)
        paths = files.close()
        db.session.execute(delete(ConsolidatedFile).where(ConsolidatedFile.export_id == export_id))
        for fmt, path in sorted(paths.items()):
            data = path.read_bytes()
            db.session.add(
                ConsolidatedFile(
                    export_id=export_id, format=fmt, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
                )
            )
        export = db.session.get(ConsolidatedExport, export_id)
        export.status = "ready"
        export.finished_at = utcnow()
        db.session.flush()
        return {"export": export_id, "status": "ready", "tenants": len(tenants)}
    except BaseException:
        files.abandon()
        raise
    finally:
        shutil.rmtree(directory, ignore_errors=True)
