"""Reading an amount as people write it, in any of our locales; the one parser of amounts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from service.money.amount import MAX_AMOUNT, to_cents


class InvalidAmount(ValueError):
    """Not a usable amount of money (text, NaN, infinite, too precise, negative or too large)."""


def parse_amount(raw, *, allow_negative: bool = False) -> Decimal:
    """Read an amount as people write it: "1 234 567,50", "1234567.50", 1234567.5 is refused (float).

    Accepts str, int and Decimal. Spaces, no-break spaces and thin spaces group thousands; a
    single comma or point is the decimal mark. At most two decimals.
    """
    if isinstance(raw, bool) or isinstance(raw, float):
        raise InvalidAmount("type")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        for space in (" ", "\u00a0", "\u202f", "\u2009"):
            text = text.replace(space, "")
        if len(text) > 32 or not text:
            raise InvalidAmount("format")
        text = _normalise_separators(text)
        body = text[1:] if text[:1] in "+-" else text
        if not body or not all(c in "0123456789." for c in body) or body.startswith(".") or body.endswith("."):
            raise InvalidAmount("format")
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise InvalidAmount("format") from error
    else:
        raise InvalidAmount("type")
    if not value.is_finite():
        raise InvalidAmount("format")
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidAmount("precision")
    if value < 0 and not allow_negative:
        raise InvalidAmount("negative")
    if abs(value) > MAX_AMOUNT:
        raise InvalidAmount("too_large")
    return to_cents(value) + Decimal("0.00")  # normalise -0 and the exponent


def _normalise_separators(text: str) -> str:
    """One decimal mark, "." or ","; the other may group thousands in threes ("1,234.50", "1.234,50")."""
    marks = [c for c in text if c in ",."]
    if not marks:
        return text
    if len(set(marks)) == 2:
        decimal_mark = text[max(text.rfind(","), text.rfind("."))]
        grouping = "," if decimal_mark == "." else "."
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole:
            raise InvalidAmount("format")
        return _ungroup(whole, grouping) + "." + fraction
    mark = marks[0]
    if len(marks) > 1:  # "1.234.567" or "1,234,567": grouping only
        return _ungroup(text, mark)
    return text.replace(",", ".")


def _ungroup(whole: str, grouping: str) -> str:
    sign = whole[:1] if whole[:1] in "+-" else ""
    groups = whole[len(sign) :].split(grouping)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise InvalidAmount("format")
    return sign + "".join(groups)


def from_wire(text) -> Decimal:
    """An amount kept in the wire format in a JSON document ("108188.88") read back, exactly."""
    if isinstance(text, Decimal):
        return text
    return parse_amount(str(text), allow_negative=True)
