"""The payment application to the Commission (CPR Art. 91): per accounting year (1 July - 30 June, CPR Art. 2(29)),
at most six (Art. 91(1)), each with the eligible expenditure the beneficiaries incurred and the MA verified and
paid since the one before, per specific objective, in euro, less the recoveries (irregular expenditure withdrawn)
recorded since (Art. 91(3)).

"Since the one before" is kept by what each frozen application holds, not by dates: a claim is in the first
application made after its payment to the beneficiary is confirmed (the ledger's "paid" or "cleared" entry), once;
a recovery is in the first made after it is recorded. So an entry recorded on the day an application is frozen, or
recorded later with an earlier date, is never lost: it goes into the next.

The figures are the ledger's (service.claims.models.ledger): a claim's verified expenditure is the sum of its
"claimed", "deducted" and "parked" entries; the Union's contribution the EU of its "paid" and "cleared" entries; a
recovery's the negative expenditure and EU of its "recovered" entry. Each in euro as the ledger converted it at
the Commission's rate of its month (CPR Art. 87); an entry not converted yet (its month's rate is missing) keeps the
application from being frozen, and says so. Advances to beneficiaries are not expenditure and are not included."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.claims.models.ledger import LedgerConversion, LedgerEntry
from service.classification.util import UNCLASSIFIED
from service.errors import Conflict
from service.exchange.rules import month_text
from service.extensions import db
from service.i18n import format_day
from service.money.display import wire
from service.programmes.util import current_programme
from service.projects.models import Project
from service.receipts import content_sha256
from service.tenancy.current import current_tenant
from service.tenancy.model_base import utcnow
from service.transmissions import rules
from service.transmissions.build import english_name
from service.transmissions.models import PaymentApplication

MAX_PER_YEAR = 6  # CPR Art. 91(1)
EXPENDITURE = ("claimed", "deducted", "parked")
PAID = ("paid", "cleared")
ZERO = Decimal("0.00")


def applications(year_start: date | None = None) -> list[PaymentApplication]:
    query = select(PaymentApplication).order_by(PaymentApplication.year_start, PaymentApplication.sequence)
    if year_start is not None:
        query = query.where(PaymentApplication.year_start == year_start)
    return list(db.session.scalars(query))


def check_day(as_of: date, today: date) -> date:
    if as_of > today:
        raise ValidationError({"as_of": [_("The day cannot be in the future.")]})
    earlier = [a for a in applications() if a.as_of > as_of]
    if earlier:
        raise ValidationError(
            {
                "as_of": [
                    _(
                        "An application was made as at a later day already (%(day)s).",
                        day=format_day(earlier[-1].as_of),
                    )
                ]
            }
        )
    return as_of


def _included() -> tuple[set[int], set[int]]:
    """The claims and the recovery entries earlier applications hold."""
    claims, recoveries = set(), set()
    for application in applications():
        claims |= set(application.content.get("claims", []))
        recoveries |= set(application.content.get("recoveries", []))
    return claims, recoveries


def content_of(as_of: date) -> tuple[dict, list[dict]]:
    """What the next application as at ``as_of`` holds, and the problems that keep it from being frozen."""
    start, end = rules.accounting_year(as_of)
    sequence = len(applications(start)) + 1
    claims_before, recoveries_before = _included()
    rows = db.session.execute(
        select(LedgerEntry, LedgerConversion)
        .outerjoin(LedgerConversion, LedgerConversion.entry_id == LedgerEntry.id)
        .where(LedgerEntry.recorded_on <= as_of)
        .order_by(LedgerEntry.id)
    ).all()
    paid_claims = {e.claim_id for e, _c in rows if e.kind in PAID and e.claim_id is not None} - claims_before
    recoveries = [(e, c) for e, c in rows if e.kind == "recovered" and e.id not in recoveries_before]
    projects = {
        p.id: p
        for p in db.session.scalars(
            select(Project).where(
                Project.id.in_(
                    {e.project_id for e, _c in rows if e.claim_id in paid_claims}
                    | {e.project_id for e, _c in recoveries}
                )
            )
        )
    }
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    missing: set[tuple[str, str]] = set()

    def add(entry: LedgerEntry, conversion: LedgerConversion | None, field: str, eu_field: str | None) -> None:
        if conversion is None:
            missing.add((entry.currency, month_text(entry.recorded_on.replace(day=1))))
            return
        objective = projects[entry.project_id].specific_objective or UNCLASSIFIED
        if field:
            sums[objective][field] += conversion.amount_eur
        if eu_field:
            sums[objective][eu_field] += conversion.eu_amount_eur

    for entry, conversion in rows:
        if entry.claim_id in paid_claims and entry.kind in EXPENDITURE:
            add(entry, conversion, "expenditure", None)
        elif entry.claim_id in paid_claims and entry.kind in PAID:
            add(entry, conversion, "", "union_contribution")
    for entry, conversion in recoveries:
        add(entry, conversion, "recovered_expenditure", "recovered_union_contribution")
    problems = [
        {
            "code": "rate_missing",
            "path": f"conversions/{currency}/{month}",
            "params": {"currency": currency, "month": month},
        }
        for currency, month in sorted(missing, key=lambda key: (key[1], key[0]))
    ]
    if UNCLASSIFIED in sums:
        problems.append({"code": "unclassified_claims", "path": "lines/unclassified", "params": {}})
    if sequence > MAX_PER_YEAR:
        problems.append({"code": "too_many", "path": "sequence", "params": {"count": MAX_PER_YEAR}})
    fields = ("expenditure", "union_contribution", "recovered_expenditure", "recovered_union_contribution")
    lines = []
    for objective in sorted(sums):
        figures = sums[objective]
        lines.append(
            {
                "specific_objective": objective,
                **{name: wire(figures[name]) for name in fields},
                "net_expenditure": wire(figures["expenditure"] + figures["recovered_expenditure"]),
                "net_union_contribution": wire(figures["union_contribution"] + figures["recovered_union_contribution"]),
            }
        )
    programme = current_programme()
    language = current_tenant().default_language
    content = {
        "programme": programme.cci if programme is not None else "",
        "programme_title": english_name(programme.title, language) if programme is not None else "",
        "fund": rules.FUND,
        "accounting_year": {"start": start.isoformat(), "end": end.isoformat()},
        "sequence": sequence,
        "as_of": as_of.isoformat(),
        "currency": "EUR",
        "lines": lines,
        "total": {name: wire(sum((sums[o][name] for o in sums), ZERO)) for name in fields},
        "claims": sorted(paid_claims),
        "recoveries": sorted(e.id for e, _c in recoveries),
    }
    return content, problems


def freeze(as_of: date, *, user, today: date) -> PaymentApplication:
    """Freeze the next application as at ``as_of`` (append-only, with the SHA-256 of its content)."""
    check_day(as_of, today)
    content, problems = content_of(as_of)
    if problems:
        raise Conflict(_("The payment application cannot be made yet."), details={"problems": problems})
    start = date.fromisoformat(content["accounting_year"]["start"])
    application = PaymentApplication(
        year_start=start,
        sequence=content["sequence"],
        as_of=as_of,
        content=content,
        content_sha256=content_sha256(content),
        frozen_by=user.id,
        frozen_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(application)
            db.session.flush()
    except IntegrityError as error:  # the same sequence frozen at the same moment by someone else
        raise Conflict(_("Another payment application was made at the same moment. Reload and check.")) from error
    return application
