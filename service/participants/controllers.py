"""The register's pages: a project's register (counts, rows, the registration form), the import form and an
import's progress. Forms go through the API's schema and the same operations; a refusal shows the page again
with the messages (422) or the conflict (409), nothing changed. Who may see what: service.participants.util."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.api.bodies import positive_int_arg
from service.claims.controllers import back, refused
from service.errors import Conflict
from service.participants import exports, imports, operations, presenters
from service.participants.api import MAX_IMPORT_BYTES, RegisterExportSchema
from service.participants.schemas import ParticipantRegistrationSchema
from service.participants.util import (
    STAFF,
    import_for,
    is_beneficiary,
    may_read_rows,
    project_for,
    project_for_beneficiary,
)
from service.security import upload_limit

FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "first_participation")


def register_page(project_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    project = project_for(current_user, project_id)
    page = positive_int_arg("page", default=1)
    readable = may_read_rows(current_user, project)
    rows, total, hidden = presenters.rows(project, current_user, page=page) if readable else ([], 0, 0)
    beneficiary = is_beneficiary(current_user, project)
    html = render_template(
        "participants/register.html",
        project=project,
        counts=presenters.counts_json(project),
        rows=rows,
        total=total,
        hidden=hidden,
        page=page,
        pages=max((total + presenters.PAGE_SIZE - 1) // presenters.PAGE_SIZE, 1),
        may_read_rows=readable,
        may_register=beneficiary and project.status == "active",
        may_download_rows=current_user.role in STAFF,
        indicators=operations.participant_indicators(project),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return html, status


def register(project_id: int):
    project = project_for_beneficiary(current_user, project_id)
    form = request.form
    typed = {name: form.get(name, "") for name in FIELDS}
    typed["indicators"] = form.getlist("indicators")
    body = {**typed}
    body = {key: value for key, value in body.items() if value not in ("", [])}
    try:
        data = ParticipantRegistrationSchema().load(body)
        registration = operations.register(
            project,
            first_name=data["first_name"],
            last_name=data["last_name"],
            born=data["date_of_birth"],
            sex=data["sex"],
            first_participation=data["first_participation"],
            indicators=data["indicators"],
            user=current_user,
        )
    except (ValidationError, Conflict) as error:
        return refused(lambda **kw: register_page(project_id, **kw), error, posted="p-", typed=typed)
    message = (
        _("The participant is registered.")
        if registration.created
        else _("The person was registered already: the indicators were added to that registration.")
    )
    return back(message, "participants.register", anchor="register-form", project_id=project.id)


def download(project_id: int):
    project = project_for(current_user, project_id)
    try:
        query = RegisterExportSchema().load(request.args.to_dict())
    except ValidationError:
        abort(404)
    if query["table"] == "rows":
        if current_user.role not in STAFF:
            abort(404)
        return exports.rows_download(project, current_user, query["format"])
    return exports.counts_download(project, query["format"])


def import_page(project_id: int, *, status: int = 200, alert=None, errors=None, posted="", typed=None):
    project = project_for_beneficiary(current_user, project_id)
    html = render_template(
        "participants/import.html",
        project=project,
        headers=imports.HEADERS,
        sex_words=imports.SEX_WORDS,
        indicators=operations.participant_indicators(project),
        limit=imports.MAX_ROWS,
        recent=operations.imports_of(project),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
    )
    return html, status


@upload_limit(MAX_IMPORT_BYTES)
def start_import(project_id: int):
    project = project_for_beneficiary(current_user, project_id)
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise ValidationError({"file": [_("Choose a CSV or XLSX file to import.")]})
        record = operations.start_import(project, filename=upload.filename, content=upload.read(), user=current_user)
    except (ValidationError, Conflict) as error:
        return refused(lambda **kw: import_page(project_id, **kw), error, posted="i-")
    return back(
        _("The file is being imported."), "participants.import_status", project_id=project.id, import_id=record.id
    )


def import_status(project_id: int, import_id: int):
    project = project_for(current_user, project_id)
    record = import_for(current_user, project, import_id)
    return render_template(
        "participants/import_status.html",
        project=project,
        record=record,
        report=presenters.errors_of(record),
        running=record.status in ("queued", "validating", "writing", "failed"),
    )
