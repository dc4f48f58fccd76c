"""The calls' API routes, under each tenant (reading a published call needs no token)."""

from service.api.auth import api_auth
from service.calls import api as calls

CALL = "/calls/<int:call_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    admin = api_auth("ma_admin")
    tenant.add_url_rule("/calls", "list_calls", calls.list_calls)
    tenant.add_url_rule("/calls", "create_call", admin(calls.create_call), methods=["POST"])
    tenant.add_url_rule(CALL, "get_call", calls.get_call)
    tenant.add_url_rule(CALL, "update_call", admin(calls.update_call), methods=["PATCH"])
    tenant.add_url_rule(f"{CALL}/publish", "publish_call", admin(calls.publish_call), methods=["POST"])
    tenant.add_url_rule(f"{CALL}/close", "close_call", admin(calls.close_call), methods=["POST"])
