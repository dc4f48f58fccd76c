"""The queue's page, under each tenant: MA staff and assessors; anyone else 403 (a person of another tenant 404)."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.tenancy.requests import bind_tenant_urls
from service.waiting import controllers as c
from service.waiting.util import QUEUE_ROLES

blueprint = Blueprint("waiting", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)

blueprint.add_url_rule("/waiting", "mine", signed_in(*QUEUE_ROLES)(c.mine))
