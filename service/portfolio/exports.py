"""The portfolio as a workbook: one sheet per table of the page (per specific objective, per type of
intervention, per indicator) and the statistics' tables, amounts as numbers, shares as percentages
(service.exports)."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.exports import FORMATS, Column, Sheet, workbook_xlsx
from service.exports.responses import content_disposition, safe_filename
from service.i18n import localized
from service.portfolio.figures import Figure, Portfolio
from service.portfolio.labels import intervention_label, kind_label, objective_label
from service.portfolio.statistics_sheets import statistics_sheets
from service.statistics.operations import statistics


def _figure_columns(key: str, header, currency: str) -> list[Column]:
    """The amount in the tenant's currency and in euro: the currency code after the header, as on the page."""
    return [Column(key, f"{header} ({currency})", "amount"), Column(f"{key}_eur", f"{header} (EUR)", "amount")]


def _figure_cells(key: str, figure: Figure) -> dict:
    return {key: figure.amount.amount, f"{key}_eur": figure.euro.amount}


def _money_columns(currency: str) -> list[Column]:
    return [
        Column("operations", _l("Selected operations"), "integer"),
        *_figure_columns("eligible_cost", _l("Eligible cost decided"), currency),
        *_figure_columns("eu_contribution", _l("EU contribution decided"), currency),
        *_figure_columns("declared", _l("Expenditure declared"), currency),
        *_figure_columns("paid", _l("Paid"), currency),
    ]


def _money_cells(row) -> dict:
    cells = {"operations": row.operations}
    for name in ("eligible_cost", "eu_contribution", "declared", "paid"):
        cells.update(_figure_cells(name, getattr(row, name)))
    return cells


def sheets(figures: Portfolio, currency: str) -> list[Sheet]:
    objective_columns = [
        Column("objective", _l("Specific objective")),
        Column("budget", _l("Budget (EUR)"), "amount"),
        *_money_columns(currency),
        Column("committed_share", _l("Share committed by decisions"), "rate"),
        Column("declared_share", _l("Declared share of the budget"), "rate"),
        Column("paid_share", _l("Paid share of the budget"), "rate"),
    ]
    objectives = [
        {
            "objective": objective_label(row.objective),
            "budget": row.budget,
            **_money_cells(row),
            "committed_share": row.committed_share,
            "declared_share": row.declared_share,
            "paid_share": row.paid_share,
        }
        for row in [*figures.objectives, figures.total]
    ]
    intervention_columns = [
        Column("objective", _l("Specific objective")),
        Column("intervention", _l("Type of intervention")),
        *_money_columns(currency),
    ]
    interventions = [
        {
            "objective": objective_label(row.objective),
            "intervention": intervention_label(row.objective, row.intervention_field),
            **_money_cells(row),
        }
        for row in figures.rows
    ]
    indicator_columns = [
        Column("code", _l("Indicator")),
        Column("name", _l("Name")),
        Column("objective", _l("Specific objective")),
        Column("kind", _l("Kind")),
        Column("milestone_2024", _l("Milestone 2024"), "integer"),
        Column("target_2029", _l("Target 2029"), "integer"),
        Column("planned", _l("Planned in selected operations"), "integer"),
        Column("achieved", _l("Achieved"), "integer"),
        Column("planned_share", _l("Planned ÷ target 2029"), "rate"),
        Column("achieved_share", _l("Achieved ÷ target 2029"), "rate"),
        Column("milestone_share", _l("Achieved ÷ milestone 2024"), "rate"),
    ]
    indicators = [
        {
            "code": row.code,
            "name": localized(row.names),
            "objective": objective_label(row.objective) if row.objective else "",
            "kind": kind_label(row.kind),
            "milestone_2024": row.milestone_2024,
            "target_2029": row.target_2029,
            "planned": row.planned,
            "achieved": row.achieved,
            "planned_share": row.planned_share,
            "achieved_share": row.achieved_share,
            "milestone_share": row.milestone_share,
        }
        for row in figures.indicators
    ]
    day = figures.as_of.isoformat()
    return [
        Sheet(_("Budget per specific objective, %(day)s", day=day), objective_columns, objectives, _("Objectives")),
        Sheet(
            _("Per type of intervention, %(day)s", day=day),
            intervention_columns,
            interventions,
            _("Types of intervention"),
        ),
        Sheet(_("Indicators, %(day)s", day=day), indicator_columns, indicators, _("Indicators")),
    ]


def portfolio_download(figures: Portfolio, currency: str) -> Response:
    filename = _("Portfolio %(day)s", day=figures.as_of.isoformat())
    # The statistics' tables 1, 2 and 4 count applications and decisions as they stand now (they have no "as of").
    body = workbook_xlsx([*sheets(figures, currency), *statistics_sheets(statistics(), currency)], title=filename)
    response = Response(body, content_type=FORMATS["xlsx"])
    # The same headers as service.exports.send_table gives a one-sheet download.
    response.headers["Content-Disposition"] = content_disposition(f"{safe_filename(filename)}.xlsx")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
