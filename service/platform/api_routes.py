"""The Commission's API route: every tenant's programme."""

from service.api.auth import api_auth
from service.platform import commission


def add_routes(api) -> None:
    commission_readers = api_auth(platform_roles=("commission", "platform_admin"))
    api.platform.add_url_rule("/programmes", "programmes", commission_readers(commission.programmes))
