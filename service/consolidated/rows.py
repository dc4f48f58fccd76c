"""One tenant's part of the consolidated export, read in that tenant's own scope (the caller enters it): its
latest frozen transmission (CPR Art. 42) as frozen, and its portfolio as of the export's day, as rows of
service.consolidated.rules.COLUMNS. A tenant's part is a few hundred rows whatever the size of its programme:
the figures are the portfolio's sums (service.portfolio.figures), never a row per project or report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from service.consolidated import rules
from service.exchange.rules import EURO
from service.extensions import db
from service.money.display import wire
from service.portfolio import figures
from service.tenancy.models import Tenant
from service.transmissions.models import TransmissionVersion
from service.transmissions.operations import version_name

TABLE_1 = (
    ("operations", "operations"),
    ("eligible_cost", "eligible_cost"),
    ("fund_contribution", "fund_contribution"),
    ("declared_expenditure", "declared_expenditure"),
)
PORTFOLIO_AMOUNTS = (
    ("eligible_cost", "eligible_cost"),
    ("eu_contribution", "fund_contribution"),
    ("declared", "declared_expenditure"),
    ("paid", "paid"),
)
INDICATOR_MEASURES = ("milestone_2024", "target_2029", "planned", "achieved")


@dataclass(frozen=True)
class TenantPart:
    """What the export says of a tenant beside its rows."""

    tenant: str
    country: str
    programme_code: str
    national_currency: str
    transmission: dict | None  # {"version", "cut_off", "frozen_at", "content_sha256"} of the latest frozen one
    missing_rates: str  # of the portfolio's figures


def latest_transmission(as_of: date) -> TransmissionVersion | None:
    """The latest frozen transmission whose cut-off is on or before ``as_of`` (its latest correction)."""
    return db.session.scalar(
        select(TransmissionVersion)
        .where(TransmissionVersion.cut_off <= as_of)
        .order_by(TransmissionVersion.cut_off.desc(), TransmissionVersion.sequence.desc())
        .limit(1)
    )


def tenant_part(tenant: Tenant, as_of: date) -> tuple[TenantPart, list[dict]]:
    """The tenant's header and rows (in the tenant's scope)."""
    portfolio = figures.portfolio(as_of)
    programme = portfolio.programme
    base = {
        "country": tenant.country,
        "tenant": tenant.code,
        "programme_code": programme.cci if programme is not None else "",
        "national_currency": tenant.currency,
    }
    version = latest_transmission(as_of)
    rows = list(_transmission_rows(base, version)) if version is not None else []
    rows += list(_portfolio_rows(base, portfolio))
    missing = [(m.currency, m.month) for m in portfolio.missing]
    part = TenantPart(
        tenant=tenant.code,
        country=tenant.country,
        programme_code=base["programme_code"],
        national_currency=tenant.currency,
        transmission=_transmission_header(version),
        missing_rates=rules.missing_text(missing),
    )
    return part, [rules.check(row) for row in rows]


def _transmission_header(version: TransmissionVersion | None) -> dict | None:
    if version is None:
        return None
    return {
        "version": version_name(version),
        "cut_off": version.cut_off.isoformat(),
        "frozen_at": _instant(version.frozen_at),
        "content_sha256": version.content_sha256,
    }


def _instant(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _row(base: dict, **values) -> dict:
    row = dict(base)
    row.update(
        {
            "source": "",
            "version": "",
            "as_of": "",
            "table": "",
            "specific_objective": "",
            "type_of_intervention": "",
            "indicator_code": "",
            "measure": "",
            "value": 0,
            "unit": EURO,
            "national_value": "",
            "exchange_rates": "",
            "missing_rates": "",
        }
    )
    row.update(values)
    return row


def _transmission_rows(base: dict, version: TransmissionVersion) -> Iterator[dict]:
    content = version.content
    national = base["national_currency"]
    rates = rules.rates_text(
        (date.fromisoformat(c["month"] + "-01"), Decimal(c["rate"]))
        for c in content.get("conversions", [])
        if c["currency"] == national
    )
    common = {"source": "transmission", "version": version_name(version), "as_of": content["cut_off"]}
    for line in content["financial"]:
        for key, measure in TABLE_1:
            amount = measure != "operations"
            yield _row(
                base,
                **common,
                table="1",
                specific_objective=line["specific_objective"],
                type_of_intervention=line["type_of_intervention"],
                measure=measure,
                value=line[key],
                unit=EURO if amount else "number",
                exchange_rates=rates if amount else "",
            )
    for line in content.get("indicators") or []:
        for measure in ("planned", "achieved"):
            yield _row(
                base,
                **common,
                table="2-3",
                specific_objective=line["specific_objective"] or "",
                indicator_code=line["code"],
                measure=measure,
                value=line[measure],
                unit="number",
            )


def _portfolio_rows(base: dict, portfolio: figures.Portfolio) -> Iterator[dict]:
    common = {"source": "portfolio", "as_of": portfolio.as_of.isoformat()}
    for line in portfolio.rows:
        where = {"specific_objective": line.objective, "type_of_intervention": line.intervention_field}
        yield _row(
            base, **common, table="intervention", **where, measure="operations", value=line.operations, unit="number"
        )
        for attribute, measure in PORTFOLIO_AMOUNTS:
            yield _amount_row(base, common, "intervention", where, measure, getattr(line, attribute))
    for line in portfolio.objectives:
        where = {"specific_objective": line.objective}
        if line.budget is not None:
            yield _row(base, **common, table="objective", **where, measure="budget", value=wire(line.budget))
        yield _row(
            base, **common, table="objective", **where, measure="operations", value=line.operations, unit="number"
        )
        for attribute, measure in PORTFOLIO_AMOUNTS:
            yield _amount_row(base, common, "objective", where, measure, getattr(line, attribute))
    for line in portfolio.indicators:
        for measure in INDICATOR_MEASURES:
            yield _row(
                base,
                **common,
                table="indicator",
                specific_objective=line.objective or "",
                indicator_code=line.code,
                measure=measure,
                value=getattr(line, measure),
                unit=line.unit or "number",
            )


def _amount_row(base: dict, common: dict, table: str, where: dict, measure: str, figure: figures.Figure) -> dict:
    return _row(
        base,
        **common,
        table=table,
        **where,
        measure=measure,
        value=wire(figure.euro),
        national_value=wire(figure.amount),
        exchange_rates=rules.rates_text((r.month, r.rate) for r in figure.rates if r.version is not None),
        missing_rates=rules.missing_text(figure.missing),
    )
