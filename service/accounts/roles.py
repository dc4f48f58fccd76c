"""Roles. Tenant roles belong to one tenant; platform roles span the platform."""

from flask_babel import lazy_gettext as _l

TENANT_ROLES = {
    "ma_admin": _l("Managing authority administrator"),
    "case_officer": _l("Case officer"),
    "assessor": _l("Assessor"),
    "committee": _l("Monitoring committee member"),
    "auditor": _l("Auditor"),
    "applicant": _l("Applicant"),
}
PLATFORM_ROLES = {
    "platform_admin": _l("Platform administrator"),
    # All tenants, read-only, aggregated data only.
    "commission": _l("European Commission"),
}
AUDIT_READERS = frozenset({"auditor", "ma_admin"})
