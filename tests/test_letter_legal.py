"""The decision letter is legally complete in each language of its tenant: the legal basis, each reason once
(with the score, the call's minimum and the rank when the ranking rejected it), what was reduced from what to
what, how to appeal or ask for rectification (deadline, to whom), the contact person and the managing
authority's postal address, and the EU funding statement; the tenant's legal texts are tenant data."""

from __future__ import annotations

import html
import shutil
from decimal import Decimal

import pytest

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    run_jobs,
)
from tests.conftest import ROOT, sign_in, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    SE_GOOD,
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
from tests.letter_support import facts, flat, letter_data, money, render, tenant_of, text_of

# Two Swedish applications in one call: SE_GOOD totals 80; SE_SEVENTY 20 + 20 + 15 + 10 + 5 = 70, over the
# Swedish minimum of 65 (tenants/se/calls.toml), so both are ranked: 80 first, 70 second.
SE_SEVENTY = {
    "relevance": 20,
    "feasibility": 20,
    "cost_efficiency": 15,
    "horizontal_principles": 10,
    "dissemination": 5,
}
# The tenants' languages (tenants/*/tenant.toml): Sweden sv, en; Finland fi, sv, en.
TENANT_LANGUAGES = [("se", "sv"), ("se", "en"), ("fi", "fi"), ("fi", "sv"), ("fi", "en")]
# What the law makes each letter say, as cited in tenants/<code>/letter.toml: the act the remedy rests on, the
# deadline, where the remedy leads, the authority's postal address, and the EU funding statement (CPR Annex IX).
LEGAL_FACTS = {
    # förvaltningslagen (2017:900) 40–44 §§: to the administrative court, sent to the authority, three weeks
    ("se", "sv"): ["förvaltningslagen (2017:900)", "tre veckor", "förvaltningsrätten", "601 70 Norrköping"],
    ("se", "en"): [
        "Administrative Procedure Act (2017:900)",
        "three weeks",
        "Administrative Court",
        "601 70 Norrköping",
    ],
    # valtionavustuslaki (688/2001) 34 §, hallintolaki (434/2003) 49 c §: rectification within 30 days, then
    # an appeal to the administrative court; the Ministry of the Interior's postal address
    ("fi", "fi"): ["valtionavustuslaki (688/2001)", "30 päivän", "hallinto-oikeuteen", "00023 Valtioneuvosto"],
    ("fi", "sv"): ["statsunderstödslagen (688/2001)", "30 dagar", "förvaltningsdomstolen", "00023 Statsrådet"],
    ("fi", "en"): ["Act on Discretionary Government Transfers (688/2001)", "30 days", "administrative court", "00023"],
}
STATEMENT = {"sv": "Medfinansieras av Europeiska unionen", "fi": "Euroopan unionin osarahoittama"}


def test_a_rejection_on_the_ranking_gives_each_reason_once_with_the_score_the_minimum_and_the_rank(
    app, client, open_call, ready_to_decide
):
    call = open_call("se")
    better, preparer, approver = ready_to_decide("se", SE_GOOD, call=call)
    weaker, _, _ = ready_to_decide("se", SE_SEVENTY, call=call)
    # the demo's explanation (tenants/fi/demo.toml): the reason's own sentence in other words
    explanation = "Ansökan fick lägre poäng än de ansökningar som beviljades."
    rejection = client.post(
        decisions_url("se", weaker["id"]),
        json={"kind": "rejection", "reasons": ["score", "budget_exhausted"], "explanation": explanation},
        headers=preparer["headers"],
    )
    assert rejection.status_code == 201, rejection.json
    approved = client.post(f"{decision_url('se', rejection.json['id'])}/approve", json={}, headers=approver["headers"])
    assert approved.status_code == 200, approved.json
    assert run_jobs(app, "se", "decisions.write_letter")
    letter = client.get(f"{decision_url('se', rejection.json['id'])}/letter", headers=weaker["applicant"]["headers"])
    text = flat(pdf_text(letter.data))
    # each reason once: the officer's explanation states the ranking's reasons, not their generic sentences too
    assert text.count(explanation) == 1
    for generic in (
        "The application scored lower than the applications that were granted.",
        "The call's budget does not suffice for this application.",
    ):
        assert translated(generic, "sv") not in text
    # 70 of at most 30 + 25 + 20 + 10 + 15 = 100 points (tenants/se/calls.toml); the minimum 65; second of two
    standing = [
        translated("The application's total score is %(total)s of %(maximum)s points.", "sv")
        % {"total": "70", "maximum": "100"},
        translated("The call's minimum total score is %(minimum)s points.", "sv") % {"minimum": "65"},
        translated("In the call's ranking the application is number %(position)s of %(ranked)s.", "sv")
        % {"position": "2", "ranked": "2"},
    ]
    for sentence in standing:
        assert text.count(flat(sentence)) == 1, sentence
    # The applicant reads the same reasons and score on the application's page (issue 15), in their language.
    reader = app.test_client()
    assert sign_in(reader, "se", weaker["applicant"]["email"]).status_code == 302
    page = html.unescape(reader.get(f"/se/applications/{weaker['id']}", headers={"Accept-Language": "sv"}).text)
    assert translated("Reasons for the decision", "sv") in page and explanation in page
    for sentence in standing:
        assert sentence in page, sentence
    assert "Reasons for the decision" not in reader.get(f"/se/applications/{better['id']}").text  # not theirs: 404
    # and the letter is legally complete (the rest of this file)
    for fact in LEGAL_FACTS[("se", "sv")]:
        assert fact in text


def test_a_rejection_that_fails_the_rules_gives_its_reason_once_and_the_rule_it_fails(app):
    reasons = ["Ansökans poäng strider mot utlysningens regler.", "– Totalpoängen 55 understiger minimigränsen på 65."]
    text = text_of(app, facts(app, "se", "sv", granted=False, reasons=reasons))
    assert [text.count(line) for line in reasons] == [1, 1]


@pytest.mark.parametrize(
    "code, language, locale",
    [("fi", "sv", "sv_FI"), ("fi", "fi", "fi_FI"), ("fi", "en", "en_FI"), ("se", "sv", "sv_SE")],
)
def test_a_reduced_eu_amount_is_named_from_what_to_what_and_the_rate_granted_beside_the_calls_maximum(
    app, code, language, locale
):
    currency = tenant_of(app, code).currency
    text = text_of(app, facts(app, code, language))
    # the old letter's words, which did not say which amount was reduced
    old = {"sv": "Beloppen har satts ned", "fi": "Summia on alennettu", "en": "The amounts have been reduced"}
    assert old[language] not in text
    reduced = translated(
        "The EU contribution has been reduced from %(applied)s to %(granted)s; the eligible cost of %(eligible)s "
        "is as applied for.",
        language,
    ) % {
        "applied": money("134820.00", currency, locale),
        "granted": money("100000.00", currency, locale),
        "eligible": money("149800.00", currency, locale),
    }
    assert flat(reduced) in text
    assert (
        flat(translated("Reason for the reduction: %(reason)s", language) % {"reason": "Resorna är för dyra."}) in text
    )
    # 100 000,00 / 149 800,00 = 66,7557 % granted, with two decimals; the call's maximum 90 % beside it
    from babel import numbers

    for rate in ("0.6676", "0.9000"):
        assert flat(numbers.format_percent(Decimal(rate), "#,##0.00 %", locale=locale)).replace(" ", "") in (
            text.replace(" ", "")
        )
    assert flat(translated("Maximum co-financing rate of the call", language)) in text


@pytest.mark.parametrize("language, locale", [("sv", "sv_FI"), ("fi", "fi_FI")])
def test_a_reduction_of_both_amounts_or_of_the_eligible_cost_alone_says_which(app, language, locale):
    both = text_of(app, facts(app, "fi", language, applied_total=Decimal("160000.00")))
    said = translated(
        "The eligible cost has been reduced from %(applied)s to %(granted)s and the EU contribution from "
        "%(applied_eu)s to %(granted_eu)s.",
        language,
    ) % {
        "applied": money("160000.00", "EUR", locale),
        "granted": money("149800.00", "EUR", locale),
        "applied_eu": money("134820.00", "EUR", locale),
        "granted_eu": money("100000.00", "EUR", locale),
    }
    assert flat(said) in both
    eligible_only = text_of(
        app, facts(app, "fi", language, applied_total=Decimal("160000.00"), applied_eu=Decimal("100000.00"))
    )
    said = translated(
        "The eligible cost has been reduced from %(applied)s to %(granted)s; the EU contribution of %(eu)s is as "
        "applied for.",
        language,
    ) % {
        "applied": money("160000.00", "EUR", locale),
        "granted": money("149800.00", "EUR", locale),
        "eu": money("100000.00", "EUR", locale),
    }
    assert flat(said) in eligible_only
    # nothing reduced: no reduction is told
    as_applied = text_of(app, facts(app, "fi", language, applied_eu=Decimal("100000.00"), reduction_reason=""))
    for sentence in (said, translated("Reason for the reduction: %(reason)s", language)):
        assert flat(sentence).split("%(")[0][:25] not in as_applied


@pytest.mark.parametrize("code, language", TENANT_LANGUAGES)
@pytest.mark.parametrize("granted", [True, False])
def test_every_letter_is_legally_complete_in_each_language_of_its_tenant(app, code, language, granted):
    data = letter_data(code)[language]
    tenant = tenant_of(app, code)
    reasons = None if granted else ["Ansökan uppfyller inte utlysningens formella krav."]
    text = text_of(app, facts(app, code, language, granted=granted, reasons=reasons))
    address = tenant.managing_authority["address"][language]
    for part in ("legal_basis", "remedy_heading", "correction", "funding_statement"):
        assert flat(data[part]) in text, part
    assert flat(data["remedy"].replace("{address}", ", ".join(address.splitlines()))) in text
    # the beneficiary's duty to show the EU's support (CPR Art. 47, 50, Annex IX) is a grant's
    assert (flat(data["visibility"]) in text) is granted
    for fact in LEGAL_FACTS[(code, language)]:
        assert fact in text, fact
    assert STATEMENT.get(language, "Co-funded by the European Union") in text
    # the contact person (hallintolaki 44 § 4: name and contact details; the tenant's function mailbox, if it
    # names one, as the address) and the postal address
    contact = translated("Contact person: %(name)s, %(email)s", language) % {
        "name": "Anna Handläggare",
        "email": tenant.managing_authority.get("contact_mailbox") or "anna@example.test",
    }
    assert flat(contact) in text
    for line in address.splitlines():
        assert flat(line) in text
    assert flat(tenant.authority_name(language)) in text


def test_the_contact_person_is_the_case_officer_with_the_officers_address_or_the_tenants_mailbox(app, client, granted):
    from service.accounts.models import User
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    for code in ("fi", "se"):
        application, decision, preparer, _ = granted(code)
        assert run_jobs(app, code, "decisions.write_letter")
        letter = client.get(f"{decision_url(code, decision['id'])}/letter", headers=preparer["headers"])
        text = flat(pdf_text(letter.data))
        with app.app_context(), tenant_scope(tenant_id(app, code)):
            officer = db.session.get(User, preparer["id"])
            name, email = officer.name, officer.email
        mailbox = tenant_of(app, code).managing_authority.get("contact_mailbox")
        # Finland: hallintolaki 44 § 4 asks for the person's name and contact details; Sweden: the officer's
        # name and the unit's function mailbox (tenants/se/tenant.toml)
        assert name in text
        assert (email in text) is (mailbox is None)
        if mailbox:
            assert mailbox in text


def test_the_same_decision_gives_the_same_letter_byte_for_byte(app):
    assert render(app, facts(app, "fi", "fi")) == render(app, facts(app, "fi", "fi"))


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda text: text.replace("[en]", "[unused]"), "letter.en"),
        (lambda text: text.replace("remedy_heading =", "remedy_heading_old ="), "remedy_heading"),
        (lambda text: text + '\n[sv.extra]\nvisibility = "x"\n', "sv"),
        (lambda text: text.replace("the court: {address}", "the court: {adress}"), "adress"),
    ],
)
def test_a_tenant_folder_with_incomplete_letter_texts_is_refused_naming_the_field(app, tmp_path, change, complaint):
    from service.tenancy.sync import TenantDefinitionError, read_definition

    folder = tmp_path / "se"
    shutil.copytree(ROOT / "tenants" / "se", folder)
    letter = folder / "letter.toml"
    letter.write_text(change(letter.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(TenantDefinitionError, match=complaint):
        read_definition(folder)


def test_a_letter_needs_the_managing_authoritys_address_in_each_language(app, tmp_path):
    from service.tenancy.sync import TenantDefinitionError, read_definition

    folder = tmp_path / "fi"
    shutil.copytree(ROOT / "tenants" / "fi", folder)
    tenant = folder / "tenant.toml"
    tenant.write_text(
        "\n".join(
            line for line in tenant.read_text(encoding="utf-8").splitlines() if not line.startswith("address.sv")
        ),
        encoding="utf-8",
    )
    with pytest.raises(TenantDefinitionError, match="address.sv"):
        read_definition(folder)


def test_no_letter_is_written_without_the_tenants_legal_texts_in_its_language(app):
    """A country set up without letter.toml (tests/test_tenant_sync.py's Estonia) gets no incomplete letter: the
    job fails, naming the file to add."""
    from service.decisions.legal import LegalTextsMissing, legal_texts

    tenant = tenant_of(app, "se")
    tenant.settings = {**tenant.settings, "letter": {"sv": tenant.settings["letter"]["sv"]}}
    with pytest.raises(LegalTextsMissing, match="tenants/se/letter.toml"):
        legal_texts(tenant, "en")
