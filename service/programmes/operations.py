"""Changing the national programme: budgets per specific objective, indicator milestones and
targets, programme-specific indicators. Every saved change is a new version (who, when, why).

Plain functions: they validate everything before applying anything, then flush; the request,
job or command commits. Messages are translated at call time, in the caller's language.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from service.audit.recorder import current_actor
from service.extensions import db
from service.programmes import checks
from service.programmes.models import (
    Programme,
    ProgrammeAllocation,
    ProgrammeIndicator,
    ProgrammeSpecificIndicator,
    ProgrammeVersion,
)
from service.programmes.presenters import snapshot
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant

ZERO = Decimal("0.00")


class ProgrammeInvalid(ValueError):
    """The change cannot be saved; ``errors`` maps a field path (``allocations.0.eu_contribution``) to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(", ".join(errors))
        self.errors = errors


class ProgrammeConflict(RuntimeError):
    """The programme was saved by someone else since the version the caller read."""

    def __init__(self, current: int):
        super().__init__(f"the programme is at version {current}")
        self.current = current

    def message(self) -> str:
        return _(
            "Someone else saved version %(number)s of the programme in the meantime. "
            "Reload it, then make your change again.",
            number=self.current,
        )


def edit_programme(
    programme: Programme, *, changes: dict, reason: str, actor, expected_version: int
) -> ProgrammeVersion:
    """Apply ``changes`` (lists ``allocations``, ``indicators``, ``specific_indicators``; only the
    lines and values given change) and save them as the next version, by ``actor``, for ``reason``.

    Raises :class:`ProgrammeConflict` when the programme is no longer at ``expected_version``
    and :class:`ProgrammeInvalid` (nothing applied) when any value is not acceptable.
    """
    # Lock the programme row until commit: two editors of the same version cannot both win.
    db.session.scalar(
        select(Programme)
        .where(Programme.id == programme.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if programme.version != expected_version:
        raise ProgrammeConflict(programme.version)
    errors: dict[str, list[str]] = {}
    reason = checks.reason(reason, errors)
    languages = db.session.get(Tenant, programme.tenant_id).languages
    allocations = checks.allocations(changes.get("allocations") or [], errors)
    indicators = checks.indicators(changes.get("indicators") or [], errors)
    specific = checks.specific_indicators(changes.get("specific_indicators") or [], programme, languages, errors)
    if errors:
        raise ProgrammeInvalid(errors)
    before = snapshot(programme)
    _apply(programme, allocations, indicators, specific)
    if snapshot(programme) == before:
        raise ProgrammeInvalid(
            {
                "_changes": [
                    _("Nothing was changed: these are the values of version %(number)s.", number=programme.version)
                ]
            }
        )
    programme.version += 1
    return record_version(programme, reason=reason, origin="app", actor=actor)


def record_version(programme: Programme, *, reason: str, origin: str, actor=None) -> ProgrammeVersion:
    """Keep the programme's current content as version ``programme.version``."""
    db.session.flush()
    if actor is not None:
        saved_by, label = actor.id, actor.name or actor.email
    else:
        who, label, _request = current_actor()
        saved_by, label = None, label or who
    version = ProgrammeVersion(
        programme_id=programme.id,
        number=programme.version,
        origin=origin,
        saved_by=saved_by,
        saved_by_label=label[:254],
        saved_at=utcnow(),
        reason=reason,
        snapshot=snapshot(programme),
    )
    db.session.add(version)
    db.session.flush()
    return version


# --- applying a validated change ----------------------------------------------------------------


def _apply(programme: Programme, allocations: list, indicators: list, specific: list) -> None:
    lines = {a.objective_code: a for a in programme.allocations}
    for code, eu, national in allocations:
        line = lines.get(code)
        if line is None:  # a specific objective the programme had no budget line for
            line = ProgrammeAllocation(
                objective_code=code,
                position=len(programme.allocations),
                eu_contribution=ZERO,
                national_cofinancing=ZERO,
            )
            programme.allocations.append(line)
        line.eu_contribution = eu if eu is not None else line.eu_contribution
        line.national_cofinancing = national if national is not None else line.national_cofinancing
    used = {i.indicator_code: i for i in programme.indicators}
    for code, milestone, target in indicators:
        item = used.get(code)
        if item is None:  # the programme starts using a common indicator
            item = ProgrammeIndicator(
                indicator_code=code, position=len(programme.indicators), milestone_2024=0, target_2029=0
            )
            programme.indicators.append(item)
        item.milestone_2024 = milestone if milestone is not None else item.milestone_2024
        item.target_2029 = target if target is not None else item.target_2029
    own = {s.code: s for s in programme.specific_indicators}
    for change in specific:
        item = own.get(change["code"])
        if change.get("remove"):
            programme.specific_indicators.remove(item)
            continue
        if item is None:
            item = ProgrammeSpecificIndicator(code=change["code"], milestone_2024=0, target_2029=0)
            programme.specific_indicators.append(item)
        item.name = change["name"]
        item.unit = change["unit"] if change["unit"] is not None else item.unit
        item.milestone_2024 = change["milestone_2024"] if change["milestone_2024"] is not None else item.milestone_2024
        item.target_2029 = change["target_2029"] if change["target_2029"] is not None else item.target_2029
    for position, item in enumerate(programme.specific_indicators):
        item.position = position
