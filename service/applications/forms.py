"""Forms of the application pages. They only read what was typed: the API's marshmallow schemas decide
what is valid (amounts in the person's locale, "4 500,00" or "4500.50"), so a page and the API accept
and refuse the same things with the same messages. The CSRF token is checked for every POST by
CSRFProtect; the forms carry it.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FileField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from service.api.messages import translate_messages
from service.applications.labels import CATEGORY_LABELS, STAFF_METHOD_LABELS

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")


class ApplyForm(FlaskForm):
    organisation = SelectField(_l("Organisation applying"), choices=[])
    language = SelectField(_l("Language of the application"), choices=[])
    title = StringField(_l("Project title (you can change it later)"))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: delete a row."""


class SubmitForm(FlaskForm):
    version = HiddenField()


class BudgetLineForm(FlaskForm):
    year = StringField(_l("Year"))
    category = SelectField(
        _l("Cost category"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(code, label) for code, label in CATEGORY_LABELS.items()],
    )
    description = StringField(_l("Description"))
    staff_method = RadioField(
        _l("How the staff cost is calculated"),
        choices=[SelectChoice(code, label) for code, label in STAFF_METHOD_LABELS.items()],
    )
    monthly_gross = StringField(_l("Monthly gross salary cost"))
    percentage = StringField(_l("Share of working time (%)"))
    months = StringField(_l("Number of months"))
    annual_gross = StringField(_l("Annual gross salary cost"))
    hours = StringField(_l("Hours in the year (at most 1 720)"))
    unit_amount = StringField(_l("Amount per unit"))
    units = StringField(_l("Number of units"))
    amount = StringField(_l("Amount"))


class PartnerForm(FlaskForm):
    name = StringField(_l("Name of the partner organisation"))
    number = StringField(_l("Organisation number"))
    role = TextAreaField(_l("Role in the project"))
    budget_share = StringField(_l("Share of the total cost"))


class CommonIndicatorForm(FlaskForm):
    indicator_code = SelectField(_l("Common indicator"), choices=[])
    planned_value = StringField(_l("Planned value"))


class OwnIndicatorForm(FlaskForm):
    name = StringField(_l("Name of the indicator"))
    unit = StringField(_l("Unit"))
    planned_value = StringField(_l("Target value"))


class AttachmentForm(FlaskForm):
    kind = SelectField(_l("Which attachment"), choices=[])
    file = FileField(_l("File"))


class SupplementForm(FlaskForm):
    message = TextAreaField(_l("What the applicant should supplement"))
    deadline = StringField(_l("Deadline (the end of this day)"))


def choices(options: dict, *, choose: bool = False) -> list[SelectChoice]:
    """A select's options; ``choose``: first "Choose…", for a select without a meaningful default."""
    first = [SelectChoice("", _("Choose…"))] if choose else []
    return first + [SelectChoice(value, label) for value, label in options.items()]


def text(raw: str | None) -> str:
    """What was typed in a text area, with the browser's CRLF line breaks as the API stores them (LF)."""
    return (raw or "").replace("\r\n", "\n").replace("\r", "\n")


def digest(value) -> str:
    """A short fingerprint of a field's value as the page showed it, to tell which fields were changed."""
    return hashlib.sha256(str(value if value is not None else "").encode()).hexdigest()[:20]


def integer(raw):
    """ "2 027" -> 2027; anything else goes to the schema as typed, which refuses it in the API's words."""
    if raw is None:
        return None
    compact = str(raw).strip()
    for space in _SPACES:
        compact = compact.replace(space, "")
    if compact == "":
        return None
    return int(compact) if compact.isascii() and compact.isdigit() and len(compact) < 12 else compact


def typed(form, names: tuple[str, ...], integers: tuple[str, ...] = ()) -> dict:
    """The fields people filled in, as the API would receive them: text, or whole numbers."""
    data = {}
    for name in names:
        raw = form[name].data
        value = integer(raw) if name in integers else (raw.strip() if isinstance(raw, str) else raw)
        if value not in (None, ""):
            data[name] = value
    return data


def line_payload(form: BudgetLineForm) -> dict:
    """The cost as the API receives it, with only the inputs of the chosen category and staff method (a form
    shows them all; what someone left in the others is not part of this cost)."""
    category, method = form.category.data, form.staff_method.data
    if category == "unit_costs":
        used: tuple[str, ...] = ("unit_amount", "units")
    elif category != "staff":
        used = ("amount",)
    else:
        used = {"percentage": ("monthly_gross", "percentage", "months"), "hourly": ("annual_gross", "hours")}.get(
            method, ()
        )
    data = typed(form, ("year", "category", "description", *used), integers=("year", "months", "hours"))
    if category == "staff" and method:
        data["staff_method"] = method
    return data


def partner_payload(form: PartnerForm) -> dict:
    return typed(form, ("name", "number", "role", "budget_share"))


def indicator_payload(form, *, common: bool) -> dict:
    if common:
        return typed(form, ("indicator_code", "planned_value"), integers=("planned_value",))
    return typed(form, ("name", "unit", "planned_value"), integers=("planned_value",))


def show_errors(form, messages: dict) -> list[str]:
    """Put a schema's or an operation's messages beside the fields; returns those that belong to none."""
    rest = []
    for name, value in translate_messages(messages).items():
        texts = _flatten(value)
        if name in form and name != "csrf_token":
            form[name].errors = list(form[name].errors or []) + texts
        else:
            rest += texts
    return rest


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _flatten(item)]
    if isinstance(value, list):
        return [text for item in value for text in _flatten(item)]
    return [str(value)]
