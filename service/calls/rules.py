"""What makes a call consistent: rates, assessment configuration, dates and amounts that fit together."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError

# AMIF Art. 15: at most 75 %; up to 90 % for specific actions and Annex IV; up to 100 % for
# operating support, emergency assistance and technical assistance.
COFINANCING_RATES = (Decimal("75"), Decimal("90"), Decimal("100"))
# The rate applies to the total eligible cost or to the public eligible cost (the total less the
# applicant's private funding), per type of action (AMIF Art. 15; FACTS.md).
COFINANCING_BASES = ("total", "public")
# CPR Art. 54(a): indirect costs at a flat rate of up to 7 % of eligible direct costs.
MAX_INDIRECT_RATE = Decimal("7")


def scale_points(scale) -> tuple[int, int]:
    """(lowest, highest) points of a criterion's scale: a list of allowed points or {"min", "max"}."""
    if isinstance(scale, list):
        return min(scale), max(scale)
    return scale["min"], scale["max"]


def validate_assessment(value: dict) -> None:
    """{"criteria": [{"key", "label": {lang: text}, "scale": [0, 5, 10] | {"min": 0, "max": 30}}],
    "reject_on_zero": bool, "minimum_total": int}."""
    errors: list[str] = []
    criteria = value.get("criteria")
    if not isinstance(criteria, list) or not 1 <= len(criteria) <= 20:
        raise ValidationError(_("Give between 1 and 20 assessment criteria."))
    keys = set()
    highest_total = 0
    for number, criterion in enumerate(criteria, start=1):
        if not isinstance(criterion, dict) or set(criterion) - {"key", "label", "scale"}:
            errors.append(_("Criterion %(number)s: give key, label and scale.", number=number))
            continue
        key, label, scale = criterion.get("key"), criterion.get("label"), criterion.get("scale")
        if not isinstance(key, str) or not key or len(key) > 40 or key in keys:
            errors.append(_("Criterion %(number)s: the key is missing or repeated.", number=number))
        keys.add(key)
        if not isinstance(label, dict) or not label or not all(isinstance(t, str) and t for t in label.values()):
            errors.append(_("Criterion %(number)s: give its name in the tenant's languages.", number=number))
        if not _valid_scale(scale):
            errors.append(
                _(
                    "Criterion %(number)s: the scale is a list of points such as [0, 5, 10] or a range "
                    'such as {"min": 0, "max": 30}.',
                    number=number,
                )
            )
        else:
            highest_total += scale_points(scale)[1]
    if set(value) - {"criteria", "reject_on_zero", "minimum_total"}:
        errors.append(_("Only criteria, reject_on_zero and minimum_total can be set."))
    if not isinstance(value.get("reject_on_zero", False), bool):
        errors.append(_("reject_on_zero is true or false."))
    minimum = value.get("minimum_total", 0)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0 or minimum > highest_total:
        errors.append(_("The minimum total is a whole number between 0 and the highest possible total."))
    if errors:
        raise ValidationError(errors)


def _valid_scale(scale) -> bool:
    def whole(n):
        return isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= 1000

    if isinstance(scale, list):
        return 2 <= len(scale) <= 20 and all(whole(n) for n in scale) and len(set(scale)) == len(scale)
    if isinstance(scale, dict) and set(scale) == {"min", "max"}:
        return whole(scale["min"]) and whole(scale["max"]) and scale["min"] < scale["max"]
    return False


def check_call_fields(data: dict, objective_codes: set[str], indicator_objectives: dict[str, int]) -> None:
    """Cross-field rules on a complete call; raises ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if data["closes_at"] <= data["opens_at"]:
        add("closes_at", _("The call must close after it opens."))
    chosen = [o["code"] for o in data["objectives"]]
    if len(set(chosen)) != len(chosen) or any(code not in objective_codes for code in chosen):
        add(
            "objectives",
            _("Choose each specific objective once, among: %(codes)s.", codes=", ".join(sorted(objective_codes))),
        )
    split = [o["budget"] for o in data["objectives"] if o.get("budget") is not None]
    if split and sum(split, Decimal(0)) > data["budget"]:
        add("objectives", _("The budgets per specific objective add up to more than the call budget."))
    for measure in data.get("measures") or []:
        if measure["objective"] not in chosen:
            add("measures", _("Each measure belongs to one of the call's specific objectives."))
            break
    numbers = {int(code[2:]) for code in chosen if code.startswith("SO")}
    for code in data.get("indicator_codes") or []:
        if code not in indicator_objectives:
            add("indicator_codes", _("Unknown indicator: %(code)s.", code=code))
        elif indicator_objectives[code] not in numbers:
            add(
                "indicator_codes", _("Indicator %(code)s does not belong to the call's specific objectives.", code=code)
            )
    if len(set(data.get("indicator_codes") or [])) != len(data.get("indicator_codes") or []):
        add("indicator_codes", _("Each indicator once."))
    minimum, maximum = data.get("min_grant"), data.get("max_grant")
    if minimum is not None and maximum is not None and minimum > maximum:
        add("min_grant", _("The minimum grant is larger than the maximum grant."))
    if maximum is not None and maximum > data["budget"]:
        add("max_grant", _("The maximum grant is larger than the call budget."))
    start, end = data.get("project_start_earliest"), data.get("project_end_latest")
    if start is not None and end is not None and start >= end:
        add("project_end_latest", _("Projects must end after they start."))
    if data.get("competitive", True):
        if not data.get("eligible_organisation_types"):
            add("eligible_organisation_types", _("A competitive call names the organisation types that may apply."))
    elif not data.get("addressed_organisations"):
        add("addressed_organisations", _("A non-competitive call names the organisations it is addressed to."))
    keys = [a["key"] for a in data.get("required_attachments") or []]
    if len(set(keys)) != len(keys):
        add("required_attachments", _("Each attachment key once."))
    if errors:
        raise ValidationError(errors)
