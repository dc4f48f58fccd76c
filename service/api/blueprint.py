"""The API's URL table: every route under /api/v1 on one screen."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from service.accounts import api as accounts
from service.accounts import registration_api
from service.accounts.blueprint import limited_attempts
from service.accounts.roles import AUDIT_READERS
from service.api.auth import api_auth
from service.applications import api as applications
from service.applications import api_parts as parts
from service.assessment import api as assessment
from service.audit import api as audit
from service.calls import api as calls
from service.catalogue import api as catalogue
from service.classification import api as classification
from service.decisions import api as decisions
from service.exchange import api as exchange
from service.extensions import csrf
from service.idempotency.operations import idempotent
from service.jobs import api as jobs
from service.organisations import api as organisations
from service.platform import commission
from service.programmes import api as programmes
from service.projects import api as projects
from service.statistics import api as statistics
from service.tenancy import api as tenancy
from service.tenancy.requests import bind_tenant_urls

public = Blueprint("api_public", __name__, url_prefix="/api/v1")
tenant = Blueprint("api_tenant", __name__, url_prefix="/api/v1/<tenant>")
platform = Blueprint("api_commission", __name__, url_prefix="/api/v1/commission")
bind_tenant_urls(tenant)

admin = api_auth("ma_admin")
any_user = api_auth()
applicant = api_auth("applicant")

public.add_url_rule("/catalogue/indicators", "indicators", catalogue.indicators)
public.add_url_rule("/catalogue/specific-objectives", "specific_objectives", catalogue.specific_objectives)
public.add_url_rule("/catalogue/types-of-intervention", "types_of_intervention", catalogue.types_of_intervention)
public.add_url_rule("/exchange-rates", "exchange_rates", exchange.exchange_rates)
public.add_url_rule("/openapi.json", "openapi", lambda: jsonify(_spec()))

platform.add_url_rule(
    "/programmes", "programmes", api_auth(platform_roles=("commission", "platform_admin"))(commission.programmes)
)

tenant.add_url_rule("", "profile", tenancy.profile)
tenant.add_url_rule("/programme", "programme", api_auth(platform_roles=("platform_admin",))(programmes.programme))
tenant.add_url_rule("/programme", "edit_programme", admin(programmes.edit_programme), methods=["PATCH"])
tenant.add_url_rule(
    "/programme/versions", "programme_versions", api_auth(platform_roles=("platform_admin",))(programmes.list_versions)
)
tenant.add_url_rule(
    "/programme/versions/<int:number>",
    "programme_version",
    api_auth(platform_roles=("platform_admin",))(programmes.get_version),
)
tenant.add_url_rule("/me", "me", any_user(accounts.me))
tenant.add_url_rule("/me", "update_me", any_user(accounts.update_me), methods=["PATCH"])
tenant.add_url_rule(
    "/tokens/current", "revoke_current_token", any_user(accounts.revoke_current_token), methods=["DELETE"]
)
tenant.add_url_rule("/users", "list_users", admin(accounts.list_users))
tenant.add_url_rule("/users", "create_user", admin(accounts.create_user), methods=["POST"])
tenant.add_url_rule("/users/<int:user_id>", "get_user", admin(accounts.get_user))
tenant.add_url_rule("/users/<int:user_id>", "update_user", admin(accounts.update_user), methods=["PATCH"])
tenant.add_url_rule("/users/<int:user_id>", "deactivate_user", admin(accounts.deactivate_user), methods=["DELETE"])
tenant.add_url_rule("/audit", "audit_trail", api_auth(*AUDIT_READERS)(audit.audit_trail))
tenant.add_url_rule("/jobs/<job_id>", "job_status", any_user(jobs.job_status))
for _path, _endpoint, _view in (
    ("/registrations", "register_applicant", registration_api.register),
    ("/registrations/verify", "verify_registration", registration_api.verify),
    ("/registrations/resend", "resend_verification", registration_api.resend),
):
    tenant.add_url_rule(_path, _endpoint, limited_attempts(_view), methods=["POST"])
_organisation = "/organisations/<int:organisation_id>"
tenant.add_url_rule("/organisations", "list_organisations", any_user(organisations.list_organisations))
tenant.add_url_rule(
    "/organisations", "create_organisation", applicant(organisations.create_organisation), methods=["POST"]
)
tenant.add_url_rule(_organisation, "get_organisation", any_user(organisations.get_organisation))
tenant.add_url_rule(f"{_organisation}/members", "list_members", any_user(organisations.list_members))
tenant.add_url_rule(f"{_organisation}/invitations", "list_invitations", any_user(organisations.list_invitations))
tenant.add_url_rule(
    f"{_organisation}/invitations", "create_invitation", any_user(organisations.create_invitation), methods=["POST"]
)
tenant.add_url_rule(
    "/invitations/accept", "accept_invitation", limited_attempts(organisations.accept_invitation), methods=["POST"]
)
tenant.add_url_rule("/calls", "list_calls", calls.list_calls)
tenant.add_url_rule("/calls", "create_call", admin(calls.create_call), methods=["POST"])
tenant.add_url_rule("/calls/<int:call_id>", "get_call", calls.get_call)
tenant.add_url_rule("/calls/<int:call_id>", "update_call", admin(calls.update_call), methods=["PATCH"])
tenant.add_url_rule("/calls/<int:call_id>/publish", "publish_call", admin(calls.publish_call), methods=["POST"])
tenant.add_url_rule("/calls/<int:call_id>/close", "close_call", admin(calls.close_call), methods=["POST"])

readers = api_auth("applicant", "ma_admin", "case_officer")
APP = "/applications/<int:application_id>"
tenant.add_url_rule("/applications", "list_applications", readers(applications.list_applications))
tenant.add_url_rule("/applications", "create_application", applicant(applications.create_application), methods=["POST"])
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
for _part, _add, _change, _delete, _method in (
    ("budget-lines", parts.add_budget_line, parts.change_budget_line, parts.delete_budget_line, "PUT"),
    ("partners", parts.add_partner, parts.change_partner, parts.delete_partner, "PATCH"),
    ("indicators", parts.add_indicator, parts.change_indicator, parts.delete_indicator, "PATCH"),
):
    tenant.add_url_rule(f"{APP}/{_part}", _add.__name__, applicant(_add), methods=["POST"])
    tenant.add_url_rule(f"{APP}/{_part}/<int:row_id>", _change.__name__, applicant(_change), methods=[_method])
    tenant.add_url_rule(f"{APP}/{_part}/<int:row_id>", _delete.__name__, applicant(_delete), methods=["DELETE"])
tenant.add_url_rule(f"{APP}/attachments", "upload_attachment", applicant(parts.upload_attachment), methods=["POST"])
tenant.add_url_rule(f"{APP}/attachments/<int:row_id>", "download_attachment", readers(parts.download_attachment))
tenant.add_url_rule(
    f"{APP}/attachments/<int:row_id>", "delete_attachment", applicant(parts.delete_attachment), methods=["DELETE"]
)

staff = api_auth("ma_admin", "case_officer")
assessors = api_auth("assessor", "case_officer", "ma_admin")
ASSESS = "/assessment/applications/<int:application_id>"
ASSIGNMENT = "/assessment/assignments/<int:assignment_id>"
tenant.add_url_rule(ASSESS, "get_assessment", staff(assessment.get_assessment))
tenant.add_url_rule(
    f"{ASSESS}/eligibility", "record_eligibility", staff(assessment.record_eligibility), methods=["POST"]
)
tenant.add_url_rule(f"{ASSESS}/assignments", "assign_assessor", staff(assessment.assign_assessor), methods=["POST"])
tenant.add_url_rule(f"{ASSESS}/consolidation", "consolidate", staff(assessment.consolidate), methods=["POST"])
tenant.add_url_rule(f"{ASSESS}/classification", "get_classification", staff(classification.get_classification))
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
tenant.add_url_rule("/calls/<int:call_id>/ranking", "call_ranking", staff(decisions.call_ranking))
tenant.add_url_rule(
    "/calls/<int:call_id>/ranking/decisions", "decide_ranking", staff(decisions.decide_ranking), methods=["POST"]
)

DECISION = "/decisions/<int:decision_id>"
tenant.add_url_rule(f"{APP}/decisions", "list_decisions", readers(decisions.list_decisions))
tenant.add_url_rule(f"{APP}/decisions", "prepare_decision", staff(decisions.prepare_decision), methods=["POST"])
tenant.add_url_rule(DECISION, "get_decision", readers(decisions.get_decision))
tenant.add_url_rule(f"{DECISION}/approve", "approve_decision", staff(decisions.approve_decision), methods=["POST"])
tenant.add_url_rule(f"{DECISION}/return", "return_decision", staff(decisions.return_decision), methods=["POST"])
tenant.add_url_rule(f"{DECISION}/letter", "download_letter", readers(decisions.download_letter))
project_readers = api_auth("applicant", "ma_admin", "case_officer", "committee")
tenant.add_url_rule("/projects", "list_projects", project_readers(projects.list_projects))
tenant.add_url_rule("/projects/<int:project_id>", "get_project", project_readers(projects.get_project))
tenant.add_url_rule(
    "/projects/<int:project_id>/amendments", "amend_project", staff(projects.amend_project), methods=["POST"]
)
tenant.add_url_rule("/statistics", "get_statistics", api_auth(*statistics.READERS)(statistics.get_statistics))

BLUEPRINTS = (public, platform, tenant)


def _mark_api():
    g.is_api = True


for _blueprint in BLUEPRINTS:
    _blueprint.before_request(_mark_api)


def _spec():
    from flask import current_app

    from service.api.openapi import build_spec

    return build_spec(current_app)


def register_api(app) -> None:
    for blueprint in BLUEPRINTS:
        csrf.exempt(blueprint)  # token-authenticated, no cookies: no cross-site forgery
    # /api/v1/commission must win over /api/v1/<tenant>: register it before the tenant routes.
    app.register_blueprint(public)
    app.register_blueprint(platform)
    app.register_blueprint(tenant)
