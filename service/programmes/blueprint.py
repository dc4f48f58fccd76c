"""Tenant pages: the home page with the national programme, and the public list of calls."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.programmes import controllers as c
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("programmes", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.add_url_rule("/", "home", signed_in()(c.home))
blueprint.add_url_rule("/calls", "public_calls", c.public_calls)
