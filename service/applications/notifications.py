"""What the applications' notifications say: the receipt, a supplement requested, and the reminders before a
supplement deadline and before a call closes (service.notifications delivers them)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.notifications.kinds import Kind, Text, instant


def _receipt(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Receipt %(receipt)s: your application has been received", receipt=p["receipt"]),
        _(
            "Your application “%(title)s” to call %(call)s was received on %(instant)s.\n\n"
            "Receipt: %(receipt)s\nApplication reference: %(reference)s\n\n"
            "Keep this e-mail. The submitted version can no longer be changed; the managing authority "
            "will contact you if anything needs to be supplemented.\n\n%(authority)s",
            title=p["title"],
            call=p["call"],
            instant=instant(p["instant"], tenant, language),
            receipt=p["receipt"],
            reference=p["reference"],
            authority=tenant.authority_name(language),
        ),
        f"applications/{p['application_id']}",
    )


def _supplement_requested(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Supplement requested: %(reference)s", reference=p["reference"]),
        _(
            "The managing authority asks you to supplement the application “%(title)s” (%(reference)s) "
            "by %(deadline)s:\n\n%(message)s\n\nOpen the application, make the changes and submit the "
            "supplement before the deadline.\n\n%(authority)s",
            title=p["title"],
            reference=p["reference"],
            deadline=instant(p["deadline"], tenant, language),
            message=p["message"],
            authority=tenant.authority_name(language),
        ),
        f"applications/{p['application_id']}",
    )


def _reminder_supplement(p: dict, tenant, language: str) -> Text:
    return Text(
        _(
            "Reminder: supplement %(reference)s by %(deadline)s",
            reference=p["reference"],
            deadline=instant(p["deadline"], tenant, language),
        ),
        _(
            "The supplement to the application “%(title)s” (%(reference)s) is due by %(deadline)s. "
            "Submit it before then.\n\n%(authority)s",
            title=p["title"],
            reference=p["reference"],
            deadline=instant(p["deadline"], tenant, language),
            authority=tenant.authority_name(language),
        ),
        f"applications/{p['application_id']}",
    )


def _reminder_call_closing(p: dict, tenant, language: str) -> Text:
    return Text(
        _(
            "Reminder: call %(call)s closes on %(closes)s",
            call=p["call"],
            closes=instant(p["closes_at"], tenant, language),
        ),
        _(
            "Your draft “%(title)s” to call %(call)s is not submitted yet. The call closes on %(closes)s; "
            "a draft that is not submitted by then cannot be submitted.\n\n%(authority)s",
            title=p["title"],
            call=p["call"],
            closes=instant(p["closes_at"], tenant, language),
            authority=tenant.authority_name(language),
        ),
        f"applications/{p['application_id']}",
    )


KINDS = (
    Kind("receipt", _l("Submission receipt"), _receipt),
    Kind("supplement_requested", _l("Supplement requested"), _supplement_requested),
    Kind("reminder_supplement", _l("Reminder: supplement deadline"), _reminder_supplement),
    Kind("reminder_call_closing", _l("Reminder: call closing"), _reminder_call_closing),
)
