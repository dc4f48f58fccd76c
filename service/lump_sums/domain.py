"""Lump sums plug themselves in: their pages and API."""

from service.domains import Domain
from service.lump_sums import api_routes, models
from service.lump_sums.blueprint import blueprint

DOMAIN = Domain(name="lump_sums", models=(models,), blueprints=(blueprint,), api=api_routes.add_routes)
