"""API: the Commission's monthly accounting rates (public reference data, like the indicator catalogue), and the
alerts for rates missing (the platform administrator's)."""

from flask import jsonify, request

from service.exchange.alerts import open_alerts
from service.exchange.schemas import ExchangeRateQuerySchema, ExchangeRateSchema, RateAlertSchema
from service.exchange.util import current_versions, rates


def exchange_rates():
    """The Commission's monthly accounting exchange rates (InforEuro) loaded here: units of a currency per 1 EUR.
    ---
    get:
      tags: [reference]
      description: >-
        Every version of every month, newest month first. A month changed after it was loaded has a
        further version; earlier versions stay, as figures converted at them keep them.
      parameters: [{in: query, schema: ExchangeRateQuerySchema}]
      responses:
        200:
          description: Success.
          content: {application/json: {schema: {type: array, items: ExchangeRateSchema}}}
        422: {description: "A filter that is not a currency code or a month; messages in the caller's language."}
    """
    query = ExchangeRateQuerySchema().load(request.args.to_dict())
    found = rates(currency=query["currency"], month=query["month"])
    newest = current_versions()
    rows = [
        {
            **{c.key: getattr(r, c.key) for c in r.__table__.columns},
            "current": newest.get((r.currency, r.month)) == r.version,
        }
        for r in found
    ]
    return jsonify(ExchangeRateSchema(many=True).dump(rows))


def rate_alerts():
    """The rates missing for a month in use, not yet loaded: what the platform administrator should load.
    ---
    get:
      tags: [reference]
      security: [{bearer: []}]
      description: >-
        One alert per currency and month, opened when a conversion found the rate missing or when the periodic
        check found this or next month's rate missing for a tenant's currency; closed when the rate is loaded.
      responses:
        200:
          description: Success, earliest month first.
          content: {application/json: {schema: {type: array, items: RateAlertSchema}}}
        401: {description: No valid token.}
        403: {description: Only platform administrators.}
    """
    rows = [
        {**vars(alert), "needs": [{"tenant": code, "purpose": purpose} for code, purpose in alert.needs]}
        for alert in open_alerts()
    ]
    return jsonify(RateAlertSchema(many=True).dump(rows))
