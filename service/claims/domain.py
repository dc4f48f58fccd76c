"""Claims plug themselves in: their pages and API, the conversion of ledger entries waiting for a month's rate,
and ``claims.toml`` (the tenant's claim settings and lists) of a tenant's folder."""

from service.claims import api_routes, models, settings
from service.domains import Domain
from service.tenancy.sync import DefinitionPart

DOMAIN = Domain(
    name="claims",
    models=(models,),
    api=api_routes.add_routes,
    tenant_parts=(DefinitionPart("claims", "claims.toml", setting="claims", check=settings.check),),
)
