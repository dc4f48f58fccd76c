"""The applicant's overview plugs itself in: the page an applicant lands on after signing in."""

from service.domains import Domain
from service.overview.blueprint import blueprint

DOMAIN = Domain(name="overview", blueprints=(blueprint,))
