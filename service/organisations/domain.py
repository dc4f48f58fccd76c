"""Organisations plug themselves in: their pages and API, invitations sent by e-mail, and ``organisations.toml``
(the tenant's types of organisation) of a tenant's folder."""

from service.domains import Domain
from service.organisations import api_routes, models, tasks, types
from service.organisations.blueprint import blueprint
from service.tenancy.sync import DefinitionPart

DOMAIN = Domain(
    name="organisations",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.send_invitation,),
    tenant_parts=(DefinitionPart("organisations", "organisations.toml", setting="organisations", check=types.check),),
)
