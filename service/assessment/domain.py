"""The assessment plugs itself in: its pages and API (the classification's confirmation too) and the
notification of an assigned assessor."""

from service.assessment import api_routes, models, notifications
from service.assessment.blueprint import blueprint
from service.domains import Domain

DOMAIN = Domain(
    name="assessment",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    notifications=notifications.KINDS,
)
