"""Database columns of money: amounts as numeric(15, 2) — up to MAX_AMOUNT, whole cents — and rates in
percent as numeric(5, 2). Never float."""

from __future__ import annotations

from sqlalchemy import Numeric

MONEY = Numeric(15, 2, asdecimal=True)
RATE = Numeric(5, 2, asdecimal=True)
