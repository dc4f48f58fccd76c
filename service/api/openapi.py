"""The OpenAPI document, generated from the marshmallow schemas and the views' docstrings."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from marshmallow import fields

from service.api.fields import DAY_OPENAPI, SEARCH_OPENAPI
from service.money.fields import OPENAPI as AMOUNT
from service.money.fields import REQUEST_PATTERN as AMOUNT_SENT
from service.tenancy.model_base import MAX_ID

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
            '422 {"errors": {field: [messages]}} in the caller\'s language (Accept-Language). ' + SURROGATES
        },
    )
    marshmallow.converter.add_attribute_function(wire_format)
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
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.schema("Day", DAY_OPENAPI)  # a parameter's day, stated once ({$ref: DAY_REF})
    spec.components.schema("SearchWords", SEARCH_OPENAPI)  # a staff list's q
    document = spec.to_dict()
    for item in document["paths"].values():
        for method in METHODS & item.keys():
            _state_framework_answers(method, item[method], item.get("parameters", []))
    _state_what_requests_send(document)
    for node in _nodes(document):
        if node.get("nullable") is True and isinstance(node.get("enum"), list) and None not in node["enum"]:
            # OpenAPI 3.0.3: nullable does not widen an enum; null is valid only when the enum lists it.
            node["enum"] = [*node["enum"], None]  # a new list: the schemas' own stay as they are
    return document


def _state_what_requests_send(document: dict) -> None:
    """What the API refuses in every request, stated in each request body (and the schemas it refers to) and each
    query parameter: an amount sent is never negative; text holds no NUL and no lone surrogate
    (service.security.refuse_characters_that_are_not_text); a JSON body is required (service.api.bodies)."""
    schemas = document["components"]["schemas"]
    operations = [item[method] for item in document["paths"].values() for method in METHODS & item.keys()]
    bodies = [operation["requestBody"] for operation in operations if "requestBody" in operation]
    for body in bodies:
        if "application/json" in body.get("content", {}):
            body.setdefault("required", True)
    sent, pending, names = [], list(bodies), set()
    while pending:
        schema = pending.pop()
        sent.append(schema)
        for ref in _refs(schema):
            name = ref.rsplit("/", 1)[-1]
            if name not in names:
                names.add(name)
                pending.append(schemas[name])
    queries = [p.get("schema", {}) for o in operations for p in o.get("parameters", []) if p.get("in") == "query"]
    for query in queries:
        # A query parameter is text or absent, never null (a schema's load_default=None reads as nullable).
        if query.get("nullable") and query.get("default", ...) is None:
            del query["nullable"], query["default"]
    for node in (node for schema in [*sent, *queries] for node in _nodes(schema)):
        if node.get("pattern") == AMOUNT["pattern"]:
            node["pattern"] = AMOUNT_SENT
        elif node.get("type") == "string" and not node.keys() & {"pattern", "enum", "format"}:
            node["pattern"] = TEXT


# Text as people type it: no NUL. No lone UTF-16 surrogate either (SURROGATES): a pattern cannot say it, as a regular
# expression of code points (Rust's regex crate, which schemathesis and jsonschema-rs use) refuses the range
# \ud800-\udfff as not a regex, and a tool that drops the pattern then sends NUL too.
TEXT = "^[^\\u0000]*$"
SURROGATES = (
    "Text (every string a request sends, keys of objects included) never holds a NUL character or a lone UTF-16 "
    'surrogate (JSON\'s "\\ud800" escape without its pair): 422.'
)


def _nodes(value):
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


def _refs(value):
    return [node["$ref"] for node in _nodes(value) if isinstance(node.get("$ref"), str)]


METHODS = frozenset({"get", "post", "put", "patch", "delete"})
WRITES = frozenset({"post", "put", "patch", "delete"})

# The answers every operation can give by how the API is built (service.api.auth, service.api.bodies,
# service.errors), stated in the document for each operation that can give them; an operation's own
# description of one of these statuses wins.
FRAMEWORK_ANSWERS = {
    "401": "A token was needed (or given) and is missing, unknown, expired or revoked.",
    "403": "The token's role may not do this.",
    "404": "Not found: no such object in this tenant, no such tenant, or a token of another tenant.",
    "409": "Conflicts with the object's current state or with data that already exists; nothing was changed.",
    "422": "Invalid data; messages per field in the caller's language (Accept-Language). Nothing was changed.",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "example": "invalid"},
                "message": {"type": "string", "description": "For people, in the caller's language."},
                "details": {"type": "object", "description": "For programs, e.g. which fields someone changed."},
            },
        },
        "errors": {
            "type": "object",
            "description": "422: the messages of each field, in the caller's language.",
            "additionalProperties": True,
        },
    },
}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def _state_framework_answers(method: str, operation: dict, path_parameters: list) -> None:
    """Add to ``operation`` the answers the framework gives for it, and the error body to every error answer."""
    parameters = [*path_parameters, *operation.get("parameters", [])]
    for parameter in parameters:
        if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
            # An id: a whole number that fits the database's integer (service.app answers 404 beyond it).
            parameter["schema"] = {"minimum": 1, "maximum": MAX_ID, **parameter["schema"]}
    responses = operation.setdefault("responses", {})
    statuses = set()
    if any(requirement for requirement in operation.get("security", [])):
        statuses |= {"401", "403", "404"}
    if any(parameter.get("in") == "path" for parameter in parameters):
        statuses.add("404")
    if "requestBody" in operation or any(parameter.get("in") == "query" for parameter in parameters):
        statuses.add("422")
    if method in WRITES:
        statuses.add("409")
    for status in sorted(statuses):
        responses.setdefault(status, {"description": FRAMEWORK_ANSWERS[status]})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response.setdefault("content", ERROR_CONTENT)
    if "401" in responses:
        responses["401"].setdefault("headers", {"WWW-Authenticate": {"schema": {"type": "string"}}})


def wire_format(self, field, **kwargs) -> dict:
    """An apispec attribute function: what a field class states of its wire format in ``OPENAPI`` (an amount, a
    percentage, a month; its own description, if any, wins) and of its validators' OPENAPI, and decimals written as
    text."""
    stated = dict(getattr(type(field), "OPENAPI", {}))
    for validator in field.validators:
        stated.update(getattr(validator, "OPENAPI", {}))
    if stated and field.metadata.get("description"):
        stated.pop("description", None)
    if isinstance(field, fields.Decimal) and field.as_string:
        stated = {"type": "string", "pattern": DECIMAL_TEXT, **stated}
    return stated


DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"

TENANT_PARAMETER = {
    "in": "path",
    "name": "tenant",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z]{2}$"},
    "description": "The tenant: a lowercase ISO 3166 country code, e.g. se or fi.",
}
