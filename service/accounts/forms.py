"""Forms of the account pages (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from service.accounts.passwords import MIN_LENGTH


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
