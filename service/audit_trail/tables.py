"""The ORM class and the columns behind a table name the trail recorded."""

from __future__ import annotations

from functools import cache

from service.extensions import db


@cache
def _models() -> dict:
    return {mapper.local_table.name: mapper.class_ for mapper in db.Model.registry.mappers}


def model_of(table: str):
    """The mapped class of the table, or None (a table the code no longer has)."""
    return _models().get(table)


def column_of(table: str, name: str):
    """The column of that name in the table, or None (a field renamed or dropped since it was recorded)."""
    model = model_of(table)
    return model.__table__.columns.get(name) if model is not None else None
