"""The assessment's rules, from the call's configuration (never code): points on each criterion's scale,
the consolidated score, and the rules that reject ("any criterion at 0", "a total under the minimum").

With the mean as consolidation, "a criterion at 0" means the consolidated points of that criterion are 0
(every assessor gave 0); a single assessor's 0 is shown to the case officer, who may set a consensus score.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.calls.rules import scale_points

# The formal check (seed 000 §3.2; issue 4): the points a case officer records for every application.
ELIGIBILITY_POINTS = {
    "applicant_type": _l("The applicant is of a type the call is open to"),
    "call_scope": _l("The project is within the call's specific objectives and measures"),
    "completeness": _l("The application is complete"),
    "cofinancing": _l("The financing plan follows the call's co-financing rate"),
    "period": _l("The project period is within the call's limits"),
}
HUNDREDTH = Decimal("0.01")


def on_scale(scale, points) -> bool:
    """Whole points allowed by the criterion's scale: one of a list such as [0, 5, 10], or within a range."""
    if isinstance(points, bool) or not isinstance(points, int):
        return False
    if isinstance(scale, list):
        return points in scale
    low, high = scale_points(scale)
    return low <= points <= high


def scale_text(scale) -> str:
    if isinstance(scale, list):
        return ", ".join(str(p) for p in scale)
    low, high = scale_points(scale)
    return f"{low}–{high}"


def mean_points(values: list[int]) -> Decimal:
    """The mean of the assessors' points, half up to the hundredth."""
    return (Decimal(sum(values)) / len(values)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def failed_rules(assessment: dict, points: dict[str, Decimal]) -> list[dict]:
    """The call's rules the consolidated points fail, in the order of the criteria."""
    failed: list[dict] = []
    if assessment.get("reject_on_zero"):
        failed += [{"rule": "zero", "criterion": key} for key, value in points.items() if value == 0]
    minimum = assessment.get("minimum_total") or 0
    total = sum(points.values(), Decimal(0))
    if total < minimum:
        failed.append({"rule": "minimum_total", "minimum": minimum, "total": f"{total:.2f}"})
    return failed


def rule_text(rule: dict, criterion_names: dict[str, str]) -> str:
    """A failed rule as the reader's sentence."""
    if rule["rule"] == "zero":
        name = criterion_names.get(rule["criterion"], rule["criterion"])
        return _("“%(criterion)s” scored 0: any criterion at 0 rejects the application.", criterion=name)
    from service.i18n import format_number

    return _(
        "The total score %(total)s is under the minimum of %(minimum)s.",
        total=format_number(Decimal(rule["total"])),
        minimum=rule["minimum"],
    )
