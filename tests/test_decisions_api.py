"""Decisions through the API: four eyes, grants with their terms, reductions and overrides, rejections with
their reasons, corrections by a new decision, the letter in the application's language, and isolation."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
)
from tests.assessment_support import all_met, assessment_url
from tests.conftest import translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    FI_GOOD,
    SE_ZERO,
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


def money(value: str) -> Decimal:
    return Decimal(value)


def flat(text: str) -> str:
    """Text with every run of white space as one space: a PDF's wrapped lines, babel's no-break spaces."""
    return " ".join(text.split())


def test_one_person_prepares_another_approves_and_the_grant_becomes_a_project_with_a_swedish_letter(
    app, client, ready_to_decide
):
    application, preparer, approver = ready_to_decide("fi")  # an application in Swedish to the Finnish MA
    url = decisions_url("fi", application["id"])
    prepared = client.post(
        url, json={"kind": "grant", "conditions": "Rapportera varje halvår."}, headers=preparer["headers"]
    )
    assert prepared.status_code == 201, prepared.json
    decision = prepared.json
    # The defaults are what was applied for, at the call's rate (90 %, tests/calls_support.py).
    assert decision["status"] == "prepared" and decision["reference"] is None
    assert decision["eligible_cost"] == application["totals"]["total_cost"]
    assert decision["eu_amount"] == application["totals"]["eu_amount"]
    assert decision["cofinancing_rate"] == "90"
    assert money(decision["own_contribution"]) == money(application["totals"]["total_cost"]) - money(
        application["totals"]["eu_amount"]
    )
    assert [t["accepted"] for t in decision["indicator_targets"]] == [120]

    # four eyes: not by the person who prepared it
    own = client.post(f"{decision_url('fi', decision['id'])}/approve", json={}, headers=preparer["headers"])
    assert own.status_code == 409
    mine = "You prepared this decision: another person must approve it."
    assert own.json["error"]["message"] == translated(mine, "fi")
    assert client.get(decision_url("fi", decision["id"]), headers=preparer["headers"]).json["status"] == "prepared"
    # the applicant does not see a decision in preparation
    person = application["applicant"]
    assert client.get(decision_url("fi", decision["id"]), headers=person["headers"]).status_code == 404
    assert client.get(url, headers=person["headers"]).json == {"decisions": []}

    approved = client.post(
        f"{decision_url('fi', decision['id'])}/approve",
        json={"version": decision["version"]},
        headers=approver["headers"],
    )
    assert approved.status_code == 200, approved.json
    decision = approved.json
    assert decision["status"] == "approved" and decision["reference"] == f"{application['reference']}-D1"
    app_url = f"/api/v1/fi/applications/{application['id']}"
    assert client.get(app_url, headers=person["headers"]).json["status"] == "granted"

    # deciding twice, approving twice
    twice = client.post(
        url, json={"kind": "rejection", "reasons": ["score"], "explanation": "x"}, headers=preparer["headers"]
    )
    assert twice.status_code == 409 and twice.json["error"]["details"]["decision_id"] == decision["id"]
    again = client.post(f"{decision_url('fi', decision['id'])}/approve", json={}, headers=approver["headers"])
    assert again.status_code == 409

    # the project, with the decision as its frozen baseline
    projects = client.get("/api/v1/fi/projects", headers=person["headers"]).json
    assert [p["reference"] for p in projects] == [application["reference"]]
    project = client.get(f"/api/v1/fi/projects/{projects[0]['id']}", headers=person["headers"]).json
    baseline = project["versions"][0]
    assert baseline["kind"] == "baseline" and baseline["decision_id"] == decision["id"]
    assert baseline["content"]["financing"]["eu_amount"] == application["totals"]["eu_amount"]
    assert baseline["content"]["period"] == {"start": "2027-01-01", "end": "2028-12-31"}
    assert baseline["content"]["indicators"][0]["target"] == 120
    assert baseline["content"]["conditions"] == "Rapportera varje halvår."

    # the letter, by a job, in the application's language, kept by its content hash
    letter_url = f"{decision_url('fi', decision['id'])}/letter"
    assert client.get(letter_url, headers=person["headers"]).status_code == 409  # not written yet
    assert run_jobs(app, "fi", "decisions.write_letter")
    letter = client.get(letter_url, headers=person["headers"])
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert letter.headers["X-Content-Type-Options"] == "nosniff"
    read = client.get(decision_url("fi", decision["id"]), headers=person["headers"]).json
    assert read["letter"]["sha256"] == hashlib.sha256(letter.data).hexdigest()
    assert read["letter"]["language"] == "sv"
    assert "override_reason" not in read and "prepared_by" not in read  # internal to the MA
    text = flat(pdf_text(letter.data))
    assert "Beslut" in text and "Inrikesministeriet" in text and decision["reference"] in text
    # amounts in euro as written in Swedish in Finland; the date of approval in Helsinki time
    for amount in (decision["eu_amount"], decision["eligible_cost"]):
        assert flat(numbers.format_currency(Decimal(amount), "EUR", locale="sv_FI")) in text
    approved_at = datetime.fromisoformat(decision["approved_at"]).astimezone(ZoneInfo("Europe/Helsinki"))
    assert flat(dates.format_date(approved_at.date(), "long", locale="sv_FI")) in text
    assert "Rapportera varje halvår." in text

    # the applicant is told by e-mail (tests/test_notifications.py: once, even when the job runs again)
    assert run_jobs(app, "fi", "notifications.deliver")
    mails = [
        m
        for m in outbox(app)
        if m["To"] == person["email"] and decision["reference"] in m.get_payload(decode=True).decode()
    ]
    # the e-mail in the person's own language (a Finnish-speaking member), the letter in the application's
    assert len(mails) == 1 and mails[0]["Content-Language"] == "fi"


def test_the_second_letter_run_changes_nothing_and_letters_are_stored_once(app, client, granted):
    application, decision, preparer, _ = granted("fi")
    assert run_jobs(app, "fi", "decisions.write_letter")
    from service.decisions.models import Decision
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        before = db.session.get(Decision, decision["id"]).letter_sha256
        from service.decisions.tasks import write_letter

        write_letter(decision["id"])
        db.session.commit()
        assert db.session.get(Decision, decision["id"]).letter_sha256 == before


def test_bad_grants_are_refused_with_the_field_and_nothing_is_stored(client, ready_to_decide):
    application, preparer, approver = ready_to_decide("fi")
    url = decisions_url("fi", application["id"])
    total, eu = money(application["totals"]["total_cost"]), money(application["totals"]["eu_amount"])
    # the EU amount may be at most 90 % of the eligible cost, down to the cent (AMIF Art. 15; the call's rate;
    # FACTS.md, Money)
    half = (total / 2).quantize(Decimal("0.01"), ROUND_HALF_UP)
    ceiling_for_half = (half * Decimal("0.9")).quantize(Decimal("0.01"), ROUND_DOWN)
    cases = (
        ({"kind": "grant", "eu_amount": str(eu + 1)}, "override_reason"),  # more than applied for
        ({"kind": "grant", "eligible_cost": str(total + 1)}, "override_reason"),
        ({"kind": "grant", "eu_amount": str(eu - 1000)}, "reduction_reason"),  # less, without saying why
        ({"kind": "grant", "cofinancing_rate": "95"}, "cofinancing_rate"),  # above the call's 90 %
        (
            {
                "kind": "grant",
                "eligible_cost": str(half),
                "eu_amount": str(ceiling_for_half + Decimal("0.01")),
                "reduction_reason": "Halverad",
            },
            "eu_amount",
        ),
        ({"kind": "grant", "project_end": "2030-06-30"}, "project_period"),  # the call ends 2029
        ({"kind": "grant", "project_start": "2028-01-01", "project_end": "2027-01-01"}, "project_period"),
        ({"kind": "grant", "project_end": "9999-12-31"}, "project_end"),
        ({"kind": "grant", "indicator_targets": {"999999": 5}}, "indicator_targets"),  # not this application's
        ({"kind": "grant", "indicator_targets": {"first": 5}}, "indicator_targets"),
        ({"kind": "grant", "indicator_targets": {"1": -5}}, "indicator_targets"),
        ({"kind": "grant", "eu_amount": "tio tusen"}, "eu_amount"),
        ({"kind": "grant", "eu_amount": "-100"}, "eu_amount"),
        ({"kind": "grant", "eu_amount": "1" + "0" * 20}, "eu_amount"),
        ({"kind": "grant", "eu_amount": 12.5}, "eu_amount"),
        ({"kind": "grant", "eu_amount": "0"}, "eu_amount"),
        ({"kind": "bonus"}, "kind"),
        ({}, "kind"),
        ({"kind": "rejection", "eu_amount": "100"}, "kind"),
        ({"kind": "rejection"}, "reasons"),
        ({"kind": "rejection", "reasons": ["ineligible"]}, "reasons"),  # the check found it eligible
        ({"kind": "rejection", "reasons": ["failed_rules"]}, "reasons"),  # it passes the rules
        ({"kind": "rejection", "reasons": ["budget_exhausted"]}, "explanation"),
        ({"kind": "rejection", "reasons": ["mood"]}, "reasons"),
        ({"kind": "grant", "corrects_id": 2**31}, "corrects_id"),
        ({"kind": "grant", "surprise": 1}, "surprise"),
    )
    for body, field in cases:
        refused = client.post(url, json=body, headers=preparer["headers"])
        assert refused.status_code == 422, (body, refused.json)
        assert field in refused.json["errors"], (body, refused.json)
    assert client.get(url, headers=preparer["headers"]).json["decisions"] == []
    # the message is in the reader's language
    over = {"kind": "grant", "eu_amount": str(eu + 1)}
    messages = {
        language: client.post(url, json=over, headers={**preparer["headers"], "Accept-Language": language}).json[
            "errors"
        ]["override_reason"][0]
        for language in ("fi", "sv", "en")
    }
    assert len(set(messages.values())) == 3, messages

    # an override with its reason grants more than was applied for; a reduction with its reason less
    more = client.post(
        url,
        json={
            "kind": "grant",
            "eu_amount": str(eu + 1),
            "eligible_cost": str(total + 2),
            "override_reason": "Ytterligare tolk beviljas.",
        },
        headers=preparer["headers"],
    )
    assert more.status_code == 201 and more.json["override_reason"] == "Ytterligare tolk beviljas."
    assert [t["accepted"] for t in more.json["indicator_targets"]] == [120]  # the planned value, by default
    # one decision in preparation at a time
    second = client.post(url, json={"kind": "grant"}, headers=approver["headers"])
    assert second.status_code == 409
    returned = client.post(
        f"{decision_url('fi', more.json['id'])}/return", json={"reason": "För mycket."}, headers=approver["headers"]
    )
    assert returned.status_code == 200 and returned.json["status"] == "returned"
    assert (
        client.post(f"{decision_url('fi', more.json['id'])}/approve", json={}, headers=approver["headers"]).status_code
        == 409
    )
    less = client.post(
        url,
        json={
            "kind": "grant",
            "eu_amount": str(eu - 1000),
            "reduction_reason": "Resor sänks.",
            "indicator_targets": {str(application["indicators"][0]["id"]): 100},
        },
        headers=preparer["headers"],
    )
    assert less.status_code == 201, less.json
    assert money(less.json["own_contribution"]) == total - (eu - 1000)
    assert [(t["planned"], t["accepted"]) for t in less.json["indicator_targets"]] == [(120, 100)]


def test_more_than_the_call_budget_left_needs_an_override_even_at_approval(client, open_call, ready_to_decide):
    # room for one application of about 108 000 EU (one travel line of 112 345,67 + 7 % indirect, at 90 %)
    call = open_call(
        "fi", budget="150 000,00", max_grant="120 000,00", objectives=[{"code": "SO2", "budget": "150 000,00"}]
    )
    first, preparer, approver = ready_to_decide("fi", call=call)
    second, _, _ = ready_to_decide("fi", call=call)
    # the second is prepared with an override for more than was applied for: it does not cover the budget
    more = {
        "kind": "grant",
        "eu_amount": str(money(second["totals"]["eu_amount"]) + 1),
        "eligible_cost": str(money(second["totals"]["total_cost"]) + 2),
        "override_reason": "En extra tolk.",
    }
    prepared = [
        client.post(decisions_url("fi", a["id"]), json=body, headers=preparer["headers"])
        for a, body in ((first, {"kind": "grant"}), (second, more))
    ]
    assert [p.status_code for p in prepared] == [201, 201]  # both fit while neither is approved
    assert (
        client.post(
            f"{decision_url('fi', prepared[0].json['id'])}/approve", json={}, headers=approver["headers"]
        ).status_code
        == 200
    )
    late = client.post(f"{decision_url('fi', prepared[1].json['id'])}/approve", json={}, headers=approver["headers"])
    assert late.status_code == 409, late.json
    left = Decimal("150000.00") - money(first["totals"]["eu_amount"])
    listing = client.get(decisions_url("fi", second["id"]), headers=preparer["headers"]).json
    assert money(listing["remaining_budget"]) == left
    client.post(
        f"{decision_url('fi', prepared[1].json['id'])}/return",
        json={"reason": "Budgeten räcker inte."},
        headers=approver["headers"],
    )
    refused = client.post(decisions_url("fi", second["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    assert refused.status_code == 422 and "override_reason" in refused.json["errors"]
    overridden = client.post(
        decisions_url("fi", second["id"]),
        json={"kind": "grant", "override_reason": "Budgeten utökas genom omfördelning."},
        headers=preparer["headers"],
    )
    assert overridden.status_code == 201
    partial = client.post(
        decisions_url("fi", second["id"]),
        json={"kind": "rejection", "reasons": ["budget_exhausted"], "explanation": "Budgeten är slut."},
        headers=preparer["headers"],
    )
    assert partial.status_code == 409  # one in preparation already


def test_an_ineligible_application_is_only_rejected_and_with_the_checks_reasons(app, client, submitted, person_of):
    application = submitted("se")
    preparer, approver = person_of("se", "case_officer"), person_of("se", "case_officer")
    checked = client.post(
        f"{assessment_url('se', application['id'])}/eligibility",
        json={"points": all_met(period="Projektet slutar efter utlysningens sista dag."), "outcome": "ineligible"},
        headers=preparer["headers"],
    )
    assert checked.status_code == 201
    url = decisions_url("se", application["id"])
    grant = client.post(url, json={"kind": "grant"}, headers=preparer["headers"])
    assert grant.status_code == 409
    assert grant.json["error"]["message"] == translated(
        "The application is ineligible: it can only be rejected, for the reasons of the check.", "sv"
    )
    wrong = client.post(
        url, json={"kind": "rejection", "reasons": ["score"], "explanation": "x"}, headers=preparer["headers"]
    )
    assert wrong.status_code == 422
    rejection = client.post(url, json={"kind": "rejection"}, headers=preparer["headers"])
    assert rejection.status_code == 201, rejection.json
    assert rejection.json["reasons"] == ["ineligible"]
    assert any("Projektet slutar efter utlysningens sista dag." in line for line in rejection.json["reason_texts"])
    approved = client.post(f"{decision_url('se', rejection.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200
    assert client.get("/api/v1/se/projects", headers=application["applicant"]["headers"]).json == []
    assert run_jobs(app, "se", "decisions.write_letter")
    letter = client.get(
        f"{decision_url('se', rejection.json['id'])}/letter", headers=application["applicant"]["headers"]
    )
    text = flat(pdf_text(letter.data))
    assert "avslår" in text and "Projektet slutar efter utlysningens sista dag." in text


def test_a_criterion_at_zero_is_rejected_for_the_call_rules_and_cannot_be_granted(app, client, ready_to_decide):
    application, preparer, approver = ready_to_decide("se", SE_ZERO)
    url = decisions_url("se", application["id"])
    assert client.post(url, json={"kind": "grant"}, headers=preparer["headers"]).status_code == 409
    rejection = client.post(url, json={"kind": "rejection", "reasons": ["failed_rules"]}, headers=preparer["headers"])
    assert rejection.status_code == 201, rejection.json
    assert any("0" in line for line in rejection.json["reason_texts"][1:])
    client.post(f"{decision_url('se', rejection.json['id'])}/approve", json={}, headers=approver["headers"])
    assert run_jobs(app, "se", "decisions.write_letter")
    letter = client.get(
        f"{decision_url('se', rejection.json['id'])}/letter", headers=application["applicant"]["headers"]
    )
    text = flat(pdf_text(letter.data))
    assert "Ansökans poäng strider mot utlysningens regler." in text
    assert "Totalpoängen 55 understiger minimigränsen på 65." in text  # 20 + 15 + 10 + 0 + 10, the Swedish minimum


def test_a_decision_is_corrected_only_by_a_new_one_and_the_project_keeps_its_baseline(app, client, granted):
    application, decision, preparer, approver = granted("fi")
    url = decisions_url("fi", application["id"])
    eu = money(application["totals"]["eu_amount"])
    # the project was amended before the correction: the correction starts from the project as it stands
    person = application["applicant"]
    project_id = client.get("/api/v1/fi/projects", headers=person["headers"]).json[0]["id"]
    amended = client.post(
        f"/api/v1/fi/projects/{project_id}/amendments",
        json={"based_on": 1, "reason": "Förlängd.", "project_end": "2029-03-31", "indicators": {"O.2.3": 130}},
        headers=preparer["headers"],
    )
    assert amended.status_code == 201, amended.json
    no_reason = client.post(url, json={"kind": "grant", "corrects_id": decision["id"]}, headers=preparer["headers"])
    assert no_reason.status_code == 422 and "correction_reason" in no_reason.json["errors"]
    corrected = client.post(
        url,
        json={
            "kind": "grant",
            "corrects_id": decision["id"],
            "correction_reason": "Felräknad resebudget.",
            "eu_amount": str(eu - 500),
            "reduction_reason": "Resorna var dubbelräknade.",
        },
        headers=preparer["headers"],
    )
    assert corrected.status_code == 201, corrected.json
    assert corrected.json["project_end"] == "2029-03-31"
    assert [t["accepted"] for t in corrected.json["indicator_targets"]] == [130]
    done = client.post(f"{decision_url('fi', corrected.json['id'])}/approve", json={}, headers=approver["headers"])
    assert done.status_code == 200 and done.json["reference"].endswith("-D2")
    listing = client.get(url, headers=preparer["headers"]).json
    assert listing["current_id"] == corrected.json["id"]
    assert [d["status"] for d in listing["decisions"]] == ["approved", "approved"]
    assert listing["decisions"][0]["eu_amount"] == decision["eu_amount"]  # the old one is unchanged
    # correcting the old one again is refused: only the decision in force is corrected
    stale = client.post(
        url,
        json={
            "kind": "rejection",
            "reasons": ["score"],
            "explanation": "x",
            "corrects_id": decision["id"],
            "correction_reason": "y",
        },
        headers=preparer["headers"],
    )
    assert stale.status_code == 409
    project = client.get(f"/api/v1/fi/projects/{project_id}", headers=person["headers"]).json
    assert [v["kind"] for v in project["versions"]] == ["baseline", "amendment", "decision"]
    assert project["versions"][0]["content"]["financing"]["eu_amount"] == application["totals"]["eu_amount"]
    assert money(project["versions"][2]["content"]["financing"]["eu_amount"]) == eu - 500
    assert project["versions"][2]["reason"] == "Felräknad resebudget."
    assert project["versions"][2]["content"]["period"]["end"] == "2029-03-31"  # the amendment is kept
    run_jobs(app, "fi", "decisions.write_letter")
    letter = client.get(f"{decision_url('fi', corrected.json['id'])}/letter", headers=person["headers"])
    assert f"ersätter beslut {decision['reference']}" in flat(pdf_text(letter.data))


def test_decisions_of_another_tenant_or_organisation_are_404_and_never_listed(client, granted, person_of, applicant):
    application, decision, preparer, _ = granted("fi")
    swede = person_of("se", "case_officer")
    outsider = applicant("fi")
    for headers in (swede["headers"], outsider["headers"]):
        assert client.get(decision_url("fi", decision["id"]), headers=headers).status_code in (401, 404)
        assert client.get(f"{decision_url('fi', decision['id'])}/letter", headers=headers).status_code in (401, 404)
    # the same ids through the Swedish tenant's URLs
    assert client.get(decision_url("se", decision["id"]), headers=swede["headers"]).status_code == 404
    assert client.get(decisions_url("se", application["id"]), headers=swede["headers"]).status_code == 404
    assert (
        client.post(
            decisions_url("se", application["id"]), json={"kind": "grant"}, headers=swede["headers"]
        ).status_code
        == 404
    )
    for action, body in (("approve", {}), ("return", {"reason": "x"})):
        assert (
            client.post(
                f"{decision_url('se', decision['id'])}/{action}", json=body, headers=swede["headers"]
            ).status_code
            == 404
        )
    assert client.get(decisions_url("fi", application["id"]), headers=outsider["headers"]).status_code == 404
    assert client.get("/api/v1/fi/projects", headers=outsider["headers"]).json == []
    assert application["reference"] not in {
        p["reference"] for p in client.get("/api/v1/se/projects", headers=swede["headers"]).json
    }
    # applicants do not prepare or approve
    person = application["applicant"]
    assert (
        client.post(
            decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=person["headers"]
        ).status_code
        == 403
    )
    assert (
        client.post(f"{decision_url('fi', decision['id'])}/approve", json={}, headers=person["headers"]).status_code
        == 403
    )


def test_an_application_changed_after_preparation_is_not_approved(client, ready_to_decide):
    application, preparer, approver = ready_to_decide("fi")
    prepared = client.post(decisions_url("fi", application["id"]), json={"kind": "grant"}, headers=preparer["headers"])
    asked = client.post(
        f"/api/v1/fi/applications/{application['id']}/supplement-requests",
        json={"message": "Bifoga intyget."},
        headers=preparer["headers"],
    )
    assert asked.status_code == 201
    refused = client.post(f"{decision_url('fi', prepared.json['id'])}/approve", json={}, headers=approver["headers"])
    assert refused.status_code == 409
    assert client.get(decision_url("fi", prepared.json["id"]), headers=preparer["headers"]).json["status"] == "prepared"
    for bad in ("²", "1.5", "-1"):  # a version that is not a whole number
        answer = client.post(
            f"{decision_url('fi', prepared.json['id'])}/approve", json={"version": bad}, headers=approver["headers"]
        )
        assert answer.status_code == 422
