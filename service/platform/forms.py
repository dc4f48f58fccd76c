"""Forms of the platform pages (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class PlatformSignInForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"), validators=[DataRequired(message=_l("Enter your e-mail address.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(message=_l("Enter your password.")), Length(max=1024)]
    )
    code = StringField(
        _l("Six-digit code from your authenticator app"),
        description=_l("Only if you have turned on two-factor sign-in."),
        validators=[Length(max=16)],
    )
