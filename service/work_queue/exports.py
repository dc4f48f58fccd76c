"""The filtered work queue as a spreadsheet (XLSX or CSV through service.exports: formula-safe cells, a
reproducible workbook), in the order asked for, every matching row (no paging)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from service.calls.display import call_text, organisation_type
from service.calls.models import Call
from service.classification.util import specific_objective_of
from service.exports import Column, Sheet, send_table, workbook_xlsx
from service.exports.responses import safe_filename, send_file
from service.extensions import db
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant, tenant_today
from service.work_queue import util
from service.work_queue.labels import state_label
from service.work_queue.schemas import QueueQuery

COLUMNS = [
    Column("reference", _l("Reference")),
    Column("title", _l("Project")),
    Column("state", _l("Status")),
    Column("call", _l("Call")),
    Column("organisation", _l("Organisation")),
    Column("organisation_type", _l("Type of organisation")),
    Column("objective", _l("Specific objective")),
    Column("currency", _l("Currency")),
    Column("eu_amount", _l("EU contribution applied for"), "amount"),
    Column("total_cost", _l("Total cost"), "amount"),
    Column("submitted", _l("Submitted"), "datetime"),
    Column("saved", _l("Last saved"), "datetime"),
]


def rows_of(query: QueueQuery) -> list[dict]:
    found = util.all_of(query)
    call_ids = {application.call_id for application, _state in found}
    owner_ids = {application.organisation_id for application, _state in found}
    calls = {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_(call_ids)))} if call_ids else {}
    owners = (
        {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(owner_ids)))}
        if owner_ids
        else {}
    )
    rows = []
    for application, state in found:
        call, owner = calls[application.call_id], owners[application.organisation_id]
        rows.append(
            {
                "reference": application.reference or "",
                "title": application.title,
                "state": state_label(state),
                "call": f"{call.reference} {call_text(call)}".strip(),
                "organisation": owner.name,
                "organisation_type": organisation_type(owner.organisation_type),
                "objective": specific_objective_of(application) or "",
                "currency": call.currency,
                "eu_amount": application.eu_amount,
                "total_cost": application.total_cost,
                "submitted": application.submitted_at,
                "saved": application.updated_at,
            }
        )
    return rows


def send_rows(format: str, filename: str, title: str, columns: list[Column], rows: list[dict]):
    """A list's rows as a download (every staff list's). The workbook's bytes depend only on its content: its
    time is the latest save among its rows (``saved``, service.exports.reproducible), so the same list
    downloaded twice is the same file."""
    if format == "csv":
        return send_table("csv", filename, title, columns, rows)
    created = max((row["saved"] for row in rows if row.get("saved")), default=util.day_start(tenant_today()))
    body = workbook_xlsx([Sheet(title=title, columns=columns, rows=rows, name=title)], created=created)
    return send_file(body, "xlsx", safe_filename(filename))


def download(query: QueueQuery):
    """The file of the applications' queue."""
    title = _("Applications of %(tenant)s on %(day)s", tenant=current_tenant().code.upper(), day=tenant_today())
    filename = f"applications-{current_tenant().code}-{tenant_today().isoformat()}"
    return send_rows(query.format, filename, title, COLUMNS, rows_of(query))
