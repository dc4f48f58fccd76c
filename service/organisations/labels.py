"""Words shown for organisations: member roles, the national number and what is wrong with it. The types of
organisation are the tenant's own (service.organisations.types)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

MEMBER_ROLE_LABELS = {"owner": _l("Registered the organisation"), "member": _l("Member")}


def number_label(country: str) -> str:
    labels = {
        "SE": lambda: _("Organisation number (organisationsnummer)"),
        "FI": lambda: _("Business ID (Y-tunnus)"),
    }
    return labels.get(country, lambda: _("Organisation number"))()


def number_hint(country: str) -> str:
    hints = {
        # Translators: N stands for a digit.
        "SE": lambda: _("Ten digits: NNNNNN-NNNN."),
        # Translators: N stands for a digit.
        "FI": lambda: _("Seven digits, a hyphen and a check digit: NNNNNNN-N."),
    }
    return hints.get(country, lambda: _("Letters, digits and hyphens, as in the national register."))()


def number_message(country: str, reason: str) -> str:
    """Why a number was refused (organisations.numbers.InvalidNumber.reason), in the request's language."""
    if reason == "check_digit":
        return _(
            "%(number_name)s is not valid: the check digit does not match. Check for a typing error.",
            number_name=number_label(country),
        )
    return _(
        "%(number_name)s is not written correctly. %(hint)s",
        number_name=number_label(country),
        hint=number_hint(country),
    )
