"""Finding a run and sending its files."""

from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import undefer

from service.consolidated.models import FORMATS, ConsolidatedExport, ConsolidatedFile
from service.consolidated.rules import file_name
from service.errors import Conflict
from service.exports.responses import send_file
from service.extensions import db

READERS = ("commission", "platform_admin")


def export_or_404(export_id: int) -> ConsolidatedExport:
    export = db.session.get(ConsolidatedExport, export_id)
    if export is None:
        abort(404)
    return export


def send_export_file(export: ConsolidatedExport, fmt: str) -> Response:
    """The stored file (404 for a format that does not exist, 409 while the run is not ready)."""
    if fmt not in FORMATS:
        abort(404)
    if export.status != "ready":
        raise Conflict(_("The export is not ready: it has no files yet."), details={"status": export.status})
    stored = db.session.scalar(
        select(ConsolidatedFile)
        .options(undefer(ConsolidatedFile.data))
        .where(ConsolidatedFile.export_id == export.id, ConsolidatedFile.format == fmt)
    )
    if stored is None:
        abort(404)
    response = send_file(stored.data, fmt, file_name(export.as_of))
    response.headers["ETag"] = f'"{stored.sha256}"'
    return response
