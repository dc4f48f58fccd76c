"""Progress reports plug themselves in: their pages and API (with the spreadsheet download), the reporting
calendar (due reports created, reminders sent) and its notifications, ``reports.toml`` of a tenant's folder, and
the summary on a project's page."""

from service.domains import Domain, Periodic
from service.reports import api_routes, models, notifications, settings
from service.reports.blueprint import blueprint
from service.reports.presenters import project_panel
from service.tenancy.sync import DefinitionPart


def _setup(app) -> None:
    # The project page (a lower domain) shows the panel when the global is there: it never imports reports.
    app.jinja_env.globals["project_reports_panel"] = project_panel


DOMAIN = Domain(
    name="reports",
    models=(models,),
    blueprints=(blueprint,),
    api=api_routes.add_routes,
    jobs=(notifications.calendar,),
    periodic=(Periodic("reports.calendar", every=notifications.EVERY, per_tenant=True),),
    notifications=notifications.KINDS,
    tenant_parts=(DefinitionPart("reports", "reports.toml", setting="reports", check=settings.check),),
    setup=_setup,
)
