"""A Swedish claim in kronor, on PostgreSQL and on the embedded SQLite default: every ledger entry is kept in SEK and
converted at the Commission's rate of the month it was recorded in the MA's accounts (CPR Art. 87), rounded half
up (Reg. 1103/97 Art. 5), the rate and month stored beside it; with the month's rate missing nobody is blocked, the
platform administrator is alerted, and the entry is converted once the rate is loaded.

Its own databases: loading a rate for the current month must not change the other tests' figures."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest

from service.app import create_app
from service.extensions import db
from tests.claims_support import (  # noqa: F401 - fixtures
    EQUIPMENT,
    STAFF,
    TRAVEL,
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    pay,
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import app_config, embedded_config, fresh_database, prepare, tenant_id

CENT = Decimal("0.01")
RATE = Decimal("11.4915")  # SEK per EUR: an example rate loaded for the test (not a published InforEuro rate)


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def app(request, redis_url, tmp_path_factory):
    root = tmp_path_factory.mktemp("kronor")
    if request.param == "sqlite":
        application = create_app(embedded_config(root))
        prepare(application, demo=False)
        yield application
        return
    with fresh_database(f"amif_kronor_{uuid.uuid4().hex[:8]}") as urls:
        application = create_app(app_config(urls, redis_url, root))
        prepare(application, demo=False)
        yield application
        with application.app_context():
            db.engine.dispose()


def _month() -> str:
    return datetime.now(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m")


def _load_rate(app, month: str) -> None:
    from datetime import date

    from service.exchange.files import RateRow
    from service.exchange.operations import load_rates
    from service.tenancy.scope import platform_scope

    with app.app_context(), platform_scope():
        load_rates([RateRow(1, "SEK", date.fromisoformat(month + "-01"), RATE)], source="test input")
        db.session.commit()


def _convert_waiting(app) -> int:
    from service.claims import ledger
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        converted = ledger.convert_pending()
        db.session.commit()
        return converted


def _open_alerts(app) -> list[tuple[str, str]]:
    from service.exchange.alerts import open_alerts
    from service.tenancy.scope import platform_scope

    with app.app_context(), platform_scope():
        return [(a.currency, a.month.strftime("%Y-%m")) for a in open_alerts()]


def euro(amount: Decimal) -> Decimal:
    return (amount / RATE).quantize(CENT, ROUND_HALF_UP)


def test_a_claim_in_kronor_waits_for_its_months_rate_then_shows_its_euro_equivalent(app, client, claimable):
    setup = claimable("se")
    claim = open_claim(client, "se", setup)
    # Sweden claims by tertial (tenants/se/claims.toml): January–April.
    assert (claim["period_start"], claim["period_end"], claim["currency"]) == ("2025-01-01", "2025-04-30", "SEK")
    trip = {
        "category": "travel",
        "description": "Tåg Stockholm–Malmö",
        "expense_date": "2025-02-03",
        "amount": "1 234,50",
    }
    claim = add_line(client, "se", setup, claim, trip)
    sent = submit(client, "se", setup, claim)
    assert sent.status_code == 201, sent.json  # a missing rate blocks nobody
    claimed = Decimal("1234.50") + (Decimal("1234.50") * 7 / 100).quantize(CENT, ROUND_HALF_UP)
    assert sent.json["figures"]["claimed"] == f"{claimed:.2f}"
    assert sent.json["figures"]["waiting_for_rate"] == 2  # the line and its indirect costs
    assert ("SEK", _month()) in _open_alerts(app)

    _load_rate(app, _month())
    assert _convert_waiting(app) == 2
    assert ("SEK", _month()) not in _open_alerts(app)  # loading the rate resolves the alert
    claim = client.get(f"{api('se')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    figures = claim["figures"]
    # Each entry converted on its own, half up: the line and the indirect costs.
    line_eur, indirect_eur = (
        euro(Decimal("1234.50")),
        euro((Decimal("1234.50") * 7 / 100).quantize(CENT, ROUND_HALF_UP)),
    )
    assert figures["claimed_eur"] == f"{line_eur + indirect_eur:.2f}"
    assert figures["rates"] == [{"month": _month(), "rate": "11.4915", "version": 1}]
    assert figures["waiting_for_rate"] == 0

    verified = verify_all(client, "se", setup, claim)
    payment = pay(client, "se", setup, verified)
    eligible = ((TRAVEL + STAFF + EQUIPMENT) * Decimal("1.07")).quantize(CENT, ROUND_HALF_UP)
    grant_eu = (eligible * Decimal("0.75")).quantize(CENT, ROUND_DOWN)
    share = (claimed * grant_eu / eligible).quantize(CENT, ROUND_DOWN)
    assert payment["amount"] == f"{share:.2f}" and payment["currency"] == "SEK"
    finance = client.get(
        f"{api('se')}/projects/{setup['project']['id']}/finance", headers=setup["officer"]["headers"]
    ).json
    assert finance["in_euro"]["paid"] == f"{euro(share):.2f}"
    assert finance["in_euro"]["rates"] == [{"month": _month(), "rate": "11.4915", "version": 1}]
    # A later correction of the month's rate does not change what was converted (frozen at version 1).
    from datetime import date

    from service.exchange.files import RateRow
    from service.exchange.operations import load_rates
    from service.tenancy.scope import platform_scope

    with app.app_context(), platform_scope():
        month = date.fromisoformat(_month() + "-01")
        load_rates([RateRow(1, "SEK", month, Decimal("12.0"))], source="test", correct=True, reason="Rättelse")
        db.session.commit()
    again = client.get(
        f"{api('se')}/projects/{setup['project']['id']}/finance", headers=setup["officer"]["headers"]
    ).json
    assert again["in_euro"] == finance["in_euro"]
