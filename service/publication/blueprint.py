"""The list's pages, under each tenant: the public list (no sign-in) with its downloads, and the managing
authority's page that shows what blocks the next edition, records locations and publishes now."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.publication import controllers as c
from service.publication.labels import helpers
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("publication", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(helpers)
admin = signed_in("ma_admin")
POST = {"methods": ["POST"]}

blueprint.add_url_rule("/operations", "public_list", c.public_list)
blueprint.add_url_rule("/manage/operations", "manage", admin(c.manage))
blueprint.add_url_rule("/manage/operations/publish", "publish", admin(c.publish), **POST)
blueprint.add_url_rule("/manage/operations/<int:project_id>/location", "location", admin(c.location), **POST)
