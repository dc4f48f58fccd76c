"""Checking a change to the programme before anything is applied: every problem is collected,
keyed by the path of the value at fault (``allocations.0.eu_contribution``), in the caller's language."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from flask_babel import gettext as _

from service.i18n import LANGUAGE_NAMES
from service.money import InvalidAmount, parse_amount
from service.money.fields import amount_message
from service.programmes.models import Programme
from service.programmes.util import indicators_by_code, objectives_by_code

MAX_COUNT = 10**12 - 1  # milestones and targets count persons or items: far below this
MAX_REASON, MAX_NAME, MAX_UNIT = 2000, 300, 60
SPECIFIC_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}")


def reason(value, errors: dict) -> str:
    text = _text(value, "reason", errors, maximum=MAX_REASON, multiline=True)
    if not text and "reason" not in errors:
        _add(errors, "reason", _("Give the reason for the change."))
    return text


def _add(errors: dict, path: str, message: str) -> None:
    errors.setdefault(path, []).append(message)


def _text(value, path: str, errors: dict, *, maximum: int, multiline: bool = False) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        _add(errors, path, _("Enter text."))
        return ""
    allowed = {"\n", "\r", "\t"} if multiline else set()
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in value):
        _add(errors, path, _("The text contains characters that are not allowed."))
        return ""
    value = value.strip()
    if len(value) > maximum:
        _add(errors, path, _("At most %(maximum)s characters.", maximum=maximum))
    return value


def _amount(row: dict, name: str, at: str, errors: dict) -> Decimal | None:
    if name not in row or row[name] is None:
        return None  # not given: unchanged
    try:
        return parse_amount(row[name])
    except InvalidAmount as error:
        _add(errors, f"{at}.{name}", amount_message(str(error)))
        return None


def _count(row: dict, name: str, at: str, errors: dict) -> int | None:
    value = row.get(name)
    if value is None:
        return None  # not given: unchanged
    if isinstance(value, str):
        digits = "".join(value.split()).replace("\u202f", "")  # "19 400" as people write it
        value = int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 13 else value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _add(errors, f"{at}.{name}", _("Enter a whole number of 0 or more."))
        return None
    if value > MAX_COUNT:
        _add(errors, f"{at}.{name}", _("The number is too large."))
        return None
    return value


def _rows(rows, section: str, errors: dict) -> list[tuple[int, dict]]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        _add(errors, section, _("Send a list of objects."))
        return []
    return list(enumerate(rows))


def _unique(code, seen: set, path: str, errors: dict) -> bool:
    if code in seen:
        _add(errors, path, _("%(code)s is listed twice.", code=code))
        return False
    seen.add(code)
    return True


def allocations(rows, errors: dict) -> list[tuple]:
    objectives, plan, seen = objectives_by_code(), [], set()
    for i, row in _rows(rows, "allocations", errors):
        code = row.get("objective")
        if not isinstance(code, str) or code not in objectives:
            _add(errors, f"allocations.{i}.objective", _("Choose a specific objective (SO1–SO4) or TA."))
            continue
        if _unique(code, seen, f"allocations.{i}.objective", errors):
            at = f"allocations.{i}"
            plan.append(
                (code, _amount(row, "eu_contribution", at, errors), _amount(row, "national_cofinancing", at, errors))
            )
    return plan


def indicators(rows, errors: dict) -> list[tuple]:
    catalogue, plan, seen = indicators_by_code(), [], set()
    for i, row in _rows(rows, "indicators", errors):
        code = row.get("code")
        if not isinstance(code, str) or code not in catalogue:
            _add(errors, f"indicators.{i}.code", _("%(code)s is not in the common indicator catalogue.", code=code))
            continue
        if _unique(code, seen, f"indicators.{i}.code", errors):
            at = f"indicators.{i}"
            plan.append((code, _count(row, "milestone_2024", at, errors), _count(row, "target_2029", at, errors)))
    return plan


def specific_indicators(rows, programme: Programme, languages: list[str], errors: dict) -> list[dict]:
    existing = {s.code: s for s in programme.specific_indicators}
    common, plan, seen = indicators_by_code(), [], set()
    for i, row in _rows(rows, "specific_indicators", errors):
        at, code = f"specific_indicators.{i}", row.get("code")
        if not isinstance(code, str) or not SPECIFIC_CODE.fullmatch(code):
            _add(errors, f"{at}.code", _("Use up to 16 letters, digits, dots, hyphens or underscores."))
            continue
        if code in common:
            _add(errors, f"{at}.code", _("%(code)s is a common indicator: choose another code.", code=code))
            continue
        if not _unique(code, seen, f"{at}.code", errors):
            continue
        if row.get("remove") is True:
            if code not in existing:
                _add(errors, f"{at}.code", _("There is no programme-specific indicator %(code)s.", code=code))
            plan.append({"code": code, "remove": True})
            continue
        current = existing.get(code)
        names = dict(current.name) if current is not None else {}
        given = row.get("name") or {}
        if not isinstance(given, dict):
            _add(errors, f"{at}.name", _("Send the names as an object with one text per language."))
            given = {}
        for language, text in given.items():
            if language not in languages:
                _add(errors, f"{at}.name.{language}", _("This tenant does not offer that language."))
            else:
                names[language] = _text(text, f"{at}.name.{language}", errors, maximum=MAX_NAME)
        for language in languages:
            if not names.get(language) and f"{at}.name.{language}" not in errors:
                _add(
                    errors,
                    f"{at}.name.{language}",
                    _("Enter the name in %(language)s.", language=LANGUAGE_NAMES[language]),
                )
        unit = _text(row.get("unit"), f"{at}.unit", errors, maximum=MAX_UNIT) if "unit" in row else None
        if (unit == "" or (unit is None and current is None)) and f"{at}.unit" not in errors:
            _add(errors, f"{at}.unit", _("Enter the unit, such as participants."))
        plan.append(
            {
                "code": code,
                "name": names,
                "unit": unit,
                "milestone_2024": _count(row, "milestone_2024", at, errors),
                "target_2029": _count(row, "target_2029", at, errors),
            }
        )
    return plan
