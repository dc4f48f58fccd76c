"""Pages that wait for the decision letter say where its job stands and follow it (issue 15, "Applicants"): waiting,
being written, written (the link) or failed, on the applicant's application page and the MA's decision page, in the
reader's language; a live region marked running until the letter is there (service/static/follow-job.js)."""

from __future__ import annotations

import pytest
from markupsafe import escape
from sqlalchemy import update

from service.extensions import db
from service.jobs.models import JobRun
from service.tenancy.scope import tenant_scope
from tests.applications_support import admin_headers, applicant, open_call, organisation, run_jobs  # noqa: F401
from tests.conftest import sign_in, tenant_id, translated
from tests.decisions_support import (  # noqa: F401 - fixtures
    assessed,
    granted,
    person_of,
    ready_to_decide,
    ready_to_score,
    submitted,
)

WAITING = "The decision letter is waiting to be written."
WRITING = "The decision letter is being written."
FAILED = "The decision letter could not be written. Please contact the managing authority."


def _set_run(app, code: str, decision_id: int, status: str) -> None:
    with app.app_context(), tenant_scope(tenant_id(app, code)):
        db.session.execute(
            update(JobRun)
            .where(JobRun.name == "decisions.write_letter", JobRun.arguments["decision_id"].as_integer() == decision_id)
            .values(status=status)
        )
        db.session.commit()


def _region(html: str, decision_id: int) -> str:
    start = html.index(f'id="letter-{decision_id}"')
    return html[html.rindex("<span", 0, start) : html.index("</span>", start)]


@pytest.mark.parametrize("code, language", [("fi", "fi"), ("se", "sv")])
def test_the_applicants_page_follows_the_letter_from_waiting_to_written(app, client, granted, code, language):
    application, decision, _, approver = granted(code)
    own = app.test_client()
    sign_in(own, code, application["applicant"]["email"])
    url = f"/{code}/applications/{application['id']}"

    waiting = _region(own.get(url).get_data(as_text=True), decision["id"])
    assert str(escape(translated(WAITING, language))) in waiting and 'data-running="true"' in waiting
    assert f'href="{url}"' in waiting  # without JavaScript: reload

    _set_run(app, code, decision["id"], "running")
    writing = _region(own.get(url).get_data(as_text=True), decision["id"])
    assert str(escape(translated(WRITING, language))) in writing and 'data-running="true"' in writing

    _set_run(app, code, decision["id"], "queued")
    run_jobs(app, code, "decisions.write_letter")
    written = _region(own.get(url).get_data(as_text=True), decision["id"])
    assert f'href="/{code}/decisions/{decision["id"]}/letter"' in written and 'data-running="false"' in written
    assert str(escape(translated("Decision letter (PDF)", language))) in written


def test_a_letter_given_up_is_said_plainly_to_the_applicant_and_the_case_officer(app, client, granted):
    application, decision, preparer, _ = granted("fi")
    _set_run(app, "fi", decision["id"], "failed")
    own = app.test_client()
    sign_in(own, "fi", application["applicant"]["email"])
    page = _region(own.get(f"/fi/applications/{application['id']}").get_data(as_text=True), decision["id"])
    assert str(escape(translated(FAILED, "fi"))) in page and 'data-running="false"' in page

    officer = app.test_client()
    sign_in(officer, "fi", preparer["email"])
    staff = officer.get(f"/fi/decisions/applications/{application['id']}").get_data(as_text=True)
    assert str(escape(translated(FAILED, "fi"))) in _region(staff, decision["id"])


def test_the_decision_page_shows_the_letter_waiting_then_its_link(app, client, granted):
    application, decision, preparer, _ = granted("se")
    officer = app.test_client()
    sign_in(officer, "se", preparer["email"])
    url = f"/se/decisions/applications/{application['id']}"
    assert str(escape(translated(WAITING, "sv"))) in _region(officer.get(url).get_data(as_text=True), decision["id"])
    run_jobs(app, "se", "decisions.write_letter")
    region = _region(officer.get(url).get_data(as_text=True), decision["id"])
    assert f"/se/decisions/{decision['id']}/letter" in region and 'data-running="false"' in region
