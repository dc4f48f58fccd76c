"""A payment application's files (CPR Art. 91), as a transmission's are (service.transmissions.exports): JSON (the
content as frozen, keys sorted), CSV with the declared columns (:data:`CSV_COLUMNS`, in English, a point for
decimals) and XLSX, a sheet headed as the Commission's forms are (CCI, programme title, Fund, accounting year,
the application's number in it, the day it is as at, amounts in euro) with a line per specific objective and the
total. The totals are the frozen content's; each net amount is the expenditure (or Union contribution) less the
recoveries, as the content's lines have it. Each file of an application is the same bytes at every download."""

from __future__ import annotations

from decimal import Decimal

from flask import Response, abort

from service.exports import Column, Sheet, table_csv, workbook_xlsx
from service.exports.responses import send_file
from service.programmes.util import current_programme
from service.tenancy.current import current_tenant
from service.transmissions.build import english_name
from service.transmissions.exports import DOWNLOADS, json_bytes
from service.transmissions.rules import FUND

AMOUNTS = (
    "expenditure",
    "union_contribution",
    "recovered_expenditure",
    "recovered_union_contribution",
    "net_expenditure",
    "net_union_contribution",
)
CSV_COLUMNS = (
    "Specific_Objective",
    "Eligible_Expenditure_EUR",
    "Union_Contribution_EUR",
    "Recovered_Expenditure_EUR",
    "Recovered_Union_Contribution_EUR",
    "Net_Expenditure_EUR",
    "Net_Union_Contribution_EUR",
)
CSV_TABLE = [Column("specific_objective", CSV_COLUMNS[0])] + [
    Column(key, header, "amount") for key, header in zip(AMOUNTS, CSV_COLUMNS[1:], strict=True)
]
TABLE = [
    Column("specific_objective", "Specific objective"),
    Column("expenditure", "Eligible expenditure paid and verified", "amount"),
    Column("union_contribution", "Union contribution", "amount"),
    Column("recovered_expenditure", "Recovered expenditure", "amount"),
    Column("recovered_union_contribution", "Recovered Union contribution", "amount"),
    Column("net_expenditure", "Net eligible expenditure", "amount"),
    Column("net_union_contribution", "Net Union contribution", "amount"),
]
TOTAL = "Total"


def check_columns(header: list[str]) -> None:
    """A CSV written with other columns than those declared is a programming error, never sent."""
    if tuple(header) != CSV_COLUMNS:
        raise ValueError(f"CSV columns {header} differ from the declared {CSV_COLUMNS}")


def rows(content: dict) -> list[dict]:
    """A line per specific objective, then the total (the content's; its net amounts the expenditure and the
    Union contribution less the recoveries, as each line's). Amounts as Decimal."""
    total = {name: Decimal(value) for name, value in content["total"].items()}
    total["net_expenditure"] = total["expenditure"] + total["recovered_expenditure"]
    total["net_union_contribution"] = total["union_contribution"] + total["recovered_union_contribution"]
    lines = [
        {"specific_objective": line["specific_objective"], **{name: Decimal(line[name]) for name in AMOUNTS}}
        for line in content["lines"]
    ]
    return [*lines, {"specific_objective": TOTAL, **total}]


def csv_bytes(content: dict) -> bytes:
    check_columns([column.header for column in CSV_TABLE])
    return table_csv(CSV_TABLE, rows(content), locale="en")


def xlsx_bytes(application) -> bytes:
    content = application.content
    title = content.get("programme_title")
    if title is None:  # made before the content kept it: the tenant's programme's
        programme = current_programme()
        title = english_name(programme.title, current_tenant().default_language) if programme is not None else ""
    year = content["accounting_year"]
    block = (
        ("CCI", content["programme"]),
        ("Programme title", title),
        ("Fund", content.get("fund", FUND)),
        ("Accounting year", f"{year['start']} – {year['end']}"),
        ("Application number in the accounting year", str(content["sequence"])),
        ("As at", content["as_of"]),
        ("Amounts in EUR", None),
    )
    sheet = Sheet(
        title="Payment application (CPR Article 91)",
        columns=TABLE,
        rows=rows(content),
        name="Payment application",
        header_block=block,
    )
    name = f"AMIF {content['programme']} payment application {year['start'][:4]}/{content['sequence']}"
    return workbook_xlsx([sheet], title=name, created=application.frozen_at)


def application_download(application, args) -> Response:
    """A made application's file, as ``?format=`` asks (JSON by default; another format is 404), named after the
    programme, the accounting year and the number: "AMIF-2021FI65AMPR001-payment-application-2025-2026-1.xlsx"."""
    format = args.get("format", "json")
    if format not in DOWNLOADS:
        abort(404)
    content = application.content
    if format == "json":
        body = json_bytes(content)
    elif format == "csv":
        body = csv_bytes(content)
    else:
        body = xlsx_bytes(application)
    year = content["accounting_year"]
    name = (
        f"AMIF-{content.get('programme') or 'programme'}-payment-application-"
        f"{year['start'][:4]}-{year['end'][:4]}-{content['sequence']}"
    )
    return send_file(body, format, name)
