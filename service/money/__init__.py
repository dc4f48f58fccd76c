"""Money, in one place: an amount with its currency (:mod:`.amount`), how people write amounts
(:mod:`.parsing`), the one wire format and the one display (:mod:`.display`), a grant's financing whose
figures always agree (:mod:`.financing`), the database columns (:mod:`.columns`) and the API field
(:mod:`.fields`). No other code formats or parses amounts (tests/test_money_in_one_place.py).

Rounding (FACTS.md, Money): half up to the cent when converting or applying a flat rate (Reg. 1103/97
Art. 5); the EU share of a split is rounded down, so it never exceeds the rate, and the own contribution
takes the remainder, so the parts always add up.
"""

from service.money.amount import CENT, MAX_AMOUNT, ZERO, Money, eu_share, share_down, to_cents
from service.money.financing import Financing
from service.money.parsing import InvalidAmount, parse_amount

__all__ = [
    "CENT",
    "MAX_AMOUNT",
    "ZERO",
    "Financing",
    "InvalidAmount",
    "Money",
    "eu_share",
    "parse_amount",
    "share_down",
    "to_cents",
]
