"""The programme editing form (Flask-WTF: it carries a CSRF token).

The form only carries what people type; the values are checked by ``operations.edit_programme``,
the same as for the API, and its messages are attached to the inputs they concern.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField

from service.i18n import LANGUAGE_NAMES
from service.money.display import format_amount
from service.programmes.models import Programme

AMOUNT_HINT = _l("In euro, with at most two decimals.")
COUNT_HINT = _l("A whole number of 0 or more.")


class AllocationRow(Form):
    objective = HiddenField()
    eu_contribution = StringField(_l("EU contribution (EUR)"), description=AMOUNT_HINT)
    national_cofinancing = StringField(_l("National co-financing (EUR)"), description=AMOUNT_HINT)


class IndicatorRow(Form):
    code = HiddenField()
    milestone_2024 = StringField(_l("Milestone 2024"), description=COUNT_HINT)
    target_2029 = StringField(_l("Target 2029"), description=COUNT_HINT)


class NewIndicatorRow(Form):
    code = SelectField(_l("Common indicator"), choices=[])
    milestone_2024 = StringField(_l("Milestone 2024"), description=COUNT_HINT)
    target_2029 = StringField(_l("Target 2029"), description=COUNT_HINT)


class _SpecificIndicatorRow(Form):
    code = StringField(_l("Code"), description=_l("Up to 16 letters, digits, dots, hyphens or underscores."))
    unit = StringField(_l("Unit"), description=_l("For example participants."))
    milestone_2024 = StringField(_l("Milestone 2024"), description=COUNT_HINT)
    target_2029 = StringField(_l("Target 2029"), description=COUNT_HINT)
    remove = BooleanField(_l("Remove this indicator"))


def _specific_row(languages: list[str]) -> type[Form]:
    names = {
        f"name_{code}": StringField(_l("Name in %(language)s", language=LANGUAGE_NAMES[code])) for code in languages
    }
    return type("SpecificIndicatorRow", (_SpecificIndicatorRow,), names)


def programme_form(languages: list[str], indicator_choices: list[tuple[str, str]], **kwargs) -> FlaskForm:
    """The form for a tenant with these languages; ``indicator_choices`` are the common indicators to add."""

    class ProgrammeForm(FlaskForm):
        version = HiddenField()
        allocations = FieldList(FormField(AllocationRow))
        indicators = FieldList(FormField(IndicatorRow))
        add_indicator = FormField(NewIndicatorRow)
        specific_indicators = FieldList(FormField(_specific_row(languages)))
        reason = TextAreaField(
            _l("Reason for the change"), description=_l("Kept with the version, with your name and the time.")
        )

    form = ProgrammeForm(**kwargs)
    form.add_indicator.code.choices = [("", _l("None"))] + indicator_choices
    return form


def amount_text(amount) -> str:
    """An amount as the user writes it in their language: 126 822 000,00 (no currency sign)."""
    return format_amount(amount)


def initial_data(programme: Programme, languages: list[str]) -> dict:
    specific = [
        {
            "code": s.code,
            "unit": s.unit,
            "milestone_2024": str(s.milestone_2024),
            "target_2029": str(s.target_2029),
            **{f"name_{code}": s.name.get(code, "") for code in languages},
        }
        for s in programme.specific_indicators
    ]
    return {
        "version": str(programme.version),
        "allocations": [
            {
                "objective": a.objective_code,
                "eu_contribution": amount_text(a.eu_contribution),
                "national_cofinancing": amount_text(a.national_cofinancing),
            }
            for a in programme.allocations
        ],
        "indicators": [
            {"code": i.indicator_code, "milestone_2024": str(i.milestone_2024), "target_2029": str(i.target_2029)}
            for i in programme.indicators
        ],
        "specific_indicators": specific + [{}],  # one empty row to add an indicator
    }


def changes_from(form, languages: list[str]) -> tuple[dict, dict]:
    """The change the form asks for, and where each line came from: {section: {index: subform}}."""
    changes: dict = {"allocations": [], "indicators": [], "specific_indicators": []}
    origin: dict = {section: {} for section in changes}

    def add(section: str, row: dict, subform) -> None:
        origin[section][str(len(changes[section]))] = subform
        changes[section].append(row)

    for row in form.allocations:
        add("allocations", {k: row[k].data for k in ("objective", "eu_contribution", "national_cofinancing")}, row)
    for row in form.indicators:
        add("indicators", {k: row[k].data for k in ("code", "milestone_2024", "target_2029")}, row)
    new = form.add_indicator
    if new.code.data:
        add("indicators", {k: new[k].data or None for k in ("code", "milestone_2024", "target_2029")}, new)
    for row in form.specific_indicators:
        typed = {k: (row[k].data or "").strip() for k in ("code", "unit", "milestone_2024", "target_2029")}
        names = {code: row[f"name_{code}"].data or "" for code in languages}
        if not any(typed.values()) and not any(n.strip() for n in names.values()):
            continue  # the empty row for a new indicator, left empty
        if row.remove.data:
            add("specific_indicators", {"code": typed["code"], "remove": True}, row)
            continue
        add("specific_indicators", {**typed, "name": names}, row)
    return changes, origin


def attach_errors(form, origin: dict, errors: dict[str, list[str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """Put each message on its input. Returns the messages that belong to no input, and
    (input id, message) pairs for the summary at the top of the page, which links to each input."""
    general, linked = [], []
    for path, messages in errors.items():
        field = form.reason if path == "reason" else None
        section, _dot, rest = path.partition(".")
        index, _dot, name = rest.partition(".")
        subform = origin.get(section, {}).get(index)
        if subform is not None:
            key = name.replace("name.", "name_", 1)
            field = subform.form._fields.get(key)
        if field is None or field.type == "HiddenField":  # hidden inputs cannot show a message
            general.extend(messages)
        else:
            field.errors = list(field.errors) + list(messages)
            linked.extend((field.id, f"{field.label.text}: {message}") for message in messages)
    return general, linked
