""" "Waiting for me" in the browser, scanned with axe-core, on a phone's width (390 px): the Swedish demo's
administrator (who approves the demo's decisions) finds the decision the demo's case officer prepared in their
queue, reached from the menu; the case officer, its preparer, does not; the assessor finds only assessments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from service.platform.demo import DEMO_PASSWORD
from tests.browser.test_platform_in_the_browser import assert_accessible
from tests.conftest import tenant_id, translated

pytestmark = pytest.mark.browser
# tenants/se/demo.toml: who acts in the demo flow
OFFICER, APPROVER, ASSESSOR = "handlaggare@se.demo", "admin@se.demo", "bedomare@se.demo"


def _prepared_by_the_officer(app) -> list[int]:
    """The applications whose decision the demo's case officer prepared and no one has approved yet."""
    from service.accounts.operations import find_user_by_email
    from service.decisions.models import Decision
    from service.extensions import db
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, "se")):
        officer = find_user_by_email(OFFICER)
        return list(
            db.session.scalars(
                select(Decision.application_id).where(Decision.status == "prepared", Decision.prepared_by == officer.id)
            )
        )


def _open_the_queue(page, base: str, email: str) -> None:
    page.goto(f"{base}/se/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{email} could not sign in"
    page.locator("nav a", has_text=translated("Waiting for me", "sv")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/se/waiting")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls in its own box


def _decision_links(page) -> list[str]:
    return page.locator("main tbody tr[data-kind=decision] th a").evaluate_all("(links) => links.map(a => a.pathname)")


def test_the_approver_finds_the_decision_its_preparer_does_not(app, live_server, page_in):
    prepared = _prepared_by_the_officer(app)
    assert prepared, "the Swedish demo has a decision prepared by its case officer (state 'prepared')"
    expected = {f"/se/decisions/applications/{application_id}" for application_id in prepared}

    page = page_in("sv-SE")
    page.set_viewport_size({"width": 390, "height": 844})
    _open_the_queue(page, live_server, APPROVER)
    main = page.locator("main")
    assert main.locator("h1").inner_text() == translated("Waiting for me", "sv")
    assert expected <= set(_decision_links(page))
    count = int(main.locator(".waiting-counts li[data-kind=decision] strong").inner_text())
    assert count == main.locator("tbody tr[data-kind=decision]").count() >= len(expected)
    # Followed, the link opens the decision's page.
    main.locator("tbody tr[data-kind=decision] th a").first.click()
    page.wait_for_load_state()
    assert "/se/decisions/applications/" in page.url
    assert_accessible(page)

    officer = page_in("sv-SE")
    officer.set_viewport_size({"width": 390, "height": 844})
    _open_the_queue(officer, live_server, OFFICER)
    assert not expected & set(_decision_links(officer))

    assessor = page_in("sv-SE")
    assessor.set_viewport_size({"width": 390, "height": 844})
    _open_the_queue(assessor, live_server, ASSESSOR)
    kinds = set(assessor.locator("main tbody tr").evaluate_all("(rows) => rows.map(r => r.dataset.kind)"))
    assert kinds <= {"assessment"}
