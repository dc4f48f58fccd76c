"""Claims plug themselves in: their pages and API, the conversion of ledger entries waiting for a month's rate,
and ``claims.toml`` (the tenant's claim settings and lists) of a tenant's folder."""

from service.claims import api_routes, models, settings, tasks
from service.domains import Domain, Periodic
from service.tenancy.sync import DefinitionPart

DOMAIN = Domain(
    name="claims",
    models=(models,),
    api=api_routes.add_routes,
    jobs=(tasks.convert_pending,),
    periodic=(Periodic("claims.convert_pending", every=tasks.EVERY, per_tenant=True),),
    tenant_parts=(DefinitionPart("claims", "claims.toml", setting="claims", check=settings.check),),
)
