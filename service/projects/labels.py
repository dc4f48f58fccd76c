"""The names people read for projects and their versions, in their language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUSES = {"active": _l("Active"), "cancelled": _l("Cancelled")}
VERSION_KINDS = {
    "baseline": _l("Baseline (the grant decision)"),
    "amendment": _l("Amendment"),
    "decision": _l("Corrected decision"),
}
CHANGES = {
    "period": _l("Project period"),
    "eligible_cost": _l("Eligible cost"),
    "eu_amount": _l("EU contribution"),
    "cofinancing_rate": _l("Co-financing rate"),
}


def helpers() -> dict:
    return {
        "project_status_label": lambda key: str(STATUSES.get(key, key)),
        "version_kind_label": lambda key: str(VERSION_KINDS.get(key, key)),
        "change_label": lambda key: str(CHANGES.get(key, key)),
    }
