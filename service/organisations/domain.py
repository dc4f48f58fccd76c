"""Organisations plug themselves in: their pages and API, and invitations sent by e-mail."""

from service.domains import Domain
from service.organisations import api_routes, models, tasks
from service.organisations.blueprint import blueprint

DOMAIN = Domain(
    name="organisations",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.send_invitation,),
)
