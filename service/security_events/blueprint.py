"""The security events page, under each tenant."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.accounts.roles import TENANT_ROLES
from service.security_events import controllers as c
from service.security_events.util import READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("security_events", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.add_url_rule("/security-events", "list", signed_in(*READERS)(c.security_events))


@blueprint.context_processor
def _labels() -> dict:
    return {"role_label": lambda key: str(TENANT_ROLES.get(key, key))}
