"""The statistics page, under each tenant, for the managing authority and the monitoring committee."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.calls.display import helpers as call_helpers
from service.classification.presenters import helpers as classification_helpers
from service.statistics import controllers as c
from service.statistics.api import READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("statistics", __name__, url_prefix="/<tenant>/statistics", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(classification_helpers)

blueprint.add_url_rule("", "page", signed_in(*READERS)(c.statistics_page))
