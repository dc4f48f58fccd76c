"""The programme's portfolio on a day: what the managing authority and the monitoring committee look at, and what
the Commission's data transmission (CPR Art. 42, Annex VII) reports. Read-only: nothing here is stored.

Financial figures (:func:`financial`), per specific objective and type of intervention (AMIF Annex VI):
- selected operations: the projects whose grant decision in force on ``as_of`` was approved on or before it
  (a grant corrected later keeps the figures of the decision in force on that day; one corrected into a
  rejection by then is not selected);
- their total eligible cost and the Fund's (EU) contribution, as that decision set them;
- eligible expenditure declared by beneficiaries to the MA: the ledger's "claimed" entries recorded on or before
  ``as_of`` (each submission of a claim), less the expenditure "parked" to a later claim, which is declared
  again there and so is counted once;
- paid: EU money transferred to the beneficiaries (advances and payments confirmed) recorded on or before
  ``as_of``.
Each figure is in the tenant's currency and in euro. The euro follows CPR Art. 87: the Commission's rate of the
month the figure was recorded, in the tenant's time zone — the approval month of the decision for decided
amounts, the month a ledger entry was recorded in the accounts for declared and paid (the ledger's own euro
figure when it was converted at that month). A month without a rate is reported and its amount left out of the
euro sum, never converted at 1. The programme budget per objective is the programme's allocation (EU +
national co-financing, in euro).

Indicator figures (:func:`indicators`), per indicator of the programme (common and programme-specific): the
milestone for 2024 and the target for 2029 (CPR Art. 16), the values planned in the selected operations (the sum
of their plans' targets, as the project version in force on ``as_of`` has them) and achieved (the frozen content
of each selected project's latest progress report submitted on or before ``as_of`` and not returned by then;
participant indicators there are the register's counts, frozen at submission: service.participants), both
reported under CPR Art. 42(2)(b).

Shares and percentages (service.portfolio.rules) are the Swedish evaluation's (seed 000, tables 3 and 5–11):
committed = decided ÷ budget, declared ÷ budget; planned ÷ target ("expected achievement"), achieved ÷ target
("actual achievement") and, for outputs, achieved ÷ milestone 2024; one decimal, half up; none when dividing by 0
(the tables' "NA").
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, extract, func, or_, select

from service.catalogue.models import Indicator
from service.claims.models import LedgerConversion, LedgerEntry
from service.classification.util import UNCLASSIFIED
from service.decisions.in_force import in_force_ids
from service.decisions.models import Decision
from service.exchange.operations import RateBook, RateMissing
from service.exchange.rules import EURO, first_of_month
from service.extensions import db
from service.money import ZERO, Money
from service.portfolio import rules
from service.portfolio.json_items import item_sums
from service.programmes.models import Programme
from service.programmes.util import current_programme
from service.projects.models import Project, ProjectVersion
from service.reports.models import ProgressReport, ReportReview, ReportSubmission
from service.tenancy.current import current_tenant

DECLARED = ("claimed", "parked")  # expenditure (LedgerEntry.amount)
PAID = ("advanced", "paid")  # EU money transferred (LedgerEntry.eu_amount)
OBJECTIVE_ORDER = ("SO1", "SO2", "SO3", "SO4", "TA", UNCLASSIFIED)
COMMON_CODE = re.compile(r"^[OR]\.(\d)\.")
UNREAD = object()  # a programme not read yet (None is a tenant without one)


@dataclass(frozen=True)
class RateUsed:
    month: date
    rate: Decimal
    version: int | None  # None for the euro, which needs no rate


@dataclass
class Figure:
    """One amount in the tenant's currency and in euro, with the rates and months it was converted at and the
    months whose rate is missing (their amounts are in ``amount`` but not in ``euro``)."""

    amount: Money
    euro: Money
    rates: set[RateUsed] = field(default_factory=set)
    missing: dict[tuple[str, date], RateMissing] = field(default_factory=dict)

    @classmethod
    def zero(cls, currency: str) -> Figure:
        return cls(Money.zero(currency), Money.zero(EURO))

    @property
    def complete(self) -> bool:
        return not self.missing

    def add(self, amount: Decimal, currency: str, month: date, book: RateBook) -> None:
        self.amount += Money(amount, currency)
        try:
            converted = book.to_euro(amount, currency, month)
        except RateMissing as error:
            self.missing.setdefault((error.currency, error.month), error)
            return
        self.add_converted(converted.euro.amount, RateUsed(converted.month, converted.rate, converted.version))

    def add_converted(self, euro: Decimal, rate: RateUsed) -> None:
        self.euro += Money(euro, EURO)
        self.rates.add(rate)

    def merge(self, other: Figure) -> None:
        self.amount += other.amount
        self.euro += other.euro
        self.rates |= other.rates
        for key, missing in other.missing.items():
            self.missing.setdefault(key, missing)

    def rates_in_order(self) -> list[RateUsed]:
        return sorted(self.rates, key=lambda r: (r.month, r.rate, r.version or 0))

    def missing_in_order(self) -> list[RateMissing]:
        return [self.missing[key] for key in sorted(self.missing, key=lambda k: (k[1], k[0]))]


@dataclass
class FinancialRow:
    """Per specific objective and type of intervention (``intervention_field`` "" when none was chosen)."""

    objective: str
    intervention_field: str
    operations: int
    project_ids: list[int]
    eligible_cost: Figure
    eu_contribution: Figure
    declared: Figure
    paid: Figure


@dataclass
class ObjectiveRow:
    """Per specific objective (table 3): the budget in euro beside the sums of its types of intervention."""

    objective: str
    budget: Decimal | None  # EUR; None for an objective the programme has no allocation for
    operations: int
    eligible_cost: Figure
    eu_contribution: Figure
    declared: Figure
    paid: Figure

    @property
    def committed_share(self) -> Decimal | None:
        return rules.share(self.eligible_cost.euro.amount, self.budget)

    @property
    def declared_share(self) -> Decimal | None:
        return rules.share(self.declared.euro.amount, self.budget)

    @property
    def paid_share(self) -> Decimal | None:
        return rules.share(self.paid.euro.amount, self.budget)


@dataclass
class IndicatorRow:
    code: str
    objective: str | None  # SO1–SO4 for a common indicator (and a programme-specific one coded like it)
    kind: str | None  # output | result; None for a programme-specific indicator
    common: bool
    names: dict  # language -> name
    unit: str
    milestone_2024: int
    target_2029: int
    planned: int
    achieved: int
    participant: bool = False  # counted by the register (frozen into the reports)

    @property
    def planned_share(self) -> Decimal | None:
        return rules.share(Decimal(self.planned), Decimal(self.target_2029))

    @property
    def achieved_share(self) -> Decimal | None:
        return rules.share(Decimal(self.achieved), Decimal(self.target_2029))

    @property
    def milestone_share(self) -> Decimal | None:
        """Achieved ÷ milestone 2024: for outputs, as tables 9–11 show it (results have no milestone there)."""
        if self.kind == "result":
            return None
        return rules.share(Decimal(self.achieved), Decimal(self.milestone_2024))


def cutoff(as_of: date) -> datetime:
    """The end of ``as_of`` in the tenant's time zone: what was recorded before this instant counts."""
    return datetime.combine(as_of + timedelta(days=1), time(), tzinfo=current_tenant().zone)


def objective_key(objective: str) -> tuple[int, str]:
    return (OBJECTIVE_ORDER.index(objective) if objective in OBJECTIVE_ORDER else len(OBJECTIVE_ORDER), objective)


@dataclass(frozen=True, slots=True)
class SelectedProject:
    """What the figures and the drill-down read of a selected project."""

    id: int
    application_id: int
    organisation_id: int
    reference: str
    title: str
    specific_objective: str | None
    intervention_field: str | None


@dataclass(frozen=True, slots=True)
class SelectedDecision:
    """What they read of the grant in force."""

    id: int
    currency: str
    eligible_cost: Decimal | None
    eu_amount: Decimal | None
    approved_at: datetime


@dataclass(frozen=True, slots=True)
class Selected:
    """A selected operation: the project and the decision in force on the day."""

    project: SelectedProject
    decision: SelectedDecision

    @property
    def objective(self) -> str:
        return self.project.specific_objective or UNCLASSIFIED

    @property
    def intervention_field(self) -> str:
        return self.project.intervention_field or ""


PROJECT_COLUMNS = (
    Project.id,
    Project.application_id,
    Project.organisation_id,
    Project.reference,
    Project.title,
    Project.specific_objective,
    Project.intervention_field,
)
DECISION_COLUMNS = (Decision.id, Decision.currency, Decision.eligible_cost, Decision.eu_amount, Decision.approved_at)


def selected_operations(as_of: date) -> list[Selected]:
    """The projects whose grant in force on ``as_of`` was approved on or before it: of each application's decisions
    approved by then, the latest (service.decisions.in_force) when it is a grant; read as columns in one query."""
    in_force = in_force_ids(Decision.approved_at < cutoff(as_of))
    found = db.session.execute(
        select(*PROJECT_COLUMNS, *DECISION_COLUMNS)
        .join(Decision, Decision.application_id == Project.application_id)
        .join(in_force, in_force.c.id == Decision.id)
        .where(Decision.kind == "grant")
        .order_by(Project.id)
    )
    width = len(PROJECT_COLUMNS)
    return [Selected(SelectedProject(*row[:width]), SelectedDecision(*row[width:])) for row in found]


def financial(as_of: date, selected: list[Selected] | None = None) -> list[FinancialRow]:
    """Per (specific objective, type of intervention) with at least one selected operation."""
    selected = selected_operations(as_of) if selected is None else selected
    currency = current_tenant().currency
    zone = current_tenant().zone
    months = {s.project.id: s.decision.approved_at.astimezone(zone).date().replace(day=1) for s in selected}
    lines = _ledger(as_of, [s.project.id for s in selected])
    book = RateBook(
        [(s.decision.currency, months[s.project.id]) for s in selected]
        + [(line.currency, line.month) for line in lines if line.conversion is None]
    )
    rows: dict[tuple[str, str], FinancialRow] = {}
    amounts = _Amounts(book)
    for s in selected:
        key = (s.objective, s.intervention_field)
        row = rows.get(key)
        if row is None:
            row = rows[key] = FinancialRow(
                s.objective, s.intervention_field, 0, [], *(Figure.zero(currency) for _ in range(4))
            )
        row.operations += 1
        row.project_ids.append(s.project.id)
        month = months[s.project.id]
        amounts.add(row.eligible_cost, s.decision.eligible_cost or ZERO, s.decision.currency, month)
        amounts.add(row.eu_contribution, s.decision.eu_amount or ZERO, s.decision.currency, month)
    for line in lines:
        row = rows[(line.objective or UNCLASSIFIED, line.intervention_field or "")]
        declared = line.kind in DECLARED
        figure, amount, euro = (
            (row.declared, line.amount, line.amount_eur) if declared else (row.paid, line.eu_amount, line.eu_amount_eur)
        )
        converted = (euro, line.conversion) if line.conversion is not None else None
        amounts.add(figure, amount, line.currency, line.month, converted=converted)
    amounts.close()
    return [rows[key] for key in sorted(rows, key=lambda k: (objective_key(k[0]), k[1]))]


class _Amounts:
    """Adds amounts to their figures. An amount still to be converted is converted alone (rounded to the cent on
    its own, CPR Art. 87). Amounts in euro, and amounts the ledger converted already, are first summed per figure,
    month and rate, then added once: the same cents as one by one (nothing of theirs is rounded here), for a
    programme of thousands of entries at the cost of a few sums."""

    def __init__(self, book: RateBook):
        self.book = book
        self.figures: dict[int, Figure] = {}
        self.sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])

    def add(self, figure: Figure, amount: Decimal, currency: str, month: date, converted=None) -> None:
        if converted is None and currency != EURO:
            figure.add(amount, currency, month, self.book)
            return
        euro, rate = converted if converted is not None else (amount, None)
        self.figures[id(figure)] = figure
        total = self.sums[(id(figure), currency, first_of_month(month), rate)]
        total[0] += amount
        total[1] += euro

    def close(self) -> None:
        for (figure_id, currency, month, rate), (amount, euro) in self.sums.items():
            figure = self.figures[figure_id]
            if rate is None:  # the euro: 1, explicitly (RateBook)
                figure.add(amount, currency, month, self.book)
            else:
                figure.amount += Money(amount, currency)
                figure.add_converted(euro, rate)
        self.sums.clear()


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """Ledger entries of one kind, currency and month under one (specific objective, type of intervention), summed
    by the database when nothing of theirs is still to be converted (in euro, or converted by the ledger at the
    month they are recorded in: ``conversion``, the same for all); one entry alone when it must be converted
    here (rounded to the cent on its own, CPR Art. 87)."""

    objective: str | None
    intervention_field: str | None
    kind: str
    currency: str
    month: date
    conversion: RateUsed | None  # None: not converted at its month (euro, or to be converted here)
    amount: Decimal
    eu_amount: Decimal
    amount_eur: Decimal | None
    eu_amount_eur: Decimal | None


def _ledger(as_of: date, project_ids: list[int]) -> list[LedgerLine]:
    if not project_ids:
        return []
    year, month = extract("year", LedgerEntry.recorded_on), extract("month", LedgerEntry.recorded_on)
    converted = and_(
        LedgerConversion.month.is_not(None),
        extract("year", LedgerConversion.month) == year,
        extract("month", LedgerConversion.month) == month,
    )
    keys = (
        Project.specific_objective,
        Project.intervention_field,
        LedgerEntry.kind,
        LedgerEntry.currency,
        year,
        month,
        LedgerConversion.month,
        LedgerConversion.rate,
        LedgerConversion.rate_version,
    )
    amounts = (LedgerEntry.amount, LedgerEntry.eu_amount, LedgerConversion.amount_eur, LedgerConversion.eu_amount_eur)
    base = (
        select()
        .select_from(LedgerEntry)
        .join(Project, Project.id == LedgerEntry.project_id)
        .outerjoin(LedgerConversion, LedgerConversion.entry_id == LedgerEntry.id)
        .where(
            LedgerEntry.project_id.in_(project_ids),
            LedgerEntry.kind.in_(DECLARED + PAID),
            LedgerEntry.recorded_on <= as_of,
        )
    )
    summed = or_(converted, LedgerEntry.currency == EURO)
    found = list(
        db.session.execute(
            base.add_columns(*keys, *(func.sum(column) for column in amounts)).where(summed).group_by(*keys)
        )
    )
    found += db.session.execute(base.add_columns(*keys, *amounts).where(~summed).order_by(LedgerEntry.id))
    lines = []
    for objective, field_, kind, currency, in_year, in_month, at, rate, version, *sums in found:
        recorded = date(int(in_year), int(in_month), 1)
        conversion = RateUsed(at, rate, version) if at == recorded else None
        lines.append(LedgerLine(objective, field_, kind, currency, recorded, conversion, *sums))
    return lines


def by_objective(rows: list[FinancialRow], programme=UNREAD) -> list[ObjectiveRow]:
    """Per specific objective: every objective of the programme's budget (also one without operations) and any
    other an operation is classified under."""
    currency = current_tenant().currency
    programme = current_programme() if programme is UNREAD else programme
    budgets = {a.objective_code: a.total for a in programme.allocations} if programme else {}
    result: dict[str, ObjectiveRow] = {
        code: ObjectiveRow(code, budget, 0, *(Figure.zero(currency) for _ in range(4)))
        for code, budget in budgets.items()
    }
    for row in rows:
        target = result.get(row.objective)
        if target is None:
            target = result[row.objective] = ObjectiveRow(
                row.objective, None, 0, *(Figure.zero(currency) for _ in range(4))
            )
        target.operations += row.operations
        for name in ("eligible_cost", "eu_contribution", "declared", "paid"):
            getattr(target, name).merge(getattr(row, name))
    return [result[code] for code in sorted(result, key=objective_key)]


def total(objectives: list[ObjectiveRow]) -> ObjectiveRow:
    """The programme's total: the budget of every allocation (TA included) and every operation."""
    currency = current_tenant().currency
    result = ObjectiveRow("total", ZERO, 0, *(Figure.zero(currency) for _ in range(4)))
    for row in objectives:
        result.budget += row.budget or ZERO
        result.operations += row.operations
        for name in ("eligible_cost", "eu_contribution", "declared", "paid"):
            getattr(result, name).merge(getattr(row, name))
    return result


def indicators(as_of: date, selected: list[Selected] | None = None, programme=UNREAD) -> list[IndicatorRow]:
    """Per indicator of the programme, in the programme's order: common indicators, then its own."""
    programme = current_programme() if programme is UNREAD else programme
    if programme is None:
        return []
    selected = selected_operations(as_of) if selected is None else selected
    planned, achieved, participant = _planned(as_of, selected), *_achieved(as_of, selected)
    catalogue = {i.code: i for i in db.session.scalars(select(Indicator).order_by(Indicator.valid_from))}
    rows = []
    for line in programme.indicators:
        known = catalogue.get(line.indicator_code)
        rows.append(
            IndicatorRow(
                code=line.indicator_code,
                objective=f"SO{known.specific_objective}" if known else _objective_of(line.indicator_code),
                kind=known.kind if known else None,
                common=True,
                names=dict(known.labels) if known else {},
                unit=known.unit if known else "",
                milestone_2024=line.milestone_2024,
                target_2029=line.target_2029,
                planned=planned.get(line.indicator_code, 0),
                achieved=achieved.get(line.indicator_code, 0),
                participant=line.indicator_code in participant,
            )
        )
    for own in programme.specific_indicators:
        rows.append(
            IndicatorRow(
                code=own.code,
                objective=_objective_of(own.code),
                kind=None,
                common=False,
                names=dict(own.name),
                unit=own.unit,
                milestone_2024=own.milestone_2024,
                target_2029=own.target_2029,
                planned=planned.get(own.code, 0),
                achieved=achieved.get(own.code, 0),
                participant=own.code in participant,
            )
        )
    return rows


def _objective_of(code: str) -> str | None:
    match = COMMON_CODE.match(code or "")
    return f"SO{match.group(1)}" if match else None


def _planned(as_of: date, selected: list[Selected]) -> dict[str, int]:
    """Per indicator code, the sum of the targets of the project versions in force at the end of ``as_of`` (the
    latest of each project by then, chosen in the database: only those are read)."""
    ids = [s.project.id for s in selected]
    if not ids:
        return {}
    ranked = (
        select(
            ProjectVersion.id.label("id"),
            func.row_number()
            .over(partition_by=ProjectVersion.project_id, order_by=ProjectVersion.sequence.desc())
            .label("rank"),
        )
        .where(ProjectVersion.project_id.in_(ids), ProjectVersion.created_at < cutoff(as_of))
        .subquery()
    )
    latest = select(ranked.c.id).where(ranked.c.rank == 1)
    return item_sums(ProjectVersion.content, latest, array="indicators", value="target")[0]


def _achieved(as_of: date, selected: list[Selected]) -> tuple[dict[str, int], set[str]]:
    """Per indicator code, the sum over the selected projects of the value achieved in each one's latest report
    submitted on or before ``as_of`` and not returned by then (values are cumulative from the project's start);
    and the codes the register counts. The latest submission of each project is chosen in the database (by the
    report's period, then the submission's sequence): only those are read."""
    ids = [s.project.id for s in selected]
    if not ids:
        return {}, set()
    end = cutoff(as_of)
    returned = (
        select(ReportReview.id)
        .where(
            ReportReview.report_id == ReportSubmission.report_id,
            ReportReview.submission == ReportSubmission.sequence,
            ReportReview.outcome == "returned",
            ReportReview.reviewed_at < end,
        )
        .exists()
    )
    ranked = (
        select(
            ReportSubmission.id.label("id"),
            func.row_number()
            .over(
                partition_by=ProgressReport.project_id,
                order_by=(ProgressReport.period_start.desc(), ReportSubmission.sequence.desc()),
            )
            .label("rank"),
        )
        .join(ProgressReport, ProgressReport.id == ReportSubmission.report_id)
        .where(ProgressReport.project_id.in_(ids), ReportSubmission.submitted_at < end, ~returned)
        .subquery()
    )
    latest = select(ranked.c.id).where(ranked.c.rank == 1)
    return item_sums(ReportSubmission.content, latest, array="indicators", value="achieved", flag="participant")


@dataclass
class Portfolio:
    as_of: date
    rows: list[FinancialRow]
    objectives: list[ObjectiveRow]
    total: ObjectiveRow
    indicators: list[IndicatorRow]
    programme: Programme | None = None  # the programme the figures were read against

    @property
    def missing(self) -> list[RateMissing]:
        """Every currency and month whose rate is missing, once, oldest first."""
        return _all_missing(self.total)


def _all_missing(row: ObjectiveRow) -> list[RateMissing]:
    merged: dict[tuple[str, date], RateMissing] = {}
    for figure in (row.eligible_cost, row.eu_contribution, row.declared, row.paid):
        for key, missing in figure.missing.items():
            merged.setdefault(key, missing)
    return [merged[key] for key in sorted(merged, key=lambda k: (k[1], k[0]))]


def portfolio(as_of: date) -> Portfolio:
    programme = current_programme()
    selected = selected_operations(as_of)
    rows = financial(as_of, selected)
    objectives = by_objective(rows, programme)
    return Portfolio(as_of, rows, objectives, total(objectives), indicators(as_of, selected, programme), programme)
