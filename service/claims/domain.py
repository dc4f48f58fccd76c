"""Claims plug themselves in: their pages and API (with the spreadsheet downloads), the conversion of ledger
entries waiting for a month's rate, their notifications and the reminder before a supplement deadline,
``claims.toml`` (the tenant's claim settings and lists) of a tenant's folder, and the links from a project's page
to its claims and finance."""

from service.claims import api_routes, export_api, models, notifications, settings, tasks
from service.claims.blueprint import blueprint
from service.claims.presenters import project_links
from service.domains import Domain, Periodic
from service.tenancy.sync import DefinitionPart


def _api(api) -> None:
    api_routes.add_routes(api)
    export_api.add_routes(api)


def _setup(app) -> None:
    # The project page (a lower domain) shows these links when the global is there: it never imports claims.
    app.jinja_env.globals["project_money_links"] = project_links


DOMAIN = Domain(
    name="claims",
    models=(models,),
    blueprints=(blueprint,),
    api=_api,
    jobs=(tasks.convert_pending, notifications.supplement_deadlines),
    periodic=(
        Periodic("claims.convert_pending", every=tasks.EVERY, per_tenant=True),
        Periodic("claims.supplement_deadlines", every=notifications.EVERY, per_tenant=True),
    ),
    notifications=notifications.KINDS,
    tenant_parts=(DefinitionPart("claims", "claims.toml", setting="claims", check=settings.check),),
    setup=_setup,
)
