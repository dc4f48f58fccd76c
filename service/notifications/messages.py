"""What each kind of notification says, written in the reader's language when it is read or e-mailed.

Parameters are plain values kept with the notification (references, titles, instants as ISO text);
instants are shown in the tenant's time zone and the reader's locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import dates
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.tenancy.models import Tenant

KINDS = {
    "receipt": _l("Submission receipt"),
    "supplement_requested": _l("Supplement requested"),
    "assessment_assigned": _l("Assessment assigned"),
    "decision": _l("Decision made"),
    "reminder_supplement": _l("Reminder: supplement deadline"),
    "reminder_call_closing": _l("Reminder: call closing"),
}


@dataclass
class Text:
    subject: str
    body: str
    path: str  # the page it is about, under the tenant


def _instant(value: str, tenant: Tenant, language: str) -> str:
    return dates.format_datetime(
        datetime.fromisoformat(value), "long", tzinfo=tenant.zone, locale=tenant.locale_for(language)
    )


def render(kind: str, params: dict, tenant: Tenant, language: str) -> Text:
    """The notification in the current locale (the caller forces the reader's language)."""
    p = dict(params)
    authority = tenant.authority_name(language)
    if kind == "receipt":
        return Text(
            _("Receipt %(receipt)s: your application has been received", receipt=p["receipt"]),
            _(
                "Your application “%(title)s” to call %(call)s was received on %(instant)s.\n\n"
                "Receipt: %(receipt)s\nApplication reference: %(reference)s\n\n"
                "Keep this e-mail. The submitted version can no longer be changed; the managing authority "
                "will contact you if anything needs to be supplemented.\n\n%(authority)s",
                title=p["title"],
                call=p["call"],
                instant=_instant(p["instant"], tenant, language),
                receipt=p["receipt"],
                reference=p["reference"],
                authority=authority,
            ),
            f"applications/{p['application_id']}",
        )
    if kind == "supplement_requested":
        return Text(
            _("Supplement requested: %(reference)s", reference=p["reference"]),
            _(
                "The managing authority asks you to supplement the application “%(title)s” (%(reference)s) "
                "by %(deadline)s:\n\n%(message)s\n\nOpen the application, make the changes and submit the "
                "supplement before the deadline.\n\n%(authority)s",
                title=p["title"],
                reference=p["reference"],
                deadline=_instant(p["deadline"], tenant, language),
                message=p["message"],
                authority=authority,
            ),
            f"applications/{p['application_id']}",
        )
    if kind == "assessment_assigned":
        return Text(
            _("Assessment assigned: %(reference)s", reference=p["reference"]),
            _(
                "You have been assigned to assess the application %(reference)s to call %(call)s. Before you "
                "read it, declare whether you have a conflict of interest with the applicant or its partners."
                "\n\n%(authority)s",
                reference=p["reference"],
                call=p["call"],
                authority=authority,
            ),
            f"assessment/assignments/{p['assignment_id']}",
        )
    if kind == "decision":
        return Text(
            _("Decision on your application %(reference)s", reference=p["reference"]),
            _(
                "The managing authority has decided on the application “%(title)s” (%(reference)s). "
                "The decision letter %(decision)s is in AMIF Hub, on the application's page.\n\n%(authority)s",
                title=p["title"],
                reference=p["reference"],
                decision=p["decision"],
                authority=authority,
            ),
            f"applications/{p['application_id']}",
        )
    if kind == "reminder_supplement":
        return Text(
            _(
                "Reminder: supplement %(reference)s by %(deadline)s",
                reference=p["reference"],
                deadline=_instant(p["deadline"], tenant, language),
            ),
            _(
                "The supplement to the application “%(title)s” (%(reference)s) is due by %(deadline)s. "
                "Submit it before then.\n\n%(authority)s",
                title=p["title"],
                reference=p["reference"],
                deadline=_instant(p["deadline"], tenant, language),
                authority=authority,
            ),
            f"applications/{p['application_id']}",
        )
    if kind == "reminder_call_closing":
        return Text(
            _(
                "Reminder: call %(call)s closes on %(closes)s",
                call=p["call"],
                closes=_instant(p["closes_at"], tenant, language),
            ),
            _(
                "Your draft “%(title)s” to call %(call)s is not submitted yet. The call closes on %(closes)s; "
                "a draft that is not submitted by then cannot be submitted.\n\n%(authority)s",
                title=p["title"],
                call=p["call"],
                closes=_instant(p["closes_at"], tenant, language),
                authority=authority,
            ),
            f"applications/{p['application_id']}",
        )
    raise KeyError(f"unknown notification kind {kind}")
