"""Request handlers of the application pages: the list, applying to a call, the draft editor with its
autosave endpoint, submitting, receipts, and the managing authority's view with supplement requests.

Thin handlers: the API's schemas read what was typed and the operations decide (the same rules and
messages as the JSON API); the framework commits once. Another organisation's or tenant's
application, or a draft asked for by the managing authority, is 404 everywhere (util.visible_to).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError, fields
from sqlalchemy import select

from service.api.messages import translate_messages
from service.applications import forms, operations, pages, submission
from service.applications import receipt_pdf as receipt_document
from service.applications.api_parts import download
from service.applications.schemas import ApplicationCreateSchema, ApplicationSaveSchema, SupplementRequestWriteSchema
from service.applications.sections import CLASSIFICATION_FIELDS, FIELDS
from service.applications.staff_list import staff_view
from service.applications.util import editable_by, listed_for, visible_to
from service.autosave import endpoint as autosave_endpoint
from service.autosave import with_times
from service.calls.models import Call
from service.calls.util import call_or_404
from service.errors import Conflict
from service.extensions import db
from service.i18n import LANGUAGE_NAMES, format_instant
from service.organisations.models import Organisation
from service.organisations.util import organisations_of
from service.tenancy.current import current_tenant


def applications():
    staff_page = staff_view("page", current_user.role)
    if staff_page is not None:
        return staff_page()  # the work queue: filters, states, paging (service.work_queue)
    rows = listed_for(current_user)
    calls = {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_({a.call_id for a in rows})))}
    owner_ids = {a.organisation_id for a in rows}
    owners = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(owner_ids)))}
    return render_template("applications/list.html", applications=rows, calls=calls, owners=owners)


def _refusal(call: Call, organisation: Organisation) -> str | None:
    try:
        operations.check_can_apply(call, organisation)
    except Conflict as error:
        return error.message
    return None


def apply(call_id: int):
    call = call_or_404(call_id)
    mine = organisations_of(current_user.id)
    form = forms.ApplyForm()
    form.organisation.choices = forms.choices({str(o.id): o.name for o in mine})
    form.language.choices = forms.choices({code: LANGUAGE_NAMES[code] for code in current_tenant().languages})
    refusals = {o.id: _refusal(call, o) for o in mine}
    alert, status = None, 200
    if request.method == "GET":
        form.language.data = str(get_locale())
        form.organisation.data = next((str(o.id) for o in mine if refusals[o.id] is None), None)
    else:
        organisation = next((o for o in mine if str(o.id) == form.organisation.data), None)
        try:
            if organisation is None:
                raise ValidationError({"organisation": [_("Choose one of your organisations.")]})
            data = ApplicationCreateSchema().load(
                {
                    "call_id": call.id,
                    "organisation_id": organisation.id,
                    "language": form.language.data or "",
                    "title": form.title.data or "",
                }
            )
            application = operations.start_application(
                call, organisation, language=data["language"], user=current_user, title=data["title"]
            )
        except ValidationError as error:
            alert, status = " ".join(forms.show_errors(form, error.messages)) or None, 422
        except Conflict as error:
            alert, status = error.message, 409
        else:
            flash(_("Your application was started. Everything you write is saved as you type."))
            return redirect(url_for("applications.show", application_id=application.id), 303)
        db.session.rollback()
    existing = listed_for(current_user, call_id=call.id)
    page = render_template(
        "applications/apply.html", call=call, form=form, mine=mine, refusals=refusals, existing=existing, alert=alert
    )
    return page, status


def show(application_id: int):
    application = visible_to(current_user, application_id)
    if current_user.role == "applicant" and application.editable:
        return pages.render_editor(application)
    return pages.render_overview(application)


def refused(application, message: str, status: int = 409):
    """Show an operation's refusal on the application's page; nothing of the refused change stays."""
    db.session.rollback()
    if current_user.role == "applicant" and application.editable:
        return pages.render_editor(application, status=status, alert=message)
    return pages.render_overview(application, status=status, alert=message)


def save_texts(application_id: int):
    """The text form without JavaScript: save the fields changed since the page was read."""
    application = editable_by(current_user, application_id)
    read = {field: request.form.get(f"read-{field}", "") for field in FIELDS}
    typed = {field: forms.text(request.form.get(field)) for field in FIELDS if field in request.form}
    if "classification" in request.form:  # one choice "SO2:003": the objective and its type of intervention
        objective, _sep, code = forms.text(request.form["classification"]).partition(":")
        typed.update(proposed_objective=objective, proposed_intervention=code)
    changed = {field: value for field, value in typed.items() if forms.digest(value) != read[field]}
    version = forms.integer(request.form.get("version"))
    again = {"typed": typed, "digests": read, "version": version}
    try:
        data = ApplicationSaveSchema().load({"version": version, "fields": changed})
        operations.save_fields(application, data["fields"], read_version=data["version"], user=current_user)
    except ValidationError as error:
        db.session.rollback()
        messages = translate_messages(error.messages)
        text_errors = {**messages.pop("fields", {}), **messages}
        alert = _("Not saved. See the messages next to the fields.")
        return pages.render_editor(application, status=422, text_errors=text_errors, alert=alert, **again)
    except Conflict as error:
        db.session.rollback()
        details = error.details or {}
        if not details.get("conflicts"):
            return refused(application, error.message)
        again["version"] = details["version"]  # saving again keeps your text over theirs
        return pages.render_editor(
            application, status=409, conflicts=with_times(details["conflicts"]), alert=error.message, **again
        )
    flash(_("Saved."))
    anchor = None  # back to the part of the page that was saved: the financing plan or the classification
    if set(changed) == {"private_funding"}:
        anchor = "budget"
    elif changed and set(changed) <= set(CLASSIFICATION_FIELDS):
        anchor = "classification"
    return redirect(url_for("applications.show", application_id=application.id, _anchor=anchor), 303)


def autosave(application_id: int):
    """The editor's JSON endpoint (service.autosave): POST {version, fields} saves; GET gives a fresh CSRF token."""
    application = editable_by(current_user, application_id)

    def save(changes: dict, read_version: int) -> None:
        operations.save_fields(application, changes, read_version=read_version, user=current_user)

    return autosave_endpoint(request.method, lambda: application.version, save, ApplicationSaveSchema())


def _version(text) -> int:
    """The version a form was read at; nonsense counts as no version (the submit is refused as changed)."""
    return int(text) if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) < 10 else -1


def submit(application_id: int):
    application = editable_by(current_user, application_id)
    form = forms.SubmitForm()
    try:
        receipt = submission.submit(application, user=current_user, read_version=_version(form.version.data))
    except Conflict as error:
        return refused(application, error.message)
    flash(_("Your application was submitted. Keep the receipt; it was also sent to you by e-mail."))
    return redirect(url_for("applications.submission", application_id=application.id, sequence=receipt.sequence), 303)


def submission_page(application_id: int, sequence: int):
    application = visible_to(current_user, application_id)
    found = next((s for s in application.submissions if s.sequence == sequence), None)
    if found is None:
        abort(404)
    return render_template(
        "applications/submission.html",
        application=application,
        submission=found,
        call=pages.call_of(application),
        content=found.content,
        indicator_names=pages.indicator_labels(pages.call_of(application)),
        next_steps=receipt_document.next_steps(found.kind),
    )


def receipt_pdf(application_id: int, sequence: int):
    """The receipt as a PDF to keep (service.applications.receipt_pdf), for whoever may read the receipt page."""
    application = visible_to(current_user, application_id)
    found = next((s for s in application.submissions if s.sequence == sequence), None)
    if found is None:
        abort(404)
    data = receipt_document.receipt_pdf(application, found, pages.call_of(application))
    return download(data, "application/pdf", f"{found.receipt}.pdf")


def request_supplement(application_id: int):
    application = visible_to(current_user, application_id)
    form = forms.SupplementForm(prefix="supplement")
    day = (form.deadline.data or "").strip()
    try:
        data = SupplementRequestWriteSchema().load({"message": form.message.data or ""})
        deadline = None
        if day:
            try:
                deadline = pages.deadline_from_day(fields.Date().deserialize(day))
            except ValidationError as error:
                raise ValidationError({"deadline": error.messages}) from error
        created = submission.request_supplement(
            application, message=data["message"], deadline=deadline, user=current_user
        )
    except ValidationError as error:
        db.session.rollback()
        forms.show_errors(form, error.messages)
        return pages.render_overview(application, status=422, supplement_form=form)
    except Conflict as error:
        return refused(application, error.message)
    flash(_("The applicant was asked for a supplement by %(deadline)s.", deadline=format_instant(created.deadline)))
    return redirect(url_for("applications.show", application_id=application.id), 303)
