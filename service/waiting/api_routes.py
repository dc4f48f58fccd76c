"""The queue's API route, under each tenant."""

from service.api.auth import api_auth
from service.waiting import api
from service.waiting.util import QUEUE_ROLES


def add_routes(api_blueprints) -> None:
    api_blueprints.tenant.add_url_rule("/waiting", "waiting_for_me", api_auth(*QUEUE_ROLES)(api.waiting_for_me))
