"""API of the portfolio, for the managing authority and the monitoring committee."""

from __future__ import annotations

from flask import jsonify, request

from service.exchange.rules import month_text
from service.i18n import localized
from service.portfolio.figures import Figure, IndicatorRow, Portfolio, portfolio
from service.portfolio.schemas import PortfolioSchema
from service.portfolio.util import READERS, as_of_arg
from service.tenancy.current import current_tenant

__all__ = ["READERS", "get_portfolio", "portfolio_json"]


def _share(value) -> str | None:
    return None if value is None else str(value)


def _missing(missing) -> list[dict]:
    return [{"currency": m.currency, "month": month_text(m.month), "message": m.message()} for m in missing]


def _figure(figure: Figure) -> dict:
    return {
        "amount": figure.amount.amount,
        "currency": figure.amount.currency,
        "euro": figure.euro.amount,
        "complete": figure.complete,
        "rates": [
            {"month": month_text(r.month), "rate": f"{r.rate.normalize():f}", "rate_version": r.version}
            for r in figure.rates_in_order()
        ],
        "missing_rates": _missing(figure.missing_in_order()),
    }


def _financial(row) -> dict:
    return {
        "operations": row.operations,
        **{name: _figure(getattr(row, name)) for name in ("eligible_cost", "eu_contribution", "declared", "paid")},
    }


def _objective(row) -> dict:
    return {
        **_financial(row),
        "objective": row.objective,
        "budget": row.budget,
        "committed_share": _share(row.committed_share),
        "declared_share": _share(row.declared_share),
        "paid_share": _share(row.paid_share),
    }


def _indicator(row: IndicatorRow) -> dict:
    return {
        "code": row.code,
        "objective": row.objective,
        "kind": row.kind,
        "common": row.common,
        "name": localized(row.names) or row.code,
        "unit": row.unit,
        "milestone_2024": row.milestone_2024,
        "target_2029": row.target_2029,
        "planned": row.planned,
        "achieved": row.achieved,
        "participant": row.participant,
        "planned_share": _share(row.planned_share),
        "achieved_share": _share(row.achieved_share),
        "milestone_share": _share(row.milestone_share),
    }


def portfolio_json(figures: Portfolio) -> dict:
    return PortfolioSchema().dump(
        {
            "as_of": figures.as_of,
            "currency": current_tenant().currency,
            "complete": not figures.missing,
            "missing_rates": _missing(figures.missing),
            "by_objective": [_objective(row) for row in figures.objectives],
            "total": _objective(figures.total),
            "by_intervention": [
                {
                    **_financial(row),
                    "objective": row.objective,
                    "intervention_field": row.intervention_field,
                    "project_ids": row.project_ids,
                }
                for row in figures.rows
            ],
            "indicators": [_indicator(row) for row in figures.indicators],
        }
    )


def get_portfolio():
    """The programme's portfolio on a day (default today, in the tenant's time zone): per specific objective the
    budget (EUR), the selected operations, their eligible cost and EU contribution decided, the expenditure
    declared and the money paid, each in the tenant's currency and in euro (CPR Art. 87: the rate of the month
    recorded, with the rates and months used; missing rates reported, never converted at 1), and the shares of
    the budget; the same per type of intervention; per indicator the milestone 2024, target 2029, values planned
    in the selected operations and achieved, and the percentages (the Swedish evaluation's tables 3 and 5–11).
    ---
    get:
      tags: [portfolio]
      security: [{bearer: []}]
      parameters: [{in: query, name: as_of, required: false, schema: {type: string, format: date}}]
      responses:
        200: {description: Success., content: {application/json: {schema: PortfolioSchema}}}
        422: {description: An as_of that is not a day (YYYY-MM-DD) or is in the future.}
    """
    return jsonify(portfolio_json(portfolio(as_of_arg(request.args))))
