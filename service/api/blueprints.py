"""The API's three blueprints, new for each app: public, the Commission's and each tenant's (/api/v1/<tenant>).

Each domain adds its own routes (``Domain.api``, in its ``api_routes.py``); the foundation adds the OpenAPI
document, the tenant's public profile and the status of a job. Token authentication: service.api.auth.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify

from service.api.auth import api_auth
from service.api.openapi import build_spec
from service.extensions import csrf
from service.jobs import api as jobs
from service.tenancy import api as tenancy
from service.tenancy.requests import bind_tenant_urls


class Api:
    def __init__(self):
        self.public = Blueprint("api_public", __name__, url_prefix="/api/v1")
        self.platform = Blueprint("api_commission", __name__, url_prefix="/api/v1/commission")
        self.tenant = Blueprint("api_tenant", __name__, url_prefix="/api/v1/<tenant>")
        bind_tenant_urls(self.tenant)
        for blueprint in self.blueprints:
            blueprint.before_request(_mark_api)
        self.public.add_url_rule("/openapi.json", "openapi", _openapi)
        self.tenant.add_url_rule("", "profile", tenancy.profile)
        self.tenant.add_url_rule("/jobs/<job_id>", "job_status", api_auth()(jobs.job_status))

    @property
    def blueprints(self) -> tuple[Blueprint, ...]:
        # /api/v1/commission must win over /api/v1/<tenant>: registered before the tenant routes.
        return (self.public, self.platform, self.tenant)

    def register(self, app) -> None:
        for blueprint in self.blueprints:
            csrf.exempt(blueprint)  # token-authenticated, no cookies: no cross-site forgery
            app.register_blueprint(blueprint)


def _mark_api():
    g.is_api = True


def _openapi():
    return jsonify(build_spec(current_app))
