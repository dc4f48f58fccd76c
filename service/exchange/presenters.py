"""Showing rates: every decimal the Commission gives, in the reader's way of writing numbers."""

from decimal import Decimal

from babel import numbers as babel_numbers

from service.i18n import formatting_locale


def rate_text(rate: Decimal) -> str:
    """11.49150000 → "11,4915" in Swedish, "11.4915" in English: never rounded (the default pattern keeps 3)."""
    return babel_numbers.format_decimal(rate, format="#,##0.########", locale=formatting_locale())
