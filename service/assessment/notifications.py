"""What the assessment's notification says: an assessor has been assigned (service.notifications delivers it)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.notifications.kinds import Kind, Text


def _assessment_assigned(p: dict, tenant, language: str) -> Text:
    return Text(
        _("Assessment assigned: %(reference)s", reference=p["reference"]),
        _(
            "You have been assigned to assess the application %(reference)s to call %(call)s. Before you "
            "read it, declare whether you have a conflict of interest with the applicant or its partners."
            "\n\n%(authority)s",
            reference=p["reference"],
            call=p["call"],
            authority=tenant.authority_name(language),
        ),
        f"assessment/assignments/{p['assignment_id']}",
    )


KINDS = (Kind("assessment_assigned", _l("Assessment assigned"), _assessment_assigned),)
