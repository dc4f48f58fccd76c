"""The names people read for the assessment's states, in their language (a blueprint context processor)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from service.accounts.roles import TENANT_ROLES
from service.i18n import format_number

STAGES = {
    "submitted": _l("Submitted, formal check to do"),
    "supplement_requested": _l("Waiting for a supplement"),
    "eligible": _l("Eligible, being assessed"),
    "ineligible": _l("Ineligible"),
    "assessed": _l("Assessed"),
    "granted": _l("Granted"),
    "rejected": _l("Rejected"),
}
OUTCOMES = {
    "eligible": _l("Eligible"),
    "ineligible": _l("Ineligible: reject"),
    "supplement_requested": _l("Ask the applicant for a supplement"),
}
DECLARATIONS = {
    None: _l("Not declared yet"),
    "no_conflict": _l("No conflict of interest"),
    "conflict": _l("Conflict of interest: recused"),
}
METHODS = {"mean": _l("Mean of the assessors' points"), "consensus": _l("Consensus score set by the case officer")}


def _label(table: dict, key) -> str:
    return str(table.get(key, key))


def helpers() -> dict:
    return {
        "stage_label": lambda key: _label(STAGES, key),
        "outcome_label": lambda key: _label(OUTCOMES, key),
        "declaration_label": lambda key: _label(DECLARATIONS, key),
        "method_label": lambda key: _label(METHODS, key),
        "role_label": lambda key: _label(TENANT_ROLES, key),
        "points_text": lambda value: format_number(Decimal(str(value))),
    }
