"""The ranking of a call against its budget, as the decisions stand: the assessment's order
(service.assessment.ranking), each grant in force counted by its granted EU amount, the running total, and
the funding line where what is left of the budget (service.decisions.budget) no longer covers the next
application. The ranking page, its print view for the decision meeting and the API show this.

The grants in force are out of what is left already. Going down the ranking, an application not decided yet
is above the line while what is left (and what is left of its specific objective's budget) covers its EU
amount (or the partial amount a person decided); the first that no longer fits is cut by the line (a person
may decide a partial amount for it) and every one after it is below. Rejected and ineligible applications
are outside the ranking: no place, no running total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from service.assessment import ranking as assessment
from service.assessment.ranking import Row
from service.calls.display import LocalText
from service.calls.models import Call
from service.decisions.budget import ZERO, CallBudget, call_budget

ABOVE = ("granted", "funded")


@dataclass(frozen=True)
class Entry:
    """What the funding line needs of a ranked application: the amount it counts for, whether it is a grant
    in force, and its specific objective (None: several)."""

    amount: Decimal
    granted: bool
    objective: str | None = None


def draw_funding_line(
    entries: Sequence[Entry], left: Decimal, objectives_left: Mapping[str, Decimal] | None = None
) -> list[str]:
    """granted, funded (above the line), partial (cut by it) or unfunded (below it) for each entry, in rank
    order. ``left`` and ``objectives_left`` are what the grants in force left of the call's budget and of the
    budgets per specific objective."""
    by_objective = dict(objectives_left or {})
    reached = False
    result = []
    for entry in entries:
        if entry.granted:
            result.append("granted")
            continue
        so_left = by_objective.get(entry.objective) if entry.objective else None
        fits = entry.amount <= left and (so_left is None or entry.amount <= so_left)
        if not reached and fits:
            result.append("funded")
            left -= entry.amount
            if so_left is not None:
                by_objective[entry.objective] = so_left - entry.amount
        elif not reached:
            reached = True
            result.append("partial" if left > 0 and (so_left is None or so_left > 0) else "unfunded")
        else:
            result.append("unfunded")
    return result


def line_position(funding: Sequence[str]) -> int:
    """How many ranked applications are above the funding line: it is drawn before the first one cut by it
    or below it (after the last one when every one fits)."""
    return next((index for index, value in enumerate(funding) if value not in ABOVE), len(funding))


@dataclass
class Line:
    """A ranked application against the budget."""

    row: Row
    granted: Decimal | None  # the EU amount of its grant in force
    funding: str
    cumulative: Decimal

    @property
    def counted(self) -> Decimal:
        """What it counts for in the running total: its grant in force, else what is considered for it."""
        return self.granted if self.granted is not None else self.row.considered


@dataclass
class CallRanking:
    call: Call
    budget: CallBudget
    criteria: list[tuple[str, LocalText]]
    lines: list[Line]
    outside: list[Row]
    not_assessed: list[Row]
    funding_line_after: int  # the place of the last application above the funding line; 0: none
    objective_budgets: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def proposed(self) -> Decimal:
        """The EU amounts of the applications above the funding line not decided yet."""
        return sum((line.counted for line in self.lines if line.funding == "funded"), ZERO)

    @property
    def undecided_ties(self) -> bool:
        return any(line.row.tied for line in self.lines)


def _objective_budgets(call: Call, lines: list[Line]) -> dict[str, dict[str, Decimal]]:
    figures = {
        o.objective_code: {"budget": o.budget, "granted": ZERO, "funded": ZERO, "requested": ZERO}
        for o in call.objectives
        if o.budget is not None
    }
    for line in lines:
        budget = figures.get(line.row.objective) if line.row.objective else None
        if budget is None:
            continue
        budget["requested"] += line.counted
        if line.granted is not None:
            budget["granted"] += line.granted
        if line.funding in ABOVE:
            budget["funded"] += line.counted
    return figures


def outcome(row: Row) -> str:
    """Why an application is outside the ranking: rejected (by a decision or by the call's rules) or
    ineligible."""
    return "ineligible" if row.state == "ineligible" else "rejected"


def _objectives_left(call: Call, entries: list[Entry]) -> dict[str, Decimal]:
    """What the grants in force left of each specific objective's budget."""
    left = {o.objective_code: o.budget for o in call.objectives if o.budget is not None}
    for entry in entries:
        if entry.granted and entry.objective in left:
            left[entry.objective] -= entry.amount
    return left


def call_ranking(call: Call) -> CallRanking:
    order = assessment.ranking(call)
    budget = call_budget(call)
    grants = [budget.grants.get(row.application.id) for row in order.ranked]
    entries = [
        Entry(amount=row.considered if grant is None else grant, granted=grant is not None, objective=row.objective)
        for row, grant in zip(order.ranked, grants, strict=True)
    ]
    funding = draw_funding_line(entries, budget.left, _objectives_left(call, entries))
    lines, cumulative = [], ZERO
    for row, grant, entry, value in zip(order.ranked, grants, entries, funding, strict=True):
        cumulative += entry.amount
        lines.append(Line(row=row, granted=grant, funding=value, cumulative=cumulative))
    return CallRanking(
        call=call,
        budget=budget,
        criteria=order.criteria,
        lines=lines,
        outside=order.outside,
        not_assessed=order.not_assessed,
        funding_line_after=line_position(funding),
        objective_budgets=_objective_budgets(call, lines),
    )
