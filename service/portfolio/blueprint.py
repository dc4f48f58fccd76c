"""The portfolio pages, under each tenant, for the managing authority and the monitoring committee."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.portfolio import controllers as c
from service.portfolio.labels import helpers as portfolio_helpers
from service.portfolio.util import READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("portfolio", __name__, url_prefix="/<tenant>/portfolio", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(portfolio_helpers)

blueprint.add_url_rule("", "page", signed_in(*READERS)(c.portfolio_page))
blueprint.add_url_rule("/projects", "projects", signed_in(*READERS)(c.projects_page))
