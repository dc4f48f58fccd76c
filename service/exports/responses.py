"""The download: a table as an XLSX or CSV attachment with a file name every browser saves safely."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from flask import Response

from service.exports.cells import Column
from service.exports.delimited import table_csv
from service.exports.xlsx import table_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FILE_TYPES = {**FORMATS, "json": "application/json"}  # what a file made for the Commission may be
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')  # path separators, quotes, controls, Windows-reserved
_NAME_LENGTH = 120


def send_table(
    format: str, filename: str, title, columns: list[Column], rows: Iterable[Mapping[str, Any]], *, sheet_name=None
) -> Response:
    """The table as a download. ``format`` is "xlsx" or "csv" (anything else is a ValueError: the caller's URL
    table decides which formats exist); ``filename`` without its extension."""
    if format == "xlsx":
        body = table_xlsx(title, columns, rows, sheet_name=sheet_name)
    elif format == "csv":
        body = table_csv(columns, rows)
    else:
        raise ValueError(f"unknown export format {format!r}")
    return send_file(body, format, safe_filename(filename))


def send_file(body: bytes, format: str, filename: str) -> Response:
    """Bytes made already (a table, a frozen version, a stored export) as an attachment: ``format`` one of
    :data:`FILE_TYPES`, ``filename`` without its extension. Never cached: exports hold personal data."""
    response = Response(body, content_type=FILE_TYPES[format])
    response.headers["Content-Disposition"] = content_disposition(f"{filename}.{format}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def safe_filename(name: str) -> str:
    """A file name without path separators, control characters or characters Windows refuses."""
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", str(name))).strip(" .-")
    return cleaned[:_NAME_LENGTH].strip(" .-") or "export"


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII ``filename`` for old clients and the exact name as ``filename*`` (RFC 8187, UTF-8)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", ascii_name).strip() or "export"
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header
