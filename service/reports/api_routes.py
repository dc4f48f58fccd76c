"""The progress reports' API routes, under each tenant."""

from service.api.auth import api_auth
from service.reports import api as reports
from service.reports import exports
from service.reports.util import READERS, STAFF

PROJECT = "/projects/<int:project_id>"
REPORT = "/reports/<int:report_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    readers = api_auth("applicant", *READERS)
    beneficiary = api_auth("applicant")
    staff = api_auth(*STAFF)
    routes = [
        (f"{PROJECT}/reports", "list_reports", readers, reports.list_reports, "GET"),
        (f"{PROJECT}/reports", "create_reports", beneficiary, reports.create_reports, "POST"),
        (f"{PROJECT}/reports/export", "export_reports", readers, exports.export_reports, "GET"),
        ("/reports/overdue", "overdue_reports", staff, reports.overdue_reports, "GET"),
        (REPORT, "get_report", readers, reports.get_report, "GET"),
        (REPORT, "save_report", beneficiary, reports.save_report, "PUT"),
        (f"{REPORT}/values/<key>/evidence", "add_report_evidence", beneficiary, reports.add_evidence, "POST"),
        (f"{REPORT}/evidence/<int:evidence_id>", "download_report_evidence", readers, reports.download_evidence, "GET"),
        (f"{REPORT}/submit", "submit_report", beneficiary, reports.submit_report, "POST"),
        (f"{REPORT}/accept", "accept_report", staff, reports.accept_report, "POST"),
        (f"{REPORT}/return", "return_report", staff, reports.return_report, "POST"),
    ]
    for rule, name, who, view, method in routes:
        tenant.add_url_rule(rule, name, who(view), methods=[method])
