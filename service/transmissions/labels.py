"""What the transmission pages and the API say about a transmission, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.i18n import format_day
from service.lump_sums.labels import helpers as lump_sum_helpers

STATUS_LABELS = {
    "queued": _l("Waiting to be built"),
    "building": _l("Being built"),
    "ready": _l("Built: ready for review"),
    "invalid": _l("Built with problems"),
    "failed": _l("Interrupted: it will be tried again"),
    "frozen": _l("Frozen"),
}
FIELD_LABELS = {
    "operations": _l("Number of selected operations"),
    "eligible_cost": _l("Total eligible cost"),
    "fund_contribution": _l("Contribution from the Fund"),
    "declared_expenditure": _l("Eligible expenditure declared"),
    "planned": _l("Planned value"),
    "achieved": _l("Achieved value"),
}


def problem_message(problem: dict) -> str:
    params = problem.get("params") or {}
    code = problem.get("code")
    if code == "unclassified":
        return _(
            "%(count)s selected operations have no specific objective or type of intervention: classify them before "
            "the transmission is sent.",
            count=params.get("count", 0),
        )
    if code == "rate_missing":
        return _(
            "No exchange rate of %(currency)s for %(month)s: load the Commission's rate of that month.",
            currency=params.get("currency", ""),
            month=params.get("month", ""),
        )
    if code == "unclassified_claims":
        return _("Paid claims belong to projects without a specific objective: classify the projects first.")
    if code == "too_many":
        return _(
            "At most %(count)s payment applications can be made in an accounting year (CPR Article 91).",
            count=params.get("count", 0),
        )
    return _(
        "The content does not fit the transmission's schema at %(path)s: %(detail)s",
        path=problem.get("path") or "/",
        detail=params.get("message", ""),
    )


def helpers() -> dict:
    return {
        **lump_sum_helpers(),
        "day": format_day,
        "transmission_status": lambda status: str(STATUS_LABELS.get(status, status)),
        "transmission_field": lambda name: str(FIELD_LABELS.get(name, name)),
        "transmission_problem": problem_message,
    }
