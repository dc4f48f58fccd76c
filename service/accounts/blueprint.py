"""Sign-in and account URLs, under each tenant."""

from flask import Blueprint

from service.accounts import controllers as c
from service.accounts.auth import signed_in
from service.extensions import limiter
from service.tenancy.requests import bind_tenant_urls


def _login_limit():
    from flask import current_app

    return current_app.config["AMIF_LOGIN_RATE_LIMIT"]


def _address_limit():
    from flask import current_app

    return current_app.config["AMIF_RESET_ADDRESS_RATE_LIMIT"]


def _address_key() -> str:
    """The address asked about (its hash: no addresses in the limiter's store), whatever the caller's IP."""
    from flask import request

    from service.accounts.operations import normalise_email
    from service.accounts.secrets import digest

    return "reset-address:" + digest(normalise_email(request.form.get("email", ""))[:254])


blueprint = Blueprint("accounts", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
_limited = limiter.limit(_login_limit, methods=["POST"])
limited_attempts = _limited  # the sign-in limit also bounds registrations and link attempts (pages and API)

blueprint.add_url_rule("/login", "login", _limited(c.login), methods=["GET", "POST"])
blueprint.add_url_rule("/login/two-factor", "two_factor_step", _limited(c.two_factor_step), methods=["GET", "POST"])
blueprint.add_url_rule("/logout", "logout", c.logout, methods=["POST"])
blueprint.add_url_rule("/language", "switch_language", c.switch_language, methods=["POST"])
blueprint.add_url_rule("/account", "account", signed_in()(c.account))
blueprint.add_url_rule("/account/language", "save_language", signed_in()(c.save_language), methods=["POST"])
blueprint.add_url_rule("/account/password", "change_password", signed_in()(c.change_password), methods=["POST"])
blueprint.add_url_rule(
    "/account/two-factor/start", "start_two_factor", signed_in()(c.start_two_factor), methods=["POST"]
)
blueprint.add_url_rule(
    "/account/two-factor/confirm", "confirm_two_factor", signed_in()(c.confirm_two_factor), methods=["POST"]
)
blueprint.add_url_rule(
    "/account/two-factor/disable", "disable_two_factor", signed_in()(c.disable_two_factor), methods=["POST"]
)
blueprint.add_url_rule("/account/tokens", "create_api_token", signed_in()(c.create_api_token), methods=["POST"])
blueprint.add_url_rule(
    "/account/tokens/<int:token_id>/revoke", "revoke_api_token", signed_in()(c.revoke_api_token), methods=["POST"]
)
blueprint.add_url_rule("/register", "register", _limited(c.register), methods=["GET", "POST"])
blueprint.add_url_rule("/register/sent", "registration_sent", c.registration_sent)
blueprint.add_url_rule(
    "/register/resend", "resend_verification", _limited(c.resend_verification), methods=["GET", "POST"]
)
per_address = limiter.limit(_address_limit, key_func=_address_key, methods=["POST"])
blueprint.add_url_rule(
    "/password/forgot", "forgot_password", _limited(per_address(c.forgot_password)), methods=["GET", "POST"]
)
blueprint.add_url_rule("/password/forgot/sent", "reset_sent", c.reset_sent)
blueprint.add_url_rule("/password/reset/<token>", "reset_password", _limited(c.reset_password), methods=["GET", "POST"])
blueprint.add_url_rule("/verify/<token>", "verify_email", _limited(c.verify_email), methods=["GET", "POST"])
