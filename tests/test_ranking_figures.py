"""The ranking of a call agrees with the decisions: each application's state, rejected and ineligible ones
outside the running total and the funding line, grants counted by their granted EU amount, the funding line
drawn, the scores per criterion and the titles shown, and one budget left on the ranking, the decision page
and the API. The print view for the decision meeting. Issue 11: on the Finnish demo call the rejected
AMIF-FI-DEMO-SYKSY-4 was counted above the funding line and the two pages showed two budgets left."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from babel.numbers import format_currency
from markupsafe import escape
from sqlalchemy import select

from service.extensions import db
from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
)
from tests.assessment_support import all_met, assessment_url
from tests.conftest import sign_in, tenant_id, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    decision_url,
    decisions_url,
    person_of,
    ready_to_score,
    submitted,
)

DEMO_CALL = "AMIF-FI-DEMO-SYKSY"
DEMO_BUDGET = Decimal("10800000.00")  # tenants/fi/demo.toml: budget = "10 800 000"
DEMO_REJECTED = "AMIF-FI-DEMO-SYKSY-4"  # demo.toml "Läxhjälp på svenska (demo)": state = "rejected"
DEMO_INELIGIBLE = "AMIF-FI-DEMO-SYKSY-8"  # demo.toml "Kulttuurikahvila (demo)": state = "ineligible"
# The Finnish demo criteria (tenants/fi/calls.toml), in the order of the call.
FI_CRITERIA = ("needs_assessment", "objectives_and_activities", "cooperation", "cost_efficiency")


def money(text: str) -> Decimal:
    return Decimal(text)


def demo_call_id(app) -> int:
    from service.calls.models import Call
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        return db.session.scalar(select(Call.id).where(Call.reference == DEMO_CALL))


def ranking_url(code: str, call_id: int) -> str:
    return f"/api/v1/{code}/calls/{call_id}/ranking"


def page_url(code: str, call_id: int) -> str:
    return f"/{code}/decisions/calls/{call_id}/ranking"


def figure(html: str, element_id: str) -> str:
    match = re.search(rf'<dd id="{element_id}">([^<]*)</dd>', html)
    assert match, f"#{element_id} on the page"
    return match.group(1)


def grants_in_force(client, headers: dict, application_ids) -> Decimal:
    """The EU amounts of the approved grants in force, read from each application's decisions."""
    total = Decimal("0.00")
    for application_id in application_ids:
        listing = client.get(decisions_url("fi", application_id), headers=headers).json
        current = next((d for d in listing["decisions"] if d["id"] == listing["current_id"]), None)
        if current is not None and current["kind"] == "grant":
            total += money(current["eu_amount"])
    return total


def test_the_rejected_demo_application_is_outside_the_running_total_and_the_funding_line(app, client, person_of):
    officer = person_of("fi", "case_officer")["headers"]
    ranked = client.get(ranking_url("fi", demo_call_id(app)), headers=officer).json
    rows = {row["reference"]: row for row in ranked["rows"]}
    rejected = rows[DEMO_REJECTED]
    assert rejected["state"] == "rejected" and rejected["funding"] == "rejected"
    assert rejected["position"] is None and rejected["cumulative"] is None
    ineligible = rows[DEMO_INELIGIBLE]
    assert ineligible["state"] == "ineligible" and ineligible["position"] is None and ineligible["total"] is None
    inside = [row for row in ranked["rows"] if row["position"] is not None]
    assert DEMO_REJECTED not in {row["reference"] for row in inside}
    # Ranked first, then those outside the ranking.
    assert ranked["rows"][: len(inside)] == inside
    # The running total adds up what each ranked application counts for, nothing else.
    running = Decimal("0.00")
    for row in inside:
        running += money(row["counted"])
        assert money(row["cumulative"]) == running
    # A granted application counts by the EU amount of its grant in force.
    for row in inside:
        if row["state"] == "granted":
            assert money(row["counted"]) == grants_in_force(client, officer, [row["application_id"]])
    # The demo's two grants and its two assessed applications fit the budget: all four are above the line.
    assert [row["funding"] for row in inside] == ["granted", "granted", "funded", "funded"]
    assert ranked["funding_line_after"] == 4


def test_the_budget_left_is_one_figure_on_the_ranking_the_decision_page_and_the_api(app, client, person_of):
    officer = person_of("fi", "case_officer", language="fi")
    call_id = demo_call_id(app)
    ranked = client.get(ranking_url("fi", call_id), headers=officer["headers"]).json
    ids = [row["application_id"] for row in ranked["rows"]] + [row["application_id"] for row in ranked["not_assessed"]]
    # What is left = the call's budget less the EU amounts of the grants in force.
    left = DEMO_BUDGET - grants_in_force(client, officer["headers"], ids)
    assert money(ranked["budget"]) == DEMO_BUDGET
    assert money(ranked["remaining"]) == left
    assert money(ranked["granted"]) == DEMO_BUDGET - left
    rejected = next(row for row in ranked["rows"] if row["reference"] == DEMO_REJECTED)
    listing = client.get(decisions_url("fi", rejected["application_id"]), headers=officer["headers"]).json
    assert money(listing["remaining_budget"]) == left

    sign_in(client, "fi", officer["email"])
    ranking_page = client.get(page_url("fi", call_id))
    assert ranking_page.status_code == 200
    decision_page = client.get(f"/fi/decisions/applications/{rejected['application_id']}")
    assert decision_page.status_code == 200
    shown = figure(ranking_page.text, "remaining")
    assert shown == figure(decision_page.text, "remaining")
    assert shown == format_currency(left, "EUR", locale="fi_FI")  # the officer reads Finnish


def test_the_demo_ranking_page_shows_states_titles_and_scores_per_criterion(app, client, person_of):
    officer = person_of("fi", "case_officer", language="fi")
    sign_in(client, "fi", officer["email"])
    html = client.get(page_url("fi", demo_call_id(app))).text
    ranked = html[html.index('id="ranking"') : html.index("</table>", html.index('id="ranking"'))]
    for title in ("Kotoutumisen polut Esimerkkilässä (demo)", "Språkcafé för nyanlända i Vasa (demo)"):
        assert str(escape(title)) in ranked
    assert translated("Granted", "fi") in ranked and translated("Assessed", "fi") in ranked
    # demo.toml: Kotoutumisen polut scored needs 28, objectives 25, cooperation 18, cost-efficiency 16
    row = ranked[ranked.index("AMIF-FI-DEMO-SYKSY-2") : ranked.index("</tr>", ranked.index("AMIF-FI-DEMO-SYKSY-2"))]
    cells = re.findall(r'<td class="num points">([^<]*)</td>', row)
    assert [cell.replace("\xa0", " ") for cell in cells] == ["28", "25", "18", "16"]
    assert DEMO_REJECTED not in ranked
    outside = html[html.index('id="outside"') :]
    assert DEMO_REJECTED in outside and DEMO_INELIGIBLE in outside
    assert translated("Rejected", "fi") in outside and translated("Ineligible", "fi") in outside
    assert 'class="funding-line"' in ranked


@pytest.fixture
def meeting(client, open_call, submitted, person_of, assessed):
    """A Finnish call whose budget runs out: one application granted for less than it asked, one rejected by
    decision despite the best score, one ineligible, and three assessed ones the budget left covers one and a
    half of. Every application asks for the same EU amount R (complete(): one travel cost line)."""
    probe = submitted("fi")
    requested = money(probe["totals"]["eu_amount"])
    granted_amount = requested - Decimal("1000.00")
    # Budget = G + 1.5 R: after the grant in force (G) the budget left covers R + R/2.
    budget = granted_amount + (requested * Decimal("1.5")).quantize(Decimal("0.01"))
    call = open_call(
        "fi", budget=f"{budget}", objectives=[{"code": "SO2"}], max_grant=None, min_grant=None, cofinancing_rate="90"
    )
    preparer, approver = person_of("fi", "case_officer"), person_of("fi", "case_officer")
    officer = preparer["headers"]
    apps = {name: submitted("fi", call=call) for name in ("granted", "best", "second", "third", "fourth", "ineligible")}
    points = {
        "best": {"needs_assessment": 29, "objectives_and_activities": 28, "cooperation": 19, "cost_efficiency": 19},
        "granted": {"needs_assessment": 28, "objectives_and_activities": 27, "cooperation": 18, "cost_efficiency": 17},
        "second": {"needs_assessment": 26, "objectives_and_activities": 25, "cooperation": 15, "cost_efficiency": 14},
        "third": {"needs_assessment": 24, "objectives_and_activities": 22, "cooperation": 13, "cost_efficiency": 12},
        "fourth": {"needs_assessment": 20, "objectives_and_activities": 20, "cooperation": 10, "cost_efficiency": 10},
    }
    for name, given in points.items():
        assessed("fi", apps[name], officer, given)
    check = {"points": all_met(completeness="Todistus puuttuu."), "outcome": "ineligible"}
    url = assessment_url("fi", apps["ineligible"]["id"])
    assert client.post(f"{url}/eligibility", json=check, headers=officer).status_code == 201
    grant = {"kind": "grant", "eu_amount": f"{granted_amount}", "reduction_reason": "Matkakulut pienenevät."}
    rejection = {"kind": "rejection", "reasons": ["score"], "explanation": "Hanke ei vastaa haun painopisteitä."}
    for name, body in (("granted", grant), ("best", rejection)):
        prepared = client.post(decisions_url("fi", apps[name]["id"]), json=body, headers=officer)
        assert prepared.status_code == 201, prepared.json
        approved = client.post(
            f"{decision_url('fi', prepared.json['id'])}/approve", json={}, headers=approver["headers"]
        )
        assert approved.status_code == 200, approved.json
    return {
        "call": call,
        "apps": apps,
        "officer": preparer,
        "requested": requested,
        "granted": granted_amount,
        "budget": budget,
    }


def test_grants_count_by_their_granted_amount_and_the_line_falls_where_the_budget_left_runs_out(client, meeting):
    apps, requested, granted = meeting["apps"], meeting["requested"], meeting["granted"]
    ranked = client.get(ranking_url("fi", meeting["call"]["id"]), headers=meeting["officer"]["headers"]).json
    inside = [row for row in ranked["rows"] if row["position"] is not None]
    # By score: granted (90), second (80), third (71), fourth (60); "best" (95) is rejected, so outside.
    order = ("granted", "second", "third", "fourth")
    assert [row["application_id"] for row in inside] == [apps[name]["id"] for name in order]
    assert [row["state"] for row in inside] == ["granted", "assessed", "assessed", "assessed"]
    # After the grant in force the budget left is R + R/2: second fits, third is cut, fourth is below.
    assert [row["funding"] for row in inside] == ["granted", "funded", "partial", "unfunded"]
    assert ranked["funding_line_after"] == 2
    assert [money(row["counted"]) for row in inside] == [granted, requested, requested, requested]
    assert [money(row["cumulative"]) for row in inside] == [granted + requested * k for k in range(4)]
    assert money(ranked["remaining"]) == meeting["budget"] - granted
    assert money(ranked["proposed"]) == requested  # above the line and not yet decided: second
    assert [row["points"] for row in inside][1] == {
        "needs_assessment": "26.00",
        "objectives_and_activities": "25.00",
        "cooperation": "15.00",
        "cost_efficiency": "14.00",
    }
    assert [c["key"] for c in ranked["criteria"]] == list(FI_CRITERIA)
    outside = {row["application_id"]: row for row in ranked["rows"] if row["position"] is None}
    assert outside[apps["best"]["id"]]["state"] == "rejected"
    assert outside[apps["ineligible"]["id"]]["state"] == "ineligible"
    assert all(row["cumulative"] is None for row in outside.values())
    assert all(row["title"] == "Språkcafé" for row in ranked["rows"])  # complete(): title = "Språkcafé"
    # A person's decisions on the ranking are for applications in it, not decided yet.
    decisions = f"{ranking_url('fi', meeting['call']['id'])}/decisions"
    headers = meeting["officer"]["headers"]
    for name, kind in (("best", "partial"), ("ineligible", "partial"), ("granted", "partial")):
        body = {"application_id": apps[name]["id"], "kind": kind, "amount": "1000", "reason": "Osa."}
        assert client.post(decisions, json=body, headers=headers).status_code == 409, name
    rest = meeting["budget"] - granted - requested  # what the grant and "second" leave
    cut = {"application_id": apps["third"]["id"], "kind": "partial", "amount": f"{rest}", "reason": "Loput."}
    after = client.post(decisions, json=cut, headers=headers)
    assert after.status_code == 201, after.json
    # The partial amount fits what is left: the line moves below "third", and the budget is all proposed.
    assert after.json["funding_line_after"] == 3 and money(after.json["proposed"]) == requested + rest
    assert money(after.json["remaining"]) == money(after.json["proposed"])


def test_the_page_draws_the_funding_line_between_the_funded_and_the_unfunded(client, meeting):
    sign_in(client, "fi", meeting["officer"]["email"])
    html = client.get(page_url("fi", meeting["call"]["id"])).text
    table = html[html.index('id="ranking"') : html.index("</table>", html.index('id="ranking"'))]
    rows = re.findall(r"<tr[^>]*>.*?</tr>", table[table.index("<tbody") :], re.S)
    kinds = [re.search(r'class="([^"]+)"', row).group(1) for row in rows]
    # granted, funded, the line, the one cut by it, the one below it
    assert kinds == ["funding-granted", "funding-funded", "funding-line", "funding-partial", "funding-unfunded"]
    assert translated("Funding line", "en") in rows[2] or translated("Funding line", "fi") in rows[2]
    assert str(meeting["apps"]["best"]["reference"]) not in table


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_print_view_for_the_decision_meeting(client, meeting, person_of, language):
    person = person_of("fi", "case_officer", language=language)
    sign_in(client, "fi", person["email"])
    url = f"{page_url('fi', meeting['call']['id'])}/print"
    before = datetime.now(ZoneInfo("Europe/Helsinki")).date()  # tenants/fi: time zone Europe/Helsinki
    response = client.get(url)
    after = datetime.now(ZoneInfo("Europe/Helsinki")).date()
    assert response.status_code == 200
    html = response.text
    assert f'<html lang="{language}"' in html
    assert "<nav" not in html and 'class="top"' not in html  # no navigation on paper
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]*print\.css[^"]*)"', html)
    assert stylesheet and "@media print" in client.get(stylesheet.group(1)).text
    assert meeting["call"]["reference"] in html
    locale = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_FI"}[language]
    assert any(format_date(day, "long", locale=locale) in html for day in {before, after})
    for text in ("Funding line", "Call budget left", "Granted", "Rejected", "Ineligible", "Signature"):
        assert str(escape(translated(text, language))) in html, text
    assert translated("Cumulative (%(currency)s)", language) % {"currency": "EUR"} in html
    assert html.count('class="signature"') == 2  # who presents and who decides
    assert 'class="funding-line"' in html
    for key in FI_CRITERIA:
        assert f'data-criterion="{key}"' in html


def test_the_ranking_of_another_tenants_call_is_404(app, client, person_of):
    swedish = person_of("se", "case_officer", language="sv")
    finnish_call = demo_call_id(app)
    assert client.get(ranking_url("se", finnish_call), headers=swedish["headers"]).status_code == 404
    sign_in(client, "se", swedish["email"])
    assert client.get(page_url("se", finnish_call)).status_code == 404
    assert client.get(f"{page_url('se', finnish_call)}/print").status_code == 404


def test_applicants_and_assessors_may_not_see_the_ranking(app, client, person_of):
    call_id = demo_call_id(app)
    for role in ("applicant", "assessor"):
        person = person_of("fi", role)
        assert client.get(ranking_url("fi", call_id), headers=person["headers"]).status_code == 403
        sign_in(client, "fi", person["email"])
        assert client.get(page_url("fi", call_id)).status_code == 403
        assert client.get(f"{page_url('fi', call_id)}/print").status_code == 403
