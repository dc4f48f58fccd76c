"""Statistics plug themselves in: their page and API."""

from service.domains import Domain
from service.statistics import api_routes
from service.statistics.blueprint import blueprint

DOMAIN = Domain(name="statistics", blueprints=(blueprint,), api=api_routes.add_routes)
