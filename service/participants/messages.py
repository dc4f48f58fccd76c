"""What the register says about impossible dates, in the reader's language."""

from __future__ import annotations

from flask_babel import format_number
from flask_babel import gettext as _

from service.participants.rules import OLDEST


def date_message(reason: str) -> str:
    return {
        "born_future": lambda: _("The date of birth cannot be in the future."),
        "born_too_old": lambda: _("The date of birth is more than %(years)s years ago: check it.", years=OLDEST),
        "participation_future": lambda: _("The first participation cannot be in the future."),
        "participation_before_birth": lambda: _("The first participation cannot be before the date of birth."),
    }[reason]()


def identity_number_message() -> str:
    return _("This looks like a personal identity number. The register keeps no identity numbers: write only the name.")


def column_label(column: str | None) -> str:
    return {
        "first_name": lambda: _("First name"),
        "last_name": lambda: _("Last name"),
        "date_of_birth": lambda: _("Date of birth"),
        "sex": lambda: _("Sex"),
        "first_participation": lambda: _("First participation"),
        "indicators": lambda: _("Indicators"),
    }.get(column or "", lambda: "")()


def import_message(error: dict) -> str:
    """An import's problem (service.participants.imports), in the reader's language: never the value typed."""
    params = error.get("params") or {}
    code = error["code"]
    if code in ("born_future", "born_too_old", "participation_future", "participation_before_birth"):
        return date_message(code)
    messages = {
        "encoding": lambda: _("The file is not text in UTF-8. Save it as CSV UTF-8 (or as an XLSX workbook)."),
        "unreadable": lambda: _("The file could not be read as a CSV file or an XLSX workbook."),
        "empty": lambda: _("The file has no participants under its header row."),
        "too_many_rows": lambda: _(
            "The file has more than %(limit)s rows. Split it into smaller files.", limit=format_number(params["limit"])
        ),
        "missing_columns": lambda: _(
            "The header row lacks the columns: %(columns)s.",
            columns=", ".join(column_label(c) for c in params.get("columns", [])),
        ),
        "required": lambda: _("The cell is empty."),
        "formula": lambda: _("The cell holds a spreadsheet formula. Write the value itself."),
        "identity_number": identity_number_message,
        "name": lambda: _("Write a name with at least one letter."),
        "date": lambda: _("Write the date as 2025-03-01 or 1.3.2025."),
        "outside_period": lambda: _("The first participation must be inside the project period."),
        "sex": lambda: _("Write woman, man or non-binary (in English, Swedish or Finnish)."),
        "indicator": lambda: _(
            "Write one or more of the project's participant indicators: %(codes)s.", codes=params.get("allowed", "")
        ),
        "more": lambda: _("And %(count)s more problems.", count=params.get("count", 0)),
        "gave_up": lambda: _(
            "The import failed %(count)s times, so nothing was imported and the file was deleted. Upload it again; "
            "if it fails again, tell the managing authority.",
            count=params.get("count", 0),
        ),
    }
    return messages[code]()
