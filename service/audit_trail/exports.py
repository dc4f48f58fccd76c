"""The filtered trail as a spreadsheet (XLSX or CSV): one row per changed field, as the page reads it."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l

from service.audit_trail import presenters, util
from service.exports import Column, send_table
from service.tenancy.current import tenant_today

COLUMNS = [
    Column("at", _l("When"), "datetime"),
    Column("person", _l("Who")),
    Column("object_type", _l("Object type")),
    Column("reference", _l("Reference")),
    Column("action", _l("Action")),
    Column("field", _l("Field")),
    Column("old", _l("Before")),
    Column("new", _l("After")),
    Column("entry", _l("Entry number"), "integer"),
]


def rows(filters: dict, reader_role: str | None) -> Iterator[dict]:
    """Read, named and written a batch at a time: a few queries per batch, whatever the file's length."""
    for batch in util.batches(filters):
        for view in presenters.present(batch, reader_role):
            common = {
                "at": view.entry.at,
                "person": view.person,
                "object_type": view.object_type,
                "reference": view.reference,
                "action": view.action_label,
                "entry": view.entry.id,
            }
            if not view.changes:
                yield common
            for change in view.changes:
                yield {
                    **common,
                    "field": change.label,
                    "old": _whole(change.old),
                    "new": _whole(change.new),
                }


def _whole(shown) -> str | None:
    return None if shown is None else (shown.full or shown.text)


def download(filters: dict, format: str, reader_role: str | None):
    title = _l("Audit trail")
    return send_table(format, f"{title} {tenant_today().isoformat()}", title, COLUMNS, rows(filters, reader_role))
