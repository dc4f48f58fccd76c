"""The Commission's data transmissions plug themselves in: their API, pages and the job that builds them."""

from service.domains import Domain
from service.transmissions import api_routes, models, tasks
from service.transmissions.blueprint import blueprint

DOMAIN = Domain(
    name="transmissions",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.build_transmission,),
)
