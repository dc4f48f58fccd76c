"""A transmission's files, as the Commission reads them: JSON (the content as frozen, keys sorted), CSV with the
declared columns (service.transmissions.schema.CSV_COLUMNS, in English, a point for decimals and a comma between
fields whatever the reader's locale: a file for SFC2021, not for a spreadsheet on a desk) and XLSX in the layout of
Annex VII (a sheet for Table 1, one for Tables 2–3 when the transmission has indicators). Amounts are euro."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Response, abort

from service.exports import Column, Sheet, table_csv, workbook_xlsx
from service.exports.responses import FORMATS, content_disposition
from service.transmissions.operations import version_name
from service.transmissions.schema import CSV_COLUMNS, check_columns

DOWNLOADS = ("json", "csv", "xlsx")
JSON_TYPE = "application/json"

TABLE_1 = [
    Column("specific_objective", "Specific objective"),
    Column("type_of_intervention", "Type of intervention"),
    Column("operations", "Number of selected operations", "integer"),
    Column("eligible_cost", "Total eligible cost of selected operations (EUR)", "amount"),
    Column("fund_contribution", "Contribution from the Fund to selected operations (EUR)", "amount"),
    Column("declared_expenditure", "Total eligible expenditure declared by beneficiaries to the MA (EUR)", "amount"),
]
TABLES_2_3 = [
    Column("specific_objective", "Specific objective"),
    Column("code", "Indicator"),
    Column("planned", "Value planned in selected operations", "integer"),
    Column("achieved", "Value achieved", "integer"),
]
CSV_TABLE = [
    Column(name, name, kind)
    for name, kind in zip(
        CSV_COLUMNS,
        ("text", "text", "text", "integer", "amount", "amount", "amount", "text", "integer", "integer"),
        strict=True,
    )
]


def _amounts(row: dict) -> dict:
    return {
        key: Decimal(value) if key in ("eligible_cost", "fund_contribution", "declared_expenditure") else value
        for key, value in row.items()
    }


def json_bytes(content: dict) -> bytes:
    return (json.dumps(content, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def csv_rows(content: dict) -> list[dict]:
    rows = [
        {
            "Table": "1",
            "Specific_Objective": row["specific_objective"],
            "Type_Of_Intervention": row["type_of_intervention"],
            "Number_Of_Selected_Operations": row["operations"],
            "Total_Eligible_Cost_EUR": Decimal(row["eligible_cost"]),
            "Fund_Contribution_EUR": Decimal(row["fund_contribution"]),
            "Eligible_Expenditure_Declared_EUR": Decimal(row["declared_expenditure"]),
        }
        for row in content["financial"]
    ]
    rows += [
        {
            "Table": "2-3",
            "Specific_Objective": row["specific_objective"],
            "Indicator_Code": row["code"],
            "Planned_Value": row["planned"],
            "Achieved_Value": row["achieved"],
        }
        for row in content["indicators"] or []
    ]
    return rows


def csv_bytes(content: dict) -> bytes:
    check_columns([column.key for column in CSV_TABLE])
    return table_csv(CSV_TABLE, csv_rows(content), locale="en")


def xlsx_bytes(content: dict) -> bytes:
    title = f"AMIF {content['programme']} {content['version']}"
    sheets = [
        Sheet(
            title=f"{title} – Table 1 (as at {content['cut_off']}, EUR)",
            columns=TABLE_1,
            rows=[_amounts(row) for row in content["financial"]],
            name="Table 1",
        )
    ]
    if content["indicators"] is not None:
        sheets.append(
            Sheet(title=f"{title} – Tables 2-3", columns=TABLES_2_3, rows=content["indicators"], name="Tables 2-3")
        )
    return workbook_xlsx(sheets, title=title)


def version_download(version, args) -> Response:
    """A frozen version's file, as ``?format=`` asks (JSON by default; another format is 404), named after the
    programme and the version: "AMIF-2021FI65AMPR001-202512(2).csv"."""
    format = args.get("format", "json")
    if format not in DOWNLOADS:
        abort(404)
    name = f"AMIF-{version.content.get('programme') or 'programme'}-{version_name(version)}"
    return download(version.content, format, name.replace(" ", ""))


def download(content: dict, format: str, filename: str) -> Response:
    if format == "json":
        body, kind = json_bytes(content), JSON_TYPE
    elif format == "csv":
        body, kind = csv_bytes(content), FORMATS["csv"]
    elif format == "xlsx":
        body, kind = xlsx_bytes(content), FORMATS["xlsx"]
    else:
        raise ValueError(f"unknown format {format!r}")
    response = Response(body, content_type=kind)
    response.headers["Content-Disposition"] = content_disposition(f"{filename}.{format}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
