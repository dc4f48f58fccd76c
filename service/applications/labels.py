"""Words shown for applications on pages: statuses, cost categories, staff cost methods, how amounts read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from service.applications.budget import HOURS_PER_YEAR
from service.applications.sections import FIELDS, PARTS, TEXT_SECTIONS
from service.i18n import format_day, format_number, format_percent
from service.money.display import format_money
from service.money.parsing import from_wire

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "supplement_requested": _l("Supplement requested"),
    "granted": _l("Granted"),
    "rejected": _l("Rejected"),
}
KIND_LABELS = {"submission": _l("Submission"), "supplement": _l("Supplement")}
CATEGORY_LABELS = {
    "staff": _l("Staff"),
    "travel": _l("Travel"),
    "equipment": _l("Equipment"),
    "external_services": _l("External services"),
    "other": _l("Other costs"),
    "unit_costs": _l("Unit costs"),
    "lump_sums": _l("Lump sums"),
}
STAFF_METHOD_LABELS = {
    "percentage": _l("A fixed percentage of the monthly salary cost"),
    "hourly": _l("Hours at an hourly rate (annual salary cost ÷ 1 720)"),
}


def _label(labels: dict, code: str | None) -> str:
    label = labels.get(code)
    return str(label) if label is not None else (code or "")


def status(code: str) -> str:
    return _label(STATUS_LABELS, code)


def kind(code: str) -> str:
    return _label(KIND_LABELS, code)


def category(code: str) -> str:
    return _label(CATEGORY_LABELS, code)


def place(code: str) -> str:
    """The name of a field or a part of the page a check item points to."""
    return _label({**FIELDS, **PARTS}, code)


def amount(value, currency: str) -> str:
    """Money from a model (Decimal) or a snapshot (a string with two decimals)."""
    if value is None or value == "":
        return "–"
    return format_money(from_wire(value), currency)


def rate(value) -> str:
    """A rate in per cent from a model (Decimal) or a snapshot ("90.00"), as "90 %"."""
    if value is None or value == "":
        return "–"
    return format_percent(Decimal(str(value)) / Decimal(100))


def staff_calculation(line, currency: str) -> str:
    """How a staff cost or a unit cost was computed, e.g. "4 500,00 € × 50 % × 12 months" or "12 units ×
    1 500,00 €" (line: a model or a snapshot dict, which may predate unit costs)."""
    get = line.get if isinstance(line, dict) else lambda name: getattr(line, name)
    if get("category") == "unit_costs" and get("units") not in (None, ""):
        return _(
            "%(units)s units × %(unit_amount)s",
            units=format_number(Decimal(str(get("units"))).normalize()),
            unit_amount=amount(get("unit_amount"), currency),
        )
    if get("staff_method") == "percentage":
        return _(
            "%(monthly)s a month × %(percentage)s %% × %(months)s",
            monthly=amount(get("monthly_gross"), currency),
            percentage=format_number(Decimal(str(get("percentage")))),
            months=ngettext("%(num)d month", "%(num)d months", int(get("months"))),
        )
    if get("staff_method") == "hourly":
        return _(
            "%(annual)s a year ÷ %(base)s hours × %(hours)s hours",
            annual=amount(get("annual_gross"), currency),
            base=format_number(HOURS_PER_YEAR),
            hours=format_number(int(get("hours"))),
        )
    return ""


def day(value) -> str:
    """A snapshot's date ("2027-01-01") as the reader writes it."""
    return format_day(date.fromisoformat(value)) if value else "–"


def size(count: int) -> str:
    if count < 1024 * 1024:
        return _("%(size)s kB", size=format_number(max(1, round(count / 1024))))
    return _("%(size)s MB", size=format_number(round(Decimal(count) / (1024 * 1024), 1)))


def helpers() -> dict:
    """What the application templates use (a blueprint context processor)."""
    return {
        "status_label": status,
        "kind_label": kind,
        "category_label": category,
        "place_label": place,
        "amount": amount,
        "rate": rate,
        "staff_calculation": staff_calculation,
        "file_size": size,
        "snapshot_day": day,
        "text_sections": TEXT_SECTIONS,
    }
