"""Who may use the platform administrator's pages: a platform person signed in here, with a platform role.

The session is the accounts' server-side session (30 idle minutes, 12 hours at most, revoked on sign-out),
kept under its own key: Flask-Login's user stays anonymous, so a platform session is nothing on the
tenants' pages, and a tenant's session is nothing here.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from service.accounts import sessions
from service.audit.recorder import set_actor

SESSION_KEY = "platform_session"


def platform_person():
    """The signed-in platform person, or None (no session, revoked, timed out, or a tenant's session)."""
    secret = session.get(SESSION_KEY)
    row = sessions.find_session(secret)
    if row is None or row.platform_user_id is None:
        return None
    return sessions.person_of(row, secret)


def platform_signed_in(*roles: str):
    """Guard for platform pages: sign in first (redirect), then one of ``roles`` (403 otherwise)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            person = platform_person()
            if person is None:
                session.pop(SESSION_KEY, None)
                return redirect(url_for("platform.sign_in", next=request.full_path.rstrip("?")))
            if roles and person.role not in roles:
                abort(403)
            g.platform_person = person
            set_actor(f"{person.kind}:{person.id}", person.email, g.get("request_id"))
            return view(*args, **kwargs)

        return guarded

    return decorate
