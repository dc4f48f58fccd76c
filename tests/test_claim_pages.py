"""Claims through the pages, in Swedish and Finnish: the beneficiary writes a claim with decimal commas,
attaches evidence and submits it; a case officer verifies it with a reduction; a colleague approves the
payment and a third confirms it. Refusals are shown on the page (422 beside the field, 409 as an alert) with
nothing changed; another tenant's or organisation's claim is 404 and never listed; an auditor reads but
cannot act."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from markupsafe import escape

from service.i18n import format_day
from service.money.display import format_amount
from service.tenancy.scope import tenant_scope
from tests.claims_support import (  # noqa: F401 - fixtures
    PDF,
    ZONES,
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    checklist_items,
    claimable,
    open_call,
    open_claim,
    organisation,
    person_of,
    ready_to_score,
    submit,
)
from tests.conftest import csrf_token, sign_in, tenant_id, translated

CENT = Decimal("0.01")


def shown(app, code: str, language: str, value: Decimal) -> str:
    """An amount as the page writes it for this reader ("1 234,56" with the locale's spaces)."""
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, code)):
        return format_amount(value)


def client_day(app, code: str, language: str, day: date) -> str:
    """A day as the page writes it for this reader."""
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, code)):
        return str(escape(format_day(day)))


def text_of(response) -> str:
    return response.get_data(as_text=True)


def said(message: str, language: str, **values) -> str:
    """A translated message as an HTML page holds it (escaped)."""
    return str(escape(translated(message, language) % values if values else translated(message, language)))


def signed_in_client(app, code: str, person: dict):
    client = app.test_client()
    sign_in(client, code, person["email"])
    return client


def post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


@pytest.mark.parametrize(("code", "language"), [("se", "sv"), ("fi", "fi")])
def test_a_claim_written_verified_and_paid_on_the_pages(app, claimable, person_of, code, language):
    setup = claimable(code)
    project = setup["project"]
    beneficiary = signed_in_client(app, code, setup["beneficiary"])  # Swedish-speaking (claims_support)
    listing = beneficiary.get(f"/{code}/projects/{project['id']}/claims")
    assert listing.status_code == 200 and said("Open the next claim", "sv") in text_of(listing)
    opened = post(beneficiary, f"/{code}/projects/{project['id']}/claims", text_of(listing))
    assert opened.status_code == 303
    claim_url = opened.headers["Location"].split("#")[0]
    page = text_of(beneficiary.get(claim_url))
    claim_id = int(claim_url.rstrip("/").rsplit("/", 1)[1])

    # An amount that is not one: 422, the message beside the field, what was typed kept, nothing added.
    refused = post(
        beneficiary,
        f"{claim_url}/lines",
        page,
        category="travel",
        description="Tåg Stockholm–Göteborg",
        expense_date="2025-02-03",
        amount="tolv kronor",
    )
    assert refused.status_code == 422
    assert 'id="line-amount-error"' in text_of(refused) and "Tåg Stockholm–Göteborg" in text_of(refused)
    assert 'class="error-summary"' in text_of(refused)
    assert said("No costs yet.", "sv") in text_of(refused)

    travel = post(
        beneficiary,
        f"{claim_url}/lines",
        page,
        category="travel",
        description="Tåg Stockholm–Göteborg",
        supplier="SJ",
        expense_date="2025-02-03",
        amount="1 234,56",
    )
    assert travel.status_code == 303, text_of(travel)[:2000]
    # Staff by the hour (seed 004): annual gross × hours ÷ the hours the rate was computed on.
    staff = post(
        beneficiary,
        f"{claim_url}/lines",
        page,
        category="staff",
        description="Projektledare",
        supplier="Projektledare 1",
        expense_date="2025-03-31",
        staff_method="hourly",
        annual_gross="51 600,00",
        basis_hours="1 720",
        hours="100,5",
        amount="999",  # left in the other fieldset: not part of a staff cost
    )
    assert staff.status_code == 303, text_of(staff)[:2000]
    staff_amount = (Decimal("51600.00") * Decimal("100.5") / 1720).quantize(CENT, ROUND_HALF_UP)
    page = text_of(beneficiary.get(claim_url))
    assert shown(app, code, "sv", Decimal("1234.56")) in page and shown(app, code, "sv", staff_amount) in page
    # The limits: this claim's travel against its budget, computed on every save.
    limit_row = page.split('id="limit-travel"')[1].split("</tr>")[0]
    assert shown(app, code, "sv", Decimal("1234.56")) in limit_row

    # Without evidence it is refused, 422, and stays a draft.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    early = post(beneficiary, f"{claim_url}/submit", page, version=version)
    assert early.status_code == 422
    assert said("Line %(number)s has no evidence attached.", "sv", number=1) in text_of(early)
    assert said("Draft", "sv") in text_of(early)
    line_ids = [int(i) for i in re.findall(r'<tr id="line-(\d+)"', page)]
    assert len(line_ids) == 2
    for line_id in line_ids:
        uploaded = beneficiary.post(
            f"{claim_url}/lines/{line_id}/evidence",
            data={"csrf_token": csrf_token(page), "kind": "invoice", "file": (io.BytesIO(PDF), "kvitto.pdf")},
            content_type="multipart/form-data",
        )
        assert uploaded.status_code == 303
    page = text_of(beneficiary.get(claim_url))
    assert page.count("kvitto.pdf") == 2
    evidence = re.search(rf'href="(/{code}/claims/{claim_id}/evidence/\d+)"', page).group(1)
    download = beneficiary.get(evidence)
    assert download.status_code == 200 and download.data == PDF
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    sent = post(beneficiary, f"{claim_url}/submit", page, version=version)
    assert sent.status_code == 303
    page = text_of(beneficiary.get(claim_url))
    assert 'id="receipt"' in page and said("Submitted", "sv") in page
    assert 'id="add-line"' not in page  # frozen
    # The day the MA pays by: 80 days from the submission (CPR Art. 74(1)(b); tenants/*/claims.toml).
    due = client_day(app, code, "sv", datetime.now(ZoneInfo(ZONES[code])).date() + timedelta(days=80))
    assert re.search(r'id="payment-due">[^<]*' + re.escape(due), page), due

    # The case officer, in the tenant's language.
    officer = person_of(code, "case_officer", language=language)
    staff_client = signed_in_client(app, code, officer)
    verification_url = f"/{code}/claims/{claim_id}/verification"
    page = text_of(staff_client.get(verification_url))
    assert said("Draw the sample", language) in page
    assert post(staff_client, f"{verification_url.rsplit('/', 1)[0]}/sample", page).status_code == 303
    page = text_of(staff_client.get(verification_url))
    travel_id, staff_id = line_ids
    base = f"/{code}/claims/{claim_id}/lines"
    # A reduction without its type of error: 422, beside the field, nothing recorded.
    no_type = post(
        staff_client,
        f"{base}/{travel_id}/check",
        page,
        outcome="reduced",
        verified="1 000,00",
        comment="Kvitto saknas.",
    )
    assert no_type.status_code == 422
    assert f'id="check-{travel_id}-error_type-error"' in text_of(no_type)
    assert said("Not yet checked", language) in text_of(no_type).split(f'id="line-{travel_id}-outcome"')[1][:200]
    reduced = post(
        staff_client,
        f"{base}/{travel_id}/check",
        page,
        outcome="reduced",
        verified="1 000,00",
        error_type="evidence_missing",
        comment="Kvitto saknas för en biljett.",
        in_depth="yes",
    )
    assert reduced.status_code == 303
    accepted = post(staff_client, f"{base}/{staff_id}/check", page, outcome="accepted", in_depth="yes")
    assert accepted.status_code == 303
    answers = {f"answer-{item}": "yes" for item in checklist_items(None, code, setup)}
    assert post(staff_client, f"/{code}/claims/{claim_id}/checklist", page, **answers).status_code == 303
    done = post(staff_client, f"/{code}/claims/{claim_id}/complete", page)
    assert done.status_code == 303
    page = text_of(staff_client.get(verification_url))
    assert said("Verified", language) in page.split('id="claim-status"')[1][:100]
    report = page.split('id="by-error"')[1].split("</table>")[0]
    assert shown(app, code, language, Decimal("234.56")) in report  # 1 234,56 − 1 000,00

    # The payment: prepared by the verifier, approved by another, confirmed by a third.
    finance_url = f"/{code}/projects/{project['id']}/finance"
    page = text_of(staff_client.get(finance_url))
    assert post(staff_client, f"/{code}/claims/{claim_id}/payments", page).status_code == 303
    page = text_of(staff_client.get(finance_url))
    payment_id = int(re.search(r'id="payment-(\d+)"', page).group(1))
    own = post(staff_client, f"/{code}/payments/{payment_id}/approve", page, version="1")
    assert own.status_code == 409
    assert said("You prepared this payment: another person must approve it.", language) in text_of(own)
    assert said("Awaiting approval", language) in text_of(own)  # nothing changed
    approver = signed_in_client(app, code, person_of(code, "case_officer", language=language))
    page = text_of(approver.get(finance_url))
    assert post(approver, f"/{code}/payments/{payment_id}/approve", page, version="1").status_code == 303
    page = text_of(approver.get(finance_url))
    today = re.search(r'name="paid_on" type="date" autocomplete="off" value="([\d-]+)"', page).group(1)
    again = post(approver, f"/{code}/payments/{payment_id}/confirm", page, version="2", paid_on=today)
    assert again.status_code == 409
    assert said("Whoever verified the claim or approved the payment cannot also confirm it.", language) in text_of(
        again
    )
    confirmer = signed_in_client(app, code, person_of(code, "case_officer", language=language))
    page = text_of(confirmer.get(finance_url))
    paid = post(confirmer, f"/{code}/payments/{payment_id}/confirm", page, version="2", paid_on=today)
    assert paid.status_code == 303
    page = text_of(confirmer.get(finance_url))
    assert said("Paid", language) in page.split(f'id="payment-{payment_id}-heading"')[1][:300]

    # The beneficiary reads the money: the figures and the chart with its table.
    page = text_of(beneficiary.get(finance_url))
    figures = client_json(beneficiary, code, project, setup)
    assert shown(app, code, "sv", Decimal(figures["eu"]["paid"])) in page.split('id="paid"')[1][:80]
    assert "<svg" in page and 'role="img"' in page and said("Costs by category", "sv") in page
    assert said("Approve the payment", "sv") not in page  # staff forms are not the beneficiary's


def client_json(client, code: str, project: dict, setup: dict) -> dict:
    """The project's figures as the API answers them (the same figures the page shows)."""
    from flask import json

    response = client.get(f"{api(code)}/projects/{project['id']}/finance", headers=setup["beneficiary"]["headers"])
    return json.loads(response.data)


def test_claims_of_another_tenant_or_organisation_are_404_and_never_listed(
    app, client, claimable, applicant, person_of
):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(
        client,
        "fi",
        setup,
        claim,
        {"category": "travel", "description": "Matka", "expense_date": "2025-02-01", "amount": "500,00"},
    )
    line_id, evidence_id = claim["lines"][0]["id"], claim["lines"][0]["evidence"][0]["id"]
    project_id = setup["project"]["id"]
    paths = [
        f"/claims/{claim['id']}",
        f"/claims/{claim['id']}/evidence/{evidence_id}",
        f"/claims/{claim['id']}/verification",
        f"/projects/{project_id}/claims",
        f"/projects/{project_id}/finance",
    ]
    # A Swedish officer: the Finnish claim does not exist in Sweden.
    swede = signed_in_client(app, "se", person_of("se", "case_officer"))
    for path in paths:
        assert swede.get(f"/se{path}").status_code == 404, path
    token_page = text_of(swede.get("/se/claims"))
    assert claim["reference"] not in token_page
    swedish_member = signed_in_client(app, "se", applicant("se", language="sv"))
    member_page = text_of(swedish_member.get("/se/claims"))
    assert claim["reference"] not in member_page
    for path, data in (
        (f"/claims/{claim['id']}/lines", {"category": "travel", "description": "x", "amount": "1"}),
        (f"/claims/{claim['id']}/lines/{line_id}/evidence", {"kind": "invoice"}),
        (f"/claims/{claim['id']}/lines/{line_id}/delete", {}),
        (f"/claims/{claim['id']}/submit", {}),
        (f"/projects/{project_id}/claims", {}),
    ):
        assert post(swedish_member, f"/se{path}", member_page, **data).status_code == 404, path
    for path, data in (
        (f"/claims/{claim['id']}/sample", {}),
        (f"/claims/{claim['id']}/lines/{line_id}/check", {"outcome": "accepted"}),
        (f"/claims/{claim['id']}/checklist", {}),
        (f"/claims/{claim['id']}/visits", {}),
        (f"/claims/{claim['id']}/return", {"message": "x"}),
        (f"/claims/{claim['id']}/complete", {}),
        (f"/claims/{claim['id']}/payments", {}),
        (f"/projects/{project_id}/advances", {"amount": "1"}),
        (f"/projects/{project_id}/recoveries", {"expenditure": "1"}),
        (f"/projects/{project_id}/repayments", {"amount": "1"}),
    ):
        assert post(swede, f"/se{path}", token_page, **data).status_code == 404, path
    # A member of another organisation in the same tenant.
    stranger = signed_in_client(app, "fi", applicant("fi", language="fi"))
    for path in [p for p in paths if not p.endswith("/verification")]:  # a staff page: 403 to members
        assert stranger.get(f"/fi{path}").status_code == 404, path
    page = text_of(stranger.get("/fi/claims"))
    assert claim["reference"] not in page
    added = post(
        stranger,
        f"/fi/claims/{claim['id']}/lines",
        page,
        category="travel",
        description="x",
        expense_date="2025-02-01",
        amount="1",
    )
    assert added.status_code == 404
    removed = post(stranger, f"/fi/claims/{claim['id']}/lines/{line_id}/delete", page)
    assert removed.status_code == 404
    after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json
    assert [line["id"] for line in after["lines"]] == [line_id]


def test_an_auditor_reads_claims_and_finance_but_cannot_act(app, client, claimable, person_of):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(
        client,
        "fi",
        setup,
        claim,
        {"category": "travel", "description": "Matka", "expense_date": "2025-02-01", "amount": "500,00"},
    )
    assert submit(client, "fi", setup, claim).status_code == 201
    auditor = signed_in_client(app, "fi", person_of("fi", "auditor", language="fi"))
    page = auditor.get(f"/fi/claims/{claim['id']}/verification")
    assert page.status_code == 200 and claim["reference"] in text_of(page)
    assert said("Draw the sample", "fi") not in text_of(page)  # no forms to act with
    assert claim["reference"] in text_of(auditor.get("/fi/claims?state=submitted"))
    assert claim["reference"] not in text_of(auditor.get("/fi/claims?state=verified"))
    finance = auditor.get(f"/fi/projects/{setup['project']['id']}/finance")
    assert finance.status_code == 200
    for path, data in (
        (f"/fi/claims/{claim['id']}/sample", {}),
        (f"/fi/claims/{claim['id']}/lines/{claim['lines'][0]['id']}/check", {"outcome": "accepted"}),
        (f"/fi/claims/{claim['id']}/return", {"message": "Lisää kuitti."}),
        (f"/fi/projects/{setup['project']['id']}/advances", {"amount": "100,00"}),
    ):
        assert post(auditor, path, text_of(finance), **data).status_code == 403, path
    after = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    assert after["status"] == "submitted" and after["lines"][0]["outcome"] is None


def test_a_returned_claim_shows_the_message_and_deadline_and_a_staff_refusal_keeps_the_claim(
    app, client, claimable, person_of
):
    setup = claimable("se")
    claim = open_claim(client, "se", setup)
    claim = add_line(
        client,
        "se",
        setup,
        claim,
        {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": "500,00"},
    )
    assert submit(client, "se", setup, claim).status_code == 201
    officer = signed_in_client(app, "se", person_of("se", "case_officer", language="sv"))
    page = text_of(officer.get(f"/se/claims/{claim['id']}/verification"))
    empty = post(officer, f"/se/claims/{claim['id']}/return", page, message="", deadline="")
    assert empty.status_code == 422 and 'id="return-message-error"' in text_of(empty)
    returned = post(
        officer, f"/se/claims/{claim['id']}/return", page, message="Bifoga kvittot för resan.", deadline="2099-12-31"
    )
    assert returned.status_code == 303
    beneficiary = signed_in_client(app, "se", setup["beneficiary"])
    page = text_of(beneficiary.get(f"/se/claims/{claim['id']}"))
    assert "Bifoga kvittot för resan." in page and said("Returned for supplements", "sv") in page
    assert 'id="add-line"' in page  # open again for the beneficiary


def test_the_limits_follow_the_cost_being_typed_and_nothing_is_saved(app, client, claimable):
    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    beneficiary = signed_in_client(app, "fi", setup["beneficiary"])
    page = text_of(beneficiary.get(f"/fi/claims/{claim['id']}"))
    assert "claim-limits.js" in page and 'data-limits-url="/fi/claims/' in page
    typed = {"category": "travel", "description": "Tåg", "expense_date": "2025-02-03"}
    preview = post(beneficiary, f"/fi/claims/{claim['id']}/limits", page, amount="1 234,56", **typed)
    assert preview.status_code == 200
    row = text_of(preview).split('id="limit-travel"')[1].split("</tr>")[0]
    assert shown(app, "fi", "sv", Decimal("1234.56")) in row
    assert "data-preview" in text_of(preview)
    # Half typed: the table as saved, without a preview.
    half = post(beneficiary, f"/fi/claims/{claim['id']}/limits", page, amount="1 234,", **typed)
    assert half.status_code == 200 and "data-preview" not in text_of(half)
    assert client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["beneficiary"]["headers"]).json["lines"] == []


def test_advances_recoveries_and_repayments_on_the_finance_page(app, client, claimable, person_of):
    from tests.claims_support import pay, verify_all

    setup = claimable("fi")
    claim = open_claim(client, "fi", setup)
    claim = add_line(
        client,
        "fi",
        setup,
        claim,
        {"category": "travel", "description": "Matka", "expense_date": "2025-02-01", "amount": "5 000,00"},
    )
    assert submit(client, "fi", setup, claim).status_code == 201
    claim = client.get(f"{api('fi')}/claims/{claim['id']}", headers=setup["officer"]["headers"]).json
    pay(client, "fi", setup, verify_all(client, "fi", setup, claim))
    staff = signed_in_client(app, "fi", person_of("fi", "ma_admin", language="fi"))
    finance_url = f"/fi/projects/{setup['project']['id']}/finance"
    page = text_of(staff.get(finance_url))
    too_much = post(staff, f"{finance_url.rsplit('/', 1)[0]}/advances", page, amount="999 999 999,00")
    assert too_much.status_code == 422 and 'id="advance-amount-error"' in text_of(too_much)
    assert said("No payments yet.", "fi") not in text_of(too_much)
    # A recovery of verified expenditure: declared expenditure falls, the EU share is owed back.
    no_reason = post(staff, f"{finance_url.rsplit('/', 1)[0]}/recoveries", page, expenditure="100,00")
    assert no_reason.status_code == 422 and 'id="recovery-irregularity-error"' in text_of(no_reason)
    recorded = post(
        staff,
        f"{finance_url.rsplit('/', 1)[0]}/recoveries",
        page,
        expenditure="1 000,00",
        irregularity="ineligible_expenditure",
        suspected_fraud="yes",
        reason="Kustannus ei kuulunut hankkeeseen.",
        claim_id=str(claim["id"]),
    )
    assert recorded.status_code == 303
    page = text_of(staff.get(finance_url))
    assert "Kustannus ei kuulunut hankkeeseen." in page and said("suspected fraud", "fi") in page
    owed = Decimal(client_json(client, "fi", setup["project"], setup)["eu"]["owed"])
    assert owed > 0 and shown(app, "fi", "fi", owed) in page.split('id="owed"')[1][:80]
    today = re.search(r'name="repaid_on" type="date" autocomplete="off" value="([\d-]+)"', page).group(1)
    more = post(staff, f"{finance_url.rsplit('/', 1)[0]}/repayments", page, amount="999 999,00", repaid_on=today)
    assert more.status_code == 422 and 'id="repayment-amount-error"' in text_of(more)
    repaid = post(staff, f"{finance_url.rsplit('/', 1)[0]}/repayments", page, amount="10,00", repaid_on=today)
    assert repaid.status_code == 303
    after = Decimal(client_json(client, "fi", setup["project"], setup)["eu"]["owed"])
    assert after == owed - Decimal("10.00")
