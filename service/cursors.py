"""psycopg's cursor with ``description`` made column by column as it is read.

psycopg builds a ``Column`` object for every column of a result as soon as ``description`` is asked for, reading
its name, type and sizes from the result. SQLAlchemy asks for it after every statement that returns rows, but once
a statement's compiled form is cached (every statement after its first execution) it only needs to know whether
there is a description and how long it is: the columns' names and types come from the cache. An applicant's
request reads some 70 columns (the tenant, the token with its user, the application), and making their Column
objects was the largest single item of its CPU time in ``benchmarks/request_cost.py`` (about 4 %).

:class:`Cursor` answers the same description, built lazily: the same Column objects, made from the same result
when an item is first read (and kept), never from a later result of the cursor. It is passed to psycopg as its
``cursor_factory`` (``service.config``), psycopg's documented way to use a cursor class of one's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import Column, pq

_ROWS = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.SINGLE_TUPLE, pq.ExecStatus.TUPLES_CHUNK)


class _Frozen:
    """What psycopg's Column reads of its cursor, as it was when the description was asked for."""

    __slots__ = ("pgresult", "_encoding", "adapters")

    def __init__(self, cursor: psycopg.Cursor):
        self.pgresult = cursor.pgresult
        self._encoding = cursor._encoding  # noqa: SLF001 - what Column.__init__ reads (psycopg 3.3)
        self.adapters = cursor.adapters


class Description(Sequence):
    """``cursor.description``: a list of psycopg Column objects, each made when first read."""

    __slots__ = ("_source", "_columns")

    def __init__(self, cursor: psycopg.Cursor, count: int):
        self._source = _Frozen(cursor)
        self._columns: list[Column | None] = [None] * count

    def __len__(self) -> int:
        return len(self._columns)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._columns)))]
        column = self._columns[index]
        if column is None:
            position = index if index >= 0 else index + len(self._columns)
            column = self._columns[index] = Column(self._source, position)
        return column

    def __eq__(self, other: object) -> bool:
        return list(self) == other if isinstance(other, list | tuple | Description) else NotImplemented

    __hash__ = None  # a list is not hashable either

    def __repr__(self) -> str:
        return repr(list(self))


class Cursor(psycopg.Cursor):
    @property
    def description(self) -> Description | None:
        # The same condition as psycopg's own description (psycopg/_cursor_base.py).
        result = self.pgresult
        if result and (result.nfields or result.status in _ROWS):
            return Description(self, result.nfields)
        return None
