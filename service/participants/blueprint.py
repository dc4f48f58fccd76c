"""The register's pages, under each tenant. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.participants import controllers as c
from service.participants.labels import helpers
from service.participants.util import COUNT_READERS
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("participants", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(helpers)
everyone = signed_in("applicant", *COUNT_READERS)
beneficiary = signed_in("applicant")
REGISTER = "/projects/<int:project_id>/participants"
POST = {"methods": ["POST"]}

blueprint.add_url_rule(REGISTER, "register", everyone(c.register_page))
blueprint.add_url_rule(REGISTER, "add", beneficiary(c.register), **POST)
blueprint.add_url_rule(f"{REGISTER}/download", "download", everyone(c.download))
blueprint.add_url_rule(f"{REGISTER}/import", "import_form", beneficiary(c.import_page))
blueprint.add_url_rule(f"{REGISTER}/import", "start_import", beneficiary(c.start_import), **POST)
blueprint.add_url_rule(f"{REGISTER}/imports/<int:import_id>", "import_status", everyone(c.import_status))
