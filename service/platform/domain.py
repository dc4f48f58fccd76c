"""The platform plugs itself in: the landing page, health probes, the platform administrator's pages, the
Commission's API, and sessions expiring."""

from service.domains import Domain, Periodic
from service.platform import api_routes, tasks
from service.platform.blueprint import blueprint

DOMAIN = Domain(
    name="platform",
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.expire_sessions,),
    periodic=(Periodic("platform.expire_sessions", every=600, per_tenant=False),),
)
