"""The Commission's exchange rates plug themselves in: their pages and API, and the periodic check that alerts
the platform administrator to rates missing for this or next month."""

from service.domains import Domain, Periodic
from service.exchange import api_routes, models, tasks
from service.exchange.blueprint import blueprint

DOMAIN = Domain(
    name="exchange",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(tasks.check_rates,),
    periodic=(Periodic("exchange.months_ahead_check", every=tasks.EVERY, per_tenant=False),),
)
