"""Loading the Commission's rates and converting amounts to euro. Plain functions: they flush, the caller commits.

Loading is all or nothing: every row is checked against what is already loaded before anything is
written. A month already loaded at another rate is refused unless the caller says it is a correction
(and why); a correction adds a new version and keeps the old one, so figures converted before keep
the rate and month they were converted at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, tuple_, update

from service.audit.recorder import current_actor
from service.exchange.files import Problem, RateRow, RatesRefused, read_rates
from service.exchange.models import ExchangeRate, RateAlert
from service.exchange.rules import EURO, convert, first_of_month, month_text
from service.extensions import db
from service.money import Money
from service.tenancy.model_base import utcnow
from service.tenancy.scope import platform_scope


@dataclass(frozen=True)
class LoadResult:
    added: int = 0
    corrected: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Converted:
    """An amount in euro with what it was converted from and at: store all of it beside the figure."""

    euro: Money
    original: Money
    rate: Decimal  # units of the original currency per 1 EUR; 1 for the euro
    month: date  # the month whose rate was used (first day)
    version: int | None  # the rate's version; None for the euro, which needs no rate
    unverified: bool = False


class RateMissing(LookupError):
    """No rate is loaded for the currency and month: never converted at 1 by default."""

    def __init__(self, currency: str, month: date):
        super().__init__(f"no exchange rate for {currency} {month_text(month)}")
        self.currency = currency
        self.month = month

    def message(self) -> str:
        return _(
            "No exchange rate for %(currency)s in %(month)s has been loaded. The platform administrator "
            "loads the Commission's monthly rates (InforEuro).",
            currency=self.currency,
            month=month_text(self.month),
        )


def _versions(keys: Iterable[tuple[str, date]]) -> dict[tuple[str, date], list[ExchangeRate]]:
    keys = list(set(keys))
    found: dict[tuple[str, date], list[ExchangeRate]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = db.session.scalars(
            select(ExchangeRate)
            .where(tuple_(ExchangeRate.currency, ExchangeRate.month).in_(chunk))
            .order_by(ExchangeRate.version)
        )
        for row in rows:
            found.setdefault((row.currency, row.month), []).append(row)
    return found


def load_rates(rows: list[RateRow], *, source: str, correct: bool = False, reason: str = "") -> LoadResult:
    """Add the rates of ``rows``; with ``correct``, a differing rate for a loaded month becomes a new
    version with ``reason``. A row may carry its own correction reason (the shipped data files).
    Raises :class:`RatesRefused` and changes nothing when any row cannot be loaded."""
    reason = (reason or "").strip()
    if correct and not reason:
        raise RatesRefused([Problem(None, _("Say why the loaded rates are corrected."))])
    known = _versions((r.currency, r.month) for r in rows)
    planned: list[ExchangeRate] = []
    problems: list[Problem] = []
    unchanged = corrected = 0
    actor_label = current_actor()[1]
    for row in rows:
        versions = known.get((row.currency, row.month), [])
        values = (row.rate, row.unverified)
        if versions and (versions[-1].rate, versions[-1].unverified) == values:
            unchanged += 1
            continue
        why = reason if correct else row.correction_reason.strip()
        if versions and not why:
            if any((v.rate, v.unverified) == values for v in versions):
                unchanged += 1  # an earlier version's figure: known, and not put back without saying so
                continue
            problems.append(Problem(row.line, _changed_message(row, versions[-1])))
            continue
        corrected += 1 if versions else 0
        planned.append(
            ExchangeRate(
                currency=row.currency,
                month=row.month,
                version=versions[-1].version + 1 if versions else 1,
                rate=row.rate,
                source=(row.source or source)[:500],
                unverified=row.unverified,
                correction_reason=why if versions else "",
                loaded_by=actor_label[:254],
            )
        )
    if problems:
        raise RatesRefused(problems)
    with platform_scope():  # shared reference data: audited as the platform's, never a tenant's
        db.session.add_all(planned)
        db.session.flush()
        resolve_alerts((r.currency, r.month) for r in planned)
    return LoadResult(added=len(planned) - corrected, corrected=corrected, unchanged=unchanged)


def resolve_alerts(keys: Iterable[tuple[str, date]]) -> int:
    """Close the open alerts of these currencies and months (service.exchange.alerts): their rate is loaded."""
    keys = list(set(keys))
    resolved = 0
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        resolved += db.session.execute(
            update(RateAlert)
            .where(RateAlert.resolved_at.is_(None), tuple_(RateAlert.currency, RateAlert.month).in_(chunk))
            .values(resolved_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
    return resolved


def _changed_message(row: RateRow, current: ExchangeRate) -> str:
    return _(
        "%(currency)s %(month)s is already loaded at %(loaded)s; this says %(rate)s. To replace it, load it "
        "as a correction and say why (the earlier rate is kept).",
        currency=row.currency,
        month=month_text(row.month),
        loaded=_plain(current.rate),
        rate=_plain(row.rate),
    )


def _plain(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def import_rates_file(
    data: bytes, *, source: str, month: date | None = None, correct: bool = False, reason: str = ""
) -> LoadResult:
    """Read a file the Commission publishes and load its rates, all or nothing."""
    return load_rates(read_rates(data, month=month, source=source), source=source, correct=correct, reason=reason)


class RateBook:
    """The current rates of some currencies and months, read in one query, for converting many amounts."""

    def __init__(self, wanted: Iterable[tuple[str, date]]):
        keys = [(c, first_of_month(m)) for c, m in wanted if c != EURO]
        self._rates = {key: versions[-1] for key, versions in _versions(keys).items()} if keys else {}

    def to_euro(self, amount: Decimal, currency: str, month) -> Converted:
        month = first_of_month(month)
        original = Money(amount, currency)
        if currency == EURO:  # the euro needs no rate: 1, explicitly
            return Converted(original, original, Decimal(1), month, None)
        rate = self._rates.get((currency, month))
        if rate is None:
            raise RateMissing(currency, month)
        return Converted(
            Money(convert(amount, rate.rate), EURO), original, rate.rate, month, rate.version, rate.unverified
        )


def to_euro(amount: Decimal, currency: str, month) -> Converted:
    """``amount`` in ``currency`` in euro at the Commission's rate of ``month`` ('YYYY-MM' or a date),
    rounded half up to the cent (CPR Art. 87; Reg. 1103/97 Art. 5). Raises :class:`RateMissing`."""
    return RateBook([(currency, month)]).to_euro(amount, currency, month)


def current_rate(currency: str, month) -> ExchangeRate | None:
    versions = _versions([(currency, first_of_month(month))]).get((currency, first_of_month(month)))
    return versions[-1] if versions else None
