"""What the application pages show: the editor with its forms and the submission check, read-only views.

The rules stay in the operations and the check (service.applications.operations / submission); this
module only gathers what a template needs and fills the choices of the forms.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from service.applications import forms
from service.applications.deadlines import supplement_deadline
from service.applications.models import Application
from service.applications.operations import current_value, totals_of
from service.applications.sections import FIELDS
from service.applications.submission import check
from service.calls.display import pick
from service.calls.models import Call
from service.calls.util import indicators
from service.classification.presenters import choice_value, choices_for, described
from service.extensions import db
from service.money.display import amount_hint, format_amount
from service.organisations.models import Organisation
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow


def call_of(application: Application) -> Call:
    return db.session.get(Call, application.call_id)


def indicator_labels(call: Call) -> dict[str, str]:
    """The call's common indicators with the catalogue's label in the reader's language."""
    catalogue = indicators()
    language = str(get_locale())
    return {code: catalogue[code].label(language) if code in catalogue else code for code in call.indicator_codes}


def attachment_kinds(call: Call) -> dict[str, str]:
    kinds = {item["key"]: pick(item.get("label")).text or item["key"] for item in call.required_attachments}
    kinds["other"] = _("Other attachment")
    return kinds


def shown_values(application: Application) -> dict[str, str]:
    """Every field as the form shows it: dates as YYYY-MM-DD, amounts in the reader's locale (none: empty)."""
    values = {}
    for field in FIELDS:
        value = current_value(application, field)
        if isinstance(value, Decimal):
            values[field] = format_amount(value) if value else ""
        else:
            values[field] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
    return values


def default_deadline_day() -> str:
    return supplement_deadline(utcnow(), current_tenant()).astimezone(current_tenant().zone).date().isoformat()


def deadline_from_day(day) -> datetime:
    """The end of a day (23:59:59) in the tenant's zone, as the API's 5-working-days default is."""
    from service.api.fields import local_instant

    return local_instant(datetime.combine(day, time(23, 59, 59)))


def open_request(application: Application):
    return next((r for r in application.supplement_requests if r.answered_at is None), None)


def editor_forms(application: Application, call: Call, **given) -> dict:
    """The forms of the editor: those given (with what was typed and the errors), fresh ones otherwise."""
    made = {
        "line_form": given.get("line_form") or forms.BudgetLineForm(prefix="line", formdata=None),
        "partner_form": given.get("partner_form") or forms.PartnerForm(prefix="partner", formdata=None),
        "common_form": given.get("common_form") or forms.CommonIndicatorForm(prefix="common", formdata=None),
        "own_form": given.get("own_form") or forms.OwnIndicatorForm(prefix="own", formdata=None),
        "attachment_form": given.get("attachment_form") or forms.AttachmentForm(prefix="attachment", formdata=None),
    }
    names = indicator_labels(call)
    made["common_form"].indicator_code.choices = forms.choices(
        {code: f"{code} {label}" for code, label in names.items()}, choose=True
    )
    made["attachment_form"].kind.choices = forms.choices(attachment_kinds(call), choose=True)
    line = made["line_form"]
    if "line_form" not in given and application.project_start is not None:
        line.year.data = str(application.project_start.year)
    example = amount_hint()
    for money in (
        line.monthly_gross,
        line.annual_gross,
        line.unit_amount,
        line.amount,
        made["partner_form"].budget_share,
    ):
        money.description = example
    return made


def render_editor(application: Application, *, status: int = 200, **given):
    """The draft editor (also while a supplement is asked for). ``given``: forms with errors, ``text_errors``,
    ``conflicts`` (the operation's 409 details), ``typed`` (what the person wrote), ``alert`` (a refusal)."""
    call = call_of(application)
    values = shown_values(application)
    typed = given.get("typed") or {}
    page = {
        "application": application,
        "call": call,
        "organisation": db.session.get(Organisation, application.organisation_id),
        "values": {**values, **typed},
        "digests": given.get("digests") or {field: forms.digest(value) for field, value in values.items()},
        "version": given.get("version") or application.version,
        "text_errors": given.get("text_errors") or {},
        "conflicts": {c["field"]: c for c in given.get("conflicts") or []},
        "alert": given.get("alert"),
        "problems": check(application, call),
        "totals": totals_of(application, call),
        "indicator_names": indicator_labels(call),
        "classification_groups": choices_for(call.objective_codes, call.measures),
        "classification_value": choice_value(
            typed.get("proposed_objective", application.proposed_objective),
            typed.get("proposed_intervention", application.proposed_intervention),
        ),
        "kinds": attachment_kinds(call),
        "supplement": open_request(application),
        "submit_form": forms.SubmitForm(data={"version": application.version}),
        "confirm_form": forms.ConfirmForm(),
        **editor_forms(application, call, **given),
    }
    return render_template("applications/editor.html", **page), status


OVERVIEW = "amif_application_overview"  # app.extensions: what later steps add to an application's overview


def add_to_overview(app, values) -> None:
    """A later step of the application's life (its decisions, its project) shows itself on the overview:
    ``values(application)`` returns the template's values (service.decisions.domain, service.projects.domain)."""
    app.extensions.setdefault(OVERVIEW, []).append(values)


def render_overview(application: Application, *, status: int = 200, supplement_form=None, alert: str | None = None):
    """A submitted application: its decisions with their letters, its versions as submitted, supplement
    requests, and for the managing authority the form to ask for a supplement."""
    later = {"decisions": [], "letter_states": {}, "project": None, "rejection_reasons": []}
    for values in current_app.extensions.get(OVERVIEW, []):
        later.update(values(application))
    call = call_of(application)
    latest = application.submissions[-1] if application.submissions else None
    reader = current_user.role != "applicant"
    may_act = current_user.role in ("ma_admin", "case_officer")  # auditors read the page without its form
    if may_act and supplement_form is None:
        supplement_form = forms.SupplementForm(prefix="supplement", formdata=None)
        supplement_form.deadline.data = default_deadline_day()
    return render_template(
        "applications/overview.html",
        application=application,
        call=call,
        organisation=db.session.get(Organisation, application.organisation_id),
        latest=latest,
        reader=reader,
        supplement_form=supplement_form if may_act and application.status == "submitted" else None,
        indicator_names=indicator_labels(call),
        classification=described(application),
        alert=alert,
        **later,
    ), status
