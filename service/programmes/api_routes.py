"""The programme's API routes, under each tenant."""

from service.api.auth import api_auth
from service.programmes import api as programmes


def add_routes(api) -> None:
    tenant = api.tenant
    readers = api_auth(platform_roles=("platform_admin",))
    tenant.add_url_rule("/programme", "programme", readers(programmes.programme))
    tenant.add_url_rule(
        "/programme", "edit_programme", api_auth("ma_admin")(programmes.edit_programme), methods=["PATCH"]
    )
    tenant.add_url_rule("/programme/versions", "programme_versions", readers(programmes.list_versions))
    tenant.add_url_rule("/programme/versions/<int:number>", "programme_version", readers(programmes.get_version))
