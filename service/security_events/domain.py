"""Security events plug themselves in: the recording after each refused request, the page and the API."""

from service.domains import Domain
from service.security_events import api_routes, models, recorder
from service.security_events.blueprint import blueprint

DOMAIN = Domain(
    name="security_events",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    setup=recorder.install,
)
