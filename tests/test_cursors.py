"""service.cursors: the cursor the app's engine uses on PostgreSQL describes a result exactly as psycopg's own."""

from __future__ import annotations

from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import text

from service.cursors import Cursor, Description
from service.extensions import db

QUERIES = [
    "SELECT 1 AS one, 'a'::varchar(12) AS name, 2.50::numeric(10, 2) AS amount, now() AS at, NULL::json AS doc",
    "SELECT id, code, languages FROM tenants ORDER BY id",
    "SELECT",  # rows without columns
    "SELECT 1 AS x WHERE false",  # columns without rows
]


def _described(cursor) -> list[tuple]:
    return [tuple(column) for column in cursor.description]


@contextmanager
def connection(app):
    """A psycopg connection of the app's engine (made as the app makes every one), rolled back afterwards."""
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            yield raw.driver_connection
        finally:
            raw.rollback()
            raw.close()


@pytest.mark.parametrize("query", QUERIES)
def test_a_result_is_described_as_psycopg_describes_it(app, query):
    with connection(app) as psycopg_connection:
        assert psycopg_connection.cursor_factory is Cursor  # service.config gives it to every connection
        ours = psycopg_connection.cursor()
        theirs = psycopg.Cursor(psycopg_connection)
        ours.execute(query)
        theirs.execute(query)
        assert isinstance(ours.description, Description)
        assert _described(ours) == _described(theirs)
        assert [c.name for c in ours.description] == [c.name for c in theirs.description]
        assert len(ours.description) == len(theirs.description)
        if len(theirs.description):
            assert tuple(ours.description[-1]) == tuple(theirs.description[-1])
            assert [tuple(c) for c in ours.description[1:]] == [tuple(c) for c in theirs.description[1:]]
        assert ours.fetchall() == theirs.fetchall()


def test_a_statement_that_returns_no_rows_has_no_description(app):
    with connection(app) as psycopg_connection:
        cursor = psycopg_connection.cursor()
        cursor.execute("SET LOCAL statement_timeout = 0")
        assert cursor.description is None


def test_a_description_read_later_describes_its_own_result_not_the_next(app):
    with connection(app) as psycopg_connection:
        cursor = psycopg_connection.cursor()
        cursor.execute("SELECT 1 AS first_query")
        kept = cursor.description
        cursor.execute("SELECT 2 AS second_query, 3 AS another")
        assert [c.name for c in kept] == ["first_query"]
        assert [c.name for c in cursor.description] == ["second_query", "another"]


def test_the_orm_reads_through_it(app):
    with app.app_context():
        rows = db.session.execute(text("SELECT code FROM tenants ORDER BY code")).all()
        db.session.rollback()
    assert [r.code for r in rows] == sorted(r.code for r in rows) and rows


def test_a_pooled_connection_stuck_in_a_command_fails_its_ping_as_a_disconnect(app):
    # What a connection cut in the middle of a command looks like to the pool's ping (service.pings): psycopg
    # refuses to switch it to autocommit. The pool must replace it, not hand the error to a request.
    with connection(app) as psycopg_connection:
        psycopg_connection.pgconn.send_query(b"SELECT pg_sleep(0.2)")  # a command in flight, its result unread
        with app.app_context():
            answered = db.engine.dialect._do_ping_w_event(psycopg_connection)  # noqa: SLF001 - the pool's own call
        assert answered is False  # a disconnect: the pool opens a new connection
        while psycopg_connection.pgconn.get_result() is not None:  # let the command end before the rollback
            pass
