"""The applicant's overview, under each tenant: their organisations' applications, projects and next steps."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.applications.labels import helpers as application_helpers
from service.calls.display import helpers as call_helpers
from service.claims.labels import helpers as claim_helpers
from service.overview import controllers as c
from service.projects.labels import helpers as project_helpers
from service.reports.labels import helpers as report_helpers
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("overview", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
for helpers in (call_helpers, application_helpers, claim_helpers, project_helpers, report_helpers):
    blueprint.context_processor(helpers)

blueprint.add_url_rule("/overview", "home", signed_in("applicant")(c.home))
