"""Who is asking: the Flask-Login loader for pages and the guards views use.

The session cookie carries only the secret of an :class:`AuthSession`. A session of another
tenant is nothing here: on a page that needs sign-in it answers 404, so a Swedish user
opening a Finnish page learns nothing about it.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from service.accounts import sessions
from service.audit.recorder import set_actor
from service.extensions import login_manager
from service.tenancy.current import current_tenant_or_none

login_manager.session_protection = "basic"
login_manager.login_message = _l("Please sign in to see this page.")


@login_manager.user_loader
def load_person(secret: str):
    row = sessions.find_session(secret)
    if row is None:
        return None
    tenant = current_tenant_or_none()
    if row.tenant_id is not None and (tenant is None or tenant.id != row.tenant_id):
        g.foreign_session = tenant is not None
        return None
    person = sessions.person_of(row, secret)
    if person is not None:
        set_actor(f"{person.kind}:{person.id}", person.email, g.get("request_id"))
    return person


@login_manager.unauthorized_handler
def _unauthorized():
    if current_tenant_or_none() is None:
        abort(404)
    if session.get("_user_id"):
        # The cookie names a session that has expired or was revoked: say so (401), nothing else.
        from service.errors import error_response

        session.pop("_user_id", None)
        return error_response(401, _("Your session has ended. Please sign in again."))
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def signed_in(*roles: str):
    """Guard for tenant pages: a user of this tenant (with one of ``roles``, if given)."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            authenticated = current_user.is_authenticated
            if g.get("foreign_session"):
                abort(404)
            if not authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate
