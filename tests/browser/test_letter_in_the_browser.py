"""A Finnish applicant's application page waits for the decision letter and shows its link by itself when the job
has written it, without a reload (service/static/follow-job.js); the page is scanned with axe-core."""

from __future__ import annotations

import pytest

from tests.applications_support import admin_headers, applicant, open_call, organisation, run_jobs  # noqa: F401
from tests.browser.test_platform_in_the_browser import assert_accessible, sign_in
from tests.conftest import translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)

pytestmark = pytest.mark.browser


def test_the_applicants_page_shows_the_letter_when_it_is_written(app, live_server, page_in, granted):
    application, decision, _, _ = granted("fi")
    page = page_in("fi-FI")
    sign_in(page, live_server, "fi", application["applicant"]["email"])
    page.goto(f"{live_server}/fi/applications/{application['id']}")
    page.wait_for_load_state()
    region = page.locator(f"#letter-{decision['id']}")
    assert translated("The decision letter is waiting to be written.", "fi") in region.inner_text()
    assert_accessible(page)

    run_jobs(app, "fi", "decisions.write_letter")  # the worker writes it; the page follows
    page.locator(f"#letter-{decision['id']}[data-running='false']").wait_for(timeout=15000)
    link = region.get_by_role("link", name=translated("Decision letter (PDF)", "fi"))
    assert link.get_attribute("href") == f"/fi/decisions/{decision['id']}/letter"
    assert_accessible(page)
