"""Telling an outage of a dependency (PostgreSQL, Redis) from a bug: outages are waited out and answered
503 with Retry-After; bugs are logged and answered 500."""

from __future__ import annotations

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy import exc

# What SQLAlchemy raises when the database cannot be reached or drops the connection (a restart, a
# terminated backend, a refused connection, a full pool).
DATABASE_UNAVAILABLE = (exc.OperationalError, exc.InterfaceError, exc.DisconnectionError, exc.TimeoutError)
REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def is_contention(error: BaseException) -> bool:
    """A deadlock or serialization failure (SQLSTATE class 40): the database is up; another transaction won."""
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return isinstance(code, str) and code.startswith("40")


def is_database_outage(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, DATABASE_UNAVAILABLE) and not is_contention(error)


def is_redis_outage(error: BaseException) -> bool:
    return isinstance(error, REDIS_UNAVAILABLE)
