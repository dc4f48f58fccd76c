"""The OpenAPI document, generated from the marshmallow schemas and the views' docstrings."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin

API_PREFIXES = ("api_public.", "api_commission.", "api_tenant.")


def api_endpoints(app) -> list[str]:
    return sorted(e for e in app.view_functions if e.startswith(API_PREFIXES) and not e.endswith(".openapi"))


def build_spec(app) -> dict:
    spec = APISpec(
        title="AMIF Hub API",
        version="1",
        openapi_version="3.0.3",
        plugins=[FlaskPlugin(), MarshmallowPlugin()],
        info={"description": "Multi-tenant management of AMIF national programmes. Errors: "
              '422 {"errors": {field: [messages]}} in the caller\'s language (Accept-Language).'},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for endpoint in api_endpoints(app):
        view = app.view_functions[endpoint]
        spec.path(view=view, app=app)
    return spec.to_dict()
