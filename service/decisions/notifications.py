"""What the decisions' notification says: a decision has been made (service.notifications delivers it)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.notifications.kinds import Kind, Text


def _decision(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Decision on your application %(reference)s", reference=p["reference"]),
        _(
            "The managing authority has decided on the application “%(title)s” (%(reference)s). "
            "The decision letter %(decision)s is in AMIF Hub, on the application's page.\n\n%(authority)s",
            title=p["title"],
            reference=p["reference"],
            decision=p["decision"],
            authority=tenant.authority_name(language),
        ),
        f"applications/{p['application_id']}",
    )


KINDS = (Kind("decision", _l("Decision made"), _decision),)
