"""The OpenAPI document, generated from the marshmallow schemas and the views' docstrings."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin

from service.money.fields import openapi_property

API_PREFIXES = ("api_public.", "api_commission.", "api_tenant.")


def api_endpoints(app) -> list[str]:
    return sorted(e for e in app.view_functions if e.startswith(API_PREFIXES) and not e.endswith(".openapi"))


def build_spec(app) -> dict:
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title="AMIF Hub API",
        version="1",
        openapi_version="3.0.3",
        plugins=[FlaskPlugin(), marshmallow],
        info={
            "description": "Multi-tenant management of AMIF national programmes. Errors: "
            '422 {"errors": {field: [messages]}} in the caller\'s language (Accept-Language).'
        },
    )
    marshmallow.converter.add_attribute_function(openapi_property)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    documented_paths = set()
    for endpoint in api_endpoints(app):
        view = app.view_functions[endpoint]
        rule = rules[endpoint]
        # Every /api/v1/<tenant>/... route shares the tenant path parameter, declared once per path.
        shared = [TENANT_PARAMETER] if "<tenant>" in rule.rule and rule.rule not in documented_paths else None
        documented_paths.add(rule.rule)
        spec.path(view=view, app=app, parameters=shared)
    return spec.to_dict()


TENANT_PARAMETER = {
    "in": "path",
    "name": "tenant",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z]{2}$"},
    "description": "The tenant: a lowercase ISO 3166 country code, e.g. se or fi.",
}
