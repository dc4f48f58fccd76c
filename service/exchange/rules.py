"""Pure rules of exchange rates: months, rates and the conversion to euro. No database here.

A rate is InforEuro's convention: units of the currency per 1 EUR (SEK 11.4915 means 1 EUR =
11.4915 SEK), so an amount in the currency is divided by the rate. The euro amount is rounded half
up to the cent (Council Regulation (EC) 1103/97 Art. 5).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cache

from babel.numbers import list_currencies

from service.money import CENT

EURO = "EUR"
# numeric(19, 8): up to 10^11 units per euro, 8 decimals. InforEuro quotes at most 6 significant digits.
RATE_DECIMALS = 8
MAX_RATE = Decimal("99999999999.99999999")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# ISO 4217 codes known to CLDR (current and historical), less the codes that are not a currency.
_NOT_CURRENCIES = {"XXX", "XTS"}


class InvalidMonth(ValueError):
    """Not a month: 'YYYY-MM', or a date (any day of the month)."""


class InvalidRate(ValueError):
    """Not a usable rate; the argument names why: format, not_positive, precision, too_large."""


def is_currency(code) -> bool:
    return isinstance(code, str) and len(code) == 3 and code.isupper() and code in _currencies()


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies()) - _NOT_CURRENCIES


def currencies() -> list[str]:
    """Every code :func:`is_currency` accepts, in order (the OpenAPI document's enum)."""
    return sorted(_currencies())


def first_of_month(value) -> date:
    """The month as its first day, from 'YYYY-MM', 'YYYY-MM-DD' or a date/datetime (any day of it)."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, str):
        text = value.strip()
        match = _MONTH.match(text)
        try:
            if match:
                return date(int(match[1]), int(match[2]), 1)
            if len(text) == 10:
                return date.fromisoformat(text).replace(day=1)
        except ValueError as error:
            raise InvalidMonth(value) from error
    raise InvalidMonth(value)


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def parse_rate(raw) -> Decimal:
    """A rate as the Commission writes it ("11.4915", "11,4915", or a JSON number read as Decimal): more
    than zero, at most 8 decimals and below 10^11. Floats, exponents, NaN, infinity and grouping are refused."""
    if not isinstance(raw, (str, int, Decimal)) or isinstance(raw, bool):
        raise InvalidRate("format")
    text = str(raw).strip()
    if len(text) > 40:
        raise InvalidRate("format")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as in Swedish and Finnish spreadsheets
    if not re.fullmatch(r"[+-]?\d{1,12}(\.\d+)?", text):
        raise InvalidRate("format")
    try:
        rate = Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only decimals
        raise InvalidRate("format") from error
    if rate <= 0:
        raise InvalidRate("not_positive")
    if -rate.as_tuple().exponent > RATE_DECIMALS:  # type: ignore[operator]
        raise InvalidRate("precision")
    if rate > MAX_RATE:
        raise InvalidRate("too_large")
    return rate


def convert(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` units of a currency in euro at ``rate`` units per euro, rounded half up to the cent.

    Divided with 60 significant digits before rounding: an amount of at most 10^13 with cents over a
    rate with at most 8 decimals is never so close to a half cent that 60 digits could misplace it
    (the quotient is A·10^6/R for integers A, R < 10^20, at least 1/(200·R) from any half cent
    unless exactly on it), so the result is the exact quotient rounded half up.
    """
    if not isinstance(amount, Decimal) or not isinstance(rate, Decimal):
        raise TypeError("convert takes Decimal amounts and rates")
    if rate <= 0:
        raise InvalidRate("not_positive")
    with localcontext() as context:
        context.prec = 60
        return (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)
