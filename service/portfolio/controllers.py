"""The portfolio pages: the figures on a day with their charts, the XLSX download, and the projects of a row."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.portfolio import presenters
from service.portfolio.exports import portfolio_download
from service.portfolio.figures import portfolio, selected_operations
from service.portfolio.util import as_of_arg, today
from service.tenancy.current import current_tenant


def _as_of():
    """The day asked for, or today with the refusal to show (the page answers 422 then)."""
    try:
        return as_of_arg(request.args), None
    except ValidationError as error:
        return today(), error.messages["as_of"][0]


def portfolio_page():
    as_of, refused = _as_of()
    wanted = request.args.get("format", "")
    if wanted and wanted != "xlsx":
        refused = _("Only the format xlsx can be downloaded.")
    figures = portfolio(as_of)
    if wanted == "xlsx" and not refused:
        return portfolio_download(figures, current_tenant().currency)
    return (
        render_template(
            "portfolio/portfolio.html",
            figures=figures,
            currency=current_tenant().currency,
            budget_chart=presenters.budget_chart(figures),
            progress_chart=presenters.progress_chart(figures),
            percent=presenters.percent,
            refused=refused,
        ),
        422 if refused else 200,
    )


def projects_page():
    as_of, refused = _as_of()
    objective = request.args.get("objective", "")
    field = request.args.get("intervention_field")
    selected = [
        s
        for s in selected_operations(as_of)
        if s.objective == objective and (field is None or s.intervention_field == field)
    ]
    return (
        render_template(
            "portfolio/projects.html",
            as_of=as_of,
            objective=objective,
            intervention_field=field,
            lines=presenters.drill_down(selected, as_of),
            currency=current_tenant().currency,
            refused=refused,
        ),
        422 if refused else 200,
    )
