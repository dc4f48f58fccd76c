"""The audit trail's API routes, under each tenant."""

from service.accounts.roles import AUDIT_READERS
from service.api.auth import api_auth
from service.audit_trail import api as audit


def add_routes(api) -> None:
    readers = api_auth(*AUDIT_READERS)
    api.tenant.add_url_rule("/audit", "audit_trail", readers(audit.audit_trail))
    api.tenant.add_url_rule("/audit/export", "audit_trail_export", readers(audit.audit_trail_export))
