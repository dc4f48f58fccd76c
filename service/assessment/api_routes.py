"""The assessment's API routes, under each tenant: eligibility, assignments, scores, consolidation, the
classification the case officer confirms. The call's ranking, which reads the decisions, is the decisions'."""

from service.api.auth import api_auth
from service.assessment import api as assessment
from service.assessment import classification_api as classification
from service.assessment.util import READERS, STAFF

ASSESS = "/assessment/applications/<int:application_id>"
ASSIGNMENT = "/assessment/assignments/<int:assignment_id>"


def add_routes(api) -> None:
    tenant = api.tenant
    staff, readers = api_auth(*STAFF), api_auth(*READERS)
    assessors = api_auth("assessor", "case_officer", "ma_admin")
    tenant.add_url_rule(ASSESS, "get_assessment", readers(assessment.get_assessment))
    tenant.add_url_rule(
        f"{ASSESS}/eligibility", "record_eligibility", staff(assessment.record_eligibility), methods=["POST"]
    )
    tenant.add_url_rule(f"{ASSESS}/assignments", "assign_assessor", staff(assessment.assign_assessor), methods=["POST"])
    tenant.add_url_rule(f"{ASSESS}/consolidation", "consolidate", staff(assessment.consolidate), methods=["POST"])
    tenant.add_url_rule(f"{ASSESS}/classification", "get_classification", readers(classification.get_classification))
    tenant.add_url_rule(
        f"{ASSESS}/classification",
        "confirm_classification",
        staff(classification.confirm_classification),
        methods=["PUT"],
    )
    tenant.add_url_rule("/assessment/assignments", "my_assignments", assessors(assessment.my_assignments))
    tenant.add_url_rule(ASSIGNMENT, "get_assignment", assessors(assessment.get_assignment))
    tenant.add_url_rule(f"{ASSIGNMENT}/declaration", "declare", assessors(assessment.declare), methods=["POST"])
    tenant.add_url_rule(f"{ASSIGNMENT}/scores", "save_scores", assessors(assessment.save_scores), methods=["PUT"])
    tenant.add_url_rule(f"{ASSIGNMENT}/submit", "submit_scores", assessors(assessment.submit_scores), methods=["POST"])
