"""The list's API routes, under each tenant (reading the published list needs no token)."""

from service.api.auth import api_auth
from service.publication import api


def add_routes(api_) -> None:
    tenant = api_.tenant
    admin = api_auth("ma_admin")
    tenant.add_url_rule("/operations", "list_operations", api.list_operations)
    tenant.add_url_rule("/operations/preview", "preview_operations", admin(api.preview_operations))
    tenant.add_url_rule("/operations/editions", "publish_operations", admin(api.publish_operations), methods=["POST"])
    tenant.add_url_rule(
        "/operations/<int:project_id>/location", "set_operation_location", admin(api.set_location), methods=["PUT"]
    )
