"""Request handlers of the parts of a draft: budget lines, partners, indicators and attachments.

Each form is read by the API's schema (amounts in the person's locale) and handed to the operation;
a refusal re-renders the editor with the messages beside the fields and nothing saved.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.applications import attachments, forms, operations, pages
from service.applications.api_parts import file_response
from service.applications.controllers import refused
from service.applications.models import Attachment, BudgetLine, Partner, PlannedIndicator
from service.applications.schemas import BudgetLineWriteSchema, PartnerWriteSchema, PlannedIndicatorWriteSchema
from service.applications.util import editable_by, visible_to
from service.errors import Conflict
from service.extensions import db


def _back(application, part: str, message: str):
    flash(message)
    return redirect(url_for("applications.show", application_id=application.id, _anchor=part), 303)


def _not_saved(application, error: ValidationError, **given):
    """The editor again, with what was typed and the messages beside the fields of the refused form."""
    db.session.rollback()
    (form,) = given.values()
    rest = forms.show_errors(form, error.messages)
    alert = " ".join([_("Not saved. See the messages next to the fields."), *rest])
    return pages.render_editor(application, status=422, alert=alert, **given)


def _row(model, application_id: int, row_id: int, *, edit: bool = True):
    application = (editable_by if edit else visible_to)(current_user, application_id)
    row = db.session.get(model, row_id)
    if row is None or row.application_id != application.id:
        abort(404)
    return row


def _remove(model, application_id: int, row_id: int, part: str, message: str):
    row = _row(model, application_id, row_id)
    application = row.application
    try:
        operations.remove(row)
    except Conflict as error:
        return refused(application, error.message)
    return _back(application, part, message)


def add_budget_line(application_id: int):
    application = editable_by(current_user, application_id)
    form = forms.BudgetLineForm(prefix="line")
    try:
        operations.add_budget_line(application, BudgetLineWriteSchema().load(forms.line_payload(form)))
    except ValidationError as error:
        return _not_saved(application, error, line_form=form)
    except Conflict as error:
        return refused(application, error.message)
    return _back(application, "budget", _("The cost was added to the budget."))


def delete_budget_line(application_id: int, row_id: int):
    return _remove(BudgetLine, application_id, row_id, "budget", _("The cost was removed from the budget."))


def add_partner(application_id: int):
    application = editable_by(current_user, application_id)
    form = forms.PartnerForm(prefix="partner")
    try:
        data = PartnerWriteSchema().load(forms.partner_payload(form))
        if data["budget_share"] is None:
            data.pop("budget_share")
        operations.add_partner(application, data)
    except ValidationError as error:
        return _not_saved(application, error, partner_form=form)
    except Conflict as error:
        return refused(application, error.message)
    return _back(application, "partners", _("The partner was added."))


def delete_partner(application_id: int, row_id: int):
    return _remove(Partner, application_id, row_id, "partners", _("The partner was removed."))


def add_indicator(application_id: int):
    application = editable_by(current_user, application_id)
    common = request.form.get("kind") != "own"
    form = forms.CommonIndicatorForm(prefix="common") if common else forms.OwnIndicatorForm(prefix="own")
    if common:
        codes = pages.indicator_labels(pages.call_of(application))
        form.indicator_code.choices = forms.choices({code: code for code in codes})
    try:
        data = PlannedIndicatorWriteSchema().load(forms.indicator_payload(form, common=common))
        operations.add_indicator(application, data)
    except ValidationError as error:
        return _not_saved(application, error, **{"common_form" if common else "own_form": form})
    except Conflict as error:
        return refused(application, error.message)
    return _back(application, "indicators", _("The indicator was added."))


def delete_indicator(application_id: int, row_id: int):
    return _remove(PlannedIndicator, application_id, row_id, "indicators", _("The indicator was removed."))


def upload_attachment(application_id: int):
    application = editable_by(current_user, application_id)
    form = forms.AttachmentForm(prefix="attachment")
    upload = request.files.get(form.file.name)
    try:
        if upload is None or not upload.filename:
            raise ValidationError({"file": [_("Choose a file to upload.")]})
        data = upload.stream.read(attachments.MAX_BYTES + 1)
        kind = form.kind.data or "other"
        attachments.add(application, kind=kind, filename=upload.filename, data=data, user=current_user)
    except ValidationError as error:
        return _not_saved(application, error, attachment_form=form)
    except Conflict as error:
        return refused(application, error.message)
    return _back(application, "attachments", _("The file was attached."))


def download_attachment(application_id: int, row_id: int):
    """Always a download (attachment disposition, nosniff, sandboxed), never shown inline: as the API serves it."""
    return file_response(_row(Attachment, application_id, row_id, edit=False))


def delete_attachment(application_id: int, row_id: int):
    return _remove(Attachment, application_id, row_id, "attachments", _("The attachment was removed."))
