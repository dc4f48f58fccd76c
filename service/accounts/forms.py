"""Forms of the account pages (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from marshmallow import ValidationError as SchemaError
from marshmallow.validate import Email
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from service.accounts.passwords import MIN_LENGTH
from service.accounts.schemas import check_plain_text


class SignInForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password.")), Length(max=1024)]
    )


class TwoFactorForm(FlaskForm):
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=16)],
    )


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=[])


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(message=_l("Enter your current password.")), Length(max=1024)]
    )
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(min=MIN_LENGTH, max=1024, message=_l("The password must be at least 12 characters long.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo("new", message=_l("The passwords do not match."))]
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token (sign out, turn off two-factor)."""


def email_address(form, field):
    """The same e-mail check as the API's (marshmallow), so a page and the API accept the same addresses."""
    try:
        Email()(field.data or "")
    except SchemaError as error:
        raise ValidationError(_l("Enter an e-mail address such as name@example.org.")) from error


def plain_text(form, field):
    try:
        check_plain_text(field.data or "")
    except SchemaError as error:
        raise ValidationError(error.messages[0]) from error


def new_password_fields(label=None, description: str = ""):
    """A new password and its repetition (registration, accepting an invitation, a reset link)."""
    password = PasswordField(
        label or _l("Password"),
        description=description,
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(min=MIN_LENGTH, max=1024, message=_l("The password must be at least 12 characters long.")),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"), validators=[EqualTo("password", message=_l("The passwords do not match."))]
    )
    return password, confirm


def name_field():
    return StringField(
        _l("Your name"), validators=[DataRequired(message=_l("Enter your name.")), Length(max=200), plain_text]
    )


class RegistrationForm(FlaskForm):
    name = name_field()
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=254), email_address],
    )
    password, confirm = new_password_fields()
    language = SelectField(_l("Language for e-mails and pages"), choices=[])


class VerifyForm(FlaskForm):
    password = PasswordField(
        _l("Password you chose when you registered"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=1024)],
    )


class ResendForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=254), email_address],
    )


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Name of the token (what it is for)"), validators=[Length(max=100), plain_text])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=254), email_address],
    )


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields(
        _l("New password"),
        _l("At least 12 characters. A phrase of several words is easy to remember and hard to guess."),
    )
