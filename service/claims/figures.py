"""Every cumulative figure of a project's money, summed from the ledger (service.claims.models.ledger): nothing
here is stored, so nothing can drift from the entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from service.claims.models import Claim, LedgerConversion, LedgerEntry
from service.extensions import db
from service.money import ZERO


@dataclass
class ProjectFigures:
    """Expenditure (tenant currency): claimed, deducted, parked, recovered; verified = claimed − deducted −
    parked of verified claims. EU money: advanced, paid, cleared, offset, repaid, and what follows."""

    totals: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    eu: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    by_category: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    verified_expenditure: Decimal = ZERO

    @property
    def claimed(self) -> Decimal:
        return self.totals["claimed"]

    @property
    def standing(self) -> Decimal:
        """Expenditure claimed and not deducted, parked or recovered: what counts against the grant."""
        return sum((self.totals[k] for k in ("claimed", "deducted", "parked", "recovered")), ZERO)

    @property
    def paid(self) -> Decimal:
        """Transferred to the beneficiary: advances and payments (before anything repaid)."""
        return self.eu["advanced"] + self.eu["paid"]

    @property
    def advance_outstanding(self) -> Decimal:
        """Advanced and not yet cleared by a claim, nor found unjustified at the final balance."""
        return self.eu["advanced"] - self.eu["cleared"] - self.eu["unjustified"]

    @property
    def entitled(self) -> Decimal:
        """The EU share verified claims entitled to, net of recoveries (their EU part is negative)."""
        return self.eu["paid"] + self.eu["cleared"] + self.eu["offset"] + self.eu["recovered"]

    @property
    def owed(self) -> Decimal:
        """What the beneficiary owes back (recoveries, an advance the final balance left unjustified) and has not
        repaid or had offset."""
        return -self.eu["recovered"] + self.eu["unjustified"] - self.eu["repaid"] - self.eu["offset"]

    @property
    def net_paid(self) -> Decimal:
        return self.paid - self.eu["repaid"]


def project_figures(project_id: int, *, exclude_claim: int | None = None) -> ProjectFigures:
    """The project's figures from its ledger (``exclude_claim``: as if that claim were not there)."""
    query = (
        select(
            LedgerEntry.kind,
            LedgerEntry.category,
            Claim.status,
            func.sum(LedgerEntry.amount),
            func.sum(LedgerEntry.eu_amount),
        )
        .outerjoin(Claim, Claim.id == LedgerEntry.claim_id)
        .where(LedgerEntry.project_id == project_id)
        .group_by(LedgerEntry.kind, LedgerEntry.category, Claim.status)
    )
    if exclude_claim is not None:
        query = query.where((LedgerEntry.claim_id.is_(None)) | (LedgerEntry.claim_id != exclude_claim))
    figures = ProjectFigures()
    for kind, category, status, amount, eu_amount in db.session.execute(query):
        amount, eu_amount = Decimal(amount or 0), Decimal(eu_amount or 0)
        figures.totals[kind] += amount
        figures.eu[kind] += eu_amount
        counts_as_verified = kind == "recovered" or (status == "verified" and kind in ("claimed", "deducted", "parked"))
        if counts_as_verified:
            figures.verified_expenditure += amount
        if category:
            row = figures.by_category.setdefault(category, defaultdict(lambda: ZERO))
            row[kind] += amount
            if counts_as_verified:
                row["verified"] += amount
    return figures


def standing_by_category(project_id: int, *, exclude_claim: int | None = None) -> dict[str, Decimal]:
    """Expenditure standing per category in the project's claims (claimed less deducted, parked, recovered)."""
    figures = project_figures(project_id, exclude_claim=exclude_claim)
    return {
        category: sum((kinds[k] for k in ("claimed", "deducted", "parked", "recovered")), ZERO)
        for category, kinds in figures.by_category.items()
    }


def claim_figures(claim_id: int) -> dict[str, Decimal]:
    """A claim's expenditure per kind: claimed, deducted, parked."""
    rows = db.session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.claim_id == claim_id)
        .group_by(LedgerEntry.kind)
    )
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for kind, amount in rows:
        totals[kind] = Decimal(amount or 0)
    return totals


@dataclass(frozen=True)
class InEuro:
    """Ledger entries in euro (CPR Art. 87), with the rates and months they were converted at, and how many
    wait for a month's rate."""

    amount: Decimal
    eu_amount: Decimal
    waiting: int
    rates: list[tuple]  # (month, rate, rate version), oldest month first


def in_euro(project_id: int, kinds: tuple[str, ...], *, claim_id: int | None = None) -> InEuro:
    conditions = [LedgerEntry.project_id == project_id, LedgerEntry.kind.in_(kinds)]
    if claim_id is not None:
        conditions.append(LedgerEntry.claim_id == claim_id)
    rows = db.session.execute(
        select(
            LedgerEntry.id,
            LedgerConversion.amount_eur,
            LedgerConversion.eu_amount_eur,
            LedgerConversion.month,
            LedgerConversion.rate,
            LedgerConversion.rate_version,
        )
        .outerjoin(LedgerConversion, LedgerConversion.entry_id == LedgerEntry.id)
        .where(*conditions)
    ).all()
    amount = sum((Decimal(r.amount_eur) for r in rows if r.amount_eur is not None), ZERO)
    eu_amount = sum((Decimal(r.eu_amount_eur) for r in rows if r.eu_amount_eur is not None), ZERO)
    waiting = sum(1 for r in rows if r.month is None)
    rates = sorted({(r.month, Decimal(r.rate), r.rate_version) for r in rows if r.month is not None})
    return InEuro(amount, eu_amount, waiting, rates)
