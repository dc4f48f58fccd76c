"""What the register says about impossible dates, in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _

from service.participants.rules import OLDEST


def date_message(reason: str) -> str:
    return {
        "born_future": lambda: _("The date of birth cannot be in the future."),
        "born_too_old": lambda: _("The date of birth is more than %(years)s years ago: check it.", years=OLDEST),
        "participation_future": lambda: _("The first participation cannot be in the future."),
        "participation_before_birth": lambda: _("The first participation cannot be before the date of birth."),
    }[reason]()
