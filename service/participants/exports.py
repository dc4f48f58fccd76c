"""The register as spreadsheets (XLSX or CSV, written by service.exports): a project's counts per indicator by
sex and age band, for everyone who may read them; its rows (abbreviated person key, sex, age band, first
participation, indicators; never a name), for MA staff only."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.exports import Column, send_table
from service.participants import presenters
from service.participants.labels import AGE_LABELS, SEX_LABELS
from service.projects.models import Project

COUNT_COLUMNS = [
    Column("indicator", _l("Indicator")),
    Column("total", _l("Participants"), "integer"),
    Column("woman", _l("Women"), "integer"),
    Column("man", _l("Men"), "integer"),
    Column("non_binary", _l("Non-binary"), "integer"),
    Column("under_18", _l("Under 18"), "integer"),
    Column("18_60", _l("18–60"), "integer"),
    Column("over_60", _l("Over 60"), "integer"),
]
ROW_COLUMNS = [
    Column("person", _l("Person (key, abbreviated)")),
    Column("sex", _l("Sex")),
    Column("age_band", _l("Age band")),
    Column("child", _l("Child")),
    Column("first_participation", _l("First participation"), "date"),
    Column("indicators", _l("Indicators")),
]


def count_rows(project: Project) -> list[dict]:
    return [
        {"indicator": code, "total": b["total"], **b["by_sex"], **b["by_age"]}
        for code, b in presenters.counts_json(project).items()
    ]


def counts_download(project: Project, format: str):
    title = _("Participants of project %(reference)s", reference=project.reference)
    return send_table(format, f"{project.reference}-participants", title, COUNT_COLUMNS, count_rows(project))


def rows_download(project: Project, user, format: str):
    rows = [
        {
            **row,
            "sex": str(SEX_LABELS[row["sex"]]),
            "age_band": str(AGE_LABELS[row["age_band"]]),
            "child": _("Yes") if row["child"] else _("No"),
            "first_participation": date.fromisoformat(row["first_participation"]),
            "indicators": " ".join(row["indicators"]),
        }
        for row in presenters.all_rows(project, user)
    ]
    title = _("Participant register of project %(reference)s", reference=project.reference)
    return send_table(format, f"{project.reference}-participant-register", title, ROW_COLUMNS, rows)
