"""Call pages, under each tenant: the public list and call page, and the managing authority's pages."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.calls import controllers as c
from service.calls.display import helpers
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("calls", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(helpers)
manager = signed_in("ma_admin")

blueprint.add_url_rule("/calls", "public_calls", c.public_calls)
blueprint.add_url_rule("/calls/<int:call_id>", "public_call", c.public_call)
blueprint.add_url_rule("/manage/calls", "manage_calls", manager(c.manage_calls))
blueprint.add_url_rule("/manage/calls/new", "new_call", manager(c.new_call), methods=["GET", "POST"])
blueprint.add_url_rule("/manage/calls/<int:call_id>/edit", "edit_call", manager(c.edit_call), methods=["GET", "POST"])
blueprint.add_url_rule("/manage/calls/<int:call_id>/publish", "publish_call", manager(c.publish_call), methods=["POST"])
blueprint.add_url_rule("/manage/calls/<int:call_id>/close", "close_call", manager(c.close_call), methods=["POST"])
