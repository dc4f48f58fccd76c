"""The catalogue (indicators, specific objectives, types of intervention) plugs itself in: its public API."""

from service.catalogue import api_routes, models
from service.domains import Domain

DOMAIN = Domain(name="catalogue", models=(models,), api=api_routes.add_routes)
