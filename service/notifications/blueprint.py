"""The notification centre, under each tenant: every signed-in person's own notifications."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.notifications import controllers as c
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("notifications", __name__, url_prefix="/<tenant>/notifications", template_folder="templates")
bind_tenant_urls(blueprint)

blueprint.add_url_rule("", "centre", signed_in()(c.centre))
