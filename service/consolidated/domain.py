"""The Commission's consolidated export plugs itself in: its API, pages and the job that builds it."""

from service.consolidated import api_routes, models, tasks
from service.consolidated.blueprint import blueprint
from service.domains import Domain

DOMAIN = Domain(
    name="consolidated",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.build_export,),
)
