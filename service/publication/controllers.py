"""Request handlers of the list's pages. The public page shows the latest edition only, in the reader's language
(the column headers of the files stay the Kohesio names); ``?format=csv|xlsx`` downloads it. The MA's changes go
through the same operations as the API; a refusal shows the page again (409 / 422), nothing changed."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.claims.controllers import back, refused
from service.errors import Conflict
from service.extensions import db
from service.projects.models import Project
from service.publication import exports, operations, rules


def public_list():
    edition = operations.latest_edition()
    rows = operations.public_rows(edition) if edition else []
    file = exports.requested_file(request.args, edition, rows)
    if file is not None:
        return file
    return render_template(
        "publication/public_list.html",
        edition=edition,
        rows=rows,
        withheld=[i for i, row in enumerate(edition.rows) if row.natural_person] if edition else [],
        next_due=rules.next_edition_due(edition.published_on if edition else None),
    )


def manage(*, status: int = 200, alert=None, errors=None, posted="", typed=None, details=None):
    edition = operations.latest_edition()
    found = operations.candidates()
    records = {c.project.id: operations.record_of(c.project.id) for c in found}
    page = render_template(
        "publication/manage.html",
        edition=edition,
        candidates=found,
        records=records,
        problems=operations.problems_of(found),
        next_due=rules.next_edition_due(edition.published_on if edition else None),
        overdue=rules.edition_due(edition.published_on if edition else None, operations.today()),
        alert=alert,
        errors=errors or {},
        posted=posted,
        typed=typed or {},
        details=details or {},
    )
    return page, status


def publish():
    try:
        edition = operations.publish(user=current_user)
    except Conflict as error:
        db.session.rollback()
        return manage(status=409, alert=error.message, details=(error.details or {}).get("operations", {}))
    return back(_("Edition %(sequence)s of the list is published.", sequence=edition.sequence), "publication.manage")


def location(project_id: int):
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    try:
        operations.set_location(project, request.form.get("location", ""))
    except ValidationError as error:
        return refused(manage, error, posted=f"location-{project_id}-", typed=request.form.to_dict())
    return back(_("The location is recorded."), "publication.manage")
