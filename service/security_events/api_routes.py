"""The security events' API route, under each tenant."""

from service.api.auth import api_auth
from service.security_events import api
from service.security_events.util import READERS


def add_routes(routes) -> None:
    routes.tenant.add_url_rule("/security-events", "security_events", api_auth(*READERS)(api.list_security_events))
