"""Flask extensions, created once and bound in the app factory."""

import logging

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Deterministic constraint names, so migrations can refer to them on PostgreSQL and SQLite.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
log = logging.getLogger(__name__)


def discard_session() -> None:
    """Roll back; when even that fails (a broken connection, a session stuck in a failed commit), throw the
    session away, so that the next request on this thread starts with a clean one."""
    try:
        db.session.rollback()
        return
    except Exception as error:  # noqa: BLE001 - whatever broke, the next request needs a clean session
        log.warning("rollback failed, discarding the session: %s", error)
    try:
        db.session.close()
    except Exception as error:  # noqa: BLE001
        log.warning("closing the session failed: %s", error)
    db.session.registry.clear()
