"""Report pages, under each tenant: a project's reports, one report (the beneficiary writes and submits it, the
case officer accepts or returns it) and the MA's overdue list. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.calls.display import helpers as call_helpers
from service.reports import controllers as c
from service.reports.labels import helpers as report_helpers
from service.reports.util import READERS, STAFF
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("reports", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(report_helpers)
everyone = signed_in("applicant", *READERS)
beneficiary = signed_in("applicant")
staff = signed_in(*STAFF)
PROJECT = "/projects/<int:project_id>"
REPORT = "/reports/<int:report_id>"
POST = {"methods": ["POST"]}

blueprint.add_url_rule("/reports/overdue", "overdue", staff(c.overdue))
blueprint.add_url_rule(f"{PROJECT}/reports", "project_reports", everyone(c.project_reports))
blueprint.add_url_rule(f"{PROJECT}/reports", "create_reports", beneficiary(c.create_reports), **POST)
blueprint.add_url_rule(f"{PROJECT}/reports/export", "export", everyone(c.export))
blueprint.add_url_rule(REPORT, "report", everyone(c.report_page))
blueprint.add_url_rule(REPORT, "save", beneficiary(c.save), **POST)
blueprint.add_url_rule(f"{REPORT}/autosave", "autosave", beneficiary(c.autosave), methods=["GET", "POST"])
blueprint.add_url_rule(f"{REPORT}/values/<key>/evidence", "add_evidence", beneficiary(c.add_evidence), **POST)
blueprint.add_url_rule(f"{REPORT}/evidence/<int:evidence_id>", "evidence", everyone(c.download_evidence))
blueprint.add_url_rule(f"{REPORT}/submit", "submit", beneficiary(c.submit), **POST)
blueprint.add_url_rule(f"{REPORT}/review", "review", staff(c.review), **POST)
