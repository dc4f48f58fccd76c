"""The caller's own queue in the API: ``GET /api/v1/<tenant>/waiting``."""

from __future__ import annotations

from flask import g, jsonify

from service.waiting import presenters, util
from service.waiting.schemas import WaitingForMeSchema


def waiting_for_me():
    """What waits for the caller (MA staff and assessors): assessments assigned to them, decisions and payments
    awaiting their approval (never those they prepared), claims awaiting verification, progress reports awaiting
    review and the supplements they asked for that are answered or overdue; oldest first, with counts per kind.
    ---
    get:
      tags: [waiting]
      security: [{bearer: []}]
      responses:
        200: {description: Success., content: {application/json: {schema: WaitingForMeSchema}}}
        403: {description: "The caller's role has no queue (auditors, the committee, applicants)."}
    """
    items = util.waiting_for(g.api_user)
    return jsonify(WaitingForMeSchema().dump(presenters.queue_json(items, util.counts_of(items))))
