"""API of projects: the list, one project with its versions (1 is the baseline), and amendments."""

from __future__ import annotations

from flask import g, jsonify

from service.api.bodies import load_body
from service.applications.staff_list import staff_view
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
    """The projects you may see: your organisations' for beneficiaries, all of the tenant's for the monitoring
    committee and auditors; for MA staff a work queue, each project with its ``state``
    (service.work_queue.project_list), filtered, searched, sorted and paged in the database. MA staff's body stays
    a JSON array; the paging is in the headers: ``X-Total-Count``, ``X-Page``, ``X-Per-Page`` and ``Link``
    (RFC 8288: first, prev, next, last). A page past the last is an empty array. Others ignore the parameters.
    ---
    get:
      tags: [projects]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: call_id, schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: state, description: "MA staff: the project's state.",
           schema: {type: string, enum: [not_started, running, ended, closed, cancelled]}}
        - {in: query, name: objective, description: "MA staff: the project's specific objective.",
           schema: {type: string, enum: [SO1, SO2, SO3, SO4, TA]}}
        - {in: query, name: organisation_type, description: "MA staff: the beneficiary's type, a code of the tenant's
           own types of organisation (GET /api/v1/{tenant}/organisation-types); another tenant's code is 422.",
           schema: {type: string, pattern: "^[a-z0-9_]+$", maxLength: 40}}
        - {in: query, name: start_from, description: "MA staff: the project starts on or after this day.",
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: start_to, description: "MA staff: the project starts on or before this day (not
           before start_from).",
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: q, description: "MA staff: words in the reference, the title or the organisation's
           name (any case).", schema: {$ref: '#/components/schemas/SearchWords'}}
        - {in: query, name: sort, description: "MA staff: created is when the grant made the project.",
           schema: {type: string, enum: [reference, title, organisation, state, start, end, created],
                    default: created}}
        - {in: query, name: order, schema: {type: string, enum: [asc, desc], default: desc}}
        - {in: query, name: page, schema: {type: integer, minimum: 1, maximum: 100000, default: 1}}
        - {in: query, name: per_page, schema: {type: integer, minimum: 1, maximum: 500, default: 100}}
      responses:
        200:
          description: "Success (MA staff: each project with ``state``)."
          headers:
            X-Total-Count: {description: "MA staff: how many projects match.", schema: {type: integer}}
            Link: {description: "MA staff: first, prev, next and last pages (RFC 8288).", schema: {type: string}}
          content: {application/json: {schema: {type: array, items: ProjectListItemSchema}}}
        422: {description: "MA staff: a bad filter, sort or page, named in ``errors`` in the caller's language."}
    """
    staff_list = staff_view("api", g.api_user.role, "projects")
    if staff_list is not None:
        return staff_list()
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
