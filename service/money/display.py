"""The one way amounts leave the system: for people, in the reader's locale in the tenant's country
("1 234 567,50 kr", "66,76 %"), and on the wire and in exports, as plain text with two decimals
("1234567.50"), which :func:`service.money.parse_amount` reads back."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel import numbers as babel_numbers
from flask_babel import gettext as _

from service.i18n import formatting_locale
from service.money.amount import Money
from service.money.financing import RATE_SHOWN

AMOUNT_PATTERN = "#,##0.00"


def _amount_of(value) -> Decimal:
    amount = value.amount if isinstance(value, Money) else value
    if not isinstance(amount, Decimal):
        raise TypeError("money is formatted from Decimal or Money only")
    return amount


def format_money(value: Decimal | Money, currency: str | None = None, *, locale: str | None = None) -> str:
    """An amount with its currency, for people."""
    currency = value.currency if isinstance(value, Money) else currency
    if currency is None:
        raise ValueError("an amount is shown with its currency")
    return babel_numbers.format_currency(_amount_of(value), currency, locale=locale or formatting_locale())


def format_amount(value: Decimal | Money, *, locale: str | None = None) -> str:
    """An amount without its currency, in cents, as people write it where they type one ("25 000,50")."""
    return babel_numbers.format_decimal(_amount_of(value), format=AMOUNT_PATTERN, locale=locale or formatting_locale())


# The amount the hints show: every group and both decimals, so the reader sees how to write each.
HINTED_AMOUNT = Decimal("1234567.50")


def amount_hint() -> str:
    """How to type an amount, in the reader's locale: "For example 1 234 567,50" (sv, fi), "For example
    1,234,567.50" (en). :func:`service.money.parse_amount` reads what it shows."""
    return _("For example %(amount)s", amount=format_amount(HINTED_AMOUNT))


def format_rate(rate_percent: Decimal, *, locale: str | None = None) -> str:
    """A co-financing rate in percent with two decimals, half up, as the language writes percentages
    ("66,76 %" in Swedish and Finnish, "66.76%" in English)."""
    if not isinstance(rate_percent, Decimal):
        raise TypeError("a rate is formatted from Decimal only")
    locale = locale or formatting_locale()
    pattern = babel_numbers.parse_pattern(Locale.parse(locale).percent_formats[None].pattern)
    pattern.frac_prec = (2, 2)
    return pattern.apply(rate_percent.quantize(RATE_SHOWN, ROUND_HALF_UP) / 100, locale)


def wire(value: Decimal | Money | None) -> str | None:
    """The wire and export format: two decimals, a point, no grouping ("1234567.50")."""
    return None if value is None else f"{_amount_of(value):.2f}"


def register(app) -> None:
    from service.money.parsing import from_wire

    # Amounts kept as text in JSON documents (snapshots, project versions): "108188.88".
    app.jinja_env.filters["as_decimal"] = from_wire
    app.jinja_env.filters["money"] = lambda amount, currency=None: format_money(amount, currency)
    app.jinja_env.filters["amount"] = lambda amount: format_amount(amount)
    app.jinja_env.filters["rate"] = lambda rate: format_rate(rate)
    app.jinja_env.globals["amount_hint"] = amount_hint
