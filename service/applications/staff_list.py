"""The MA staff's list of applications, served by a higher domain: the work queue (service.work_queue) knows
each application's real state from the assessment and the decisions, which this domain may not import. The
applicant's list stays this domain's own (util.listed_for)."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

STAFF_LIST = "amif_applications_staff_list"  # app.extensions: {"page": view, "api": view}


def serve_staff_list(app, *, page: Callable, api: Callable) -> None:
    """The page (``/<tenant>/applications``) and the API list (``GET /api/v1/<tenant>/applications``) for MA
    staff, both without arguments (they read the request)."""
    app.extensions[STAFF_LIST] = {"page": page, "api": api}


def staff_view(kind: str) -> Callable | None:
    return current_app.extensions.get(STAFF_LIST, {}).get(kind)
