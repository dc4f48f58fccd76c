"""Applications plug themselves in: their pages and API, their notifications and the hourly reminders."""

from service.applications import api_routes, models, notifications, reminders
from service.applications.blueprint import blueprint
from service.domains import Domain, Periodic

DOMAIN = Domain(
    name="applications",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(reminders.send_reminders,),
    periodic=(Periodic("notifications.send_reminders", every=3600, per_tenant=True),),
    notifications=notifications.KINDS,
)
