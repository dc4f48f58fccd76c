"""Showing rates: every decimal the Commission gives, in the reader's way of writing numbers."""

from decimal import Decimal

from babel import numbers as babel_numbers
from flask_babel import gettext as _

from service.exchange.alerts import MONTHS_AHEAD
from service.i18n import formatting_locale


def rate_text(rate: Decimal) -> str:
    """11.49150000 → "11,4915" in Swedish, "11.4915" in English: never rounded (the default pattern keeps 3)."""
    return babel_numbers.format_decimal(rate, format="#,##0.########", locale=formatting_locale())


def purpose_text(purpose: str) -> str:
    """What a tenant needs a missing rate for (service.exchange.alerts), in the reader's language; a label
    this package does not know is shown as the caller wrote it."""
    known = {
        MONTHS_AHEAD: _("this or next month, checked in advance"),
        "claims": _("payment claims"),
        "lump-sums": _("lump sums"),
    }
    return known.get(purpose, purpose)
