"""API: the tenant's security events (refused access), newest first."""

from __future__ import annotations

from flask import jsonify, request

from service.security_events.schemas import SecurityEventSchema, filters_of
from service.security_events.util import events


def list_security_events():
    """Refused requests (403, 404) of signed-in people and tokens on this tenant's URLs, newest first; page with
    ?before=<id> (the last id of the page before).
    ---
    get:
      tags: [audit]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: person, schema: {type: string}, description: "An e-mail address or an actor (user:12)"}
        - {in: query, name: status, schema: {type: integer, enum: [403, 404]}}
        - {in: query, name: since, schema: {type: string, format: date}, description: "First day (tenant time zone)"}
        - {in: query, name: until, schema: {type: string, format: date},
           description: "Last day (tenant time zone), not before since"}
        - {in: query, name: before, schema: {type: integer, minimum: 1, maximum: 2147483647}}
        - {in: query, name: limit, schema: {type: integer, minimum: 1, maximum: 500}}
      responses:
        200: {description: Success., content: {application/json: {schema: {type: array, items: SecurityEventSchema}}}}
        403: {description: Only the MA administrator and the tenant's auditors read the security events.}
        422: {description: "A filter that is not valid: a status other than 403 or 404, a day, a number, or until
              before since."}
    """
    wanted = filters_of(request.args)
    rows = events(
        person=wanted["person"],
        status=wanted["status"],
        since=wanted["since"],
        until=wanted["until"],
        before_id=wanted["before"],
        limit=wanted["limit"] or 100,
    )
    return jsonify(SecurityEventSchema(many=True).dump(rows))
