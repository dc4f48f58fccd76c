"""Alerts for the Commission's rates missing for a month in use: the platform administrator hears before
anyone waits for them.

Expenditure converts at the rate of the month in which it was recorded in the accounts (Regulation (EU)
2021/1060 Art. 87). When that rate is not loaded, :func:`convert_or_alert` records an alert and returns None:
the caller keeps the figure in its own currency and converts it later; nobody is blocked. One alert per
currency and month (``first_seen_at``, ``last_seen_at``, and which tenants need it for what); loading the rate
resolves it (``operations.load_rates``). :func:`months_ahead_check` opens the alerts of this and next month
for every tenant's currency in advance, so the administrator usually hears before the month is in use.

The alerts are platform data beside the rates (no tenant_id, no row-level security): a tenant's request or job
that finds a rate missing writes them in its own transaction, and the administrator, who sees no tenant's
rows, reads them. They name tenants by code and purposes by short labels, never amounts or people.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import exists, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from service.exchange.models import ExchangeRate, RateAlert, RateAlertNeed
from service.exchange.operations import Converted, RateMissing, resolve_alerts, to_euro
from service.exchange.rules import EURO, first_of_month, is_currency
from service.extensions import db
from service.tenancy.model_base import utcnow
from service.tenancy.models import Tenant

log = logging.getLogger(__name__)

# What a need is for: a short label of the caller's ("claims", "lump-sums"), shown to the administrator.
# Only such labels: the table has no row-level security, so no amounts, references or names go in it.
_PURPOSE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
_TENANT_CODE = re.compile(r"^[a-z]{1,8}$")
MONTHS_AHEAD = "months-ahead"  # the purpose of the needs months_ahead_check() records
# How long recording an alert may wait for a row another transaction is writing (PostgreSQL): then that
# transaction records it, and this one goes on without waiting (a long job must not hold up every request).
LOCK_WAIT = "500ms"


def convert_or_alert(amount: Decimal, currency: str, month, *, tenant_code: str, purpose: str) -> Converted | None:
    """``amount`` in euro at the Commission's rate of ``month`` (see ``operations.to_euro``; the euro converts
    at 1, never alerting), or None when the rate is not loaded: then an alert is recorded for the platform
    administrator and the caller keeps the figure unconverted and tries again later.

    Callable in a tenant's request or job: it writes in the caller's transaction (flush only), in a savepoint,
    so that a failure to record the alert never fails the caller."""
    if not is_currency(currency):
        raise ValueError(f"not a currency code: {currency!r}")
    _check_need(tenant_code, purpose)
    try:
        return to_euro(amount, currency, month)
    except RateMissing as missing:
        record_missing(missing.currency, missing.month, tenant_code=tenant_code, purpose=purpose)
        return None


def _check_need(tenant_code: str, purpose: str) -> None:
    if not isinstance(tenant_code, str) or not _TENANT_CODE.match(tenant_code):
        raise ValueError(f"not a tenant code: {tenant_code!r}")
    if not isinstance(purpose, str) or not _PURPOSE.match(purpose):
        raise ValueError(f"a purpose is a short lowercase label such as 'claims', not {purpose!r}")


def record_missing(currency: str, month, *, tenant_code: str, purpose: str) -> bool:
    """Open (or touch) the alert of ``currency`` and ``month`` and note that ``tenant_code`` needs it for
    ``purpose``. Returns False when it could not be written now (another transaction holds the row: that
    one records it); the caller's transaction is unharmed either way."""
    _check_need(tenant_code, purpose)
    month = first_of_month(month)
    now = utcnow()
    insert = _insert()
    db.session.flush()  # the caller's own pending changes: their errors are the caller's, never taken for ours
    try:
        with _short_lock_wait(), db.session.begin_nested():
            alert_id = db.session.execute(
                insert(RateAlert)
                .values(currency=currency, month=month, first_seen_at=now, last_seen_at=now)
                .on_conflict_do_update(index_elements=["currency", "month"], set_={"last_seen_at": now})
                .returning(RateAlert.id)
            ).scalar_one()
            db.session.execute(
                insert(RateAlertNeed)
                .values(alert_id=alert_id, tenant_code=tenant_code, purpose=purpose)
                .values(first_seen_at=now, last_seen_at=now)
                .on_conflict_do_update(
                    index_elements=["alert_id", "tenant_code", "purpose"], set_={"last_seen_at": now}
                )
            )
    except DBAPIError as error:
        if error.connection_invalidated:
            raise
        log.warning("exchange rate alert %s %s not recorded now: %s", currency, f"{month:%Y-%m}", error.orig)
        return False
    return True


def _insert():
    """The dialect's INSERT, which can say ON CONFLICT (PostgreSQL, and SQLite in the embedded default)."""
    return postgresql.insert if _dialect() == "postgresql" else sqlite.insert


def _dialect() -> str:
    return db.session.get_bind().dialect.name


@contextmanager
def _short_lock_wait() -> Iterator[None]:
    if _dialect() != "postgresql":
        yield
        return
    previous = db.session.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
    db.session.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": LOCK_WAIT})
    try:
        yield
    finally:
        db.session.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": previous})


def months_ahead_check(today: date | None = None) -> list[tuple[str, date]]:
    """For each currency other than the euro that an active tenant uses, open an alert when the rate of this
    month or of next month is not loaded, so that the administrator hears before the month is in use.
    Returns the (currency, month) alerted. Flushes only; the caller commits."""
    this_month = first_of_month(today or utcnow().date())
    months = (this_month, _next_month(this_month))
    users: dict[str, list[str]] = defaultdict(list)
    tenants = select(Tenant.code, Tenant.currency).where(Tenant.active.is_(True), Tenant.currency != EURO)
    for code, currency in db.session.execute(tenants.order_by(Tenant.code)):
        users[currency].append(code)
    loaded = set(
        db.session.execute(
            select(ExchangeRate.currency, ExchangeRate.month)
            .where(ExchangeRate.currency.in_(list(users)), ExchangeRate.month.in_(months))
            .distinct()
        ).tuples()
    )
    alerted = []
    for currency in sorted(users):
        for month in months:
            if (currency, month) in loaded:
                continue
            for code in users[currency]:
                record_missing(currency, month, tenant_code=code, purpose=MONTHS_AHEAD)
            alerted.append((currency, month))
    return alerted


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def resolve_loaded() -> int:
    """Resolve the open alerts whose rate is loaded after all: loaded while the transaction that opened the
    alert was still running, so that loading it could not see the alert."""
    keys = db.session.execute(
        select(RateAlert.currency, RateAlert.month).where(
            RateAlert.resolved_at.is_(None),
            exists().where(ExchangeRate.currency == RateAlert.currency, ExchangeRate.month == RateAlert.month),
        )
    ).tuples()
    return resolve_alerts(list(keys))


@dataclass(frozen=True)
class OpenAlert:
    id: int
    currency: str
    month: date
    first_seen_at: datetime
    last_seen_at: datetime
    mailed_at: datetime | None
    needs: tuple[tuple[str, str], ...]  # (tenant code, purpose), by tenant

    @property
    def tenants(self) -> tuple[str, ...]:
        return tuple(sorted({code for code, _ in self.needs}))


def open_alerts() -> list[OpenAlert]:
    """The alerts not yet resolved, earliest month first: the rates the administrator should load."""
    alerts = list(
        db.session.scalars(
            select(RateAlert).where(RateAlert.resolved_at.is_(None)).order_by(RateAlert.month, RateAlert.currency)
        )
    )
    needs: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if alerts:
        for alert_id, code, purpose in db.session.execute(
            select(RateAlertNeed.alert_id, RateAlertNeed.tenant_code, RateAlertNeed.purpose)
            .where(RateAlertNeed.alert_id.in_([a.id for a in alerts]))
            .order_by(RateAlertNeed.tenant_code, RateAlertNeed.purpose)
        ):
            needs[alert_id].append((code, purpose))
    return [
        OpenAlert(a.id, a.currency, a.month, a.first_seen_at, a.last_seen_at, a.mailed_at, tuple(needs[a.id]))
        for a in alerts
    ]
