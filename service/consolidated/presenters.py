"""The consolidated export as the API and the pages show it."""

from __future__ import annotations

from flask import url_for

from service.consolidated.models import FORMATS, ConsolidatedExport
from service.consolidated.operations import files_of


def exports_data(exports: list[ConsolidatedExport]) -> list[dict]:
    files = files_of(exports)
    return [export_data(export, files[export.id]) for export in exports]


def export_data(export: ConsolidatedExport, stored: dict | None = None) -> dict:
    """``stored``: its files by format, when read already (:func:`exports_data`)."""
    stored = files_of([export])[export.id] if stored is None else stored
    return {
        "id": export.id,
        "as_of": export.as_of,
        "status": export.status,
        "tenants_total": export.tenants_total,
        "tenants_done": export.tenants_done,
        "requested_at": export.requested_at,
        "finished_at": export.finished_at,
        "files": [
            {
                "format": fmt,
                "size": stored[fmt].size,
                "sha256": stored[fmt].sha256,
                "url": url_for("api_commission.consolidated_file", export_id=export.id, format=fmt),
            }
            for fmt in FORMATS
            if fmt in stored
        ],
    }
