"""Assessment pages, under each tenant: a case officer's page per application, the ranking of a call, and
an assessor's assignments. Who may see what is util's decision: else 404."""

from flask import Blueprint

from service.accounts.auth import signed_in
from service.applications.labels import helpers as application_helpers
from service.assessment import controllers as c
from service.assessment.labels import helpers as assessment_helpers
from service.assessment.operations import ASSESSOR_ROLES
from service.assessment.util import READERS, STAFF
from service.calls.display import helpers as call_helpers
from service.tenancy.requests import bind_tenant_urls

blueprint = Blueprint("assessment", __name__, url_prefix="/<tenant>/assessment", template_folder="templates")
bind_tenant_urls(blueprint)
blueprint.context_processor(call_helpers)
blueprint.context_processor(application_helpers)
blueprint.context_processor(assessment_helpers)
staff = signed_in(*STAFF)
readers = signed_in(*READERS)
assessors = signed_in(*ASSESSOR_ROLES)
APP = "/applications/<int:application_id>"
ASSIGNMENT = "/assignments/<int:assignment_id>"
POST = {"methods": ["POST"]}

blueprint.add_url_rule(APP, "application", readers(c.application_page))
blueprint.add_url_rule(f"{APP}/eligibility", "record_eligibility", staff(c.record_eligibility), **POST)
blueprint.add_url_rule(f"{APP}/classification", "classify", staff(c.classify), **POST)
blueprint.add_url_rule(f"{APP}/assignments", "assign", staff(c.assign), **POST)
blueprint.add_url_rule(f"{APP}/consolidation", "consolidate", staff(c.consolidate), **POST)
blueprint.add_url_rule("/calls/<int:call_id>", "ranking", readers(c.call_ranking))
blueprint.add_url_rule("/assignments", "assignments", assessors(c.my_assignments))
blueprint.add_url_rule(ASSIGNMENT, "assignment", assessors(c.assignment_page))
blueprint.add_url_rule(f"{ASSIGNMENT}/declaration", "declare", assessors(c.declare), **POST)
blueprint.add_url_rule(f"{ASSIGNMENT}/scores", "save_scores", assessors(c.save_scores), **POST)
