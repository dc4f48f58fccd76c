"""The API's URL table: every route under /api/v1 on one screen."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from service.accounts import api as accounts
from service.accounts.roles import AUDIT_READERS
from service.api.auth import api_auth
from service.audit import api as audit
from service.calls import api as calls
from service.catalogue import api as catalogue
from service.extensions import csrf
from service.jobs import api as jobs
from service.platform import commission
from service.programmes import api as programmes
from service.tenancy import api as tenancy
from service.tenancy.requests import bind_tenant_urls

public = Blueprint("api_public", __name__, url_prefix="/api/v1")
tenant = Blueprint("api_tenant", __name__, url_prefix="/api/v1/<tenant>")
platform = Blueprint("api_commission", __name__, url_prefix="/api/v1/commission")
bind_tenant_urls(tenant)

admin = api_auth("ma_admin")
any_user = api_auth()

public.add_url_rule("/catalogue/indicators", "indicators", catalogue.indicators)
public.add_url_rule("/catalogue/specific-objectives", "specific_objectives", catalogue.specific_objectives)
public.add_url_rule("/openapi.json", "openapi", lambda: jsonify(_spec()))

platform.add_url_rule(
    "/programmes", "programmes", api_auth(platform_roles=("commission", "platform_admin"))(commission.programmes)
)

tenant.add_url_rule("", "profile", tenancy.profile)
tenant.add_url_rule("/programme", "programme", api_auth(platform_roles=("platform_admin",))(programmes.programme))
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
tenant.add_url_rule("/calls", "list_calls", calls.list_calls)
tenant.add_url_rule("/calls", "create_call", admin(calls.create_call), methods=["POST"])
tenant.add_url_rule("/calls/<int:call_id>", "get_call", calls.get_call)
tenant.add_url_rule("/calls/<int:call_id>", "update_call", admin(calls.update_call), methods=["PATCH"])
tenant.add_url_rule("/calls/<int:call_id>/publish", "publish_call", admin(calls.publish_call), methods=["POST"])
tenant.add_url_rule("/calls/<int:call_id>/close", "close_call", admin(calls.close_call), methods=["POST"])

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
