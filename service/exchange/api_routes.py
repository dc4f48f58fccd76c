"""The exchange rates' API route: shared reference data, public."""

from service.exchange import api as exchange


def add_routes(api) -> None:
    api.public.add_url_rule("/exchange-rates", "exchange_rates", exchange.exchange_rates)
