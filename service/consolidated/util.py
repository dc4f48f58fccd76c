"""Finding a run and sending its files."""

from __future__ import annotations

from flask import Response, abort
from sqlalchemy import select
from sqlalchemy.orm import undefer

from service.consolidated.models import FORMATS, ConsolidatedExport, ConsolidatedFile
from service.consolidated.rules import file_name
from service.errors import Conflict
from service.exports.responses import content_disposition
from service.extensions import db

READERS = ("commission", "platform_admin")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def export_or_404(export_id: int) -> ConsolidatedExport:
    export = db.session.get(ConsolidatedExport, export_id)
    if export is None:
        abort(404)
    return export


def send_file(export: ConsolidatedExport, fmt: str, not_ready_message: str) -> Response:
    """The stored file (404 for a format that does not exist, 409 while the run is not ready)."""
    if fmt not in FORMATS:
        abort(404)
    if export.status != "ready":
        raise Conflict(not_ready_message, details={"status": export.status})
    stored = db.session.scalar(
        select(ConsolidatedFile)
        .options(undefer(ConsolidatedFile.data))
        .where(ConsolidatedFile.export_id == export.id, ConsolidatedFile.format == fmt)
    )
    if stored is None:
        abort(404)
    response = Response(stored.data, content_type=CONTENT_TYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(file_name(export.as_of, fmt))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["ETag"] = f'"{stored.sha256}"'
    return response
