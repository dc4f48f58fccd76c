"""What is left of a call's budget: the one figure the ranking, the decision page and the API show, and the
one the grant terms and the approval check against.

What is left = the call's budget less the EU amounts of the grants in force: approved grant decisions, a
corrected grant counted by its correction (the latest approved decision on an application replaces the
earlier ones), a grant corrected into a rejection not at all. Prepared decisions commit nothing yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from service.calls.models import Call
from service.decisions.in_force import grants_in_force
from service.decisions.models import Decision

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CallBudget:
    """A call's budget, the EU amount of each grant in force (by application id), and what is left."""

    budget: Decimal
    currency: str
    grants: dict[int, Decimal]

    @property
    def granted(self) -> Decimal:
        return sum(self.grants.values(), ZERO)

    @property
    def left(self) -> Decimal:
        return self.budget - self.granted


def granted_amounts(call: Call) -> dict[int, Decimal]:
    """The EU amount of each grant in force in the call, by application id."""
    return {key: d.eu_amount for key, d in grants_in_force(Decision.call_id == call.id).items()}


def call_budget(call: Call, *, leaving_out: int | None = None) -> CallBudget:
    """The call's budget and its grants in force; ``leaving_out`` an application whose grant is being
    corrected (its new amount replaces the one in force)."""
    grants = {key: amount for key, amount in granted_amounts(call).items() if key != leaving_out}
    return CallBudget(budget=call.budget, currency=call.currency, grants=grants)


def granted_in_call(call: Call, *, leaving_out: int | None = None) -> Decimal:
    """The EU amount of the grants in force in the call (a corrected grant counts by its correction)."""
    return call_budget(call, leaving_out=leaving_out).granted


def remaining_budget(call: Call, *, leaving_out: int | None = None) -> Decimal:
    """What is left of the call's budget: its budget less the EU amounts of the grants in force."""
    return call_budget(call, leaving_out=leaving_out).left
