"""Alerts for exchange rates missing for a month in use (issue 12): a conversion that finds no rate records one
alert per currency and month and returns None (nobody is blocked); loading the rate resolves it; the periodic
check alerts this and next month ahead; the platform administrator sees the alerts and is e-mailed once.

The rates are test inputs (made up). Months: SEK 2034-11 (the issue's example was 2026-11, but the demo loads an
illustrative SEK rate for every month it plays, some fifteen months back from the day it is loaded); the other
tests use months of their own (2031-2033), so that no test resolves another's alert.
"""

from __future__ import annotations

import threading
import uuid
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, select, text

from service.extensions import db
from tests.applications_support import outbox
from tests.conftest import bearer, sign_in, tenant_id
from tests.test_exchange_rate_pages import PAGE, platform_person, platform_sign_in  # noqa: F401 - fixture

NOVEMBER = date(2034, 11, 1)


def _alert(currency: str, month: date):
    from service.exchange.models import RateAlert, RateAlertNeed

    alert = db.session.scalar(select(RateAlert).where(RateAlert.currency == currency, RateAlert.month == month))
    if alert is None:
        return None, []
    needs = db.session.execute(
        select(RateAlertNeed.tenant_code, RateAlertNeed.purpose, RateAlertNeed.last_seen_at)
        .where(RateAlertNeed.alert_id == alert.id)
        .order_by(RateAlertNeed.tenant_code, RateAlertNeed.purpose)
    ).all()
    return alert, needs


def _load(currency: str, month: date, rate: str):
    from service.exchange.files import RateRow
    from service.exchange.operations import load_rates

    return load_rates([RateRow(1, currency, month, Decimal(rate))], source="test input")


def _convert_in_tenant(app, code: str, currency: str, month, purpose: str = "claims"):
    from service.exchange.alerts import convert_or_alert
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        converted = convert_or_alert(Decimal("1000.00"), currency, month, tenant_code=code, purpose=purpose)
        db.session.commit()
        return converted


def test_a_missing_rate_is_one_alert_however_often_it_is_needed_and_loading_it_resolves_it(app):
    first = _convert_in_tenant(app, "se", "SEK", "2034-11")
    assert first is None  # the caller keeps the figure unconverted; nothing raised
    with app.app_context():
        alert, needs = _alert("SEK", NOVEMBER)
        first_seen, last_seen = alert.first_seen_at, alert.last_seen_at
        assert alert.resolved_at is None and [n[:2] for n in needs] == [("se", "claims")]

    assert _convert_in_tenant(app, "se", "SEK", date(2034, 11, 17)) is None  # any day of the month
    assert _convert_in_tenant(app, "se", "SEK", "2034-11", purpose="lump-sums") is None
    with app.app_context():
        from service.exchange.models import RateAlert

        same = select(db.func.count()).where(RateAlert.currency == "SEK", RateAlert.month == NOVEMBER)
        assert db.session.scalar(same) == 1
        alert, needs = _alert("SEK", NOVEMBER)
        assert alert.first_seen_at == first_seen and alert.last_seen_at > last_seen
        assert [n[:2] for n in needs] == [("se", "claims"), ("se", "lump-sums")]

        result = _load("SEK", NOVEMBER, "11.2")
        db.session.commit()
        assert result.added == 1
        alert, _ = _alert("SEK", NOVEMBER)
        assert alert.resolved_at is not None

    converted = _convert_in_tenant(app, "se", "SEK", "2034-11")
    # 1000.00 / 11.2 = 89.2857… → 89.29 (half up to the cent, Reg. 1103/97 Art. 5), at the month's rate
    assert (converted.euro.amount, converted.rate, converted.month) == (Decimal("89.29"), Decimal("11.2"), NOVEMBER)


def test_the_euro_converts_at_one_and_never_alerts(app):
    from service.exchange.models import RateAlert

    converted = _convert_in_tenant(app, "fi", "EUR", "2032-03")
    assert (converted.euro, converted.rate, converted.version) == (converted.original, Decimal(1), None)
    with app.app_context():
        assert db.session.scalar(select(RateAlert).where(RateAlert.currency == "EUR")) is None


def test_bad_arguments_are_the_callers_mistake_not_an_alert(app):
    from service.exchange.alerts import convert_or_alert

    with app.app_context():
        mistakes = (("XYZ", "se", "claims"), ("SEK", "SE ", "claims"), ("SEK", "se", "Ann's claim"))
        for currency, code, purpose in mistakes:
            with pytest.raises(ValueError):
                convert_or_alert(Decimal("1.00"), currency, "2032-04", tenant_code=code, purpose=purpose)


def test_recorded_from_a_tenant_scoped_transaction_under_row_level_security(app, make_user):
    """PostgreSQL as the application role, in a tenant's scope: the alert is written, and the caller's own rows
    and transaction are untouched (its objects stay in the session, its writes commit with the alert)."""
    from service.accounts.models import User
    from service.exchange.alerts import convert_or_alert
    from service.tenancy.scope import tenant_scope

    user_id, _ = make_user("se", "case_officer")
    se = tenant_id(app, "se")
    with app.app_context(), tenant_scope(se):
        assert db.session.execute(text("SELECT current_setting('app.tenant_id')")).scalar() == str(se)
        assert db.session.execute(text("SELECT current_user")).scalar() == "amif_test_app"
        user = db.session.get(User, user_id)
        user.name = "Renamed in the same transaction"
        assert convert_or_alert(Decimal("5.00"), "SEK", "2032-05", tenant_code="se", purpose="claims") is None
        assert user in db.session
        assert db.session.execute(text("SELECT current_setting('app.tenant_id')")).scalar() == str(se)
        db.session.commit()
    with app.app_context(), tenant_scope(se):
        assert db.session.get(User, user_id).name == "Renamed in the same transaction"
        alert, needs = _alert("SEK", date(2032, 5, 1))
        assert alert is not None and [n[:2] for n in needs] == [("se", "claims")]


def test_an_alert_row_held_by_another_transaction_does_not_hold_up_the_caller(app, database_urls):
    """A long job that touched the alert holds its row until it commits; a request needing the same rate waits
    at most the short lock wait, goes on unconverted, and its transaction still commits."""
    from service.exchange.alerts import convert_or_alert, record_missing
    from service.tenancy.scope import tenant_scope

    month = date(2032, 6, 1)
    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        assert record_missing("SEK", month, tenant_code="se", purpose="claims")
        db.session.commit()
    engine = create_engine(database_urls["app"])
    holder = engine.connect()
    transaction = holder.begin()
    holder.execute(text("SELECT set_config('app.tenant_id', 'platform', true)"))
    holder.execute(
        text("UPDATE exchange_rate_alerts SET last_seen_at = now() WHERE currency = 'SEK' AND month = :m"), {"m": month}
    )
    done = threading.Event()
    outcome = {}

    def request():
        with app.app_context(), tenant_scope(tenant_id(app, "se")):
            outcome["converted"] = convert_or_alert(Decimal("5.00"), "SEK", month, tenant_code="se", purpose="claims")
            outcome["recorded"] = record_missing("SEK", month, tenant_code="se", purpose="claims")
            db.session.commit()
        done.set()

    worker = threading.Thread(target=request)
    worker.start()
    try:
        assert done.wait(10), "the request waited for the other transaction"
    finally:
        transaction.rollback()
        holder.close()
        engine.dispose()
        worker.join()
    assert outcome == {"converted": None, "recorded": False}


def test_the_periodic_check_opens_this_and_next_months_alerts_for_each_tenants_currency(app):
    from service.exchange.alerts import MONTHS_AHEAD, months_ahead_check
    from service.tenancy.scope import platform_scope

    with app.app_context(), platform_scope():
        _load("SEK", date(2033, 1, 1), "11.3")  # this month's rate is loaded; next month's is not
        db.session.commit()
        opened = months_ahead_check(date(2033, 1, 20))
        db.session.commit()
        # Sweden's currency is SEK, Finland's the euro (tenants/*/tenant.toml): only SEK, only February
        assert opened == [("SEK", date(2033, 2, 1))]
        alert, needs = _alert("SEK", date(2033, 2, 1))
        assert alert.resolved_at is None and [n[:2] for n in needs] == [("se", MONTHS_AHEAD)]
        assert _alert("SEK", date(2033, 1, 1))[0] is None
        assert _alert("EUR", date(2033, 2, 1))[0] is None
        # December: next month is January of the next year
        assert months_ahead_check(date(2032, 12, 31)) == [("SEK", date(2032, 12, 1))]
        db.session.commit()


def test_the_platform_administrator_sees_the_open_alerts_and_a_tenant_user_does_not(
    app, client, platform_person, make_user, platform_token, token_for
):
    month = date(2032, 8, 1)
    assert _convert_in_tenant(app, "se", "SEK", month) is None

    admin = app.test_client()
    admin_email = platform_person()
    assert platform_sign_in(admin, admin_email).status_code == 303
    page = admin.get(PAGE)
    assert page.status_code == 200
    section = page.text.split('id="missing"', 1)[1].split("</section>", 1)[0]
    assert "<td>SEK</td>" in section and "<td>2032-08</td>" in section and "SE: payment claims" in section
    assert 'href="#load"' in section

    alerts = admin.get("/api/v1/exchange-rates/alerts", headers=bearer(platform_token(admin_email))).json
    [listed] = [a for a in alerts if (a["currency"], a["month"]) == ("SEK", "2032-08")]
    assert listed["needs"] == [{"tenant": "se", "purpose": "claims"}] and listed["first_seen_at"]

    # A tenant's user: the platform page asks for a platform sign-in, the API answers 404 (no such thing for a
    # tenant's token), a Commission reader 403, no token 401.
    officer_id, officer = make_user("se", "ma_admin")
    assert sign_in(client, "se", officer).status_code == 302
    assert client.get(PAGE).headers["Location"].startswith("/platform/sign-in")
    assert client.get("/api/v1/exchange-rates/alerts", headers=bearer(token_for("se", officer_id))).status_code == 404
    commission = platform_token(platform_person("commission"))
    assert client.get("/api/v1/exchange-rates/alerts", headers=bearer(commission)).status_code == 403
    assert client.get("/api/v1/exchange-rates/alerts").status_code == 401

    with app.app_context():
        _load("SEK", month, "11.4")
        db.session.commit()
    assert "2032-08" not in admin.get(PAGE).text.split('id="loaded"', 1)[0]
    alerts = admin.get("/api/v1/exchange-rates/alerts", headers=bearer(platform_token(admin_email))).json
    assert ("SEK", "2032-08") not in {(a["currency"], a["month"]) for a in alerts}


def test_the_administrators_are_emailed_once_per_alert(app, platform_person):
    from service.exchange.tasks import check_rates
    from service.jobs.queue import enqueue
    from service.tenancy.scope import platform_scope
    from workers.runner import run_job

    admin_email = platform_person(language="sv")
    reader_email = platform_person("commission")
    month = date(2032, 9, 1)
    assert _convert_in_tenant(app, "se", "SEK", month) is None

    def mails(address):
        return [m for m in outbox(app) if m["To"] == address and "SEK 2032-09" in str(m["Subject"])]

    with app.app_context(), platform_scope():
        run_id = enqueue("exchange.months_ahead_check", key=uuid.uuid4().hex).id
        db.session.commit()
    assert run_job(run_id, "platform", app=app) == "finished"
    assert run_job(run_id, "platform", app=app) == "already finished"  # rq runs at least once
    with app.app_context(), platform_scope():
        check_rates()  # the next period
        db.session.commit()
    [message] = mails(admin_email)
    assert not mails(reader_email)  # only platform administrators
    assert message["Content-Language"] == "sv"
    body = message.get_payload(decode=True).decode()
    assert "/platform/exchange-rates" in body and "SE" in body
    with app.app_context():
        alert, _ = _alert("SEK", month)
        assert alert.mailed_at is not None
        assert message["Message-ID"] == f"<rate-alert-{alert.id}-{_person_id(admin_email)}@amif-hub>"


def _person_id(email: str) -> int:
    from service.accounts.models import PlatformUser

    return db.session.scalar(select(PlatformUser.id).where(PlatformUser.email == email))


def test_alerts_are_recorded_in_the_embedded_sqlite_database(tmp_path):
    from service.app import create_app
    from service.exchange.alerts import convert_or_alert
    from service.tenancy.scope import tenant_scope
    from tests.conftest import embedded_config, prepare

    app = create_app(embedded_config(tmp_path))
    try:
        prepare(app, demo=False)
        for _ in range(2):
            with app.app_context(), tenant_scope(tenant_id(app, "se")):
                assert convert_or_alert(Decimal("1.00"), "SEK", "2032-10", tenant_code="se", purpose="claims") is None
                db.session.commit()
        with app.app_context():
            alert, needs = _alert("SEK", date(2032, 10, 1))
            assert alert.resolved_at is None and [n[:2] for n in needs] == [("se", "claims")]
            _load("SEK", date(2032, 10, 1), "11.5")
            db.session.commit()
            assert _alert("SEK", date(2032, 10, 1))[0].resolved_at is not None
    finally:
        with app.app_context():
            db.engine.dispose()
