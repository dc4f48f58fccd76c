"""API: the Commission's monthly accounting rates (public reference data, like the indicator catalogue)."""

from flask import jsonify, request

from service.exchange.schemas import ExchangeRateQuerySchema, ExchangeRateSchema
from service.exchange.util import current_versions, rates


def exchange_rates():
    """The Commission's monthly accounting exchange rates (InforEuro) loaded here: units of a currency per 1 EUR.
    ---
    get:
      tags: [reference]
      description: >-
        Every version of every month, newest month first. A month changed after it was loaded has a
        further version; earlier versions stay, as figures converted at them keep them.
      parameters:
        - {in: query, name: currency, schema: {type: string, pattern: "^[A-Z]{3}$"}, description: "ISO 4217, e.g. SEK"}
        - {in: query, name: month, schema: {type: string, pattern: "^[0-9]{4}-[0-9]{2}$"}, description: YYYY-MM}
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
