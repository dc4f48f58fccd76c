"""Request handlers of the sign-in and account pages."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from service.accounts import operations, password_reset, passwords, registration, sessions, tokens, two_factor
from service.accounts.forms import (
    ApiTokenForm,
    EmptyForm,
    ForgotPasswordForm,
    LanguageForm,
    PasswordForm,
    RegistrationForm,
    ResendForm,
    ResetPasswordForm,
    SignInForm,
    TwoFactorForm,
    VerifyForm,
)
from service.accounts.models import ApiToken
from service.accounts.password_reset import RESET_LINK_MINUTES
from service.extensions import db
from service.i18n import LANGUAGE_NAMES
from service.security import safe_next
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

_PENDING = "pending_two_factor"
_PENDING_SECONDS = 300


def login():
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        user = operations.find_user_by_email(form.email.data)
        if user is not None and user.active and passwords.verify_password(user.password_hash, form.password.data):
            if not registration.is_verified(user):
                form.email.errors.append(
                    _("Confirm your e-mail address first: open the link in the e-mail we sent when you registered.")
                )
                return render_template("accounts/login.html", form=form, unconfirmed=True), 403
            if user.two_factor_enabled:
                session[_PENDING] = {
                    "user_id": user.id,
                    "tenant_id": user.tenant_id,
                    "at": utcnow().timestamp(),
                    "next": request.args.get("next", ""),
                }
                return redirect(url_for("accounts.two_factor_step"))
            return _sign_in(user)
        if user is None:
            passwords.verify_password(None, form.password.data)  # as slow as a real check: no user enumeration
        form.password.errors.append(_("Wrong e-mail address or password."))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("accounts/login.html", form=form), status


def two_factor_step():
    pending = session.get(_PENDING)
    if (
        not pending
        or pending.get("tenant_id") != current_tenant().id
        or utcnow().timestamp() - pending["at"] > _PENDING_SECONDS
    ):
        session.pop(_PENDING, None)
        return redirect(url_for("accounts.login"))
    form = TwoFactorForm()
    status = 200
    if form.validate_on_submit():
        from service.accounts.models import User

        user = db.session.get(User, pending["user_id"])
        if user is not None and user.active and two_factor.verify(user.totp_secret, form.code.data):
            session.pop(_PENDING, None)
            return _sign_in(user, pending.get("next", ""))
        form.code.errors.append(_("The code is not correct. Try the newest code."))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("accounts/two_factor.html", form=form), status


def _sign_in(user, next_url: str | None = None):
    sessions.open_session(user)  # sets user.session_secret, which login_user stores
    session.clear()  # a new session id: no fixation
    session.permanent = True
    login_user(user)
    target = next_url if next_url is not None else request.args.get("next", "")
    return redirect(safe_next(target, landing_url(user)))


def landing_url(user) -> str:
    """Where a person lands after signing in: an applicant on their overview (applications, projects and what
    to do next), MA staff and the others on the national programme."""
    return url_for("overview.home" if user.role == "applicant" else "programmes.home")


def sign_in_user(user, next_url: str):
    """Open a session for a user who has just proven who they are (e.g. by an e-mailed link and a
    password) and go to ``next_url``; flash messages after this call, it starts a new session."""
    return _sign_in(user, next_url)


def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        sessions.close_session(current_user.session_secret)
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("accounts.login"))


def account():
    return render_template("accounts/account.html", **_account_context())


def save_language():
    form = LanguageForm(prefix="language")
    form.language.choices = [("", "")] + [(code, code) for code in current_tenant().languages]
    if not form.validate_on_submit():
        flash(_("Choose one of the languages offered."), "error")
        return redirect(url_for("accounts.account")), 303
    operations.set_language(current_user, form.language.data or None, current_tenant().languages)
    session.pop("language", None)
    flash(_("Your language preference was saved."))
    return redirect(url_for("accounts.account"))


def change_password():
    form = PasswordForm(prefix="password")
    if form.validate_on_submit():
        if not passwords.verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("The current password is not correct."))
        else:
            operations.set_password(current_user, form.new.data, close_sessions=True)
            secret = sessions.open_session(current_user)  # this browser stays signed in
            session["_user_id"] = secret
            flash(_("Your password was changed. Other sessions were signed out."))
            return redirect(url_for("accounts.account"))
    return _account_with_errors(password_form=form)


def start_two_factor():
    form = EmptyForm(prefix="off")
    if form.validate_on_submit():
        operations.start_two_factor(current_user)
    return redirect(url_for("accounts.account"))


def confirm_two_factor():
    form = TwoFactorForm(prefix="two_factor")
    if form.validate_on_submit():
        try:
            operations.confirm_two_factor(current_user, form.code.data)
        except operations.AccountError:
            form.code.errors.append(_("The code is not correct. Try the newest code."))
        else:
            flash(_("Two-factor sign-in is on."))
            return redirect(url_for("accounts.account"))
    return _account_with_errors(two_factor_form=form)


def disable_two_factor():
    form = TwoFactorForm(prefix="two_factor")
    if form.validate_on_submit() and two_factor.verify(current_user.totp_secret, form.code.data):
        operations.disable_two_factor(current_user)
        flash(_("Two-factor sign-in is off."))
        return redirect(url_for("accounts.account"))
    form.code.errors.append(_("The code is not correct. Try the newest code."))
    return _account_with_errors(two_factor_form=form)


def switch_language():
    """The language switcher on tenant pages: for this browser, and the user's preference."""
    language = request.form.get("language", "")
    form = EmptyForm()
    if form.validate_on_submit() and language in current_tenant().languages:
        session["language"] = language
        if current_user.is_authenticated:
            operations.set_language(current_user, language, current_tenant().languages)
    return redirect(safe_next(request.form.get("next", ""), url_for("calls.public_calls")))


def _language_form() -> LanguageForm:
    form = LanguageForm(prefix="language")
    form.language.choices = [("", _("Follow the browser"))] + [
        (c, LANGUAGE_NAMES[c]) for c in current_tenant().languages
    ]
    return form


def _two_factor_setup():
    if current_user.totp_secret and not current_user.two_factor_enabled:
        uri = two_factor.provisioning_uri(current_user.totp_secret, current_user.email)
        return {"secret": current_user.totp_secret, "qr": two_factor.qr_svg_data_uri(uri)}
    return None


def _account_context(**overrides) -> dict:
    language_form = _language_form()
    language_form.language.data = current_user.language or ""
    context = {
        "language_form": language_form,
        "password_form": PasswordForm(prefix="password"),
        "two_factor_form": TwoFactorForm(prefix="two_factor"),
        "empty_form": EmptyForm(prefix="off"),
        "setup": _two_factor_setup(),
        **_token_context(),
    }
    context.update(overrides)
    return context


def _account_with_errors(**forms):
    context = _account_context(**forms)
    db.session.rollback()
    return render_template("accounts/account.html", **context), 422


# --- Personal API tokens: created on the account page, the secret shown once --------------------

TOKEN_LIFETIME = timedelta(days=90)


def _token_context(created: str | None = None, token_form: ApiTokenForm | None = None) -> dict:
    query = (
        select(ApiToken)
        .where(
            ApiToken.user_id == current_user.id,
            ApiToken.tenant_id == current_tenant().id,
            ApiToken.revoked_at.is_(None),
        )
        .order_by(ApiToken.created_at.desc())
    )
    live = [t for t in db.session.scalars(query) if t.expires_at is None or t.expires_at > utcnow()]
    return {
        "token_form": token_form or ApiTokenForm(prefix="token"),
        "revoke_form": EmptyForm(prefix="revoke"),
        "api_tokens": live,
        "created_token": created,
    }


def create_api_token():
    form = ApiTokenForm(prefix="token")
    if not form.validate_on_submit():
        return _account_with_errors(**_token_context(token_form=form))
    secret = tokens.create_token(current_user, name=form.name.data.strip(), expires_at=utcnow() + TOKEN_LIFETIME)
    # Shown in this answer only (never stored, never in a flash cookie); the page is not cached.
    return render_template("accounts/account.html", **_account_context(**_token_context(created=secret)))


def revoke_api_token(token_id: int):
    form = EmptyForm(prefix="revoke")
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id or token.tenant_id != current_tenant().id:
        abort(404)
    if form.validate_on_submit():
        tokens.revoke_token(token)
        flash(_("The token was revoked."))
    return redirect(url_for("accounts.account"))


# --- Registration: register, confirm the address by link, ask for a new link -------------------


def register():
    if current_user.is_authenticated:
        return redirect(url_for("organisations.mine"))
    form = RegistrationForm()
    form.language.choices = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in current_tenant().languages]
    if request.method == "GET":
        form.language.data = str(get_locale())
    if form.validate_on_submit():
        registration.register(
            email=form.email.data, name=form.name.data, password=form.password.data, language=form.language.data
        )
        return redirect(url_for("accounts.registration_sent"))
    return render_template("accounts/register.html", form=form), 422 if request.method == "POST" else 200


def registration_sent():
    return render_template("accounts/registration_sent.html")


def verify_email(token: str):
    if registration.find_verification(token) is None:
        return render_template("accounts/verify_invalid.html"), 404
    form = VerifyForm()
    if form.validate_on_submit():
        try:
            user = registration.verify_email(token, form.password.data)
        except operations.AccountError as error:
            if error.field != "password":
                return render_template("accounts/verify_invalid.html"), 404
            form.password.errors.append(_("This is not the password you chose when you registered."))
        else:
            signed_in = sign_in_user(user, url_for("organisations.mine"))
            flash(_("Your e-mail address is confirmed. Welcome!"))
            return signed_in
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/verify.html", form=form), status


def resend_verification():
    form = ResendForm()
    if form.validate_on_submit():
        registration.resend_verification(form.email.data)
        return redirect(url_for("accounts.registration_sent"))
    return render_template("accounts/resend.html", form=form), 422 if request.method == "POST" else 200


# --- Forgotten password: ask for a link, set a new password by it ---------------------------------


def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        password_reset.request_reset(form.email.data)  # the same answer whether or not the address has an account
        return redirect(url_for("accounts.reset_sent"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/forgot_password.html", form=form, minutes=RESET_LINK_MINUTES), status


def reset_sent():
    return render_template("accounts/reset_sent.html", minutes=RESET_LINK_MINUTES)


def reset_password(token: str):
    if password_reset.find_reset(token) is None:
        return render_template("accounts/reset_invalid.html", minutes=RESET_LINK_MINUTES), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset_password(token, form.password.data)
        except operations.AccountError as error:
            db.session.rollback()
            if error.field != "password":
                return render_template("accounts/reset_invalid.html", minutes=RESET_LINK_MINUTES), 404
            form.password.errors.append(_("The password must be at least 12 characters long."))
        else:
            if current_user.is_authenticated:
                logout_user()  # this browser's session was closed with all the others
            session.clear()
            flash(_("Your password was changed and you were signed out everywhere. Sign in with the new password."))
            return redirect(url_for("accounts.login"))
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/reset_password.html", form=form), status
