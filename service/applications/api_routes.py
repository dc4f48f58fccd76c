"""The applications' API routes, under each tenant: applications, their parts and attachments."""

from service.api.auth import api_auth
from service.applications import api as applications
from service.applications import api_parts as parts
from service.idempotency.operations import idempotent

APP = "/applications/<int:application_id>"
READERS = ("applicant", "ma_admin", "case_officer", "auditor")


def add_routes(api) -> None:
    tenant = api.tenant
    readers, applicant = api_auth(*READERS), api_auth("applicant")
    tenant.add_url_rule("/applications", "list_applications", readers(applications.list_applications))
    tenant.add_url_rule(
        "/applications", "create_application", applicant(applications.create_application), methods=["POST"]
    )
    tenant.add_url_rule(APP, "get_application", readers(applications.get_application))
    tenant.add_url_rule(APP, "save_application", applicant(applications.save_application), methods=["PATCH"])
    tenant.add_url_rule(f"{APP}/check", "check_application", readers(applications.check_application))
    tenant.add_url_rule(
        f"{APP}/submit", "submit_application", applicant(idempotent(applications.submit_application)), methods=["POST"]
    )
    tenant.add_url_rule(f"{APP}/submissions/<int:sequence>", "get_submission", readers(applications.get_submission))
    tenant.add_url_rule(
        f"{APP}/supplement-requests",
        "request_supplement",
        api_auth("ma_admin", "case_officer")(applications.request_supplement),
        methods=["POST"],
    )
    for part, add, change, delete, method in (
        ("budget-lines", parts.add_budget_line, parts.change_budget_line, parts.delete_budget_line, "PUT"),
        ("partners", parts.add_partner, parts.change_partner, parts.delete_partner, "PATCH"),
        ("indicators", parts.add_indicator, parts.change_indicator, parts.delete_indicator, "PATCH"),
    ):
        tenant.add_url_rule(f"{APP}/{part}", add.__name__, applicant(add), methods=["POST"])
        tenant.add_url_rule(f"{APP}/{part}/<int:row_id>", change.__name__, applicant(change), methods=[method])
        tenant.add_url_rule(f"{APP}/{part}/<int:row_id>", delete.__name__, applicant(delete), methods=["DELETE"])
    tenant.add_url_rule(f"{APP}/attachments", "upload_attachment", applicant(parts.upload_attachment), methods=["POST"])
    tenant.add_url_rule(f"{APP}/attachments/<int:row_id>", "download_attachment", readers(parts.download_attachment))
    tenant.add_url_rule(
        f"{APP}/attachments/<int:row_id>", "delete_attachment", applicant(parts.delete_attachment), methods=["DELETE"]
    )
