"""Application pages, under each tenant: the list, applying to a call, the draft editor and its parts,
submitting and receipts, and the managing authority's view with supplement requests."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.applications import controllers as c
from service.applications import controllers_parts as p
from service.applications.labels import helpers
from service.calls.display import helpers as call_helpers
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("applications", __name__, url_prefix="/<tenant>", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(helpers)
# Who may see or change which application is util.visible_to / editable_by's decision: else 404.
person = signed_in()
staff = signed_in("ma_admin", "case_officer")
APP = "/applications/<int:application_id>"
POST = {"methods": ["POST"]}

readers = signed_in("applicant", "ma_admin", "case_officer", "auditor")  # auditors read, never act
blueprint.add_url_rule("/applications", "list", readers(c.applications))
blueprint.add_url_rule("/calls/<int:call_id>/apply", "apply", signed_in("applicant")(c.apply), methods=["GET", "POST"])
blueprint.add_url_rule(APP, "show", person(c.show))
blueprint.add_url_rule(f"{APP}/texts", "save_texts", person(c.save_texts), **POST)
blueprint.add_url_rule(f"{APP}/autosave", "autosave", person(c.autosave), methods=["GET", "POST"])
blueprint.add_url_rule(f"{APP}/submit", "submit", person(c.submit), **POST)
blueprint.add_url_rule(f"{APP}/submissions/<int:sequence>", "submission", person(c.submission_page))
blueprint.add_url_rule(f"{APP}/submissions/<int:sequence>/receipt.pdf", "receipt_pdf", person(c.receipt_pdf))
blueprint.add_url_rule(f"{APP}/supplement-requests", "request_supplement", staff(c.request_supplement), **POST)
blueprint.add_url_rule(f"{APP}/budget-lines", "add_budget_line", person(p.add_budget_line), **POST)
blueprint.add_url_rule(
    f"{APP}/budget-lines/<int:row_id>/delete", "delete_budget_line", person(p.delete_budget_line), **POST
)
blueprint.add_url_rule(f"{APP}/partners", "add_partner", person(p.add_partner), **POST)
blueprint.add_url_rule(f"{APP}/partners/<int:row_id>/delete", "delete_partner", person(p.delete_partner), **POST)
blueprint.add_url_rule(f"{APP}/indicators", "add_indicator", person(p.add_indicator), **POST)
blueprint.add_url_rule(f"{APP}/indicators/<int:row_id>/delete", "delete_indicator", person(p.delete_indicator), **POST)
blueprint.add_url_rule(f"{APP}/attachments", "upload_attachment", person(p.upload_attachment), **POST)
blueprint.add_url_rule(f"{APP}/attachments/<int:row_id>", "download_attachment", person(p.download_attachment))
blueprint.add_url_rule(
    f"{APP}/attachments/<int:row_id>/delete", "delete_attachment", person(p.delete_attachment), **POST
)
