"""Request handlers of the project pages: the list, one project (current plan, baseline, versions and what
each changed) and the amendment form for MA staff. A refusal shows the page again, nothing changed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from service.applications.forms import integer
from service.applications.staff_list import staff_view
from service.assessment.controllers import _refused
from service.assessment.presenters import person_names
from service.calls.util import indicators
from service.errors import Conflict
from service.extensions import db
from service.organisations.models import Organisation
from service.projects import operations
from service.projects.schemas import AmendmentWriteSchema
from service.projects.util import AMENDERS, project_for, projects_for


def list_page():
    staff_page = staff_view("page", current_user.role, "projects")
    if staff_page is not None:  # MA staff: the work queue's list (service.work_queue.project_list)
        return staff_page()
    projects = projects_for(current_user)
    organisations = (
        {
            o.id: o.name
            for o in db.session.scalars(
                db.select(Organisation).where(Organisation.id.in_({p.organisation_id for p in projects}))
            )
        }
        if projects
        else {}
    )
    return render_template("projects/list.html", projects=projects, organisations=organisations)


def project_page(project_id: int, *, status: int = 200, alert=None, errors=None, typed=None):
    project = project_for(current_user, project_id)
    versions = project.versions
    steps = [
        (version, operations.changes_between(versions[index - 1].content, version.content) if index else [])
        for index, version in enumerate(versions)
    ]
    catalogue = indicators()
    names = {
        i["key"]: (catalogue[i["code"]].label(str(get_locale())) if i["code"] in catalogue else i["name"])
        for v in versions
        for i in v.content["indicators"]
    }
    page = render_template(
        "projects/project.html",
        project=project,
        current=project.current.content,
        baseline=project.baseline.content,
        steps=list(reversed(steps)),
        people=person_names(v.created_by for v in versions),
        indicator_names=names,
        may_amend=current_user.role in AMENDERS and project.status == "active",
        alert=alert,
        errors=errors or {},
        typed=typed or {},
    )
    return page, status


def amend(project_id: int):
    project = project_for(current_user, project_id)
    if current_user.role not in AMENDERS:
        return project_page(project_id, status=403, alert=_("Only the managing authority amends projects."))
    form = request.form
    payload: dict = {"reason": form.get("reason", ""), "based_on": integer(form.get("based_on"))}
    for name in ("project_start", "project_end"):
        if (form.get(name) or "").strip():
            payload[name] = form[name].strip()
    targets = {}
    for indicator in project.current.content["indicators"]:
        typed = integer(form.get(f"target-{indicator['key']}"))
        if typed is not None and typed != indicator["target"]:
            targets[indicator["key"]] = typed
    if targets:
        payload["indicators"] = targets
    try:
        operations.amend(project, AmendmentWriteSchema().load(payload), user=current_user)
    except (ValidationError, Conflict) as error:
        return _refused(lambda **kw: project_page(project_id, **kw), error, typed=form.to_dict())
    flash(_("The project is amended: version %(number)s.", number=project.current.sequence))
    return redirect(url_for("projects.project", project_id=project_id, _anchor="versions"), 303)
