"""The ledger: every movement of money on a project as a signed, append-only entry. Each cumulative figure
(claimed, verified, paid, advance outstanding, owed) is a sum over it (service.claims.figures), never a
column kept up to date beside it.

``amount`` is expenditure in the tenant's currency, ``eu_amount`` the Fund's share in the same currency.
Kinds and signs:
  claimed    +expenditure (at each submission, the change since the last: a resubmitted line posts the difference)
  deducted   -expenditure refused or reduced on verification
  parked     -expenditure deferred to a later claim (claimed again there)
  advanced   +EU paid ahead of expenditure (pre-financing)
  paid       +EU transferred against a claim
  cleared    +EU of a claim settled by the advance instead of a transfer
  recovered  -expenditure and -EU: an irregularity withdrawn; the EU part is owed back
  repaid     +EU the beneficiary paid back of what is owed
  offset     +EU of what is owed netted against a payment
  unjustified +EU of an advance the final balance found no expenditure for: no longer outstanding, owed back
The euro figure of each entry (CPR Art. 87: at the Commission's rate of the month the entry was recorded in
the MA's accounts) is a separate append-only row, written once the month's rate is known."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKeyConstraint, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.money.columns import MONEY
from service.tenancy.model_base import TenantOwned, UTCDateTime, utcnow

KINDS = (
    "claimed",
    "deducted",
    "parked",
    "advanced",
    "paid",
    "cleared",
    "recovered",
    "repaid",
    "offset",
    "unjustified",
)
INDIRECT = "indirect"  # the category of the flat-rate indirect costs' entries


class LedgerEntry(TenantOwned, db.Model):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "project_id"], ["projects.tenant_id", "projects.id"]),
        ForeignKeyConstraint(["tenant_id", "claim_id"], ["claims.tenant_id", "claims.id"]),
        ForeignKeyConstraint(["tenant_id", "line_id"], ["claim_lines.tenant_id", "claim_lines.id"]),
        ForeignKeyConstraint(["tenant_id", "payment_id"], ["payments.tenant_id", "payments.id"]),
        ForeignKeyConstraint(["tenant_id", "recovery_id"], ["recoveries.tenant_id", "recoveries.id"]),
        UniqueConstraint("tenant_id", "id"),
    )
    __audit__ = False  # append-only, itself the record

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int]
    claim_id: Mapped[int | None]
    line_id: Mapped[int | None]
    payment_id: Mapped[int | None]
    recovery_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(24))  # a line category, or "indirect"
    error_type: Mapped[str | None] = mapped_column(String(40))  # a deduction's typology
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    eu_amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    recorded_on: Mapped[date] = mapped_column(Date)  # the day in the MA's accounts (tenant's time zone)
    created_by: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerConversion(TenantOwned, db.Model):
    """An entry in euro, at the rate of its month (frozen: the rate version is kept; a corrected rate later
    does not change it)."""

    __tablename__ = "ledger_conversions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "entry_id"], ["ledger_entries.tenant_id", "ledger_entries.id"]),
        UniqueConstraint("tenant_id", "entry_id"),
    )
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int]
    month: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(Numeric(19, 8, asdecimal=True))  # units of the currency per euro
    rate_version: Mapped[int | None]  # None for the euro, which needs no rate
    amount_eur: Mapped[Decimal] = mapped_column(MONEY)
    eu_amount_eur: Mapped[Decimal] = mapped_column(MONEY)
    converted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
