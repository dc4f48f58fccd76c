"""The statistics' API route, under each tenant."""

from service.api.auth import api_auth
from service.statistics import api as statistics


def add_routes(api) -> None:
    api.tenant.add_url_rule("/statistics", "get_statistics", api_auth(*statistics.READERS)(statistics.get_statistics))
