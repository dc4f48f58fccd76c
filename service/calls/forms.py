"""The managing authority's call form, built for the tenant's languages, the catalogue and the tenant's settings.

The form only reads what was typed. What a call may be is decided where the API decides it:
:func:`service.calls.form_data.payload` turns the form into the API's shape for ``CallWriteSchema``
and the operations, so the page and the API accept and refuse the same things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.widgets import DateInput as DateWidget
from wtforms.widgets import TimeInput as TimeWidget

from service.calls import display, operations
from service.calls.models import Call
from service.calls.rules import COFINANCING_RATES
from service.catalogue.models import Indicator, SpecificObjective
from service.organisations.types import type_labels
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow

EXTRA_MEASURE_ROWS = 3
MAX_MEASURE_ROWS = 100


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes; which values are allowed is the schema's and the rules' decision."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PublishForm(FlaskForm):
    version = HiddenField()


class CloseForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(_l("Why does the call close before its closing time?"), validators=[Length(max=2000)])


@dataclass
class FormContext:
    """What the form offers: the tenant's languages, the catalogue, and the criteria whose scales can change."""

    call: Call | None
    languages: list[str]
    objectives: dict[str, SpecificObjective]
    indicators: dict[str, Indicator]
    criteria: list[dict]
    attachment_types: list[dict]
    measure_rows: int
    # Where the payload's list positions are on the page, for placing the schema's messages.
    measure_index: list[int] = field(default_factory=list)
    objective_index: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.call is not None and self.call.status == "published"

    @property
    def opening_fixed(self) -> bool:
        """A published call that has opened keeps its opening (operations.change_call refuses a move)."""
        return self.published and self.call.opens_at <= utcnow()


def form_context(call: Call | None, objectives, indicators, posted_rows: int = 0) -> FormContext:
    source = call.assessment if call is not None else operations.tenant_defaults(current_tenant())["assessment"]
    types = operations.attachment_types(current_tenant())
    known = {t["key"] for t in types}
    if call is not None:  # requirements set through the API with keys the tenant's list does not have
        types += [a for a in call.required_attachments or [] if a["key"] not in known]
    shown = len(call.measures) + EXTRA_MEASURE_ROWS if call is not None else EXTRA_MEASURE_ROWS
    return FormContext(
        call=call,
        languages=list(current_tenant().languages),
        objectives=objectives,
        indicators=indicators,
        criteria=list((source or {}).get("criteria", [])),
        attachment_types=types,
        measure_rows=min(max(shown, posted_rows), MAX_MEASURE_ROWS),
    )


def posted_measure_rows(formdata) -> int:
    rows = [int(m.group(1)) for name in formdata for m in [re.fullmatch(r"measure_(\d{1,3})_objective", name)] if m]
    return max(rows) + 1 if rows else 0


def build_form(context: FormContext, **kwargs) -> FlaskForm:
    """A form class made for this tenant and call, instantiated on the request's data (or ``data``)."""

    class CallForm(FlaskForm):
        pass

    def add(name, field_):
        setattr(CallForm, name, field_)

    language = display.language()

    add("version", HiddenField())
    add("reference", StringField(_("Reference"), render_kw={"maxlength": 40}))
    for lang in context.languages:
        add(f"title_{lang}", StringField(_("Title"), render_kw={"lang": lang, "maxlength": 300}))
        add(f"summary_{lang}", TextAreaField(_("Summary"), render_kw={"lang": lang, "rows": 3}))
        add(f"body_{lang}", TextAreaField(_("Full text of the call"), render_kw={"lang": lang, "rows": 10}))
    for code, objective in context.objectives.items():
        add(f"so_{code}", BooleanField(f"{code} {display.pick(objective.short)}"))
        add(f"so_budget_{code}", StringField(_("Budget for %(objective)s (optional)", objective=code)))
    objective_choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(c, f"{c} {display.pick(o.short)}") for c, o in context.objectives.items()
    ]
    for row in range(context.measure_rows):
        number = row + 1
        add(
            f"measure_{row}_objective",
            SelectField(_("Measure %(number)s: specific objective", number=number), choices=objective_choices),
        )
        for lang in context.languages:
            label = _("Measure %(number)s in %(language)s", number=number, language=display.language_name(lang))
            add(f"measure_{row}_{lang}", StringField(label, render_kw={"lang": lang, "maxlength": 500}))
    add("budget", StringField(_("Budget of the call"), render_kw={"inputmode": "decimal"}))
    add(
        "cofinancing_rate",
        SelectField(
            _("EU co-financing rate"),
            choices=[SelectChoice(f"{rate.normalize():f}", display.percent(rate)) for rate in COFINANCING_RATES],
            validate_choice=False,
        ),
    )
    add(
        "cofinancing_basis",
        SelectField(
            _("The rate applies to"),
            choices=[SelectChoice(key, str(label)) for key, label in display.BASIS_LABELS.items()],
            validate_choice=False,
        ),
    )
    add("indirect_rate", StringField(_("Flat rate for indirect costs (%)"), render_kw={"inputmode": "decimal"}))
    add(
        "competitive",
        RadioField(
            _("Kind of call"),
            choices=[
                SelectChoice("yes", _("Competitive: open to the types of organisation chosen below")),
                SelectChoice("no", _("Non-competitive: addressed to the organisations named below")),
            ],
            validate_choice=False,
        ),
    )
    add(
        "eligible_organisation_types",
        CheckboxesField(
            _("Types of organisation that may apply"),
            choices=[SelectChoice(code, label) for code, label in type_labels().items()],
            validate_choice=False,
        ),
    )
    add("addressed_organisations", TextAreaField(_("Organisations the call is addressed to"), render_kw={"rows": 3}))
    for moment in ("opens", "closes"):
        label = _("Opens on") if moment == "opens" else _("Closes on")
        add(f"{moment}_date", StringField(label, widget=DateWidget()))
        add(f"{moment}_time", StringField(_("at (time)"), widget=TimeWidget()))
    add("project_start_earliest", StringField(_("Projects start at the earliest on"), widget=DateWidget()))
    add("project_end_latest", StringField(_("Projects end at the latest on"), widget=DateWidget()))
    add("max_duration_months", StringField(_("Longest project duration in months"), render_kw={"inputmode": "numeric"}))
    add("min_grant", StringField(_("Smallest grant"), render_kw={"inputmode": "decimal"}))
    add("max_grant", StringField(_("Largest grant"), render_kw={"inputmode": "decimal"}))
    for number, criterion in enumerate(context.criteria):
        add(f"criterion_{number}_scale", StringField(str(display.pick(criterion.get("label")))))
    add("reject_on_zero", BooleanField(_("An application with 0 points on any criterion is rejected")))
    add("minimum_total", StringField(_("Lowest total score accepted"), render_kw={"inputmode": "numeric"}))
    add(
        "required_attachments",
        CheckboxesField(
            _("Attachments applicants must send"),
            choices=[SelectChoice(t["key"], str(display.pick(t.get("label")))) for t in context.attachment_types],
            validate_choice=False,
        ),
    )
    add(
        "indicator_codes",
        CheckboxesField(
            _("Indicators applicants may choose"),
            choices=[SelectChoice(code, f"{code} {i.label(language)}") for code, i in context.indicators.items()],
            validate_choice=False,
        ),
    )
    add("contact_email", StringField(_("Contact e-mail address"), render_kw={"type": "email", "maxlength": 254}))
    if context.published:
        add("reason", TextAreaField(_("Reason for the change"), render_kw={"rows": 3}))
    return CallForm(**kwargs)
