"""The audit trail plugs itself in: its page and API, for the tenant's auditors."""

from service.audit_trail import api_routes
from service.audit_trail.blueprint import blueprint
from service.domains import Domain

DOMAIN = Domain(name="audit_trail", blueprints=(blueprint,), api=api_routes.add_routes)
