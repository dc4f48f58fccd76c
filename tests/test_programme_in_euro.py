"""The programme's budget (EUR) beside what its grant decisions commit (SEK in Sweden), in euro on request.

Rule (CPR Art. 87; Reg. 1103/97 Art. 5): each grant in force converts at the Commission's rate of the month
it was approved, in the tenant's time zone, rounded half up to the cent; a month without a rate is named
and left out of the sums, never converted at 1. The rates are test inputs (made up).
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import update

from service.extensions import db
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.conftest import sign_in, tenant_id, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)


def _approved_at(app, code: str, decision_id: int, instant: datetime) -> None:
    """Test setup: the decision was approved at ``instant`` (the grant itself is unchanged)."""
    from service.decisions.models import Decision
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        db.session.execute(update(Decision).where(Decision.id == decision_id).values(approved_at=instant))
        db.session.commit()


def _load(app, currency: str, month: str, rate: str) -> None:
    from service.exchange.operations import import_rates_file

    content = f'[{{"isoA3Code": "{currency}", "value": {rate}}}]'.encode()
    with app.test_request_context():
        import_rates_file(content, source="test", month=date.fromisoformat(month + "-01"))
        db.session.commit()


def _euro(amount: str, rate: str) -> Decimal:
    return (Decimal(amount) / Decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_grants_in_kronor_are_shown_in_euro_at_the_rate_of_their_approval_month(app, client, granted, person_of):
    _, decision, _, _ = granted("se")
    # 31 January 2011 23:30 UTC is 1 February 00:30 in Stockholm: the month of approval is February.
    _approved_at(app, "se", decision["id"], datetime(2011, 1, 31, 23, 30, tzinfo=UTC))
    _load(app, "SEK", "2011-01", "8.75")
    _load(app, "SEK", "2011-02", "8.8125")
    _, other, _, _ = granted("se")
    _approved_at(app, "se", other["id"], datetime(2011, 3, 15, 12, 0, tzinfo=UTC))  # no rate for March 2011

    staff = person_of("se", "case_officer")
    body = client.get("/api/v1/se/programme?currency=EUR", headers=staff["headers"]).json
    committed = body["committed"]
    rows = {g["decision_id"]: g for g in committed["grants"]}
    mine = rows[decision["id"]]
    assert decision["currency"] == "SEK" and mine["amount"] == decision["eu_amount"]
    assert (mine["month"], mine["rate"], mine["rate_version"]) == ("2011-02", "8.8125", 1)
    assert Decimal(mine["euro"]) == _euro(decision["eu_amount"], "8.8125")
    missing = rows[other["id"]]
    assert (missing["month"], missing["rate"], missing["euro"]) == ("2011-03", None, None)
    assert committed["complete"] is False
    assert {"currency": "SEK", "month": "2011-03"} in [
        {"currency": m["currency"], "month": m["month"]} for m in committed["missing_rates"]
    ]
    # The sums hold the converted grants only: never a missing one at 1.
    converted = [Decimal(g["euro"]) for g in committed["grants"] if g["euro"] is not None]
    assert Decimal(committed["total"]) == sum(converted, Decimal("0.00"))
    assert sum((Decimal(v) for v in committed["by_objective"].values()), Decimal("0.00")) == Decimal(committed["total"])
    assert body["totals"]["currency"] == "EUR"

    sign_in(client, "se", staff["email"], **{"Accept-Language": "sv"})
    page = client.get("/se/?currency=EUR", headers={"Accept-Language": "sv"})
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert decision["reference"] in text and "2011-02" in text and "8,8125" in text
    assert (
        translated(
            "No exchange rate for %(currency)s in %(month)s has been loaded. The platform administrator "
            "loads the Commission's monthly rates (InforEuro).",
            "sv",
        )
        % {"currency": "SEK", "month": "2011-03"}
        in text
    )
    without = client.get("/se/", headers={"Accept-Language": "sv"}).text
    assert decision["reference"] not in without and "?currency=EUR" in without


def test_finnish_grants_are_in_euro_already_and_no_other_tenants_grant_appears(app, client, granted, person_of):
    _, decision, _, _ = granted("fi")
    _, swedish, _, _ = granted("se")
    staff = person_of("fi", "ma_admin")
    committed = client.get("/api/v1/fi/programme?currency=eur", headers=staff["headers"]).json["committed"]
    ids = {g["decision_id"] for g in committed["grants"]}
    assert decision["id"] in ids
    mine = next(g for g in committed["grants"] if g["decision_id"] == decision["id"])
    assert (mine["currency"], mine["rate"], mine["rate_version"], mine["euro"]) == (
        "EUR",
        "1",
        None,
        decision["eu_amount"],
    )
    assert all(g["currency"] == "EUR" for g in committed["grants"])
    assert swedish["reference"] not in {g["reference"] for g in committed["grants"]}


def test_who_may_ask_and_what_may_be_asked(app, client, person_of, make_user):
    applicant_person = person_of("se", "applicant")
    assert client.get("/api/v1/se/programme?currency=EUR", headers=applicant_person["headers"]).status_code == 403
    assert "committed" not in client.get("/api/v1/se/programme", headers=applicant_person["headers"]).json
    staff = person_of("se", "committee")
    refused = client.get("/api/v1/se/programme?currency=SEK", headers={**staff["headers"], "Accept-Language": "sv"})
    assert refused.status_code == 422
    assert refused.json["errors"]["currency"] == [
        translated("Only EUR can be asked for: the currency of the programme.", "sv")
    ]
    # Another tenant's token: the Swedish programme does not exist for it.
    finnish = person_of("fi", "ma_admin")
    assert client.get("/api/v1/se/programme?currency=EUR", headers=finnish["headers"]).status_code == 404

    _, email = make_user("se", "applicant")
    sign_in(client, "se", email)
    assert client.get("/se/?currency=EUR").status_code == 403
    assert "?currency=EUR" not in client.get("/se/").text


def test_the_openapi_document_describes_the_parameter(client):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/{tenant}/programme"]["get"]
    assert any(p["name"] == "currency" for p in operation["parameters"])
    assert "Committed" in spec["components"]["schemas"]
