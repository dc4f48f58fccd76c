"""Calls plug themselves in: their pages and API, and ``calls.toml`` (defaults for new calls) of a tenant."""

from service.calls import api_routes, models
from service.calls.blueprint import blueprint
from service.domains import Domain
from service.tenancy.sync import DefinitionPart

DOMAIN = Domain(
    name="calls",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    tenant_parts=(DefinitionPart("calls", "calls.toml", setting="calls"),),
)
