"""API of the statistics, for the managing authority and the monitoring committee."""

from __future__ import annotations

from flask import abort, jsonify

from service.api.bodies import positive_int_arg
from service.calls.models import Call
from service.extensions import db
from service.i18n import localized
from service.statistics.operations import Statistics, Tally, statistics
from service.statistics.schemas import StatisticsSchema
from service.tenancy.current import current_tenant

READERS = ("ma_admin", "case_officer", "committee")


def tally_data(stats: Statistics, tally: Tally) -> dict:
    """One row's figures as the API and the portfolio's workbook give them."""
    return {
        "received": tally.received,
        "granted": tally.granted,
        "rejected": tally.rejected,
        "undecided": tally.undecided,
        "grant_rate": tally.grant_rate,
        "granted_eu": tally.granted_eu,
        "share_of_granted_eu": stats.share_of_granted_eu(tally),
        "average_score_granted": tally.average_score,
    }


def statistics_json(stats: Statistics) -> dict:
    return StatisticsSchema().dump(
        {
            "currency": current_tenant().currency,
            "total": tally_data(stats, stats.total),
            "by_call": [
                {
                    **tally_data(stats, t),
                    "call_id": call_id,
                    "reference": stats.calls[call_id].reference,
                    "title": call_title(stats.calls[call_id]),
                    "competitive": stats.calls[call_id].competitive,
                    "status": stats.calls[call_id].status,
                }
                for call_id, t in stats.by_call.items()
            ],
            "by_objective": [{**tally_data(stats, t), "objective": key} for key, t in stats.by_objective.items()],
            "by_intervention": [
                {**tally_data(stats, t), "objective": objective, "intervention_field": code}
                for (objective, code), t in stats.by_intervention.items()
            ],
            "by_beneficiary": [
                {
                    **tally_data(stats, t),
                    "organisation_id": organisation_id,
                    "name": stats.organisations[organisation_id].name,
                    "number": stats.organisations[organisation_id].number,
                    "organisation_type": stats.organisations[organisation_id].organisation_type,
                }
                for organisation_id, t in stats.by_beneficiary.items()
            ],
            "by_organisation_type": [
                {**tally_data(stats, t), "organisation_type": key} for key, t in stats.by_organisation_type.items()
            ],
        }
    )


def call_title(call: Call) -> str:
    """The call's title in the reader's language (else the tenant's, else any): table 1 names each call."""
    return localized({language: text.get("title") for language, text in (call.texts or {}).items() if text})


def get_statistics():
    """Applications received, granted and rejected, the grant rate (granted ÷ decided), granted EU money and its
    share, and the average score of granted applications: in total, per call (every published call, also one
    without applications), per specific objective and per type of intervention (the classification: confirmed,
    else proposed, else 'unclassified'), per beneficiary and per organisation type (the Swedish evaluation's
    tables 1, 2 and 4). ``call_id`` limits it to one call.
    ---
    get:
      tags: [statistics]
      security: [{bearer: []}]
      parameters:
        - {in: query, name: call_id, required: false, schema: {type: integer, minimum: 1, maximum: 2147483647}}
      responses:
        200: {description: Success., content: {application/json: {schema: StatisticsSchema}}}
        404: {description: No call of this tenant with that id.}
        422: {description: A call_id that is not a whole number.}
    """
    return jsonify(statistics_json(statistics(call_or_none(positive_int_arg("call_id")))))


def call_or_none(call_id: int | None) -> int | None:
    """The call to limit the figures to, if one is asked for: one of this tenant's, else 404."""
    if call_id is not None and db.session.get(Call, call_id) is None:
        abort(404)
    return call_id
