"""Posting to the ledger (append-only) and converting each entry to euro at the rate of its month.

CPR Art. 87: a non-euro amount is converted at the Commission's monthly accounting rate of the month in which
the expenditure was recorded in the accounts; ``recorded_on`` is that day (in the tenant's time zone), the
conversion keeps the rate, its version and the month, and is never redone. A rate missing for the month leaves
the entry unconverted (nobody is blocked) and raises an alert to the platform administrator; the periodic job
converts it once the rate is loaded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from service.claims.models import LedgerConversion, LedgerEntry
from service.claims.models.ledger import KINDS
from service.exchange import alerts
from service.exchange.operations import RateBook, RateMissing
from service.extensions import db
from service.money import ZERO, to_cents
from service.tenancy.current import current_tenant, tenant_today
from service.tenancy.model_base import utcnow


def today() -> date:
    """The day in the MA's accounts: today in the tenant's time zone."""
    return tenant_today()


def post(
    kind: str,
    *,
    project_id: int,
    currency: str,
    user,
    amount: Decimal = ZERO,
    eu_amount: Decimal = ZERO,
    claim_id: int | None = None,
    line_id: int | None = None,
    payment_id: int | None = None,
    recovery_id: int | None = None,
    category: str | None = None,
    error_type: str | None = None,
    recorded_on: date | None = None,
    convert_now: bool = True,
) -> LedgerEntry | None:
    """One signed entry; nothing is posted for a movement of zero. A caller posting many entries at once passes
    ``convert_now=False`` and converts them together (one read of the rates, not one per entry)."""
    if kind not in KINDS:
        raise ValueError(f"unknown ledger entry kind {kind!r}")
    if amount == 0 and eu_amount == 0:
        return None
    entry = LedgerEntry(
        project_id=project_id,
        claim_id=claim_id,
        line_id=line_id,
        payment_id=payment_id,
        recovery_id=recovery_id,
        kind=kind,
        category=category,
        error_type=error_type,
        currency=currency,
        amount=amount,
        eu_amount=eu_amount,
        recorded_on=recorded_on or today(),
        created_by=user.id,
        created_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    if convert_now:
        convert([entry])
    return entry


def convert(entries: list[LedgerEntry]) -> int:
    """Convert entries not yet converted, at the rate of their month; returns how many were converted. A
    missing rate is reported (alert) and the entry waits."""
    if not entries:
        return 0
    done = set(
        db.session.scalars(
            select(LedgerConversion.entry_id).where(LedgerConversion.entry_id.in_([e.id for e in entries]))
        )
    )
    pending = [e for e in entries if e.id not in done]
    book = RateBook([(e.currency, e.recorded_on) for e in pending])
    converted, reported = 0, set()
    for entry in pending:
        try:
            amount = book.to_euro(entry.amount, entry.currency, entry.recorded_on)
            eu_amount = book.to_euro(entry.eu_amount, entry.currency, entry.recorded_on)
        except RateMissing as missing:
            if (missing.currency, missing.month) not in reported:
                reported.add((missing.currency, missing.month))
                rate_missing(missing)
            continue
        db.session.add(
            LedgerConversion(
                entry_id=entry.id,
                month=amount.month,
                rate=amount.rate,
                rate_version=amount.version,
                amount_eur=to_cents(amount.euro.amount),
                eu_amount_eur=to_cents(eu_amount.euro.amount),
                converted_at=utcnow(),
            )
        )
        converted += 1
    db.session.flush()
    return converted


def rate_missing(missing: RateMissing) -> None:
    """Tell the platform administrator a rate is missing for a month in use; nobody waits for it."""
    alerts.record_missing(missing.currency, missing.month, tenant_code=current_tenant().code, purpose="claims")


def convert_pending() -> int:
    """The periodic job's work in one tenant: convert every entry still waiting for its month's rate."""
    waiting = list(
        db.session.scalars(
            select(LedgerEntry)
            .outerjoin(LedgerConversion, LedgerConversion.entry_id == LedgerEntry.id)
            .where(LedgerConversion.id.is_(None))
            .order_by(LedgerEntry.id)
        )
    )
    return convert(waiting)
