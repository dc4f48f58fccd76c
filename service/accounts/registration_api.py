"""API of self-registration: register, confirm the e-mail address, ask for a new link. No token needed."""

from __future__ import annotations

from flask import jsonify
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.accounts import registration
from service.accounts.operations import AccountError
from service.accounts.schemas import (
    RegistrationAnswerSchema,
    RegistrationSchema,
    ResendSchema,
    UserSchema,
    VerificationSchema,
)
from service.api.bodies import load_body
from service.tenancy.current import current_tenant


def sent_message() -> str:
    return _(
        "Thank you. We have sent an e-mail to the address you gave. "
        "Open the link in it within 48 hours to confirm your address."
    )


def verification_message(error: AccountError) -> str:
    if error.field == "password":
        return _("This is not the password you chose when you registered.")
    return _("This link is not valid: it has expired or has been used already. Ask for a new link.")


def _language(chosen: str | None) -> str:
    language = chosen or str(get_locale())
    return language if language in current_tenant().languages else current_tenant().default_language


def register():
    """Register as an applicant of this tenant. A link to confirm the address is e-mailed (48 hours).
    ---
    post:
      tags: [registration]
      description: >-
        The answer is the same whether or not the address already has an account (the owner of an
        existing account is told by e-mail instead). Rate limited.
      requestBody: {content: {application/json: {schema: RegistrationSchema}}}
      responses:
        202: {description: Accepted., content: {application/json: {schema: RegistrationAnswerSchema}}}
        422: {description: Invalid data; messages per field in the caller's language.}
        429: {description: Too many attempts.}
    """
    data = load_body(RegistrationSchema())
    registration.register(
        email=data["email"], name=data["name"], password=data["password"], language=_language(data["language"])
    )
    return jsonify(RegistrationAnswerSchema().dump({"message": sent_message()})), 202


def verify():
    """Confirm the e-mail address with the link's token and the password chosen at registration.
    ---
    post:
      tags: [registration]
      description: The token is the last part of the link in the e-mail; it can be used once. Rate limited.
      requestBody: {content: {application/json: {schema: VerificationSchema}}}
      responses:
        200: {description: Confirmed; the person can sign in., content: {application/json: {schema: UserSchema}}}
        422: {description: "The token is not valid (expired, used, another tenant's) or the password is wrong."}
        429: {description: Too many attempts.}
    """
    data = load_body(VerificationSchema())
    try:
        user = registration.verify_email(data["token"], data["password"])
    except AccountError as error:
        raise ValidationError({error.field: [verification_message(error)]}) from error
    return jsonify(UserSchema().dump(user))


def resend():
    """Ask for a new confirmation link for an unconfirmed registration.
    ---
    post:
      tags: [registration]
      description: The answer is the same whatever the address (no account enumeration). Rate limited.
      requestBody: {content: {application/json: {schema: ResendSchema}}}
      responses:
        202: {description: Accepted., content: {application/json: {schema: RegistrationAnswerSchema}}}
        422: {description: Invalid data.}
        429: {description: Too many attempts.}
    """
    data = load_body(ResendSchema())
    registration.resend_verification(data["email"])
    return jsonify(RegistrationAnswerSchema().dump({"message": sent_message()})), 202
