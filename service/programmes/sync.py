"""Loading a programme definition (``programme.toml``) into the current tenant."""

from __future__ import annotations

from sqlalchemy import select

from service.catalogue.models import Indicator, SpecificObjective
from service.extensions import db
from service.money import InvalidAmount, parse_amount
from service.programmes.models import Programme, ProgrammeAllocation, ProgrammeIndicator
from service.tenancy.sync import TenantDefinitionError


def sync_programme(data: dict, *, source: str) -> bool:
    """Create or update the programme; returns whether anything changed. Runs in a tenant scope."""

    def fail(message: str):
        raise TenantDefinitionError(f"{source}: {message}")

    cci = data.get("cci")
    if not isinstance(cci, str) or not cci:
        fail("cci is required")
    objectives = {o.code for o in db.session.scalars(select(SpecificObjective))}
    indicators = {i.code for i in db.session.scalars(select(Indicator))}
    programme = db.session.scalar(select(Programme).where(Programme.cci == cci))
    existed = programme is not None
    if programme is None:
        programme = Programme(cci=cci, title={}, period_start=2021, period_end=2027)
        db.session.add(programme)
    programme.title = dict(data.get("title", {}))
    programme.period_start = int(data.get("period_start", 2021))
    programme.period_end = int(data.get("period_end", 2027))
    programme.demo_values = bool(data.get("demo_values", False))

    by_code = {a.objective_code: a for a in programme.allocations}
    seen = set()
    for position, row in enumerate(data.get("allocation", [])):
        code = row.get("objective")
        if code not in objectives:
            fail(f"allocation {position + 1}: unknown specific objective {code!r} (run `amif reference sync`?)")
        try:
            eu = parse_amount(str(row.get("eu_contribution")))
            national = parse_amount(str(row.get("national_cofinancing", "0")))
        except InvalidAmount as error:
            fail(f"allocation {code}: amount not valid ({error})")
        allocation = by_code.get(code) or ProgrammeAllocation(objective_code=code)
        if allocation not in programme.allocations:
            programme.allocations.append(allocation)
        allocation.position, allocation.eu_contribution, allocation.national_cofinancing = position, eu, national
        seen.add(code)
    for code, allocation in by_code.items():
        if code not in seen:
            programme.allocations.remove(allocation)

    by_indicator = {i.indicator_code: i for i in programme.indicators}
    seen = set()
    for position, row in enumerate(data.get("indicator", [])):
        code = row.get("code")
        if code not in indicators:
            fail(f"indicator {position + 1}: {code!r} is not in the common indicator catalogue")
        milestone, target = row.get("milestone_2024", 0), row.get("target_2029", 0)
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (milestone, target)):
            fail(f"indicator {code}: milestone_2024 and target_2029 must be whole numbers ≥ 0")
        item = by_indicator.get(code) or ProgrammeIndicator(indicator_code=code)
        if item not in programme.indicators:
            programme.indicators.append(item)
        item.position, item.milestone_2024, item.target_2029 = position, milestone, target
        seen.add(code)
    for code, item in by_indicator.items():
        if code not in seen:
            programme.indicators.remove(item)

    changed = bool(db.session.new or db.session.deleted) or any(db.session.is_modified(o) for o in db.session.dirty)
    if changed and existed:
        programme.version += 1
    db.session.flush()
    return changed
