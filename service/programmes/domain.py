"""The national programme plugs itself in: its pages and API, and ``programme.toml`` of a tenant's folder."""

from service.domains import Domain
from service.programmes import api_routes, models
from service.programmes.blueprint import blueprint
from service.programmes.sync import sync_programme
from service.tenancy.sync import DefinitionPart


def _load(data: dict, source: str) -> bool:
    return sync_programme(data, source=source)


DOMAIN = Domain(
    name="programmes",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    tenant_parts=(DefinitionPart("programme", "programme.toml", load=_load),),
)
