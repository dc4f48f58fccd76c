"""The MA staff's lists of applications, projects and claims, served by a higher domain: the work queue
(service.work_queue) knows each one's real state from the assessment, the decisions and the payments, which
these domains may not import. The applicant's (and other readers') lists stay the domains' own."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

STAFF_LIST = "amif_applications_staff_list"  # app.extensions: {list name: {"page": view, "api": view}}
# Who works the queue: the managing authority's staff; the auditor reads it (the lists have no actions). Other
# readers (applicants, the committee) keep the plain list.
QUEUE_ROLES = ("ma_admin", "case_officer", "auditor")


def serve_staff_list(app, *, page: Callable, api: Callable | None = None, name: str = "applications") -> None:
    """The page (e.g. ``/<tenant>/applications``) and the API list (``GET /api/v1/<tenant>/applications``) of
    the list ``name`` for MA staff, both without arguments (they read the request)."""
    app.extensions.setdefault(STAFF_LIST, {})[name] = {"page": page, "api": api}


def staff_view(kind: str, role: str, name: str = "applications") -> Callable | None:
    """The view serving ``kind`` ("page" or "api") of the list ``name`` for a person of ``role``, if the work
    queue serves it."""
    if role not in QUEUE_ROLES:
        return None
    return current_app.extensions.get(STAFF_LIST, {}).get(name, {}).get(kind)
