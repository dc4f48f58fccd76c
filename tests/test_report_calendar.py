"""The reporting calendar: the periodic job creates each active project's reports as their periods begin and
reminds the beneficiary before a report's due day, once, in the person's language; each step of a report tells
the right people."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from pathlib import Path

from babel import dates
from sqlalchemy import select

from service.extensions import db
from service.notifications.models import Notification
from service.reports.models import ProgressReport
from service.reports.notifications import calendar
from service.reports.operations import run_calendar
from service.tenancy.scope import tenant_scope
from tests.applications_support import run_jobs
from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import tenant_id, translated
from tests.reports_support import (  # noqa: F401 - fixtures
    complete,
    expected_periods,
    report_url,
    reportable,
    submit,
)


def _reports(app, project_id: int) -> list[tuple[date, date, date, str]]:
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        return [
            (r.period_start, r.period_end, r.due_on, r.reference)
            for r in db.session.scalars(
                select(ProgressReport).where(ProgressReport.project_id == project_id).order_by(ProgressReport.sequence)
            )
        ]


def _run(app, on: date | None = None) -> None:
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        run_calendar(on) if on else calendar()
        db.session.commit()


def _told(app, kind: str, user_id: int) -> list[dict]:
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        return [
            n.params
            for n in db.session.scalars(
                select(Notification).where(Notification.kind == kind, Notification.user_id == user_id)
            )
        ]


def _subjects(app, address: str) -> list[str]:
    folder = Path(app.config["AMIF_OUTBOX_DIR"])
    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
    return [str(m["Subject"]) for m in mails if m["To"] == address]


def test_the_calendar_creates_due_reports_and_reminds_once_before_the_due_day(app, client, reportable):
    setup = reportable("fi")
    project_id, beneficiary = setup["project"]["id"], setup["beneficiary"]["id"]
    # 20 July 2025: the first half-year has ended and the second begun (tenants/fi/reports.toml: half-years).
    _run(app, date(2025, 7, 20))
    reports = _reports(app, project_id)
    assert [(start, end, due) for start, end, due, _ in reports] == [
        (p.start, p.end, p.due) for p in expected_periods("fi", date(2025, 7, 20))
    ]
    assert reports[0][:3] == (date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 30))  # due 30 days after the end
    # Reminded from 7 days before the due day (reminder_days): not on the 20th, once from the 23rd.
    assert _told(app, "report_due_reminder", beneficiary) == []
    _run(app, date(2025, 7, 23))
    _run(app, date(2025, 7, 26))
    [reminder] = _told(app, "report_due_reminder", beneficiary)
    assert (reminder["reference"], reminder["due"]) == (reports[0][3], "2025-07-30")
    # Today's run (the periodic job itself): every period begun so far has its report, each once.
    _run(app)
    _run(app)
    assert [r[0] for r in _reports(app, project_id)] == [p.start for p in expected_periods("fi")]
    assert run_jobs(app, "fi", "notifications.deliver")
    # The beneficiary reads Swedish (claims_support): the subject in Swedish with Finland's long date.
    subject = translated("Reminder: progress report %(reference)s is due on %(due)s", "sv") % {
        "reference": reports[0][3],
        "due": dates.format_date(date(2025, 7, 30), "long", locale="sv_FI"),
    }
    assert subject in _subjects(app, setup["beneficiary"]["email"])


def test_a_submitted_report_is_not_reminded_and_its_steps_tell_the_right_people(app, client, reportable):
    setup = reportable("fi")
    _run(app, date(2025, 7, 1))
    [first, _second] = client.get(
        f"{api('fi')}/projects/{setup['project']['id']}/reports", headers=setup["beneficiary"]["headers"]
    ).json
    complete(client, "fi", setup, first)
    assert submit(client, "fi", setup, first).status_code == 201
    _run(app, date(2025, 7, 29))
    assert _told(app, "report_due_reminder", setup["beneficiary"]["id"]) == []
    # Submitted: the project's MA staff (who prepared and approved its grant decision) are told.
    for person in (setup["officer"], setup["approver"]):
        assert [n["reference"] for n in _told(app, "report_submitted", person["id"])] == [first["reference"]]
    returned = client.post(
        f"{report_url('fi', first)}/return", json={"comment": "Komplettera."}, headers=setup["officer"]["headers"]
    )
    assert returned.status_code == 200
    [told] = _told(app, "report_returned", setup["beneficiary"]["id"])
    assert told["comment"] == "Komplettera."
    # Submitted again and accepted: the MA staff are told of the second submission, the beneficiary of the
    # acceptance, in Swedish (claims_support), once each; nobody else.
    assert submit(client, "fi", setup, first).status_code == 201
    for person in (setup["officer"], setup["approver"]):
        assert len(_told(app, "report_submitted", person["id"])) == 2
    accepted = client.post(f"{report_url('fi', first)}/accept", json={}, headers=setup["officer"]["headers"])
    assert accepted.status_code == 200
    [told] = _told(app, "report_accepted", setup["beneficiary"]["id"])
    assert told["reference"] == first["reference"]
    assert _told(app, "report_accepted", setup["officer"]["id"]) == []
    assert run_jobs(app, "fi", "notifications.deliver")
    subject = translated("Progress report %(reference)s accepted", "sv") % {"reference": first["reference"]}
    assert _subjects(app, setup["beneficiary"]["email"]).count(subject) == 1
