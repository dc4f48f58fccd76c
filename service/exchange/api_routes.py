"""The exchange rates' API routes: the rates are shared reference data, public; their alerts are the platform
administrator's."""

from service.api.auth import api_auth
from service.exchange import api as exchange


def add_routes(api) -> None:
    api.public.add_url_rule("/exchange-rates", "exchange_rates", exchange.exchange_rates)
    administrators = api_auth(platform_roles=("platform_admin",))
    api.public.add_url_rule("/exchange-rates/alerts", "exchange_rate_alerts", administrators(exchange.rate_alerts))
