"""What to tell a person when a change to an organisation cannot be made, in the request's language."""

from __future__ import annotations

from flask_babel import gettext as _

from service.organisations.labels import number_message
from service.tenancy.current import current_tenant


def error_message(error) -> str:
    """The message for an :class:`operations.OrganisationError`."""
    if error.field == "number" and error.code in ("format", "check_digit"):
        return number_message(current_tenant().country, error.code)
    messages = {
        ("number", "taken"): lambda: _(
            "An organisation with this number is already registered. "
            "Ask a member of that organisation to invite you: they can do it on the organisation's page."
        ),
        ("name", "invalid"): lambda: _("Enter the organisation's name (at most 200 characters)."),
        ("organisation_type", "unknown"): lambda: _("Choose one of the types of organisation."),
        ("user", "not_an_applicant"): lambda: _(
            "Only applicant accounts act for organisations; managing authority staff cannot."
        ),
        ("organisation", "not_a_member"): lambda: _("Only members of the organisation can invite."),
        ("email", "already_a_member"): lambda: _("This person is already a member of the organisation."),
        ("email", "not_an_applicant"): lambda: _(
            "This address belongs to a managing authority account, which cannot join an organisation."
        ),
        ("email", "has_account"): lambda: _(
            "The invited address already has an account. Sign in with it, then open the invitation link again."
        ),
        ("password", "too_short"): lambda: _("The password must be at least 12 characters long."),
        ("token", "invalid"): lambda: _(
            "This invitation is not valid: it has expired, has been replaced or has been used already. "
            "Ask the organisation for a new one."
        ),
        ("name", "required"): lambda: _("Enter your name."),
        ("password", "required"): lambda: _("Choose a password of at least 12 characters."),
    }
    return messages.get((error.field, error.code), lambda: _("Not valid."))()
