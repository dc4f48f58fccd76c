"""The payment application to the Commission (CPR Art. 91): per accounting year (1 July - 30 June), the verified
expenditure of the claims paid since the application before and the Union's contribution paid for them, per
specific objective in euro, less the recoveries recorded since; made (frozen, with its SHA-256) at most six times a
year; a claim or a recovery is in one application only, even when recorded on the day one is made. On a database of
the module's own, so that every claim is this module's."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from service.app import create_app
from service.extensions import db
from service.tenancy.scope import tenant_scope
from service.transmissions import payment_exports
from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.assessment_support import assessed, person_of, ready_to_score  # noqa: F401 - fixtures
from tests.claims_support import add_line, claimable, open_claim, pay, submit, verify_all  # noqa: F401
from tests.conftest import RUN, app_config, fresh_database, prepare, tenant_id, translated

CENT = Decimal("0.01")
API = "/api/v1/fi"


@pytest.fixture(scope="module")
def app(redis_url, tmp_path_factory):
    with fresh_database(f"amif_test_{RUN}_payment_applications") as urls:
        application = create_app(app_config(urls, redis_url, tmp_path_factory.mktemp("payment_applications")))
        prepare(application, demo=False)
        yield application
        with application.app_context():
            db.engine.dispose()


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Helsinki")).date()


def with_indirect(direct: Decimal) -> Decimal:
    """The claim's verified expenditure: the direct cost and the call's 7 % flat rate of indirect costs (CPR
    Art. 54(a); the fixtures' call), half up to the cent."""
    return direct + (direct * 7 / 100).quantize(CENT, ROUND_HALF_UP)


def paid_claim(client, setup: dict, amount: str) -> dict:
    claim = open_claim(client, "fi", setup)
    line = {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": amount}
    claim = add_line(client, "fi", setup, claim, line)
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{API}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    return {"claim": claim, "payment": pay(client, "fi", setup, verify_all(client, "fi", setup, claim))}


def test_each_claim_and_recovery_is_in_one_application_in_euro_per_objective(app, client, claimable, person_of):
    admin = {**person_of("fi", "ma_admin")["headers"], "Accept-Language": "sv"}
    setup = claimable("fi", classification=("SO2", "003"))
    first = paid_claim(client, setup, "2000.00")
    day = today().isoformat()
    preview = client.get(f"{API}/payment-applications/next?as_of={day}", headers=admin)
    assert preview.status_code == 200, preview.json
    content = preview.json["content"]
    expenditure = with_indirect(Decimal("2000.00"))
    union = Decimal(first["payment"]["entitlement"])  # paid and cleared: what the Union pays for the claim
    start = date(today().year if today().month >= 7 else today().year - 1, 7, 1)  # CPR Art. 2(29)
    assert content["accounting_year"]["start"] == start.isoformat() and content["sequence"] == 1
    [line] = content["lines"]
    assert (line["specific_objective"], line["expenditure"], line["union_contribution"]) == (
        "SO2",
        f"{expenditure:.2f}",
        f"{union:.2f}",
    )
    assert content["claims"] == [first["claim"]["id"]] and preview.json["problems"] == []

    made = client.post(f"{API}/payment-applications", json={"as_of": day}, headers=admin)
    assert made.status_code == 201, made.json
    canonical = json.dumps(made.json["content"], sort_keys=True, ensure_ascii=False).encode()
    assert made.json["content_sha256"] == hashlib.sha256(canonical).hexdigest()

    # The same day, after it was made: a recovery and another claim paid go into the next one, not lost.
    recovered = client.post(
        f"{API}/projects/{setup['project']['id']}/recoveries",
        json={
            "expenditure": "500.00",
            "irregularity": "ineligible_expenditure",
            "reason": "Kvitto saknas.",
            "claim_id": first["claim"]["id"],
        },
        headers=setup["officer"]["headers"],
    )
    assert recovered.status_code == 201, recovered.json
    second = paid_claim(client, setup, "1000.00")
    nxt = client.get(f"{API}/payment-applications/next?as_of={day}", headers=admin).json["content"]
    [line] = nxt["lines"]
    assert nxt["sequence"] == 2 and nxt["claims"] == [second["claim"]["id"]]
    assert line["expenditure"] == f"{with_indirect(Decimal('1000.00')):.2f}"
    assert line["recovered_expenditure"] == "-500.00"
    assert line["recovered_union_contribution"] == f"-{Decimal(recovered.json['eu_amount']):.2f}"
    net = with_indirect(Decimal("1000.00")) - Decimal("500.00")
    assert line["net_expenditure"] == f"{net:.2f}"
    assert client.post(f"{API}/payment-applications", json={"as_of": day}, headers=admin).status_code == 201
    after = client.get(f"{API}/payment-applications/next?as_of={day}", headers=admin).json["content"]
    assert after["lines"] == [] and after["claims"] == [] and after["recoveries"] == []
    listed = client.get(f"{API}/payment-applications", headers=admin).json
    assert [a["sequence"] for a in listed] == [1, 2]


def test_a_made_application_downloads_as_json_csv_and_xlsx_the_same_each_time(app, client, person_of):
    """The files of the applications the test before made: JSON is the content as frozen (keys sorted, its
    SHA-256 the one kept), CSV has the declared columns, XLSX the form's header and a line per specific objective
    and the total (the content's; net = expenditure and Union contribution less the recoveries, as each line's),
    the same bytes at every download. Another tenant's is 404; roles as for the transmissions' files."""
    from tests.conftest import sign_in

    admin = person_of("fi", "ma_admin")["headers"]
    application = client.get(f"{API}/payment-applications", headers=admin).json[-1]  # with a recovery
    content = application["content"]
    assert content["lines"] and content["fund"] == "AMIF" and content["programme_title"]
    url = f"{API}/payment-applications/{application['id']}/download"

    as_json = client.get(url, headers=admin)
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert json.loads(as_json.data) == content and list(json.loads(as_json.data)) == sorted(content)
    canonical = json.dumps(json.loads(as_json.data), sort_keys=True, ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() == application["content_sha256"]

    amounts = (
        "expenditure",
        "union_contribution",
        "recovered_expenditure",
        "recovered_union_contribution",
        "net_expenditure",
        "net_union_contribution",
    )
    total = {name: Decimal(value) for name, value in content["total"].items()}
    total["net_expenditure"] = total["expenditure"] + total["recovered_expenditure"]
    total["net_union_contribution"] = total["union_contribution"] + total["recovered_union_contribution"]
    expected = [
        [line["specific_objective"], *[Decimal(line[name]) for name in amounts]] for line in content["lines"]
    ] + [["Total", *[total[name] for name in amounts]]]
    for name in amounts[:4]:  # the total is the sum of the lines
        assert total[name] == sum(Decimal(line[name]) for line in content["lines"])

    as_csv = client.get(f"{url}?format=csv", headers=admin)
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    header, *rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert tuple(header) == payment_exports.CSV_COLUMNS
    assert [[row[0], *map(Decimal, row[1:])] for row in rows] == expected

    as_xlsx = client.get(f"{url}?format=xlsx", headers=admin)
    assert as_xlsx.status_code == 200
    time.sleep(2.1)  # a workbook stamped with the clock would differ by now (zip times hold even seconds)
    assert client.get(f"{url}?format=xlsx", headers=admin).data == as_xlsx.data
    sheet = load_workbook(io.BytesIO(as_xlsx.data))["Payment application"]
    block = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, 9)}
    year = content["accounting_year"]
    assert block == {
        "CCI": content["programme"],
        "Programme title": content["programme_title"],
        "Fund": "AMIF",
        "Accounting year": f"{year['start']} – {year['end']}",
        "Application number in the accounting year": str(content["sequence"]),
        "As at": content["as_of"],
        "Amounts in EUR": None,
    }
    written = [list(row) for row in sheet.iter_rows(min_row=11, values_only=True)]
    assert [[row[0], *[Decimal(str(value)) for value in row[1:]]] for row in written] == expected
    assert client.get(f"{url}?format=pdf", headers=admin).status_code == 404

    # Another tenant's is 404, through the API and the page; a case officer reads it, an applicant does not.
    swede = person_of("se", "ma_admin")
    assert (
        client.get(
            f"/api/v1/se/payment-applications/{application['id']}/download", headers=swede["headers"]
        ).status_code
        == 404
    )
    officer = person_of("fi", "case_officer")["headers"]
    assert client.get(f"{url}?format=csv", headers=officer).data == as_csv.data
    assert client.get(url, headers=person_of("fi", "applicant")["headers"]).status_code == 403
    page_url = f"/fi/transmissions/payment-applications/{application['id']}/download?format=xlsx"
    browser = app.test_client()
    sign_in(browser, "fi", person_of("fi", "ma_admin", language="sv")["email"])
    page = browser.get("/fi/transmissions/payment-applications")
    assert page_url in page.text  # the link under the application made
    assert browser.get(page_url).data == as_xlsx.data
    stranger = app.test_client()
    sign_in(stranger, "se", swede["email"])
    assert stranger.get(page_url.replace("/fi/", "/se/")).status_code == 404
    outsider = app.test_client()
    sign_in(outsider, "fi", person_of("fi", "applicant")["email"])
    assert outsider.get(page_url).status_code == 403


def test_bad_days_and_roles_are_refused_and_nothing_is_made(app, client, person_of):
    admin = {**person_of("fi", "ma_admin")["headers"], "Accept-Language": "fi"}
    before = client.get(f"{API}/payment-applications", headers=admin).json
    for body in ({}, {"as_of": "31.12.2025"}, {"as_of": "2999-01-01"}, {"as_of": None}):
        refused = client.post(f"{API}/payment-applications", json=body, headers=admin)
        assert refused.status_code == 422 and refused.json["errors"]["as_of"], body
    future = client.post(f"{API}/payment-applications", json={"as_of": "2999-01-01"}, headers=admin)
    assert future.json["errors"]["as_of"] == [translated("The day cannot be in the future.", "fi")]
    if before:  # a day before the last application's
        earlier = client.post(f"{API}/payment-applications", json={"as_of": "2021-07-01"}, headers=admin)
        assert earlier.status_code == 422
    assert client.get(f"{API}/payment-applications/next", headers=admin).status_code == 422
    officer = person_of("fi", "case_officer")["headers"]
    assert client.get(f"{API}/payment-applications", headers=officer).status_code == 200
    made = client.post(f"{API}/payment-applications", json={"as_of": today().isoformat()}, headers=officer)
    assert made.status_code == 403
    assert client.get(f"{API}/payment-applications", headers=person_of("fi", "applicant")["headers"]).status_code == 403
    assert client.get(f"{API}/payment-applications", headers=admin).json == before
    swede = person_of("se", "ma_admin")["headers"]
    assert client.get("/api/v1/se/payment-applications", headers=swede).json == []  # Finland's are not Sweden's


def test_at_most_six_in_an_accounting_year_and_never_changed(app, client, person_of):
    admin = person_of("fi", "ma_admin")["headers"]
    made = len(client.get(f"{API}/payment-applications", headers=admin).json)
    for _number in range(made, 6):
        answer = client.post(f"{API}/payment-applications", json={"as_of": today().isoformat()}, headers=admin)
        assert answer.status_code == 201, answer.json
    seventh = client.post(f"{API}/payment-applications", json={"as_of": today().isoformat()}, headers=admin)
    assert seventh.status_code == 409
    assert seventh.json["error"]["details"]["problems"][0]["code"] == "too_many"
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        with pytest.raises(Exception, match="permission denied|append-only"):
            db.session.execute(text("UPDATE payment_applications SET content_sha256 = 'x'"))
        db.session.rollback()


def test_the_page_shows_the_next_application_and_refuses_a_bad_day_in_swedish(app, person_of):
    from tests.conftest import csrf_token, sign_in

    browser = app.test_client()
    sign_in(browser, "fi", person_of("fi", "ma_admin", language="sv")["email"])
    page = browser.get("/fi/transmissions/payment-applications")
    assert page.status_code == 200 and translated("Payment applications to the Commission", "sv") in page.text
    assert translated("Applications made", "sv") in page.text
    bad = browser.get("/fi/transmissions/payment-applications?as_of=2999-01-01")
    assert bad.status_code == 200 and translated("The day cannot be in the future.", "sv") in bad.text
    refused = browser.post(
        "/fi/transmissions/payment-applications", data={"csrf_token": csrf_token(page.text), "as_of": "31.12."}
    )
    assert refused.status_code == 422 and 'id="next-as_of-error"' in refused.text
    made = browser.post(
        "/fi/transmissions/payment-applications",
        data={"csrf_token": csrf_token(page.text), "as_of": today().isoformat()},
    )
    assert made.status_code in (303, 409)  # 409 once six are made this accounting year (the test before)
    # Sweden's page lists none of Finland's applications.
    swede = app.test_client()
    sign_in(swede, "se", person_of("se", "case_officer", language="sv")["email"])
    swedish = swede.get("/se/transmissions/payment-applications").text
    assert translated("No application has been made yet.", "sv") in swedish
