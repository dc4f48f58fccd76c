"""What the report pages show, gathered for the templates: reads only (the rules stay in operations)."""

from __future__ import annotations

from decimal import Decimal

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from service.charts import bar_chart
from service.i18n import format_day, format_number
from service.participants.rules import Breakdown
from service.projects.models import Project
from service.reports import labels, operations
from service.reports.util import READERS, is_beneficiary, may_read, reports_for


def project_rows(project: Project) -> list[operations.Row]:
    """The project's indicators as they stand: the latest report's (typed values as saved, participants from
    the register now unless frozen), or the plan with the register's counts when no report is written yet."""
    reports = operations.reports_of(project)
    if reports:
        return operations.indicator_rows(reports[-1], operations.language())
    rows = operations.plan_rows(project, operations.language())
    counts = operations.register.counts(project.id)
    for row in rows:
        if row.participant:
            row.breakdown = counts.get(row.code) or Breakdown()
            row.achieved = row.breakdown.total
    return rows


def progress_chart(rows: list[operations.Row]) -> Markup:
    """Planned against achieved, indicator by indicator (an SVG chart with its data as a table)."""
    shown = [row for row in rows if row.target is not None]
    return bar_chart(
        _("Indicators: planned and achieved"),
        [_("Planned"), _("Achieved")],
        [f"{row.code + ' ' if row.code else ''}{row.name}" for row in shown],
        [[Decimal(row.target), None if row.achieved is None else Decimal(row.achieved)] for row in shown],
        format=lambda value: format_number(value),
        category_header=_("Indicator"),
    )


def project_panel(project: Project) -> Markup:
    """The project page's section on progress reports (a template global: the project page does not know the
    reports domain): its reports, the indicators planned against achieved, the register's counts."""
    if not current_user.is_authenticated or not may_read(current_user, project.organisation_id):
        return Markup("")
    rows = project_rows(project)
    # The template's output, escaped by Jinja as it was rendered.
    return Markup(  # noqa: S704
        render_template(
            "reports/_project_panel.html",
            project=project,
            reports=reports_for(current_user, project_id=project.id),
            rows=rows,
            chart=progress_chart(rows) if any(row.target is not None for row in rows) else None,
            today=operations.today(),
            day=format_day,
            **labels.helpers(),
        )
    )


def may_write(user, report) -> bool:
    return is_beneficiary(user, report.organisation_id) and report.editable


def is_staff(user) -> bool:
    return user.role in ("ma_admin", "case_officer")


def reads_all(user) -> bool:
    return user.role in READERS


def links(project: Project) -> list[tuple[str, str]]:
    return [
        (_("Progress reports of the project"), url_for("reports.project_reports", project_id=project.id)),
    ]
