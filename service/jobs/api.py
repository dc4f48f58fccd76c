"""API: the status of a background job."""

from flask import abort, g, jsonify

from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.schemas import JobRunSchema


def job_status(job_id: str):
    """Status of a job of this tenant (its requester, or an MA administrator).
    ---
    get:
      tags: [jobs]
      security: [{bearer: []}]
      parameters: [{in: path, name: job_id, required: true, schema: {type: string}}]
      responses:
        200: {description: Success., content: {application/json: {schema: JobRunSchema}}}
        404: {description: No such job in this tenant.}
    """
    run = db.session.get(JobRun, job_id) if len(job_id) <= 64 else None  # the tenant scope hides others'
    if run is None:
        abort(404)
    if g.api_user.role != "ma_admin" and run.requested_by != f"user:{g.api_user.id}":
        abort(404)
    return jsonify(JobRunSchema().dump(run))
