"""The work queues' API routes, under each tenant: the applications' and the projects' lists are their
domains' own routes; here the claims' and the progress reports' lists and every list's download."""

from service.api.auth import api_auth
from service.work_queue import api, list_api


def add_routes(api_blueprints) -> None:
    staff = api_auth("ma_admin", "case_officer", "auditor")  # read-only lists: the auditor reads them too
    tenant = api_blueprints.tenant
    tenant.add_url_rule("/applications/export", "export_applications", staff(api.export_applications))
    tenant.add_url_rule("/claims", "list_claim_queue", staff(list_api.list_claims))
    tenant.add_url_rule("/reports", "list_report_queue", staff(list_api.list_reports))
    tenant.add_url_rule("/projects/export", "export_project_list", staff(list_api.export_projects))
    tenant.add_url_rule("/claims/export", "export_claim_list", staff(list_api.export_claims))
    tenant.add_url_rule("/reports/export", "export_report_list", staff(list_api.export_reports))
