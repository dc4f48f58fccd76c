"""The periodic platform job of the exchange rates: find the rates missing ahead of time, and tell the platform
administrators of each alert by e-mail, once.

rq runs a job at least once, and two periods' runs may overlap, so each alert is first claimed in its own
committed transaction (``mail_claimed_at``); only the claimant sends, and it records ``mailed_at`` right after.
A claim older than CLAIM_TIMEOUT belongs to a run that died, and is taken again. An e-mail goes out twice only
when a run was killed between sending and recording it; the Message-ID is the alert's and the administrator's,
so that second one is recognisably the same message.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from service import mail
from service.accounts.models import PlatformUser
from service.config import LANGUAGES
from service.exchange.alerts import OpenAlert, months_ahead_check, open_alerts, resolve_loaded
from service.exchange.models import RateAlert
from service.exchange.presenters import purpose_text
from service.exchange.rules import month_text
from service.extensions import db
from service.jobs.queue import job
from service.jobs.runs import still_ours
from service.tenancy.model_base import utcnow

CLAIM_TIMEOUT = timedelta(minutes=2)
EVERY = 600  # seconds: an alert a conversion opens reaches the administrators within ten minutes


@job("exchange.months_ahead_check", queue="mail")
def check_rates() -> dict:
    """Resolve what is loaded, open the alerts of this and next month, then e-mail the new alerts."""
    resolved = resolve_loaded()
    opened = months_ahead_check()
    db.session.commit()  # the alerts stand even if a delivery below fails
    mailed = sum(1 for alert in open_alerts() if alert.mailed_at is None and _deliver(alert))
    return {"resolved": resolved, "missing": [f"{c} {month_text(m)}" for c, m in opened], "mailed": mailed}


def _administrators() -> list[PlatformUser]:
    return list(
        db.session.scalars(
            select(PlatformUser)
            .where(PlatformUser.role == "platform_admin", PlatformUser.active.is_(True))
            .order_by(PlatformUser.id)
        )
    )


def _claim(alert_id: int) -> bool:
    now = utcnow()
    still_ours()  # a run that lost its lease claims nothing
    claimed = db.session.execute(
        update(RateAlert)
        .where(
            RateAlert.id == alert_id,
            RateAlert.mailed_at.is_(None),
            RateAlert.resolved_at.is_(None),
            or_(RateAlert.mail_claimed_at.is_(None), RateAlert.mail_claimed_at < now - CLAIM_TIMEOUT),
        )
        .values(mail_claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _deliver(alert: OpenAlert) -> bool:
    """E-mail each platform administrator about the alert, once; False when someone else does or no one can."""
    people = _administrators()
    if not people or not _claim(alert.id):
        return False
    still_ours()  # the last look before an effect that cannot be undone
    db.session.commit()
    try:
        for person in people:
            language = person.language if person.language in LANGUAGES else LANGUAGES[0]
            with force_locale(language):
                subject, body = _message(alert)
            mail.send(
                to=person.email,
                subject=subject,
                body=body,
                language=language,
                message_id=f"<rate-alert-{alert.id}-{person.id}@amif-hub>",
            )
    except Exception:
        _set(alert.id, mail_claimed_at=None)  # released for the retry
        raise
    _set(alert.id, mailed_at=utcnow())
    return True


def _set(alert_id: int, **values) -> None:
    db.session.execute(
        update(RateAlert).where(RateAlert.id == alert_id).values(**values).execution_options(synchronize_session=False)
    )
    db.session.commit()  # at once: the window in which a killed run's retry would send again is this short


def _message(alert: OpenAlert) -> tuple[str, str]:
    month = month_text(alert.month)
    subject = _("Exchange rate missing: %(currency)s %(month)s", currency=alert.currency, month=month)
    needs = "\n".join(f"- {code.upper()}: {purpose_text(purpose)}" for code, purpose in alert.needs)
    body = _(
        "No rate of the Commission (InforEuro) is loaded for %(currency)s in %(month)s, and it is needed:\n"
        "%(needs)s\n\n"
        "Amounts in %(currency)s recorded in that month stay unconverted until the rate is loaded; nobody is "
        "held up meanwhile. Load the Commission's monthly rates on\n%(url)s\n\n"
        "Loading the rate closes this alert.",
        currency=alert.currency,
        month=month,
        needs=needs,
        url=f"{current_app.config['AMIF_BASE_URL']}/platform/exchange-rates",
    )
    return subject, body
