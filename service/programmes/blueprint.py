"""Tenant pages: the home page with the national programme, its editing and versions."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.programmes import controllers as c
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("programmes", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.add_url_rule("/", "home", signed_in()(c.home))
blueprint.add_url_rule("/programme/edit", "edit", signed_in("ma_admin")(c.edit), methods=["GET", "POST"])
blueprint.add_url_rule("/programme/versions", "versions", signed_in()(c.version_list))
blueprint.add_url_rule("/programme/versions/<int:number>", "version", signed_in()(c.version))
