"""The calendar and the versions of what the managing authority sends the Commission (pure rules).

Data transmission (CPR Art. 42(1)–(2), template Annex VII): cumulative data by 31 January, 30 April, 31 July,
30 September and 30 November, each as at the end of the month before (the cut-off); indicator values (Annex VII
Tables 2–3) only with the January and July transmissions. SFC2021 names a version by the year and month of its
cut-off: the transmission due 31 January 2023 is "202212", the one due 30 April 2023 "202303" (FACTS.md). A
correction is a new version of the same cut-off, never a change to one sent.

Payment application (CPR Art. 91): per accounting year, 1 July to 30 June (CPR Art. 2(29)).
Annual performance report (AMIF Art. 35(1)): by 15 February of each year, for the preceding calendar year.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

DUE_MONTHS = (1, 4, 7, 9, 11)  # CPR Art. 42(1): due 31 Jan, 30 Apr, 31 Jul, 30 Sep, 30 Nov
INDICATOR_MONTHS = (1, 7)  # CPR Art. 42(1)–(2): indicator values with the January and July transmissions only
VERSION = re.compile(r"^([1-9][0-9]{3})(0[1-9]|1[0-2])$")
# The OpenAPI document's pattern of a version: a year and the month of one of the cut-offs (the month before each
# due month), e.g. 202512.
VERSION_PATTERN = "^[1-9][0-9]{3}(" + "|".join(f"{(month - 2) % 12 + 1:02d}" for month in DUE_MONTHS) + ")$"


class NotACutOff(ValueError):
    """A day or a version that is not one of the Art. 42 cut-offs."""


def _last_day(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


@dataclass(frozen=True)
class CutOff:
    due: date  # the day the transmission is due: 31 January, 30 April, …

    @property
    def as_at(self) -> date:
        """The cut-off: the cumulative data are as at the last day of the month before the due day."""
        year, month = (self.due.year, self.due.month - 1) if self.due.month > 1 else (self.due.year - 1, 12)
        return _last_day(year, month)

    @property
    def version(self) -> str:
        """SFC2021's name of the version: the cut-off's year and month, "202212" for the one due 31 January 2023."""
        return f"{self.as_at.year}{self.as_at.month:02d}"

    @property
    def with_indicators(self) -> bool:
        return self.due.month in INDICATOR_MONTHS


def due_in(year: int, month: int) -> CutOff:
    """The transmission due in ``month`` of ``year`` (one of the five months of Art. 42(1))."""
    if month not in DUE_MONTHS:
        raise NotACutOff(f"{year}-{month:02d}")
    return CutOff(_last_day(year, month))


def from_version(version: str) -> CutOff:
    """ "202212" → the transmission due 31 January 2023. Raises NotACutOff for anything else."""
    match = VERSION.match(version or "")
    if not match:
        raise NotACutOff(str(version))
    year, month = int(match.group(1)), int(match.group(2))
    due_year, due_month = (year, month + 1) if month < 12 else (year + 1, 1)
    if due_year > date.max.year:
        raise NotACutOff(str(version))  # 999912: due in the year 10000, which no date holds
    return due_in(due_year, due_month)


def cut_offs_between(start: date, end: date) -> list[CutOff]:
    """Every transmission whose cut-off falls from ``start`` to ``end``, both included, in order."""
    found = []
    for year in range(start.year, end.year + 2):
        for month in DUE_MONTHS:
            candidate = due_in(year, month)
            if start <= candidate.as_at <= end:
                found.append(candidate)
    return found


def latest_cut_off(today: date) -> CutOff:
    """The transmission with the latest cut-off before ``today`` (its data period has ended)."""
    return cut_offs_between(date(today.year - 1, 1, 1), today - timedelta(days=1))[-1]


def is_future(cut: CutOff, today: date) -> bool:
    """A transmission can be built only once its cut-off day has passed in the tenant's calendar."""
    return cut.as_at >= today


def accounting_year(day: date) -> tuple[date, date]:
    """The accounting year containing ``day``: 1 July – 30 June (CPR Art. 2(29))."""
    start_year = day.year if day.month >= 7 else day.year - 1
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)


def performance_report_due(year: int) -> date:
    """The annual performance report on ``year`` is due by 15 February of the next year (AMIF Art. 35(1))."""
    return date(year + 1, 2, 15)


FUND = "AMIF"  # the Fund of every programme the product keeps (Regulation (EU) 2021/1147)
KEYS = {"financial": ("specific_objective", "type_of_intervention"), "indicators": ("code",)}
# What names a line rather than counts on it (the reference data's words, kept with a version since they were):
# a name written for the first time, or corrected, is not a change of the figures sent.
DESCRIPTIVE = frozenset({"type_of_intervention_name", "name", "unit", "kind"})


def indicator_kind(code: str, kind: str | None = None) -> str:
    """Output (Annex VII Table 2) or result (Table 3): the catalogue's kind, else the code's letter (AMIF Annex
    VIII codes outputs "O.<SO>.<n>" and results "R.<SO>.<n>"; a transmission holds only indicators coded so)."""
    if kind in ("output", "result"):
        return kind
    return "result" if (code or "").upper().startswith("R") else "output"


def differences(previous: dict | None, current: dict) -> list[dict]:
    """What changed in Table 1 and Tables 2–3 from ``previous`` (a frozen version's content) to ``current``:
    [{"table", "line" ("SO1/001" or the indicator's code), "field", "before", "after"}]; a line added has
    ``before`` None for each of its fields, a line gone ``after`` None. In the order of the tables' lines."""
    found: list[dict] = []
    for table, key_fields in KEYS.items():
        before = {_key(row, key_fields): row for row in ((previous or {}).get(table) or [])}
        after = {_key(row, key_fields): row for row in (current.get(table) or [])}
        for line in sorted(before.keys() | after.keys()):
            old, new = before.get(line, {}), after.get(line, {})
            for name in sorted((old.keys() | new.keys()) - set(key_fields) - DESCRIPTIVE):
                if old.get(name) != new.get(name):
                    found.append(
                        {"table": table, "line": line, "field": name, "before": old.get(name), "after": new.get(name)}
                    )
    return found


def _key(row: dict, fields: tuple[str, ...]) -> str:
    return "/".join(str(row[name]) for name in fields)
