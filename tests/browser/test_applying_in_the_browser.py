"""Applying in a real browser, in the Finnish tenant: a Swedish speaker (sv-FI) and a Finnish speaker (fi-FI)
register, register their organisation, apply to an open call in their language, lose the connection while
typing without losing a word, build a budget with decimal commas, fix what the check lists and submit.

Every page visited is scanned with axe-core: no serious or critical accessibility violations.
"""

from __future__ import annotations

import re
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_datetime
from babel.numbers import format_currency

from tests.applications_support import (  # noqa: F401 - fixtures
    admin_headers,
    applicant,
    open_call,
    organisation,
    outbox,
    run_jobs,
    some_number,
)
from tests.browser.conftest import OVERFLOW, PHONE
from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import PASSWORD, tenant_id
from tests.test_applications_api import PDF

pytestmark = pytest.mark.browser
SAVED = '#autosave-status[data-state="saved"]'
# Nothing is kept on the device any more and the status says nothing waits. Not "saved" alone: a tab closed offline
# may still send its last save as it goes (its `visibilitychange` flush, when the connection is back first), and
# then the next visit finds its draft equal to the saved text, forgets it and has nothing to save or say.
NOTHING_WAITING = """() => !Object.keys(localStorage).some(key => key.startsWith('amif-draft:'))
    && !['saving', 'restored', 'offline', 'failed', 'signed-out', 'invalid', 'conflict', 'stopped']
        .includes(document.querySelector('#autosave-status').dataset.state)"""


def checked(page) -> None:
    """axe finds nothing serious, and the page does not scroll sideways (on a phone 390 px wide too)."""
    assert_accessible(page)
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} is wider than the screen"


def go(page, url: str) -> None:
    page.goto(url)
    checked(page)


def submit(page, form: str) -> None:
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state()
    checked(page)


def register(app, page, base: str, language: str) -> str:
    """Register with the pages and the e-mailed link; returns the address."""
    address = f"applicant-{uuid.uuid4().hex[:8]}@fi.test"
    go(page, f"{base}/fi/register")
    page.locator("#name").fill("Sara Svensson" if language == "sv" else "Satu Virtanen")
    page.locator("#email").fill(address)
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.locator("#language").select_option(language)
    submit(page, "main form")
    assert page.url.endswith("/fi/register/sent")
    run_jobs(app, "fi", "accounts.send_verification_email")
    [message] = [m for m in outbox(app) if m["To"] == address]
    path = re.search(r"/fi/verify/[\w-]+", message.get_payload(decode=True).decode()).group(0)
    go(page, f"{base}{path}")
    page.locator("#password").fill(PASSWORD)
    submit(page, "main form")
    assert page.url.endswith("/fi/organisations")
    return address


def register_organisation(page, name: str) -> None:
    page.locator("#organisation-name").fill(name)
    page.locator("#organisation-number").fill(some_number("fi"))
    page.locator("#organisation-organisation_type").select_option("ngo")
    submit(page, "main form")
    assert page.get_by_role("heading", name=name).is_visible()


def start_application(page, base: str, call: dict, language: str) -> str:
    go(page, f"{base}/fi/calls/{call['id']}")
    page.locator(f"main a[href='/fi/calls/{call['id']}/apply']").click()
    page.wait_for_load_state()
    checked(page)
    page.locator("#language").select_option(language)
    submit(page, "main form")
    assert re.search(r"/fi/applications/\d+$", page.url), page.url
    checked(page)
    return page.url


def type_through_an_outage(page, words: tuple[str, str], *, close_while_offline: bool):
    """Type, lose the connection, type more; nothing is lost (kept on the device, sent when back online)."""
    summary = page.locator("#summary")
    summary.fill(words[0])
    page.wait_for_selector(SAVED)
    page.context.set_offline(True)
    summary.press_sequentially(" " + words[1])
    page.wait_for_selector('#autosave-status[data-state="offline"]', timeout=10_000)
    assert page.locator("#autosave-status").inner_text().strip()  # a visible, translated state
    if close_while_offline:  # the tab is gone: the text waits in localStorage for the next visit
        url = page.url
        page.close()
        page.context.set_offline(False)
        page = page.context.new_page()
        page.goto(url)
    else:
        page.context.set_offline(False)  # the `online` event sends what waited
    page.wait_for_function(NOTHING_WAITING, timeout=30_000)
    page.reload()
    assert page.locator("#summary").input_value() == f"{words[0]} {words[1]}"
    checked(page)
    return page


def add_budget(page, locale: str) -> None:
    page.locator("#line-year").fill("2027")
    page.locator("#line-category").select_option("staff")
    page.locator("#line-staff_method-0").check()  # a fixed percentage of the monthly salary cost
    page.locator("#line-monthly_gross").fill("4 500,50")
    page.locator("#line-percentage").fill("100")
    page.locator("#line-months").fill("12")
    submit(page, "form.budget-line")
    budget = page.locator("#budget").inner_text()
    assert format_currency(Decimal("54006.00"), "EUR", locale=locale) in budget  # 4 500,50 × 100 % × 12


def fix_what_the_check_lists(page, texts: dict[str, str]) -> None:
    """Follow each link of the check to its place and fill it in, until nothing is missing."""
    links = page.locator("#check .problems a")
    places = list(dict.fromkeys(link.get_attribute("href")[1:] for link in links.all()))
    assert {"title", "project_start", "needs_analysis", "indicators", "attachments"} <= set(places)
    assert "summary" not in places  # written (offline too) and saved
    for place in places:
        if place in ("indicators", "attachments", "budget", "partners"):
            continue
        page.locator(f"#check .problems a[href='#{place}']").first.click()
        # the link takes the keyboard focus to the field
        page.wait_for_function("place => document.activeElement.id === place", arg=place, timeout=5_000)
        page.locator(f"#{place}").fill(texts.get(place, f"Text {place}"))
    page.locator("#check button[type=submit]").focus()  # leaving the last field saves it
    page.wait_for_function(NOTHING_WAITING)
    page.reload()
    page.locator("#check .problems a[href='#indicators']").click()
    page.locator("#common-indicator_code").select_option("O.2.3")
    page.locator("#common-planned_value").fill("120")
    submit(page, "#indicators form:has(#common-indicator_code)")
    page.locator("#attachment-kind").select_option("partner_letters")
    page.locator("#attachment-file").set_input_files(
        files=[{"name": "Samverkansintyg.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    submit(page, "#attachments form")
    assert page.locator("#check .problems a").count() == 0, page.locator("#check").inner_text()


def submitted_at(app, receipt: str):
    from sqlalchemy import select

    from service.applications.models import Submission
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        return db.session.scalar(select(Submission.submitted_at).where(Submission.receipt == receipt))


def apply_in(app, page, base: str, call: dict, *, language: str, locale: str, close_while_offline: bool) -> int:
    register(app, page, base, language)
    register_organisation(page, f"Förening {uuid.uuid4().hex[:6]}")
    start_application(page, base, call, language)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#summary").get_attribute("lang") == language
    words = ("Vi driver språkcaféer.", "Och läxhjälp.") if language == "sv" else ("Kielikahvilat.", "Ja läksyapu.")
    page = type_through_an_outage(page, words, close_while_offline=close_while_offline)
    add_budget(page, locale)
    dates = {"project_start": "2027-01-01", "project_end": "2028-12-31"}
    fix_what_the_check_lists(page, {"title": "Språkcafé" if language == "sv" else "Kielikahvila", **dates})

    page.locator("#check button[type=submit]").click()
    page.wait_for_load_state()
    page_url = page.url
    assert re.search(r"/submissions/1$", page_url), page_url
    checked(page)
    receipt = page.locator("#receipt").inner_text()
    assert receipt.startswith(call["reference"])
    instant = submitted_at(app, receipt)
    helsinki = format_datetime(instant, "long", tzinfo=ZoneInfo("Europe/Helsinki"), locale=locale)
    assert page.locator("#received").inner_text() == helsinki
    assert helsinki != format_datetime(instant, "long", tzinfo=ZoneInfo("UTC"), locale=locale)
    assert words[1] in page.locator("main").inner_text()  # the frozen snapshot has what was typed offline
    go(page, f"{base}/fi/applications")
    return int(re.search(r"/applications/(\d+)/", page_url).group(1))


def test_a_swedish_speaker_applies_to_the_finnish_tenant_in_swedish(live_server, page_in, app, open_call, make_user):
    from tests.browser.test_platform_in_the_browser import sign_in

    call = open_call("fi")
    page = page_in("sv-FI")
    application_id = apply_in(app, page, live_server, call, language="sv", locale="sv_FI", close_while_offline=False)

    # The Finnish case officer reads the Swedish application with a Finnish interface and asks for a supplement.
    _, officer = make_user("fi", "case_officer", language="fi")
    reader = page_in("fi-FI")
    sign_in(reader, live_server, "fi", officer)
    go(reader, f"{live_server}/fi/applications")
    reader.locator(f"main a[href='/fi/applications/{application_id}']").click()
    reader.wait_for_load_state()
    assert_accessible(reader)
    assert reader.locator("html").get_attribute("lang") == "fi"
    assert "Vi driver språkcaféer. Och läxhjälp." in reader.locator("main").inner_text()
    reader.locator("#supplement-message").fill("Lägg till en budgetspecifikation.")
    submit(reader, "main form:has(#supplement-message)")
    go(page, f"{live_server}/fi/applications/{application_id}")  # the applicant sees what is asked, and the deadline
    assert "Lägg till en budgetspecifikation." in page.locator("main").inner_text()
    assert page.locator("#supplement-heading").is_visible()


def test_a_finnish_speaker_applies_in_finnish_on_a_phone_and_closes_the_tab_while_offline(
    live_server, page_in, app, open_call
):
    """The whole journey 390 px wide: registration, organisation, application, autosave offline, budget, the check's
    links, submission and the receipt, each page checked by axe and for sideways scrolling."""
    call = open_call("fi")
    page = page_in("fi-FI", PHONE)
    apply_in(app, page, live_server, call, language="fi", locale="fi_FI", close_while_offline=True)


def test_a_colleagues_change_is_shown_beside_the_field_and_a_timed_out_session_loses_nothing(
    live_server, page_in, app, client, open_call, applicant
):
    from service.accounts.models import User
    from service.accounts.sessions import close_all_sessions
    from service.extensions import db
    from service.tenancy.scope import tenant_scope
    from tests.browser.test_platform_in_the_browser import sign_in
    from tests.test_applications_api import save, start

    me = applicant("fi", language="sv")
    colleague = applicant("fi", language="fi", organisation_id=me["organisation_id"])
    application = start(client, "fi", me, open_call("fi"))
    api = f"/api/v1/fi/applications/{application['id']}"
    page = page_in("sv-FI")
    sign_in(page, live_server, "fi", me["email"])
    go(page, f"{live_server}/fi/applications/{application['id']}")

    def colleague_writes(**fields):
        assert (
            save(client, "fi", colleague, client.get(api, headers=colleague["headers"]).json, **fields).status_code
            == 200
        )

    def stored(field):
        return client.get(api, headers=me["headers"]).json["sections"].get(field)

    colleague_writes(summary="Kollegans sammanfattning")
    page.locator("#summary").fill("Min sammanfattning")
    page.wait_for_selector("#summary-conflict:not([hidden])")
    assert "Kollegans sammanfattning" in page.locator("#summary-conflict").inner_text()
    assert page.locator("#autosave-status").get_attribute("data-state") == "conflict"
    assert_accessible(page)
    page.locator("#summary-conflict [data-choice=mine]").click()
    page.wait_for_function(NOTHING_WAITING)
    assert stored("summary") == "Min sammanfattning"

    colleague_writes(needs_analysis="Kollegans behov")
    page.locator("#needs_analysis").fill("Mitt behov")
    page.locator("#needs_analysis-conflict [data-choice=theirs]").click()
    assert page.locator("#needs_analysis").input_value() == "Kollegans behov"
    assert page.locator("#needs_analysis-conflict").is_hidden()
    assert stored("needs_analysis") == "Kollegans behov"

    with app.app_context(), tenant_scope(tenant_id(app, "fi")):  # the session times out
        close_all_sessions(db.session.get(User, me["id"]))
        db.session.commit()
    page.locator("#dissemination").fill("Skrivet efter att sessionen tog slut")
    page.wait_for_selector('#autosave-status[data-state="signed-out"]')
    sign_in_link = page.locator("#autosave-sign-in")
    assert sign_in_link.is_visible() and sign_in_link.get_attribute("target") == "_blank"
    assert_accessible(page)
    assert sign_in_link.get_attribute("href").startswith("/fi/login?next=")
    # Sign in again in another tab of the same browser (not back to the editor: this tab must recover by itself,
    # with the new session's CSRF token).
    tab = page.context.new_page()
    tab.goto(f"{live_server}/fi/login")
    tab.locator("input[name=email]").fill(me["email"])
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_load_state()
    tab.close()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # back in the first tab
    page.wait_for_function(NOTHING_WAITING, timeout=30_000)
    assert stored("dissemination") == "Skrivet efter att sessionen tog slut"
