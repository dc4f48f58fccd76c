"""API of applications: start, read, save fields, check, submit, snapshots, supplement requests."""

from __future__ import annotations

from flask import abort, g, jsonify
from sqlalchemy import select

from service.api.bodies import load_body, positive_int_arg
from service.applications import operations, submission
from service.applications.presenters import application_json
from service.applications.schemas import (
    ApplicationCreateSchema,
    ApplicationSaveSchema,
    CheckSchema,
    SavedSchema,
    SubmissionContentSchema,
    SubmissionSchema,
    SubmitSchema,
    SupplementRequestSchema,
    SupplementRequestWriteSchema,
)
from service.applications.staff_list import staff_view
from service.applications.util import editable_by, listed_for, read_with_token, visible_to
from service.calls.models import Call
from service.extensions import db
from service.organisations.models import Organisation
from service.organisations.util import member_of

# Made once, the schemas of what applicants send and are answered before a deadline: making a schema (marshmallow
# copies its declared fields) costs more than loading or dumping a small body with it; a schema keeps no state
# between calls.
_SAVED = SavedSchema()
_SAVE, _CREATE, _SUBMIT, _SUBMISSION = (
    ApplicationSaveSchema(),
    ApplicationCreateSchema(),
    SubmitSchema(),
    SubmissionSchema(),
)


def list_applications():
    """Applications the caller may see: an applicant its organisations' own (all of them, ``call_id`` only), MA
    staff the submitted ones as a work queue, each with its ``state`` (service.work_queue.states), filtered,
    searched, sorted and paged in the database. The body stays a JSON array; the paging is in the headers:
    ``X-Total-Count`` (matching applications), ``X-Page``, ``X-Per-Page`` and ``Link`` (RFC 8288: first, prev,
    next, last). A page past the last is an empty array.
    ---
    get:
      tags: [applications]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: call_id, schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: state, description: "MA staff: the application's state.",
           schema: {type: string, enum: [submitted, supplement_requested, ineligible, under_assessment, assessed,
                                         awaiting_approval, granted, rejected]}}
        - {in: query, name: objective, description: "MA staff: the specific objective (confirmed, else proposed).",
           schema: {type: string, enum: [SO1, SO2, SO3, SO4, TA]}}
        - {in: query, name: organisation_type, description: "MA staff: the applicant organisation's type, a code of
           the tenant's own list (GET /api/v1/{tenant}/organisation-types); another tenant's code is 422.",
           schema: {type: string, pattern: "^[a-z0-9_]+$", maxLength: 40}}
        - {in: query, name: assessor_id, description: "MA staff: applications assigned to this person to assess.",
           schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: submitted_from, description: "MA staff: first submitted on or after this day (the
           tenant's time zone).",
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: submitted_to, description: "MA staff: first submitted on or before this day (the
           tenant's time zone).",
           schema: {$ref: '#/components/schemas/Day'}}
        - {in: query, name: q, description: "MA staff: words in the reference, the title or the organisation's
           name (any case).", schema: {$ref: '#/components/schemas/SearchWords'}}
        - {in: query, name: sort, description: "MA staff: saved is the last saved instant.",
           schema: {type: string, enum: [reference, title, organisation, state, submitted, saved], default: saved}}
        - {in: query, name: order, schema: {type: string, enum: [asc, desc], default: desc}}
        - {in: query, name: page, schema: {type: integer, minimum: 1, maximum: 100000, default: 1}}
        - {in: query, name: per_page, schema: {type: integer, minimum: 1, maximum: 500, default: 100}}
      responses:
        200:
          description: "Success: the page of applications (MA staff: with ``state``)."
          headers:
            X-Total-Count: {description: "MA staff: how many applications match.", schema: {type: integer}}
            Link: {description: "MA staff: first, prev, next and last pages (RFC 8288).", schema: {type: string}}
          content: {application/json: {schema: {type: array, items: ListedApplicationSchema}}}
        422: {description: "A bad filter, sort or page, named in ``errors`` in the caller's language."}
    """
    staff_list = staff_view("api", g.api_user.role)
    if staff_list is not None:
        return staff_list()
    call_id = positive_int_arg("call_id")
    applications = listed_for(g.api_user, call_id=call_id, with_parts=True)
    ids = {a.call_id for a in applications}
    calls = {c.id: c for c in db.session.scalars(select(Call).where(Call.id.in_(ids)))} if ids else {}
    return jsonify([application_json(a, calls[a.call_id]) for a in applications])


def create_application():
    """Start an application to an open call for one of your organisations, in one of the tenant's languages.
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      requestBody: {content: {application/json: {schema: ApplicationCreateSchema}}}
      responses:
        201: {description: Created., content: {application/json: {schema: ApplicationSchema}}}
        404: {description: No such call or organisation of yours in this tenant.}
        409: {description: "The call is not open, or not addressed to your organisation."}
        422: {description: Invalid data.}
    """
    data = load_body(_CREATE)
    call = db.session.get(Call, data["call_id"])
    if call is None or call.status == "draft":
        abort(404)
    # The organisation and whether the caller is a member of it, in one statement.
    mine = select(Organisation).where(
        Organisation.id == data["organisation_id"], member_of(g.api_user.id, Organisation.id)
    )
    organisation = db.session.scalars(mine).first()
    if organisation is None:
        abort(404)
    application = operations.start_application(
        call, organisation, language=data["language"], user=g.api_user, title=data["title"]
    )
    return jsonify(application_json(application)), 201


@read_with_token(with_call=True)
def get_application(application_id: int):
    """One application with its budget, partners, indicators, attachments and submissions.
    ---
    get:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: Success., content: {application/json: {schema: ApplicationSchema}}}
        404: {description: Not an application you may see.}
    """
    return jsonify(application_json(visible_to(g.api_user, application_id, with_call=True)))


@read_with_token(for_update=True)
def save_application(application_id: int):
    """Save fields (text sections, title, project dates, private funding) typed since the version you read.
    A field someone else changed after that version answers 409 with their value in ``error.details``.
    Private funding is an amount ("20 000,50"); it is part of the own contribution, and on a call whose
    rate applies to the public eligible cost the EU share is the rate of the total less it.
    ---
    patch:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: ApplicationSaveSchema}}}
      responses:
        200: {description: "Saved: the new version and, per field, who changed it when (GET for the rest).",
              content: {application/json: {schema: SavedSchema}}}
        404: {description: Not an application of yours.}
        409: {description: "Someone else changed a field you changed, or the application is submitted."}
        422: {description: Invalid data.}
    """
    application = editable_by(g.api_user, application_id, for_update=True)
    data = load_body(_SAVE)
    operations.save_fields(application, data["fields"], read_version=data["version"], user=g.api_user)
    # Autosave is most of the traffic before a deadline: answer what the editor needs, not the whole tree.
    return jsonify(_SAVED.dump(application))


@read_with_token(with_call=True)
def check_application(application_id: int):
    """What is missing before the application can be submitted, in the caller's language.
    ---
    get:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      responses:
        200: {description: The check., content: {application/json: {schema: CheckSchema}}}
        404: {description: Not an application you may see.}
    """
    application = visible_to(g.api_user, application_id, with_call=True)
    problems = submission.check(application, db.session.get(Call, application.call_id))
    return jsonify(CheckSchema().dump({"complete": not problems, "problems": problems}))


@read_with_token(for_update=True, with_call=True)
def submit_application(application_id: int):
    """Submit (or submit the requested supplement): freezes a snapshot and e-mails a receipt.
    Refused after the call's closing instant (server clock, to the second); the draft stays.
    Send an ``Idempotency-Key`` (any unique string of yours, e.g. a UUID) to retry safely: a retry with
    the same key answers the first answer again (201 and the same receipt, ``Idempotent-Replayed: true``).
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: application_id, required: true, schema: {type: integer}}
        - {in: header, name: Idempotency-Key, required: false, schema: {type: string, maxLength: 255}}
      requestBody: {content: {application/json: {schema: SubmitSchema}}}
      responses:
        201: {description: Submitted; the receipt., content: {application/json: {schema: SubmissionSchema}}}
        404: {description: Not an application of yours.}
        409: {description: "Closed, already submitted (error.details.receipt), incomplete (error.details.problems)
          or changed since."}
        422: {description: "Invalid body, or an Idempotency-Key used before for another request."}
        503: {description: "The database is unavailable for a moment (Retry-After); retry with the same key."}
    """
    application = editable_by(g.api_user, application_id, for_update=True, with_call=True)
    data = load_body(_SUBMIT)
    receipt = submission.submit(application, user=g.api_user, read_version=data["version"])
    return jsonify(_SUBMISSION.dump(receipt)), 201


@read_with_token()
def get_submission(application_id: int, sequence: int):
    """One frozen version of the application as submitted (1 = the submission, 2.. = supplements).
    ---
    get:
      tags: [applications]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: application_id, required: true, schema: {type: integer}}
        - {in: path, name: sequence, required: true, schema: {type: integer}}
      responses:
        200: {description: Success., content: {application/json: {schema: SubmissionContentSchema}}}
        404: {description: Not found.}
    """
    application = visible_to(g.api_user, application_id)
    found = next((s for s in application.submissions if s.sequence == sequence), None)
    if found is None:
        abort(404)
    return jsonify(SubmissionContentSchema().dump(found))


def request_supplement(application_id: int):
    """Ask the applicant to supplement a submitted application by a deadline (default 5 working days).
    ---
    post:
      tags: [applications]
      security: [{bearer: []}]
      parameters: [{in: path, name: application_id, required: true, schema: {type: integer}}]
      requestBody: {content: {application/json: {schema: SupplementRequestWriteSchema}}}
      responses:
        201: {description: Requested., content: {application/json: {schema: SupplementRequestSchema}}}
        404: {description: No such submitted application.}
        409: {description: Not in a state to ask for a supplement.}
        422: {description: Invalid data.}
    """
    application = visible_to(g.api_user, application_id)
    data = load_body(SupplementRequestWriteSchema())
    # An instant without an offset is the tenant's local time (TenantInstant), years 2000-2100.
    created = submission.request_supplement(
        application, message=data["message"], deadline=data["deadline"], user=g.api_user
    )
    return jsonify(SupplementRequestSchema().dump(created)), 201
