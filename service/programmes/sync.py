"""Loading a programme definition (``programme.toml``) into the current tenant."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from service.catalogue.models import Indicator, SpecificObjective
from service.extensions import db
from service.money import InvalidAmount, parse_amount
from service.programmes.models import Programme, ProgrammeAllocation, ProgrammeIndicator
from service.programmes.operations import record_version
from service.programmes.presenters import snapshot
from service.programmes.util import latest_version
from service.tenancy.sync import TenantDefinitionError


def sync_programme(data: dict, *, source: str) -> bool:
    """Create or update the programme; returns whether anything changed. Runs in a tenant scope.

    Each change from the file is saved as a version. Once the managing authority has saved a
    version in the app, the file no longer governs the programme: re-running the sync (every
    ``make run`` does) must not undo their work, so the file is then checked but not applied.
    """

    def fail(message: str):
        raise TenantDefinitionError(f"{source}: {message}")

    cci = data.get("cci")
    if not isinstance(cci, str) or not cci:
        fail("cci is required")
    allocations = _read_allocations(data, fail)
    indicators = _read_indicators(data, fail)
    programme = db.session.scalar(select(Programme).where(Programme.cci == cci))
    existed = programme is not None
    latest = latest_version(programme) if existed else None
    if latest is not None and latest.origin == "app":
        return False
    # Compared afterwards. (Checking the session's dirty objects missed changes to budget lines:
    # loading the indicators autoflushed them first.)
    before = (snapshot(programme), programme.demo_values) if existed else None
    if programme is None:
        programme = Programme(cci=cci, title={}, period_start=2021, period_end=2027)
        db.session.add(programme)
    programme.title = dict(data.get("title", {}))
    programme.period_start = int(data.get("period_start", 2021))
    programme.period_end = int(data.get("period_end", 2027))
    programme.demo_values = bool(data.get("demo_values", False))

    by_code = {a.objective_code: a for a in programme.allocations}
    for position, (code, eu, national) in enumerate(allocations):
        allocation = by_code.pop(code, None) or ProgrammeAllocation(objective_code=code)
        if allocation not in programme.allocations:
            programme.allocations.append(allocation)
        allocation.position, allocation.eu_contribution, allocation.national_cofinancing = position, eu, national
    for allocation in by_code.values():
        programme.allocations.remove(allocation)

    by_indicator = {i.indicator_code: i for i in programme.indicators}
    for position, (code, milestone, target) in enumerate(indicators):
        item = by_indicator.pop(code, None) or ProgrammeIndicator(indicator_code=code)
        if item not in programme.indicators:
            programme.indicators.append(item)
        item.position, item.milestone_2024, item.target_2029 = position, milestone, target
    for item in by_indicator.values():
        programme.indicators.remove(item)

    changed = before != (snapshot(programme), programme.demo_values)
    if changed and existed:
        programme.version += 1
    db.session.flush()
    if changed or latest is None:  # also a programme synced before versions existed (migration 0003)
        record_version(programme, reason=f"Synced from {_shown(source)}", origin="file")
    return changed


def _read_allocations(data: dict, fail) -> list[tuple]:
    objectives = {o.code for o in db.session.scalars(select(SpecificObjective))}
    rows = []
    for position, row in enumerate(data.get("allocation", [])):
        code = row.get("objective")
        if code not in objectives:
            fail(f"allocation {position + 1}: unknown specific objective {code!r} (run `amif reference sync`?)")
        if any(code == seen for seen, _eu, _national in rows):
            fail(f"allocation {code} is listed twice")
        try:
            eu = parse_amount(str(row.get("eu_contribution")))
            national = parse_amount(str(row.get("national_cofinancing", "0")))
        except InvalidAmount as error:
            fail(f"allocation {code}: amount not valid ({error})")
        rows.append((code, eu, national))
    return rows


def _read_indicators(data: dict, fail) -> list[tuple]:
    catalogue = {i.code for i in db.session.scalars(select(Indicator))}
    rows = []
    for position, row in enumerate(data.get("indicator", [])):
        code = row.get("code")
        if code not in catalogue:
            fail(f"indicator {position + 1}: {code!r} is not in the common indicator catalogue")
        if any(code == seen for seen, _milestone, _target in rows):
            fail(f"indicator {code} is listed twice")
        milestone, target = row.get("milestone_2024", 0), row.get("target_2029", 0)
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (milestone, target)):
            fail(f"indicator {code}: milestone_2024 and target_2029 must be whole numbers ≥ 0")
        rows.append((code, milestone, target))
    return rows


def _shown(source: str) -> str:
    """``tenants/se/programme.toml``: the file named from the tenants folder, not the server's path."""
    return "/".join(Path(source).parts[-3:])
