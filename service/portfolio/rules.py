"""The portfolio's pure rules: shares and percentages as the Swedish evaluation shows them (seed 000, tables 3
and 5–11), to one decimal, rounded half up; none when there is nothing to divide by (the tables' "NA")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


def share(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """``part`` ÷ ``whole`` in percent with one decimal, half up (e.g. 71 039 ÷ 126 822 = 56.0 %)."""
    if whole is None or whole == 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)
