"""The audit trail's API route, under each tenant."""

from service.accounts.roles import AUDIT_READERS
from service.api.auth import api_auth
from service.audit_trail import api as audit


def add_routes(api) -> None:
    api.tenant.add_url_rule("/audit", "audit_trail", api_auth(*AUDIT_READERS)(audit.audit_trail))
