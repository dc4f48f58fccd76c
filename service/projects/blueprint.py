"""Project pages, under each tenant: the list and one project for MA staff, the monitoring committee and
the beneficiary's members; amendments by MA staff. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.calls.display import helpers as call_helpers
from service.classification.presenters import helpers as classification_helpers
from service.projects import controllers as c
from service.projects.labels import helpers as project_helpers
from service.projects.util import READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("projects", __name__, url_prefix="/<tenant>/projects", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(project_helpers)
blueprint.context_processor(classification_helpers)
readers = signed_in("applicant", *READERS)

blueprint.add_url_rule("", "list", readers(c.list_page))
blueprint.add_url_rule("/<int:project_id>", "project", readers(c.project_page))
blueprint.add_url_rule("/<int:project_id>/amendments", "amend", readers(c.amend), methods=["POST"])
