"""The list as CSV or XLSX with the Kohesio column names as headers (service.publication.rules.COLUMNS). Each
file is checked against the declared columns and the list's rules before it leaves: a row with another set of
columns, or one that breaks a rule, refuses the download (409) instead of publishing a wrong file."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from service.errors import Conflict
from service.exports import Column, requested_format, send_table
from service.publication import rules
from service.publication.models import PublicationEdition

COLUMNS = [Column(column.name, column.name, column.kind) for column in rules.COLUMNS]


def checked(rows: list[dict], removed: frozenset[int]) -> list[dict]:
    """The rows, once each has exactly the declared columns and keeps the rules; else 409 naming them."""
    problems: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        if tuple(row) != rules.NAMES:
            code = str(row.get("Operation_Unique_Identifier") or f"#{index + 1}")
            problems.setdefault(code, []).append(_("The row does not have the list's columns."))
    for code, found in rules.edition_problems(rows, removed).items():
        problems.setdefault(code, []).extend(found)
    if problems:
        raise Conflict(_("The file does not follow the list's columns and rules."), details={"operations": problems})
    return rows


def requested_file(args, edition: PublicationEdition | None, rows: list[dict]):
    """The latest edition as a file when ``?format=`` asks for one (csv | xlsx; another is 422), else None; before
    the first edition there is no file (404)."""
    if "format" not in args:
        return None
    format = requested_format(args)
    if edition is None:
        abort(404)
    return download(edition, rows, format)


def download(edition: PublicationEdition, rows: list[dict], format: str):
    removed = frozenset(
        i for i, row in enumerate(edition.rows) if row.natural_person and not rows[i]["Beneficiary_Name"]
    )
    title = _(
        "List of operations, edition %(sequence)s of %(day)s",
        sequence=edition.sequence,
        day=edition.published_on.isoformat(),
    )
    filename = f"list-of-operations-{edition.published_on.isoformat()}"
    return send_table(format, filename, title, COLUMNS, checked(rows, removed), sheet_name=_("Operations"))
