"""API of the public list of operations (CPR Art. 49(3)): anyone reads the latest edition (JSON, CSV or XLSX);
the managing authority's administrator sees what the next edition would hold and why an operation blocks it,
records an operation's location and publishes an edition now."""

from __future__ import annotations

from flask import abort, g, jsonify, request

from service.api.bodies import load_body
from service.extensions import db
from service.projects.models import Project
from service.publication import exports, operations, rules
from service.publication.schemas import LocationSchema, PublishSchema


def edition_json(edition) -> dict | None:
    if edition is None:
        return None
    return {
        "sequence": edition.sequence,
        "published_on": edition.published_on.isoformat(),
        "published_at": edition.published_at.isoformat(),
        "trigger": edition.trigger,
        "content_sha256": edition.content_sha256,
    }


def list_operations():
    """The latest published edition of the list: its date and every operation, with the Kohesio column names.
    ``?format=csv|xlsx`` downloads it. No sign-in.
    ---
    get:
      tags: [publication]
      parameters:
        - {in: query, name: format, schema: {type: string, enum: [csv, xlsx]}}
      responses:
        200: {description: "The edition (null before the first) and its operations, or the file."}
        409: {description: A row that does not follow the declared columns and rules is never sent.}
        422: {description: An unknown format.}
    """
    edition = operations.latest_edition()
    rows = operations.public_rows(edition) if edition else []
    file = exports.requested_file(request.args, edition, rows)
    if file is not None:
        return file
    last = edition.published_on if edition else None
    due = rules.next_edition_due(last)
    return jsonify(
        {
            "edition": edition_json(edition),
            "next_edition_due": due.isoformat() if due else None,
            "columns": list(rules.NAMES),
            "operations": [rules.to_json(row) for row in rows],
        }
    )


def preview_operations():
    """What the next edition would publish, each operation with what blocks it.
    ---
    get:
      tags: [publication]
      security: [{bearer: []}]
      responses:
        200: {description: "The operations (a natural person's name included) and their problems."}
    """
    found = operations.candidates()
    return jsonify(
        {
            "operations": [
                {"project_id": c.project.id, "values": rules.to_json(c.values), "natural_person": c.natural_person}
                for c in found
            ],
            "problems": operations.problems_of(found),
        }
    )


def publish_operations():
    """Publish a new edition now. 409 names each operation that breaks the list's rules, and nothing changes.
    ---
    post:
      tags: [publication]
      security: [{bearer: []}]
      responses:
        201: {description: The edition published.}
        409: {description: "Operations to correct first: error.details.operations {code: [messages]}."}
    """
    if request.get_data(cache=True):
        load_body(PublishSchema())
    edition = operations.publish(user=g.api_user)
    return jsonify({**edition_json(edition), "operations": len(edition.rows)}), 201


def set_location(project_id: int):
    """Record where an operation takes place (required in the list: Art. 49(3) location and country).
    ---
    put:
      tags: [publication]
      security: [{bearer: []}]
      parameters:
        - {in: path, name: project_id, required: true, schema: {type: integer}}
      responses:
        200: {description: The location recorded.}
        404: {description: Not an operation of this tenant.}
        422: {description: An empty or too long location.}
    """
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    data = load_body(LocationSchema())
    record = operations.set_location(project, data["location"])
    return jsonify({"project_id": project.id, "location": record.location})
