"""Forms a case officer and an applicant can use (issue 15, "Forms, language, layout"): after a refusal the page
shows one error summary at the top (the GOV.UK pattern) linking to each field, with the message beside the field;
messages are in the reader's language and name no internal code; amounts are hinted as the reader writes them and
read back as hinted; a recorded formal check shows what was recorded; steps that cannot apply yet are not shown;
every select starts with "Choose…" (or "All" in a filter) unless it has a meaningful default."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask_babel import force_locale
from markupsafe import escape
from sqlalchemy import select

from service.assessment.models import EligibilityCheck
from service.assessment.rules import ELIGIBILITY_POINTS
from service.extensions import db
from service.i18n import format_instant, zone_name
from service.money import parse_amount
from service.money.display import HINTED_AMOUNT, amount_hint, format_amount
from service.tenancy.scope import tenant_scope
from tests.assessment_support import (
    all_met,
    assessment_url,
    submitted,  # noqa: F401 - fixture
)
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import csrf_token, sign_in, tenant_id, translated
from tests.forms_support import error_summary, linked, read_page, selects
from tests.reports_support import reportable  # noqa: F401 - fixture
from tests.test_applications_api import start
from tests.test_call_pages import form_fields, new_call_form, ref

READERS = [("se", "sv"), ("fi", "fi")]
NBSP = "\u00a0"


# What no message may show: a key or an enum value ("budget_total", "supplement_requested"), a class name
# ("ValidationError"), or a library's own English text that lists codes.
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")
LIBRARY_TEXTS = ("Must be one of", "was not in:", "Not a valid choice", "Invalid choice")


def messages_of(html: str) -> list[str]:
    """Every message a person reads after a refusal: the summary's and those beside the fields."""
    summary = read_page(html).summaries
    texts = [text for s in summary for _target, text in s["links"]] + [text for s in summary for text in s["items"]]
    for found in re.finditer(r'<p class="error"(?![^>]*\bhidden\b)[^>]*>(.*?)</p>', html, re.S):
        texts.append(re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", found.group(1)))).strip())
    return [text for text in texts if text]


def codes_of_page(html: str) -> set[str]:
    """The codes the page's own controls send (option and radio values such as "travel", "eligible")."""
    return {v for v in re.findall(r'value="([a-z][a-z_]{3,})"', html)}  # not "sv", "yes": words of the languages


def assert_no_internal_codes(html: str) -> list[str]:
    shown = messages_of(html)
    assert shown, "no message shown"
    codes = codes_of_page(html)
    for text in shown:
        assert not SNAKE_CASE.search(text), text
        assert not CLASS_NAME.search(text), text
        assert not any(library in text for library in LIBRARY_TEXTS), text
        assert not codes & set(re.findall(r"\b[a-z_]+\b", text)), (text, codes)
    return shown


def assert_summary(html: str, language: str, *targets: str) -> dict[str, str]:
    """The error summary in the reader's language, linking to each of these fields (and to nothing absent)."""
    summary = error_summary(html)
    assert summary["title"] == translated("There is a problem", language)
    links = linked(html)
    assert set(targets) <= set(links), links
    for target in targets:
        beside = re.search(rf'<p class="error" id="{re.escape(target)}-error"[^>]*>(.*?)</p>', html, re.S)
        field = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{re.escape(target)}"[^>]*>', html)
        assert field, target
        if beside:  # the message beside the field, which the field names
            assert f"{target}-error" in (re.search(r'aria-describedby="([^"]*)"', field.group(0)) or ["", ""])[1]
            assert 'aria-invalid="true"' in field.group(0)
    return links


def browser(app, code: str, email: str, language: str | None = None):
    client = app.test_client()
    assert sign_in(client, code, email).status_code == 302
    if language:
        page = client.get(f"/{code}/account")
        saved = client.post(
            f"/{code}/account/language", data={"csrf_token": csrf_token(page.text), "language-language": language}
        )
        assert saved.status_code in (302, 303)
    return client


def said(message: str, language: str) -> str:
    return str(escape(translated(message, language)))


def test_the_summary_lists_every_message_and_links_it_to_its_field_never_showing_a_key(app):
    from flask_babel import lazy_gettext

    errors = {
        "budget": [lazy_gettext("The amount is too large.")],  # a lazy message is one message, not its letters
        "points": {"period": {"reason": ["Give the reason."]}, "scope": ["Out of scope."]},
        "form": ["Nothing fits."],
    }
    with app.test_request_context(), force_locale("en"):
        macro = app.jinja_env.get_template("_forms.html").module.error_summary
        html = str(macro(errors, prefix="p-", ids={"points": "reason-"}))
    summary = read_page(html).summaries[0]
    assert summary["title"] == "There is a problem"
    assert summary["links"] == [
        ("p-budget", "The amount is too large."),
        ("reason-period", "Give the reason."),
        ("reason-scope", "Out of scope."),
    ]
    assert summary["items"] == ["Nothing fits."]  # the whole form's message, without a link
    assert 'role="alert"' in html and 'tabindex="-1"' in html


# Amounts as the reader writes them.


@pytest.mark.parametrize(
    ("code", "language", "written"),
    [
        # CLDR: Swedish and Finnish group with a no-break space and mark decimals with a comma; English as written
        # in Sweden and Finland (en_SE, en_FI) does the same.
        ("se", "sv", f"1{NBSP}234{NBSP}567,50"),
        ("fi", "fi", f"1{NBSP}234{NBSP}567,50"),
        ("fi", "sv", f"1{NBSP}234{NBSP}567,50"),
        ("se", "en", f"1{NBSP}234{NBSP}567,50"),
    ],
)
def test_the_amount_hint_is_written_in_the_readers_locale_and_read_back(app, code, language, written):
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, code)):
        hint = amount_hint()
        assert hint == translated("For example %(amount)s", language) % {"amount": written}
        assert format_amount(HINTED_AMOUNT) == written
    assert parse_amount(written) == HINTED_AMOUNT
    assert parse_amount(written.replace(NBSP, " ")) == HINTED_AMOUNT  # typed with ordinary spaces
    assert parse_amount(written.replace(NBSP, "")) == HINTED_AMOUNT


def test_english_without_a_country_writes_points_and_commas_and_the_parser_reads_them(app):
    with app.test_request_context(), force_locale("en"):
        assert amount_hint() == "For example 1,234,567.50"  # CLDR en (no tenant: en_IE)
    assert parse_amount("1,234,567.50") == HINTED_AMOUNT


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_a_badly_written_amount_is_refused_in_the_readers_language_with_the_hinted_example(
    app, client, make_user, language
):
    _id, email = make_user("fi", "ma_admin", language=language)
    assert sign_in(client, "fi", email).status_code == 302
    shown = form_fields(client.get("/fi/manage/calls/new").text)
    mark = ref()
    refused = client.post("/fi/manage/calls/new", data={**shown, **new_call_form("fi", mark, budget="tolv euro")})
    assert refused.status_code == 422
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, "fi")):
        expected = translated("Not an amount of money. Write it like %(example)s.", language) % {
            "example": format_amount(HINTED_AMOUNT)
        }
        hint = amount_hint()
    links = assert_summary(refused.text, language, "budget")
    assert links["budget"] == expected
    assert str(escape(hint)) in refused.text  # the hint beside the amount shows the same example
    assert_no_internal_codes(refused.text)


# The error summary and the messages on the main forms, in Swedish and Finnish.


@pytest.mark.parametrize(("code", "language"), READERS)
def test_registration_refused_shows_the_summary_linking_to_each_field(client, code, language):
    page = client.get(f"/{code}/register", headers={"Accept-Language": language})
    refused = client.post(
        f"/{code}/register",
        data={"csrf_token": csrf_token(page.text), "email": "not an address", "password": "short", "confirm": "x"},
        headers={"Accept-Language": language},
    )
    assert refused.status_code in (200, 422)
    assert_summary(refused.text, language, "name", "email", "password")
    assert_no_internal_codes(refused.text)


@pytest.mark.parametrize(("code", "language"), READERS)
def test_the_call_form_refused_links_each_message_to_its_field(client, make_user, code, language):
    _id, email = make_user("fi", "ma_admin", language=language)
    assert sign_in(client, "fi", email).status_code == 302
    shown = form_fields(client.get("/fi/manage/calls/new").text)
    bad = new_call_form("fi", ref(), budget="-5", title_fi="", cofinancing_rate="80", closes_time="")
    refused = client.post("/fi/manage/calls/new", data={**shown, **bad})
    assert refused.status_code == 422
    links = assert_summary(refused.text, language, "budget", "title_fi", "cofinancing_rate")
    assert links["budget"] == translated("The amount cannot be negative.", language)
    assert "closes_at-error" in links  # a date and a time: the group's message, beside both
    assert_no_internal_codes(refused.text)


@pytest.mark.parametrize(("code", "language"), READERS)
def test_the_application_forms_refused_show_the_summary(app, client, open_call, applicant, code, language):
    person = applicant(code, language=language)
    application = start(client, code, person, open_call(code))
    editor = browser(app, code, person["email"])
    url = f"/{code}/applications/{application['id']}"
    page = editor.get(url).text
    assert "data-error-summary" not in page  # nothing refused yet: no summary

    texts = editor.post(
        f"{url}/texts",
        data={"csrf_token": csrf_token(page), "version": str(application["version"]), "private_funding": "tolv"},
    )
    assert texts.status_code == 422
    assert_summary(texts.text, language, "private_funding")
    assert_no_internal_codes(texts.text)

    line = editor.post(
        f"{url}/budget-lines",
        data={"csrf_token": csrf_token(page), "line-year": "2027", "line-category": "", "line-amount": "tolv"},
    )
    assert line.status_code == 422
    assert_summary(line.text, language, "line-category")
    assert_no_internal_codes(line.text)


@pytest.mark.parametrize(("code", "language"), READERS)
def test_the_formal_check_refused_shows_the_summary_without_codes(app, submitted, person_of, code, language):
    application = submitted(code)
    officer = browser(app, code, person_of(code, "case_officer", language=language)["email"])
    url = f"/{code}/assessment/applications/{application['id']}"
    page = officer.get(url).text
    met = {f"met-{point}": "yes" for point in ELIGIBILITY_POINTS}
    unknown = officer.post(f"{url}/eligibility", data={"csrf_token": csrf_token(page), "outcome": "maybe", **met})
    assert unknown.status_code == 422
    links = assert_summary(unknown.text, language, "outcome-eligible")
    assert links["outcome-eligible"] == translated("Choose one of the options offered.", language)
    assert_no_internal_codes(unknown.text)
    unexplained = {**met, "met-period": "no", "outcome": "ineligible", "csrf_token": csrf_token(page)}
    refused = officer.post(f"{url}/eligibility", data=unexplained)
    assert refused.status_code == 422
    links = assert_summary(refused.text, language, "reason-period")
    assert links["reason-period"] == translated("Give the reason why this point is not met.", language)
    shown = assert_no_internal_codes(refused.text)
    assert not any("supplement_requested" in text or "ineligible" in text for text in shown)


@pytest.mark.parametrize(("code", "language"), READERS)
def test_the_decision_and_assessor_forms_refused_show_the_summary(
    app, client, submitted, person_of, assessed, code, language
):
    application = submitted(code)
    officer = person_of(code, "case_officer", language=language)
    points = (
        {"needs_assessment": 25, "objectives_and_activities": 25, "cooperation": 15, "cost_efficiency": 15}
        if code == "fi"
        else {
            "relevance": 25,
            "feasibility": 20,
            "cost_efficiency": 15,
            "horizontal_principles": 10,
            "dissemination": 10,
        }
    )  # tests/decisions_support.py: FI_GOOD, SE_GOOD
    assessed(code, application, officer["headers"], points)
    pages = browser(app, code, officer["email"])
    url = f"/{code}/decisions/applications/{application['id']}"
    page = pages.get(url).text
    refused = pages.post(url, data={"csrf_token": csrf_token(page), "kind": "grant", "eligible_cost": "tolv"})
    assert refused.status_code == 422
    assert_summary(refused.text, language, "eligible_cost")
    assert_no_internal_codes(refused.text)
    unchosen = pages.post(url, data={"csrf_token": csrf_token(page)})
    assert unchosen.status_code == 422
    assert "kind-grant" in assert_summary(unchosen.text, language)
    assert_no_internal_codes(unchosen.text)


@pytest.mark.parametrize(("code", "language"), READERS)
def test_the_claim_and_report_forms_refused_show_the_summary(app, client, reportable, code, language):
    setup = reportable(code)
    project = setup["project"]
    beneficiary = browser(app, code, setup["beneficiary"]["email"], language)
    listing = beneficiary.get(f"/{code}/projects/{project['id']}/claims").text
    opened = beneficiary.post(f"/{code}/projects/{project['id']}/claims", data={"csrf_token": csrf_token(listing)})
    assert opened.status_code == 303
    claim_url = opened.headers["Location"].split("#")[0]
    page = beneficiary.get(claim_url).text
    with app.test_request_context(), force_locale(language), tenant_scope(tenant_id(app, code)):
        hint = amount_hint()
    assert str(escape(hint)) in page  # the amount's hint, as this reader writes amounts
    refused = beneficiary.post(
        f"{claim_url}/lines",
        data={
            "csrf_token": csrf_token(page),
            "category": "travel",
            "description": "Tåg",
            "expense_date": "2025-02-03",
            "amount": "tolv",
        },
    )
    assert refused.status_code == 422
    assert_summary(refused.text, language, "line-amount")
    assert_no_internal_codes(refused.text)

    reports = beneficiary.get(f"/{code}/projects/{project['id']}/reports").text
    created = beneficiary.post(f"/{code}/projects/{project['id']}/reports", data={"csrf_token": csrf_token(reports)})
    assert created.status_code == 303
    [first, *_rest] = client.get(
        f"/api/v1/{code}/projects/{project['id']}/reports", headers=setup["beneficiary"]["headers"]
    ).json
    report_url = f"/{code}/reports/{first['id']}"
    page = beneficiary.get(report_url).text
    above = beneficiary.post(
        report_url, data={"csrf_token": csrf_token(page), "version": "1", "value-O.1.3": "5", "value-O.1.3.1": "6"}
    )
    assert above.status_code == 422
    assert_summary(above.text, language, "report-value-O.1.3.1")
    assert_no_internal_codes(above.text)


# A recorded formal check shows what was recorded; steps that cannot apply yet are not shown.


@pytest.mark.parametrize(("code", "language"), READERS)
def test_a_recorded_formal_check_shows_each_answer_the_outcome_who_and_when(
    app, client, submitted, person_of, code, language
):
    application = submitted(code)
    officer = person_of(code, "case_officer", language=language)
    failed = all_met(period="Projektet slutar efter programperioden.")
    recorded = client.post(
        f"{assessment_url(code, application['id'])}/eligibility",
        json={"points": failed, "outcome": "ineligible"},
        headers=officer["headers"],
    )
    assert recorded.status_code == 201, recorded.json
    page = browser(app, code, officer["email"]).get(f"/{code}/assessment/applications/{application['id']}").text
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        check = db.session.scalar(select(EligibilityCheck).where(EligibilityCheck.application_id == application["id"]))
        with app.test_request_context(), force_locale(language):
            when = f"{format_instant(check.checked_at)} ({zone_name()})"
    record = re.search(rf'<article class="recorded-check" id="check-{check.id}".*?</article>', page, re.S).group(0)
    assert said("The formal check in force", language) in record
    outcome = re.search(rf'id="check-{check.id}-outcome">(.*?)</dd>', record).group(1)
    assert outcome == said("Ineligible", language)  # service/assessment/labels.py, STAGES
    assert "Test case_officer" in record  # who (conftest.make_user names people "Test <role>")
    assert str(escape(when)) in record  # when, in the tenant's time zone, named for people
    assert translated("Version %(number)s", language) % {"number": 1} in record
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td></tr>", record, re.S)
    assert len(rows) == len(ELIGIBILITY_POINTS)  # every point with its answer
    answers = [re.sub(r"<[^>]+>", "", answer) for _label, answer, _reason in rows]
    assert answers.count(translated("Not met", language)) == 1
    assert answers.count(translated("Met", language)) == len(ELIGIBILITY_POINTS) - 1
    assert "Projektet slutar efter programperioden." in record
    # Recording it again is possible, behind a disclosure rather than as the page's main content.
    assert said("Record the formal check again", language) in page


def test_steps_that_cannot_apply_yet_are_not_shown(app, client, submitted, person_of):
    application = submitted("se")
    officer = person_of("se", "case_officer", language="sv")
    pages = browser(app, "se", officer["email"])
    url = f"/se/assessment/applications/{application['id']}"
    before = pages.get(url).text
    assert 'id="eligibility-heading"' in before  # the formal check is the step to do
    for later in ('id="assessors-heading"', 'id="consolidation-heading"', "/se/decisions/applications/"):
        assert later not in before, later
    checked = client.post(
        f"{assessment_url('se', application['id'])}/eligibility",
        json={"points": all_met(), "outcome": "eligible"},
        headers=officer["headers"],
    )
    assert checked.status_code == 201
    eligible = pages.get(url).text
    assert 'id="assessors-heading"' in eligible and 'id="assessor_id"' in eligible
    assert f"{url}/consolidation" not in eligible  # nobody has scored: no consolidation form
    assert f"/se/decisions/applications/{application['id']}" not in eligible


def test_the_verification_steps_are_not_shown_on_a_claim_not_yet_submitted(app, claimable):
    setup = claimable("se")
    beneficiary = browser(app, "se", setup["beneficiary"]["email"])
    project = setup["project"]
    listing = beneficiary.get(f"/se/projects/{project['id']}/claims").text
    opened = beneficiary.post(f"/se/projects/{project['id']}/claims", data={"csrf_token": csrf_token(listing)})
    claim_url = opened.headers["Location"].split("#")[0]
    officer = browser(app, "se", setup["officer"]["email"])
    page = officer.get(f"{claim_url}/verification").text
    assert said("The beneficiary is writing this claim: it can be verified once submitted.", "sv") in page
    for step in ("sample-heading", "checklist-heading", "complete-heading", "report-heading", "payment-heading"):
        assert f'id="{step}"' not in page, step


# Every select starts with "Choose…" ("All" in a filter) unless its default means something.

MEANINGFUL_DEFAULTS = {
    "language",  # the reader's language
    "language-language",
    "invitation-language",
    "organisation",  # the applicant's organisation that may apply
    "cofinancing_rate",  # the call's rate: 75 % unless the programme says otherwise (CPR Art. 112)
    "cofinancing_basis",
    "version",  # a transmission starts from the latest cut-off
}


def assert_every_select_starts_with_a_choice(html: str, language: str) -> int:
    found = selects(html)
    for control in found:
        if control["name"] in MEANINGFUL_DEFAULTS or control["id"] in MEANINGFUL_DEFAULTS:
            continue
        value, text = control["options"][0]
        assert value == "" and text in (translated("Choose…", language), translated("All", language)), control
    return len(found)


def test_the_main_form_pages_start_every_select_with_choose(
    app, client, make_user, open_call, applicant, submitted, person_of
):
    counted = 0
    _id, email = make_user("fi", "ma_admin", language="sv")
    admin = browser(app, "fi", email)
    counted += assert_every_select_starts_with_a_choice(admin.get("/fi/manage/calls/new").text, "sv")
    person = applicant("se", language="sv")
    application = start(client, "se", person, open_call("se"))
    editor = browser(app, "se", person["email"])
    counted += assert_every_select_starts_with_a_choice(editor.get(f"/se/applications/{application['id']}").text, "sv")
    counted += assert_every_select_starts_with_a_choice(editor.get("/se/organisations").text, "sv")
    submitted_one = submitted("se")
    officer = person_of("se", "case_officer", language="sv")
    client.post(
        f"{assessment_url('se', submitted_one['id'])}/eligibility",
        json={"points": all_met(), "outcome": "eligible"},
        headers=officer["headers"],
    )
    staff = browser(app, "se", officer["email"])
    counted += assert_every_select_starts_with_a_choice(
        staff.get(f"/se/assessment/applications/{submitted_one['id']}").text, "sv"
    )
    counted += assert_every_select_starts_with_a_choice(staff.get("/se/applications").text, "sv")
    assert counted >= 10  # the pages above hold selects: the rule was applied, not skipped
