"""What the progress reports' notifications say and who is told (service.notifications stores and e-mails them,
each person once per key): the MA staff who handle the project when a report is submitted; the beneficiary's
members when it is accepted or returned, and before its due day. The text is written when read, in the reader's
language; days in the tenant's country's format for that language."""

from __future__ import annotations

from datetime import date

from babel import dates
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.claims.notifications import project_team
from service.jobs.queue import job
from service.notifications.kinds import Kind, Text
from service.notifications.operations import members_of, notify

EVERY = 3600  # seconds: the calendar runs hourly; the notification's key makes each reminder go once


def notify_submitted(report, project) -> list:
    """Tell the project's MA staff that a report awaits review. Called by service.reports.operations.submit."""
    return notify(
        project_team(project),
        "report_submitted",
        f"report:{report.id}:submitted:{len(report.submissions)}",
        reference=report.reference,
        project=project.reference,
        title=project.title,
        report_id=report.id,
    )


def notify_reviewed(report, record) -> list:
    """Tell the beneficiary's members the outcome of their report. Called by service.reports.operations.review."""
    return notify(
        members_of(report.organisation_id),
        f"report_{record.outcome}",
        f"report:{report.id}:{record.outcome}:{record.submission}",
        reference=report.reference,
        comment=record.comment,
        report_id=report.id,
    )


def remind(report) -> list:
    """Remind the beneficiary's members of a report due soon: once per report and due day."""
    return notify(
        members_of(report.organisation_id),
        "report_due_reminder",
        f"report:{report.id}:reminder:{report.due_on.isoformat()}",
        reference=report.reference,
        due=report.due_on.isoformat(),
        report_id=report.id,
    )


@job("reports.calendar")
def calendar() -> dict:
    """In each tenant's scope: the due reports created and the reminders sent."""
    from service.reports.operations import run_calendar  # operations calls this module's notify_*

    return run_calendar()


def _day(value: str, tenant, language: str) -> str:
    return dates.format_date(date.fromisoformat(value), "long", locale=tenant.locale_for(language))


def _path(p: dict) -> str:
    return f"reports/{p['report_id']}"


def _submitted(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Progress report %(reference)s submitted: awaiting review", reference=p["reference"]),
        _(
            "The beneficiary of project %(project)s (“%(title)s”) has submitted the progress report %(reference)s. "
            "It awaits review.",
            project=p["project"],
            title=p["title"],
            reference=p["reference"],
        ),
        _path(p),
    )


def _accepted(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Progress report %(reference)s accepted", reference=p["reference"]),
        _(
            "The managing authority has accepted your progress report %(reference)s.\n\n%(comment)s\n\n%(authority)s",
            reference=p["reference"],
            comment=p["comment"],
            authority=tenant.authority_name(language),
        ),
        _path(p),
    )


def _returned(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Progress report %(reference)s returned", reference=p["reference"]),
        _(
            "The managing authority has returned your progress report %(reference)s with comments:\n\n%(comment)s"
            "\n\nChange the report and submit it again.\n\n%(authority)s",
            reference=p["reference"],
            comment=p["comment"],
            authority=tenant.authority_name(language),
        ),
        _path(p),
    )


def _reminder(p: dict, tenant, language: str) -> Text:
    due = _day(p["due"], tenant, language)
    return Text(
        _("Reminder: progress report %(reference)s is due on %(due)s", reference=p["reference"], due=due),
        _(
            "Your progress report %(reference)s is due on %(due)s. Complete it and submit it by then.\n\n%(authority)s",
            reference=p["reference"],
            due=due,
            authority=tenant.authority_name(language),
        ),
        _path(p),
    )


KINDS = (
    Kind("report_submitted", _l("Progress report awaiting review"), _submitted),
    Kind("report_accepted", _l("Progress report accepted"), _accepted),
    Kind("report_returned", _l("Progress report returned"), _returned),
    Kind("report_due_reminder", _l("Reminder: progress report due"), _reminder),
)
