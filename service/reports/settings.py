"""A tenant's reporting calendar, ``tenants/<code>/reports.toml``: how long a reporting period is (for the tenant,
and for the calls that set their own rhythm), how many days after its end a progress report is due, how many days
before that the beneficiary is reminded, and how many days after the project's end the final report is due.
Checked by ``amif tenants sync`` (a wrong file is refused naming the field) and kept in the tenant's settings
under "reports"."""

from __future__ import annotations

from dataclasses import dataclass

from service.tenancy.current import current_tenant

PERIOD_MONTHS = (1, 2, 3, 4, 6, 12)
DAY_FIELDS = ("due_days", "reminder_days", "final_due_days")


@dataclass(frozen=True)
class ReportSettings:
    period_months: int
    due_days: int
    reminder_days: int
    final_due_days: int
    calls: dict[str, int]  # a call's reference -> its own period in months (Finland: "as configured per call")

    def months_for(self, call_reference: str | None) -> int:
        return self.calls.get(call_reference or "", self.period_months)


def check(part: dict, tenant: dict) -> None:
    """Refuse a calendar no report could follow; the message names the field."""
    if part.get("period_months") not in PERIOD_MONTHS:
        raise ValueError("reports.period_months must be 1, 2, 3, 4, 6 or 12 (a reporting period divides the year)")
    for key in DAY_FIELDS:
        value = part.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
            raise ValueError(f"reports.{key} must be a whole number of days between 0 and 365")
    calls = part.get("calls", {})
    if not isinstance(calls, dict):
        raise ValueError("reports.calls must be a table of call references")
    for reference, rhythm in calls.items():
        if not isinstance(rhythm, dict) or rhythm.get("period_months") not in PERIOD_MONTHS:
            raise ValueError(f"reports.calls.{reference}.period_months must be 1, 2, 3, 4, 6 or 12")


def report_settings() -> ReportSettings:
    part = (current_tenant().settings or {}).get("reports")
    if not part:
        raise LookupError("the tenant has no reports.toml: run `amif tenants sync`")
    calls = {reference: rhythm["period_months"] for reference, rhythm in part.get("calls", {}).items()}
    return ReportSettings(**{key: part[key] for key in ("period_months", *DAY_FIELDS)}, calls=calls)
