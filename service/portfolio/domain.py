"""The portfolio plugs itself in: its pages and API."""

from service.domains import Domain
from service.portfolio import api_routes
from service.portfolio.blueprint import blueprint

DOMAIN = Domain(name="portfolio", blueprints=(blueprint,), api=api_routes.add_routes)
