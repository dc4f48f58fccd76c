"""The portfolio's API route, under each tenant."""

from service.api.auth import api_auth
from service.portfolio import api as portfolio


def add_routes(api) -> None:
    api.tenant.add_url_rule("/portfolio", "get_portfolio", api_auth(*portfolio.READERS)(portfolio.get_portfolio))
