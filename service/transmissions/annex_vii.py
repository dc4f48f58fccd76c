"""A transmission's workbook, in the layout of the template of CPR (Regulation (EU) 2021/1060) Annex VII, headed as
SFC2021's forms for AMIF, ISF and BMVI programmes are: each sheet opens with the header (the programme's CCI and
title, the Fund, the version named by the year and month of the cut-off, the cut-off day), then its table.
Table 1, financial data per specific objective and type of intervention, with a total per specific objective and
one of the programme; with the January and July transmissions (CPR Art. 42(2)) Table 2, the output
indicators, and Table 3, the result indicators, each with the value planned in selected operations and the value
achieved. In English, the Commission's working language, whatever the reader's; amounts in euro.

Sources: SFC2021's quick guide "Transmission of Data (AMIF, ISF, BMVI)"
(https://sfc.ec.europa.eu/en/2021/quickguides/transmissionofdata-aib) names a transmission by its programme and a
version made of a year and the month of the cut-off date (its example: 202212). That the header also shows the
programme's title and the Fund, and SFC2021's own column headings for AMIF, could not be checked in a public source:
the headings are Annex VII's wording as the product reads it (service.transmissions.schema), and the indicator
tables have the two values the product keeps (planned in selected operations, achieved), no baseline or target.

The totals are sums of the frozen lines, computed here, never stored: the content is what was frozen."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from service.exports import Column, Sheet, workbook_xlsx
from service.transmissions.rules import indicator_kind

AMOUNTS = ("eligible_cost", "fund_contribution", "declared_expenditure")
TABLE_1 = [
    Column("specific_objective", "Specific objective"),
    Column("type_of_intervention", "Type of intervention (code)"),
    Column("type_of_intervention_name", "Type of intervention"),
    Column("operations", "Number of selected operations", "integer"),
    Column("eligible_cost", "Total eligible cost of selected operations", "amount"),
    Column("fund_contribution", "Contribution from the Fund to selected operations", "amount"),
    Column(
        "declared_expenditure",
        "Total eligible expenditure declared by beneficiaries to the managing authority",
        "amount",
    ),
]
INDICATOR_TABLE = [
    Column("specific_objective", "Specific objective"),
    Column("code", "Indicator code"),
    Column("name", "Indicator"),
    Column("unit", "Measurement unit"),
    Column("planned", "Value planned in selected operations", "integer"),
    Column("achieved", "Value achieved", "integer"),
]
TITLES = {
    "Table 1": "Annex VII, Table 1: Financial data per specific objective and type of intervention",
    "Table 2": "Annex VII, Table 2: Output indicators",
    "Table 3": "Annex VII, Table 3: Result indicators",
}
AMOUNTS_IN = "Amounts in EUR"


def header_block(content: dict, *, amounts: bool) -> tuple[tuple[str, str | None], ...]:
    block = (
        ("CCI", content["programme"]),
        ("Programme title", content.get("programme_title", "")),
        ("Fund", content.get("fund", "")),
        ("Version", content["version"]),
        ("Cut-off date", content["cut_off"]),
    )
    return block + ((AMOUNTS_IN, None),) if amounts else block


def financial_rows(financial: Iterable[dict]) -> list[dict]:
    """Table 1's lines, grouped by specific objective in the order they come, each group followed by its total,
    and the programme's total last. Amounts as Decimal."""
    groups: dict[str, list[dict]] = {}
    for row in financial:
        groups.setdefault(row["specific_objective"], []).append(_figures(row))
    rows: list[dict] = []
    for objective, lines in groups.items():
        rows += lines
        rows.append({"specific_objective": objective, "type_of_intervention_name": f"Total {objective}", **_sum(lines)})
    every = [line for lines in groups.values() for line in lines]
    rows.append({"type_of_intervention_name": "Total programme", **_sum(every)})
    return rows


def _figures(row: dict) -> dict:
    return {**row, **{name: Decimal(row[name]) for name in AMOUNTS}}


def _sum(lines: list[dict]) -> dict:
    return {
        "operations": sum(line["operations"] for line in lines),
        **{name: sum((line[name] for line in lines), Decimal("0.00")) for name in AMOUNTS},
    }


def workbook(content: dict, created: datetime) -> bytes:
    """The workbook of ``content`` (completed with its header and names: service.transmissions.reference), the
    same bytes for the same content and ``created`` (the instant the version was frozen)."""
    sheets = [
        Sheet(
            title=TITLES["Table 1"],
            columns=TABLE_1,
            rows=financial_rows(content["financial"]),
            name="Table 1",
            header_block=header_block(content, amounts=True),
        )
    ]
    if content["indicators"] is not None:
        for name, kind in (("Table 2", "output"), ("Table 3", "result")):
            rows = [row for row in content["indicators"] if indicator_kind(row["code"], row.get("kind")) == kind]
            sheets.append(
                Sheet(
                    title=TITLES[name],
                    columns=INDICATOR_TABLE,
                    rows=rows,
                    name=name,
                    header_block=header_block(content, amounts=False),
                )
            )
    return workbook_xlsx(sheets, title=f"AMIF {content['programme']} {content['version']}", created=created)
