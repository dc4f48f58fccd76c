"""A transmission's files, as the Commission reads them: JSON (the content as frozen, keys sorted), CSV with the
declared columns (service.transmissions.schema.CSV_COLUMNS, in English, a point for decimals and a comma between
fields whatever the reader's locale: a file for SFC2021, not for a spreadsheet on a desk) and XLSX in the layout of
Annex VII (service.transmissions.annex_vii). Amounts are euro. Each file of a frozen version is the same bytes at
every download."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from flask import Response, abort

from service.exports import Column, table_csv
from service.exports.responses import send_file
from service.transmissions import annex_vii, reference
from service.transmissions.operations import version_name
from service.transmissions.schema import CSV_COLUMNS, check_columns

DOWNLOADS = ("json", "csv", "xlsx")

CSV_TABLE = [
    Column(name, name, kind)
    for name, kind in zip(
        CSV_COLUMNS,
        ("text", "text", "text", "integer", "amount", "amount", "amount", "text", "integer", "integer"),
        strict=True,
    )
]


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


def xlsx_bytes(content: dict, created: datetime) -> bytes:
    return annex_vii.workbook(reference.completed(content), created)


def version_download(version, args) -> Response:
    """A frozen version's file, as ``?format=`` asks (JSON by default; another format is 404), named after the
    programme and the version: "AMIF-2021FI65AMPR001-202512(2).csv"."""
    format = args.get("format", "json")
    if format not in DOWNLOADS:
        abort(404)
    if format == "json":
        body = json_bytes(version.content)
    elif format == "csv":
        body = csv_bytes(version.content)
    else:
        body = xlsx_bytes(version.content, version.frozen_at)
    name = f"AMIF-{version.content.get('programme') or 'programme'}-{version_name(version)}"
    return send_file(body, format, name.replace(" ", ""))
