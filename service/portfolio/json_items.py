"""Sums over the items of a JSON array stored in a document column, computed by the database: per item code, the
sum of one integer field and whether any item flagged another field. The portfolio's indicator figures read the
``indicators`` of frozen report submissions and project versions this way, instead of loading every document.

The documents are JSON (not JSONB), and the two databases spell its functions differently: PostgreSQL
``json_to_recordset(content -> 'indicators') AS item(code text, achieved bigint, …)``; SQLite (the embedded
default) ``json_each(content, '$.indicators')`` and ``json_extract(item.value, '$.code')``. Both count as Python did:
an item counts when its code is present and not empty and its value is not null; a value is an integer (a JSON
number or a string of digits); a flag is JSON ``true``. tests/test_portfolio_json_items.py holds both databases
to the same sums over the same documents.
"""

from __future__ import annotations

import re

from sqlalchemy import BigInteger, Boolean, Text, case, cast, column, func, literal, literal_column, select, true
from sqlalchemy.sql import ColumnElement, Select

from service.extensions import db

NAME = re.compile(r"^[a-z_]+$")  # the names are written into the SQL: the product's own keys only


def item_sums(
    document, ids: Select, *, array: str, value: str, flag: str | None = None
) -> tuple[dict[str, int], set[str]]:
    """Per code, the sum of ``value`` over the items of ``document``'s ``array`` in the rows whose id is in ``ids``
    (a select of one column), and the codes of which an item had ``flag`` true."""
    if not all(NAME.match(name) for name in (array, value, flag or "flag")):
        raise ValueError(f"not a key of the product's documents: {array!r}, {value!r}, {flag!r}")
    entity = document.class_
    if db.session.get_bind().dialect.name == "postgresql":
        items, code, amount, flagged = _postgresql_items(document, array, value, flag)
    else:
        items, code, amount, flagged = _sqlite_items(document, array, value, flag)
    statement = (
        select(code.label("code"), func.sum(amount), func.max(case((flagged, 1), else_=0)) if flag else literal(0))
        .select_from(entity)
        .join(items, true())
        .where(entity.id.in_(ids), code.is_not(None), code != "", amount.is_not(None))
        .group_by(code)
    )
    sums: dict[str, int] = {}
    flags: set[str] = set()
    for found, total, any_flag in db.session.execute(statement):
        sums[found] = int(total)
        if any_flag:
            flags.add(found)
    return sums, flags


def _postgresql_items(document, array: str, value: str, flag: str | None):
    """``json_to_recordset``: each document's array parsed once into typed columns (``->>`` would parse the item
    again for every field)."""
    columns = [column("code", Text), column(value, BigInteger)] + ([column(flag, Boolean)] if flag else [])
    items = (
        func.json_to_recordset(document.op("->")(literal_column(f"'{array}'")))
        .table_valued(*columns)
        .render_derived(name="item", with_types=True)
    )
    return items, items.c.code, items.c[value], items.c[flag].is_(True) if flag else None


def _sqlite_items(document, array: str, value: str, flag: str | None):
    items = func.json_each(document, literal_column(f"'$.{array}'")).table_valued("value").alias("item")

    def field(name: str) -> ColumnElement:
        return func.json_extract(items.c.value, literal_column(f"'$.{name}'"))

    return items, field("code"), cast(field(value), BigInteger), (field(flag) == literal_column("1")) if flag else None
