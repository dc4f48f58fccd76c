"""The names people read for the SO4 lump sums, in their language."""

from __future__ import annotations

from datetime import date

from babel import dates as babel_dates
from flask_babel import lazy_gettext as _l

from service.i18n import formatting_locale

CATEGORIES = {
    "resettlement": _l("Resettlement"),
    "humanitarian_admission": _l("Humanitarian admission or national resettlement scheme"),
    "humanitarian_admission_vulnerable": _l("Humanitarian admission of vulnerable persons"),
    "transfer_in": _l("Transfer of an applicant or beneficiary of international protection: receiving member state"),
    "transfer_out": _l(
        "Transfer of an applicant or beneficiary of international protection: member state bearing the cost"
    ),
}


def month_label(month: date) -> str:
    """ "March 2026" in the reader's language (the month is recorded as its first day)."""
    return babel_dates.format_date(month, format="LLLL y", locale=formatting_locale())


def helpers() -> dict:
    return {"lump_sum_category_label": lambda key: str(CATEGORIES.get(key, key)), "month_label": month_label}
