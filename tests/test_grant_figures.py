"""A grant's eligible cost, EU amount, rate and own contribution always agree (issue 11): the rate is the EU
share actually granted (AMIF Art. 15, on the call's basis), shown with two decimals beside the call's maximum;
changing one figure says which others follow; the letter and the project use that same rate."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
)
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    decision_url,
    decisions_url,
    granted,
    pdf_text,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)

CENT = Decimal("0.01")


def rate_of(eu: Decimal, base: Decimal) -> Decimal:
    """The EU share actually granted, in percent with two decimals, half up (what people read)."""
    return (eu * 100 / base).quantize(CENT, ROUND_HALF_UP)


def test_a_reduced_eu_amount_gives_the_real_rate_and_the_own_contribution_follows(client, ready_to_decide):
    """The issue's case in proportion: the eligible cost kept, the EU amount reduced. The letter once said
    75 % (the call's rate) and own funding that did not match; the rate is EU ÷ eligible cost."""
    application, preparer, approver = ready_to_decide("fi")
    total = Decimal(application["totals"]["total_cost"])
    reduced = Decimal("80000.00")
    prepared = client.post(
        decisions_url("fi", application["id"]),
        json={"kind": "grant", "eu_amount": "80 000,00", "reduction_reason": "Tulkkaus karsitaan."},
        headers=preparer["headers"],
    )
    assert prepared.status_code == 201, prepared.json
    decision = prepared.json
    assert Decimal(decision["eligible_cost"]) == total
    assert Decimal(decision["eu_amount"]) == reduced
    assert Decimal(decision["cofinancing_rate"]) == rate_of(reduced, total)
    assert Decimal(decision["cofinancing_rate"]) < Decimal("90")  # not the call's 90 %
    assert Decimal(decision["cofinancing_rate_maximum"]) == Decimal("90")  # the demo call's maximum, shown beside
    assert Decimal(decision["own_contribution"]) == total - reduced
    assert Decimal(decision["cofinanced_cost"]) == total  # the call's basis is the total eligible cost
    assert decision["follows"] == ["cofinancing_rate", "own_contribution"]


def test_a_rate_given_makes_the_eu_amount_follow_rounded_down(client, ready_to_decide):
    application, preparer, _ = ready_to_decide("fi")
    total = Decimal(application["totals"]["total_cost"])
    prepared = client.post(
        decisions_url("fi", application["id"]),
        json={"kind": "grant", "cofinancing_rate": "66,5", "reduction_reason": "Osarahoitus alennetaan."},
        headers=preparer["headers"],
    )
    assert prepared.status_code == 201, prepared.json
    # FACTS.md, Money: the EU share is rounded down to the cent, never above the rate
    expected = (total * Decimal("66.5") / 100).quantize(CENT, ROUND_DOWN)
    assert Decimal(prepared.json["eu_amount"]) == expected
    assert Decimal(prepared.json["own_contribution"]) == total - expected
    assert prepared.json["follows"] == ["eu_amount", "own_contribution"]
    assert Decimal(prepared.json["cofinancing_rate"]) == rate_of(expected, total)


def test_a_smaller_eligible_cost_keeps_the_rate_applied_for(client, ready_to_decide):
    application, preparer, _ = ready_to_decide("fi")
    total = Decimal(application["totals"]["total_cost"])
    eu = Decimal(application["totals"]["eu_amount"])
    smaller = Decimal("100000.00")
    prepared = client.post(
        decisions_url("fi", application["id"]),
        json={"kind": "grant", "eligible_cost": "100000", "reduction_reason": "Matkat karsitaan."},
        headers=preparer["headers"],
    )
    assert prepared.status_code == 201, prepared.json
    # the EU amount follows at the rate applied for (EU ÷ total of the application), down to the cent
    assert Decimal(prepared.json["eu_amount"]) == (smaller * eu / total).quantize(CENT, ROUND_DOWN)
    assert prepared.json["follows"] == ["eu_amount", "own_contribution"]


def test_an_eu_amount_and_a_rate_that_disagree_are_refused_naming_both(client, ready_to_decide):
    application, preparer, _ = ready_to_decide("fi")
    url = decisions_url("fi", application["id"])
    body = {"kind": "grant", "eu_amount": "80000", "cofinancing_rate": "75", "reduction_reason": "x"}
    refused = client.post(url, json=body, headers=preparer["headers"])
    assert refused.status_code == 422
    assert {"eu_amount", "cofinancing_rate"} <= set(refused.json["errors"])
    assert client.get(url, headers=preparer["headers"]).json["decisions"] == []


def test_a_rate_that_agrees_with_the_eu_amount_is_accepted(client, ready_to_decide):
    application, preparer, _ = ready_to_decide("fi")
    total = Decimal(application["totals"]["total_cost"])
    eu = (total * Decimal("80") / 100).quantize(CENT, ROUND_DOWN)
    body = {"kind": "grant", "eu_amount": str(eu), "cofinancing_rate": "80", "reduction_reason": "Alennettu."}
    prepared = client.post(decisions_url("fi", application["id"]), json=body, headers=preparer["headers"])
    assert prepared.status_code == 201, prepared.json
    assert prepared.json["follows"] == ["own_contribution"]


@pytest.mark.parametrize("basis", ["public"])
def test_on_the_public_basis_the_rate_is_of_the_public_cost(client, ready_to_decide, open_call, basis):
    call = open_call("fi", cofinancing_basis=basis)
    application, preparer, _ = ready_to_decide("fi", call=call)
    total = Decimal(application["totals"]["total_cost"])
    private = Decimal(application["totals"]["private_funding"])
    public = total - private
    prepared = client.post(
        decisions_url("fi", application["id"]),
        json={"kind": "grant", "eu_amount": "50000", "reduction_reason": "Alennettu."},
        headers=preparer["headers"],
    )
    assert prepared.status_code == 201, prepared.json
    assert Decimal(prepared.json["cofinanced_cost"]) == public
    assert Decimal(prepared.json["cofinancing_rate"]) == rate_of(Decimal("50000"), public)


def test_the_project_and_the_letter_carry_the_same_rate(app, client, granted):
    application, decision, preparer, approver = granted("fi", eu_amount="80000", reduction_reason="Tulkkaus karsitaan.")
    total = Decimal(application["totals"]["total_cost"])
    shown = rate_of(Decimal("80000"), total)
    projects = client.get("/api/v1/fi/projects", headers=preparer["headers"]).json
    row = next(p for p in projects if p["reference"] == application["reference"])
    detail = client.get(f"/api/v1/fi/projects/{row['id']}", headers=preparer["headers"]).json
    financing = detail["financing"]
    assert Decimal(financing["cofinancing_rate"]) == shown
    assert Decimal(financing["eu_amount"]) == Decimal("80000.00")
    assert Decimal(financing["cofinanced_cost"]) == total
    assert run_jobs(app, "fi", "decisions.write_letter")
    letter = client.get(f"{decision_url('fi', decision['id'])}/letter", headers=preparer["headers"])
    assert letter.status_code == 200
    text = pdf_text(letter.data)
    written = f"{shown:.2f}".replace(".", ",")  # Finnish: decimal comma ("66,55 %")
    assert written in text, text


def test_the_demo_has_a_reduced_grant_whose_figures_agree_in_the_decision_and_the_project(app):
    """tenants/*/demo.toml: one grant per tenant with its EU amount reduced and the eligible cost kept."""
    from sqlalchemy import select

    from service.decisions.models import Decision
    from service.extensions import db
    from service.projects.models import Project
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    for code in ("se", "fi"):
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            reduced = [
                d
                for d in db.session.scalars(select(Decision).where(Decision.status == "approved"))
                if d.granted and d.reduction_reason
            ]
            assert reduced, code
            for decision in reduced:
                eligible, eu, base = decision.eligible_cost, decision.eu_amount, decision.cofinanced_cost
                assert eu + decision.own_contribution == eligible
                assert decision.cofinancing_rate == rate_of(eu, base)
                project = db.session.scalar(select(Project).where(Project.application_id == decision.application_id))
                version = project.current
                assert (version.eligible_cost, version.eu_amount, version.cofinanced_cost) == (eligible, eu, base)
                assert version.cofinancing_rate == decision.cofinancing_rate
                financing = version.content["financing"]
                assert Decimal(financing["eu_amount"]) == eu
                assert Decimal(financing["cofinancing_rate"]) == decision.cofinancing_rate
