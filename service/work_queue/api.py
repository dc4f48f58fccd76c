"""The work queue in the API: ``GET /api/v1/<tenant>/applications`` for MA staff (its OpenAPI text is
service.applications.api.list_applications's, the route's function) and the download."""

from __future__ import annotations

from flask import jsonify, request

from service.work_queue import exports, paging, presenters, util
from service.work_queue.schemas import read_query


def list_queue():
    query = read_query(request.args)
    page = util.page_of(query)
    response = jsonify(presenters.queue_json(page))
    response.headers.update(paging.paging_headers(page, query, request.base_url))
    return response


def export_applications():
    """The MA staff's applications, filtered and sorted as the list (the same query parameters, no paging), as
    a spreadsheet.
    ---
    get:
      tags: [applications]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: format, schema: {type: string, enum: [xlsx, csv], default: xlsx}}
        - {in: query, name: call_id, schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: state,
           schema: {type: string, enum: [submitted, supplement_requested, ineligible, under_assessment, assessed,
                                         awaiting_approval, granted, rejected]}}
        - {in: query, name: objective, schema: {type: string, enum: [SO1, SO2, SO3, SO4, TA]}}
        - {in: query, name: organisation_type, description: "A code of the tenant's own types of organisation
           (GET /api/v1/{tenant}/organisation-types); another tenant's code is 422.",
           schema: {type: string, pattern: "^[a-z0-9_]+$", maxLength: 40}}
        - {in: query, name: assessor_id, schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: submitted_from,
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: submitted_to, description: "Not before submitted_from.",
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: q, schema: {$ref: '#/components/schemas/SearchWords'}}
        - {in: query, name: sort,
           schema: {type: string, enum: [reference, title, organisation, state, submitted, saved], default: saved}}
        - {in: query, name: order, schema: {type: string, enum: [asc, desc], default: desc}}
      responses:
        200:
          description: The file.
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
            text/csv: {schema: {type: string}}
        422: {description: "A bad filter, sort or format, named in ``errors`` in the caller's language."}
    """
    return exports.download(read_query(request.args))
