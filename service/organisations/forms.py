"""Forms of the organisation pages (Flask-WTF: every form carries a CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from service.accounts.forms import email_address, name_field, new_password_fields, plain_text
from service.organisations.numbers import MAX_INPUT
from service.organisations.types import type_labels


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(message=_l("Enter the organisation's name.")), Length(max=200), plain_text],
    )
    number = StringField(  # labelled with the tenant's national number by the controller
        _l("Organisation number"),
        validators=[DataRequired(message=_l("Enter the organisation's number.")), Length(max=MAX_INPUT)],
    )
    organisation_type = SelectField(
        _l("Type of organisation"),
        choices=lambda: (
            [SelectChoice("", _l("Choose…"))]  # then the tenant's own types
            + [SelectChoice(value, label) for value, label in type_labels().items()]
        ),
        validators=[DataRequired(message=_l("Choose the type of organisation."))],
        validate_choice=True,
    )


class InvitationForm(FlaskForm):
    email = EmailField(
        _l("Colleague's e-mail address"),
        validators=[DataRequired(message=_l("Enter an e-mail address.")), Length(max=254), email_address],
    )
    language = SelectField(_l("Language of the invitation e-mail"), choices=[])


class InvitedRegistrationForm(FlaskForm):
    name = name_field()
    password, confirm = new_password_fields()
