"""The names people read for decisions, in their language (a blueprint context processor)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from service.money.display import format_amount

KINDS = {"grant": _l("Grant"), "rejection": _l("Rejection")}
STATUSES = {
    "prepared": _l("Prepared, waiting for approval"),
    "approved": _l("Approved"),
    "returned": _l("Returned"),
}
REASONS = {
    "ineligible": _l("The application does not meet the formal requirements of the call."),
    "failed_rules": _l("The application's score fails the call's rules."),
    "score": _l("The application scored lower than the applications that were granted."),
    "budget_exhausted": _l("The call's budget does not suffice for this application."),
}
# The reasons the ranking gives (the score, the budget left): the case officer explains them (operations).
RANKING_REASONS = ("score", "budget_exhausted")

# Where an application stands against the call's budget in the ranking (service.decisions.ranking).
FUNDING = {
    "granted": _l("Granted"),
    "funded": _l("Above the funding line"),
    "partial": _l("Cut by the funding line"),
    "unfunded": _l("Below the funding line"),
}
REASON_CHOICES = {
    "ineligible": _l("Ineligible (the formal check's reasons)"),
    "failed_rules": _l("Fails the call's rules"),
    "score": _l("Score"),
    "budget_exhausted": _l("Budget exhausted"),
}


def _label(table: dict, key) -> str:
    return str(table.get(key, key))


def helpers() -> dict:
    return {
        "decision_kind_label": lambda key: _label(KINDS, key),
        "decision_status_label": lambda key: _label(STATUSES, key),
        "reason_choice_label": lambda key: _label(REASON_CHOICES, key),
        "funding_label": lambda key: _label(FUNDING, key),
        "amount_text": format_amount,
    }


# The figures of a grant, as the decision page names those that followed from the ones given.
FIGURES = {
    "eligible_cost": _l("eligible cost"),
    "eu_amount": _l("EU contribution"),
    "cofinancing_rate": _l("co-financing rate"),
    "own_contribution": _l("own contribution"),
}
