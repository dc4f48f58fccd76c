"""Decision pages, under each tenant: the decision page of an application and the ranking of a call against its
budget (with its print view for the decision meeting) for MA staff, and the letter for staff and the
applicant's members. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.applications.labels import helpers as application_helpers
from service.assessment.labels import helpers as assessment_helpers
from service.calls.display import helpers as call_helpers
from service.decisions import controllers as c
from service.decisions.labels import helpers as decision_helpers
from service.decisions.util import READERS, STAFF
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("decisions", __name__, url_prefix="/<tenant>/decisions", template_folder="templates")
bind_tenant_urls(blueprint)
for _helpers in (call_helpers, application_helpers, assessment_helpers, decision_helpers):
    blueprint.context_processor(_helpers)
staff = signed_in(*STAFF)
readers = signed_in("applicant", *READERS)
auditors = signed_in(*READERS)  # MA staff and auditors
POST = {"methods": ["POST"]}

blueprint.add_url_rule("/applications/<int:application_id>", "page", auditors(c.decision_page))
blueprint.add_url_rule("/applications/<int:application_id>", "prepare", staff(c.prepare), **POST)
blueprint.add_url_rule("/<int:decision_id>/approve", "approve", staff(c.approve), **POST)
blueprint.add_url_rule("/<int:decision_id>/return", "send_back", staff(c.send_back), **POST)
blueprint.add_url_rule("/<int:decision_id>/letter", "letter", readers(c.letter))
blueprint.add_url_rule("/calls/<int:call_id>/ranking", "ranking", auditors(c.ranking))
blueprint.add_url_rule("/calls/<int:call_id>/ranking/print", "ranking_print", auditors(c.ranking_print))
