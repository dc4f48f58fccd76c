"""The MA staff's list of applications, served by a higher domain: the work queue (service.work_queue) knows
each application's real state from the assessment and the decisions, which this domain may not import. The
applicant's list stays this domain's own (util.listed_for)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

STAFF_LIST = "amif_applications_staff_list"  # app.extensions: {"page": view, "api": view}
# Who works the queue: the managing authority's staff. Other readers keep the plain list.
QUEUE_ROLES = ("ma_admin", "case_officer")


def serve_staff_list(app, *, page: Callable, api: Callable) -> None:
    """The page (``/<tenant>/applications``) and the API list (``GET /api/v1/<tenant>/applications``) for MA
    staff, both without arguments (they read the request)."""
    app.extensions[STAFF_LIST] = {"page": page, "api": api}


def staff_view(kind: str, role: str) -> Callable | None:
    """The view serving ``kind`` ("page" or "api") for a person of ``role``, if the work queue serves it."""
    if role not in QUEUE_ROLES:
        return None
    return current_app.extensions.get(STAFF_LIST, {}).get(kind)
