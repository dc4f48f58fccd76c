"""How calls read on pages: texts in the visitor's language, labels, rates, time left and recorded changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from babel import Locale
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.calls.models import Call, CallChange
from service.i18n import format_day, format_instant, format_percent, formatting_locale
from service.money.display import format_money
from service.money.parsing import InvalidAmount, from_wire
from service.organisations.labels import number_label
from service.organisations.types import type_label
from service.tenancy.current import current_tenant

STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "closed": _l("Closed")}
CHANGED_FIELD_LABELS = {
    "opens_at": _l("Opening"),
    "closes_at": _l("Closing"),
    "budget": _l("Budget"),
    "objectives": _l("Budgets per specific objective"),
}
BASIS_LABELS = {"total": _l("of the total eligible cost"), "public": _l("of the public eligible cost")}


@dataclass(frozen=True)
class LocalText:
    """A content text and the language it is written in (the visitor's, or the tenant default as a fallback)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def language() -> str:
    return str(get_locale() or current_tenant().default_language)


def language_name(code: str) -> str:
    """A language's name in the visitor's language ("ruotsi", "finska", "Finnish")."""
    return Locale.parse(formatting_locale()).languages.get(code, code)


def pick(values: dict | None) -> LocalText:
    """{language: text} in the visitor's language, else the tenant default, else any."""
    values = values or {}
    for candidate in (language(), current_tenant().default_language, *values):
        if values.get(candidate):
            return LocalText(values[candidate], candidate)
    return LocalText("", language())


def call_text(call: Call, part: str = "title") -> LocalText:
    return pick({lang: (texts or {}).get(part) for lang, texts in (call.texts or {}).items()})


def organisation_type(code: str) -> str:
    """In the tenant's own terms (organisations.toml), in the reader's language."""
    return type_label(code)


def status(code: str) -> str:
    label = STATUS_LABELS.get(code)
    return str(label) if label is not None else code


def percent(value: Decimal | None) -> str:
    return "" if value is None else format_percent(value / Decimal(100))


def scale(value) -> str:
    """A criterion's scale: "0–30" for a range, "0, 5, 10" for allowed points."""
    if isinstance(value, dict):
        return f"{value['min']}–{value['max']}"
    return ", ".join(str(points) for points in value)


def highest_total(assessment: dict) -> int:
    total = 0
    for criterion in assessment.get("criteria", []):
        points = criterion["scale"]
        total += points["max"] if isinstance(points, dict) else max(points)
    return total


def months(count: int) -> str:
    return ngettext("%(num)d month", "%(num)d months", count)


def time_left(left: timedelta) -> str:
    """ "29 days and 4 hours left", with the plural forms of the visitor's language."""
    days, hours = left.days, left.seconds // 3600
    if days:
        parts = [ngettext("%(num)d day", "%(num)d days", days)]
        if hours:
            parts.append(ngettext("%(num)d hour", "%(num)d hours", hours))
    elif hours:
        parts = [ngettext("%(num)d hour", "%(num)d hours", hours)]
    else:
        parts = [ngettext("%(num)d minute", "%(num)d minutes", max(1, left.seconds // 60))]
    if len(parts) == 2:
        # Translators: "29 days and 4 hours"
        duration = _("%(days)s and %(hours)s", days=parts[0], hours=parts[1])
    else:
        duration = parts[0]
    # Translators: time until a call closes, e.g. "29 days and 4 hours left"
    return _("%(duration)s left", duration=duration)


def changed_field(change: CallChange) -> str:
    label = CHANGED_FIELD_LABELS.get(change.field)
    return str(label) if label is not None else change.field


def changed_value(change: CallChange, raw: str | None, currency: str) -> str:
    """A recorded before/after value as people read it: instants in the tenant zone, money in its currency."""
    if raw is None or raw == "":
        return "–"
    try:
        if change.field in ("opens_at", "closes_at"):
            return format_instant(datetime.fromisoformat(raw))
        if change.field == "budget":
            return format_money(from_wire(raw), currency)
        if change.field == "objectives":
            return "; ".join(_objective_budget(part, currency) for part in raw.split("; "))
    except (ValueError, InvalidOperation, InvalidAmount):
        pass  # a value recorded in another shape: show it as it was recorded
    return raw


def _objective_budget(part: str, currency: str) -> str:
    code, _separator, amount = part.partition(": ")
    return f"{code}: {format_money(from_wire(amount), currency)}" if amount else code


def control_attrs(field, errors: dict, hint=None, group: str | None = None) -> dict:
    """aria-describedby (hint, own message, group message) and aria-invalid for a form control."""
    ids = [f"{field.id}-hint"] if hint else []
    if field.errors:
        ids.append(f"{field.id}-error")
    if group and errors.get(group):
        ids.append(f"{group}-error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors or (group and errors.get(group)):
        attrs["aria-invalid"] = "true"
    return attrs


def helpers() -> dict:
    """What the call templates use (a blueprint context processor)."""
    return {
        "call_text": call_text,
        "pick": pick,
        "organisation_type": organisation_type,
        "call_status": status,
        "percent": percent,
        "scale": scale,
        "highest_total": highest_total,
        "months": months,
        "time_left_text": time_left,
        "day": format_day,
        "changed_field": changed_field,
        "changed_value": changed_value,
        "basis_labels": BASIS_LABELS,
        "language_name": language_name,
        "control_attrs": control_attrs,
        "number_label": number_label,
    }
