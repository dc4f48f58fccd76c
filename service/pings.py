"""A pooled PostgreSQL connection that fails its ping in any way is replaced, not reported as an error.

SQLAlchemy pings a connection as the pool hands it out (``pool_pre_ping``) and replaces it when the ping's error is
a disconnect. With psycopg the ping switches the connection to autocommit and back; when the network dropped the
connection in the middle of a command (a database outage, a proxy cut), psycopg refuses that switch with a
ProgrammingError ("can't change 'autocommit' now: connection in transaction status ACTIVE"), which hides the
disconnect. The request then failed with a 500 instead of getting a new connection (seen in
tests/faults/test_worker_faults.py, where the test's own app reaches PostgreSQL through a hop that is cut and mended).

A ping is ``SELECT 1`` on a connection the pool believes idle: any database error it raises means that connection
is unusable, so it is treated as a disconnect and the pool opens a new one (SQLAlchemy's ``handle_error`` event,
which takes part in the ping since SQLAlchemy 2.0). Errors outside a ping are left as they are.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _a_failed_ping_is_a_disconnect(context) -> None:
    if context.is_pre_ping and not context.is_disconnect:
        context.is_disconnect = True


def install() -> None:
    """Once per process, for every engine."""
    if not event.contains(Engine, "handle_error", _a_failed_ping_is_a_disconnect):
        event.listen(Engine, "handle_error", _a_failed_ping_is_a_disconnect)
