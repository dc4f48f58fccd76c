"""Names the portfolio's pages and files show, in the reader's language."""

from __future__ import annotations

from babel import numbers as babel_numbers
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.classification.presenters import intervention_name, objective_name
from service.classification.util import UNCLASSIFIED
from service.i18n import format_day, formatting_locale

KINDS = {"output": _l("Output"), "result": _l("Result")}


def objective_label(code: str) -> str:
    if code == UNCLASSIFIED:
        return _("Not classified")
    if code == "total":
        return _("Total")
    return objective_name(code) or code


def intervention_label(objective: str, code: str) -> str:
    if objective == UNCLASSIFIED:
        return _("Not classified")
    return intervention_name(objective, code) if code else _("no type of intervention chosen")


def kind_label(kind: str | None) -> str:
    return str(KINDS[kind]) if kind in KINDS else _("Programme-specific")


def share_text(value) -> str:
    """A share or percentage with its one decimal kept ("56,0 %" in Swedish), or a dash for none (the "NA")."""
    if value is None:
        return "\u2013"
    return f"{babel_numbers.format_decimal(value, format='#,##0.0', locale=formatting_locale())} %"


def helpers() -> dict:
    """For templates (a blueprint context processor)."""
    return {
        "objective_label": objective_label,
        "intervention_label": intervention_label,
        "kind_label": kind_label,
        "format_day": format_day,
        "share_text": share_text,
    }
