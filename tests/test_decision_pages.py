"""Decisions through the pages, in Swedish: prepare (a refusal beside its field, nothing stored), approve by
another person, the applicant's page with the letter; isolation of the pages."""

from __future__ import annotations

from markupsafe import escape

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.conftest import csrf_token, sign_in, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    pdf_text,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)


def test_a_swedish_case_officer_prepares_and_a_colleague_approves_on_the_pages(app, client, ready_to_decide, person_of):
    application, preparer, approver = ready_to_decide("se")
    page_url = f"/se/decisions/applications/{application['id']}"
    first = person_of("se", "case_officer", language="sv")
    sign_in(client, "se", first["email"])
    html = client.get(page_url).get_data(as_text=True)
    assert translated("Prepare a decision", "sv") in html
    token = csrf_token(html)
    refused = client.post(
        page_url, data={"csrf_token": token, "kind": "grant", "eu_amount": "tio tusen", "conditions": "Villkor A"}
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'id="eu_amount-error"' in body and "Villkor A" in body  # the message beside the field, the text kept
    assert translated("No decision yet.", "sv") in body
    reduced = client.post(
        page_url,
        data={
            "csrf_token": token,
            "kind": "grant",
            "eu_amount": "100 000,00",
            "reduction_reason": "",
            "eligible_cost": "",
        },
    )
    assert reduced.status_code == 422, reduced.get_data(as_text=True).split('role="alert"')[1][:300]
    assert str(escape(translated("Give the reason for granting less than was applied for.", "sv"))) in reduced.get_data(
        as_text=True
    )
    prepared = client.post(
        page_url,
        data={
            "csrf_token": token,
            "kind": "grant",
            "eu_amount": "100 000,00",
            "reduction_reason": "Resekostnaderna sänks.",
            "conditions": "Rapportera varje tertial.",
        },
    )
    assert prepared.status_code == 303
    mine = client.get(page_url).get_data(as_text=True)
    assert str(escape(translated("You prepared this decision: another person approves it.", "sv"))) in mine
    assert translated("Approve the decision", "sv") not in mine

    colleague = app.test_client()
    second = person_of("se", "case_officer", language="sv")
    sign_in(colleague, "se", second["email"])
    theirs = colleague.get(page_url).get_data(as_text=True)
    decision_id = int(theirs.split('id="decision-')[1].split('"')[0])
    approve = colleague.post(
        f"/se/decisions/{decision_id}/approve", data={"csrf_token": csrf_token(theirs), "version": "1"}
    )
    assert approve.status_code == 303
    after = colleague.get(page_url).get_data(as_text=True)
    assert translated("in force", "sv") in after and f"{application['reference']}-D1" in after
    assert translated("Prepare a correcting decision", "sv") in after

    # the applicant's page: the decision and, once written, its letter in Swedish
    run_jobs(app, "se", "decisions.write_letter")
    person = application["applicant"]
    own = app.test_client()
    sign_in(own, "se", person["email"])
    overview = own.get(f"/se/applications/{application['id']}").get_data(as_text=True)
    assert translated("Decision letter (PDF)", "sv") in overview
    letter = own.get(f"/se/decisions/{decision_id}/letter")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert "Rapportera varje tertial." in pdf_text(letter.data)
    # the applicant cannot open the MA's decision page
    assert own.get(page_url).status_code == 403


def test_decision_pages_of_another_tenant_are_404(app, client, granted, person_of):
    application, decision, _, _ = granted("fi")
    swede = person_of("se", "case_officer")
    sign_in(client, "se", swede["email"])
    assert client.get(f"/se/decisions/applications/{application['id']}").status_code == 404
    assert client.get(f"/se/decisions/{decision['id']}/letter").status_code == 404
    html = client.get("/se/applications").get_data(as_text=True)
    token = csrf_token(client.get("/se/notifications").get_data(as_text=True))
    for path, data in (
        (f"/se/decisions/{decision['id']}/approve", {"version": "1"}),
        (f"/se/decisions/{decision['id']}/return", {"reason": "x"}),
        (f"/se/decisions/applications/{application['id']}", {"kind": "grant"}),
    ):
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 404
    assert application["reference"] not in html


def test_on_the_page_a_rate_given_makes_the_eu_contribution_follow_and_the_rate_shows_beside_the_maximum(
    client, ready_to_decide, person_of
):
    """The form shows the EU amount applied for; typing only a rate sets the rate and the EU amount follows,
    rounded down to the cent (FACTS.md, Money); the decision shows its real rate with two decimals beside the
    call's maximum and says which figures followed."""
    from decimal import ROUND_DOWN, Decimal

    application, _, _ = ready_to_decide("se")
    page_url = f"/se/decisions/applications/{application['id']}"
    officer = person_of("se", "case_officer", language="sv")
    sign_in(client, "se", officer["email"])
    html = client.get(page_url).get_data(as_text=True)
    shown = html.split('name="eu_amount_shown" value="')[1].split('"')[0]
    assert shown  # the EU amount applied for, as the form shows it
    prepared = client.post(
        page_url,
        data={
            "csrf_token": csrf_token(html),
            "kind": "grant",
            "eu_amount": shown,
            "eu_amount_shown": shown,
            "cofinancing_rate": "60",
            "reduction_reason": "Lägre stödnivå.",
        },
    )
    assert prepared.status_code == 303, prepared.get_data(as_text=True).split('role="alert"')[-1][:400]
    page = client.get(page_url).get_data(as_text=True)
    total = Decimal(application["totals"]["total_cost"])
    eu = (total * Decimal("0.60")).quantize(Decimal("0.01"), ROUND_DOWN)
    grouped = f"{eu:,.2f}".replace(",", "\u00a0").replace(".", ",")  # Swedish: "1 234,56"
    assert grouped in page
    maximum = f"{Decimal(application['call']['cofinancing_rate']):.2f}".replace(".", ",")
    assert "60,00\u00a0%" in page and f"{maximum}\u00a0%" in page  # the rate granted, and the call's maximum
    assert translated("Followed from the figures given", "sv") in page


def test_on_the_page_an_eu_contribution_and_a_rate_that_disagree_are_refused_beside_both(
    client, ready_to_decide, person_of
):
    application, _, _ = ready_to_decide("se")
    page_url = f"/se/decisions/applications/{application['id']}"
    officer = person_of("se", "case_officer", language="sv")
    sign_in(client, "se", officer["email"])
    html = client.get(page_url).get_data(as_text=True)
    refused = client.post(
        page_url,
        data={
            "csrf_token": csrf_token(html),
            "kind": "grant",
            "eu_amount": "50 000,00",
            "eu_amount_shown": "1,00",
            "cofinancing_rate": "70",
            "reduction_reason": "Lägre.",
        },
    )
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'id="eu_amount-error"' in body and 'id="cofinancing_rate-error"' in body
    assert translated("No decision yet.", "sv") in body
