"""Claims plug themselves in: their pages and API (with the spreadsheet downloads), the conversion of ledger
entries waiting for a month's rate, their notifications and the reminder before a supplement deadline, and
``claims.toml`` (the tenant's claim settings and lists) of a tenant's folder."""

from service.claims import api_routes, export_api, models, notifications, settings, tasks
from service.domains import Domain, Periodic
from service.tenancy.sync import DefinitionPart


def _api(api) -> None:
    api_routes.add_routes(api)
    export_api.add_routes(api)


DOMAIN = Domain(
    name="claims",
    models=(models,),
    api=_api,
    jobs=(tasks.convert_pending, notifications.supplement_deadlines),
    periodic=(
        Periodic("claims.convert_pending", every=tasks.EVERY, per_tenant=True),
        Periodic("claims.supplement_deadlines", every=notifications.EVERY, per_tenant=True),
    ),
    notifications=notifications.KINDS,
    tenant_parts=(DefinitionPart("claims", "claims.toml", setting="claims", check=settings.check),),
)
