"""The consolidated export's API routes, under /api/v1/commission."""

from service.api.auth import api_auth
from service.consolidated import api
from service.consolidated.util import READERS

EXPORT = "/consolidated-exports/<int:export_id>"


def add_routes(app_api) -> None:
    readers = api_auth(platform_roles=READERS)
    routes = [
        ("/consolidated-exports", "consolidated_exports", api.list_exports, "GET"),
        ("/consolidated-exports", "request_consolidated_export", api.request_export, "POST"),
        (EXPORT, "consolidated_export", api.get_export, "GET"),
        (f"{EXPORT}/files/<format>", "consolidated_file", api.download_file, "GET"),
    ]
    for rule, name, view, method in routes:
        app_api.platform.add_url_rule(rule, name, readers(view), methods=[method])
