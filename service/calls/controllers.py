"""Request handlers of the call pages: the public list and call page, and the managing authority's pages.

Changes go through :mod:`service.calls.operations` after ``CallWriteSchema`` has read the form, as
for the API; the framework commits once, and any error answers with nothing saved.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.calls import form_data, forms, operations
from service.calls.schemas import CallWriteSchema
from service.calls.util import all_calls, call_or_404, indicators, listed_publicly, specific_objectives, time_left
from service.errors import Conflict
from service.extensions import db
from service.tenancy.model_base import utcnow


def public_calls():
    now = utcnow()
    calls = listed_publicly(now)
    return render_template(
        "calls/public_list.html",
        open_calls=[(call, time_left(call, now)) for call in calls if call.is_open(now)],
        upcoming=[call for call in calls if call.opens_at > now],
        objectives=specific_objectives(),
    )


def public_call(call_id: int):
    call = call_or_404(call_id)
    now = utcnow()
    return render_template(
        "calls/public_call.html",
        call=call,
        left=time_left(call, now),
        is_open=call.is_open(now),
        upcoming=call.status == "published" and call.opens_at > now,
        objectives=specific_objectives(),
        indicators=indicators(),
    )


def manage_calls():
    return render_template("calls/manage_list.html", calls=all_calls())


def new_call():
    context = _context(None)
    if request.method == "GET":
        return _render_form(forms.build_form(context, data=form_data.initial_data(None, context)), context)
    form, call, errors = _save(context, operations.create_call)
    if errors:
        return _render_form(form, context, errors)
    flash(_("The call %(reference)s was saved as a draft.", reference=call.reference))
    return redirect(url_for("calls.edit_call", call_id=call.id), 303)


def edit_call(call_id: int):
    call = call_or_404(call_id, drafts=True)
    if call.status == "closed":
        return render_template("calls/closed.html", call=call)
    context = _context(call)
    if request.method == "GET":
        return _render_form(forms.build_form(context, data=form_data.initial_data(call, context)), context)
    if request.form.get("version") != str(call.version):
        message = _("Someone else changed this call in the meantime. Reload and try again.")
        return _render_form(forms.build_form(context), context, {"form": [message]}, status=409)

    def change(data):
        return operations.change_call(call, data, reason=data.get("reason", ""), actor=current_user.email)

    form, _call, errors = _save(context, change, partial=True)
    if errors:
        return _render_form(form, context, errors)
    flash(_("The call %(reference)s was saved.", reference=call.reference))
    return redirect(url_for("calls.edit_call", call_id=call.id), 303)


def _save(context, operation, *, partial: bool = False):
    """(form, call, errors): the posted form read by CallWriteSchema as the API reads a body, then the operation.
    Any error: the messages where the page shows them, and nothing done."""
    form = forms.build_form(context)
    data, errors = form_data.payload(form, context)
    try:
        loaded = CallWriteSchema().load(data, partial=partial)
    except ValidationError as error:
        return form, None, form_data.merge_errors(errors, form_data.place_errors(error.messages, context))
    if errors:
        return form, None, errors
    try:
        return form, operation(loaded), {}
    except ValidationError as error:
        return form, None, form_data.place_errors(error.messages, context)


def publish_call(call_id: int):
    call = call_or_404(call_id, drafts=True)
    form = forms.PublishForm()
    if form.validate_on_submit():
        _check_version(call, form.version.data)
        try:
            operations.publish_call(call)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(url_for("calls.edit_call", call_id=call.id), 303)
        flash(_("The call %(reference)s is published.", reference=call.reference))
    return redirect(url_for("calls.edit_call", call_id=call.id), 303)


def close_call(call_id: int):
    call = call_or_404(call_id, drafts=True)
    close_form = forms.CloseForm(prefix="close")
    if close_form.validate_on_submit():
        _check_version(call, close_form.version.data)
        try:
            operations.close_call(call, reason=close_form.reason.data or "", actor=current_user.email)
        except ValidationError as error:
            context = _context(call)
            close_form.reason.errors = form_data.place_errors(error.messages, context).get("reason", [])
            form = forms.build_form(context, formdata=None, data=form_data.initial_data(call, context))
            return _render_form(form, context, close_form=close_form)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(url_for("calls.edit_call", call_id=call.id), 303)
        flash(_("The call %(reference)s is closed.", reference=call.reference))
    return redirect(url_for("calls.manage_calls"), 303)


def _context(call) -> forms.FormContext:
    return forms.form_context(
        call, specific_objectives(), indicators(), posted_rows=forms.posted_measure_rows(request.form)
    )


def _check_version(call, version: str | None) -> None:
    if version != str(call.version):
        raise Conflict(_("Someone else changed this call in the meantime. Reload and try again."))


def _render_form(form, context, errors: dict | None = None, *, status: int | None = None, close_form=None):
    errors = errors or {}
    for key, messages in errors.items():
        if key in form:
            form[key].errors = list(messages)
    if errors:
        db.session.rollback()  # nothing of a refused change stays, even before the response is sent
    call = context.call
    version = str(call.version) if call is not None else ""
    return render_template(
        "calls/form.html",
        form=form,
        context=context,
        call=call,
        errors=errors,
        publish_form=forms.PublishForm(formdata=None, data={"version": version}),
        close_form=close_form or forms.CloseForm(prefix="close", formdata=None, data={"version": version}),
        before_closing=call is not None and utcnow() < call.closes_at,
    ), status or (422 if errors or close_form is not None else 200)
