"""API of projects: the list, one project with its versions (1 is the baseline), and amendments."""

from __future__ import annotations

from flask import g, jsonify

from service.api.bodies import load_body
from service.projects import operations
from service.projects.models import Project
from service.projects.schemas import AmendmentWriteSchema, ProjectListItemSchema, ProjectSchema
from service.projects.util import project_for, projects_for


def _fields(project: Project) -> dict:
    values = {column.key: getattr(project, column.key) for column in Project.__table__.columns}
    values["current_version"] = project.current.sequence
    return values


def _financing(project: Project) -> dict | None:
    financing = project.financing
    if financing is None:
        return None
    return {
        "currency": financing.currency,
        "eligible_cost": financing.eligible_cost,
        "cofinanced_cost": financing.cofinanced_cost,
        "eu_amount": financing.eu_amount,
        "own_contribution": financing.own_contribution,
        "cofinancing_rate": financing.rate_shown,
    }


def project_json(project: Project) -> dict:
    return ProjectSchema().dump({**_fields(project), "financing": _financing(project), "versions": project.versions})


def list_projects():
    """The projects you may see: all of the tenant's for MA staff and the monitoring committee, your
    organisations' for beneficiaries.
    ---
    get:
      tags: [projects]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: ProjectListItemSchema}}}}
    """
    return jsonify([ProjectListItemSchema().dump(_fields(p)) for p in projects_for(g.api_user)])


def get_project(project_id: int):
    """One project with every version; version 1 is the baseline the grant decision approved.
    ---
    get:
      tags: [projects]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ProjectSchema}}}
        404: {description: Not a project you may see.}
    """
    return jsonify(project_json(project_for(g.api_user, project_id)))


def amend_project(project_id: int):
    """Amend the project: a new version with the changed period or indicator targets; no earlier version changes.
    ---
    post:
      tags: [projects]
      security: [{bearer: []}]
      parameters: [{in: path, name: project_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: AmendmentWriteSchema}}}
      responses:
        201: {description: Amended., content: {application/json: {schema: ProjectSchema}}}
        404: {description: Not a project of this tenant.}
        409: {description: "A newer version exists, or the project is cancelled."}
        422: {description: "Invalid data, no reason, or nothing changed."}
    """
    project = project_for(g.api_user, project_id)
    operations.amend(project, load_body(AmendmentWriteSchema()), user=g.api_user)
    return jsonify(project_json(project)), 201
