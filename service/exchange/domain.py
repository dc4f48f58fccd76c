"""The Commission's exchange rates plug themselves in: their pages and public API."""

from service.domains import Domain
from service.exchange import api_routes, models
from service.exchange.blueprint import blueprint

DOMAIN = Domain(name="exchange", models=(models,), blueprints=(blueprint,), api=api_routes.add_routes)
