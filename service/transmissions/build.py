"""The content of a transmission, from the programme's portfolio as at the cut-off (service.portfolio.figures):
Table 1 per specific objective and type of intervention, in euro; Tables 2–3 per indicator with the January and
July transmissions only (CPR Art. 42(1)–(2), Annex VII). Every rate a figure was converted at is listed with
its month (CPR Art. 87).

What cannot be sent is listed as a problem beside the content, never papered over: a selected operation without
a specific objective or type of intervention (Annex VII has no line for it), or a figure whose month has no
exchange rate (its amount is never converted at 1).

Beside the figures, the content keeps what the Commission's form shows with them (service.transmissions.schema):
the programme's title, the Fund, and the English names of the types of intervention (valid on the cut-off day)
and of the indicators with their units and kinds, so that a frozen version's file never changes with them."""

from __future__ import annotations

from collections.abc import Callable

from service.classification.util import UNCLASSIFIED, intervention_fields
from service.exchange.rules import month_text
from service.money.display import wire
from service.portfolio import figures
from service.programmes.util import current_programme
from service.tenancy.current import current_tenant
from service.transmissions.rules import FUND, CutOff, indicator_kind

AMOUNTS = ("eligible_cost", "eu_contribution", "declared")


def content_of(cut: CutOff, progress: Callable[[int, int], None] = lambda done, total: None) -> tuple[dict, list]:
    """The transmission's content and the problems that keep it from being sent ([{"code", "path", "params"}],
    told in the reader's language by service.transmissions.labels)."""
    programme = current_programme()
    selected = figures.selected_operations(cut.as_at)
    progress(0, 2)
    rows = figures.financial(cut.as_at, selected)
    problems: list[dict] = []
    language = current_tenant().default_language
    types = intervention_fields(cut.as_at)
    financial, rates, missing = [], set(), {}
    for row in rows:
        for name in AMOUNTS:
            figure = getattr(row, name)
            rates |= {(figure.amount.currency, rate) for rate in figure.rates if rate.version is not None}
            for lack in figure.missing_in_order():
                missing[(lack.currency, lack.month)] = lack
        if not row.objective or row.objective == UNCLASSIFIED or not row.intervention_field:
            problems.append(
                {
                    "code": "unclassified",
                    "path": f"financial/{row.objective or '-'}/{row.intervention_field or '-'}",
                    "params": {"count": row.operations},
                }
            )
            continue
        key = (row.objective, row.intervention_field)
        financial.append(
            {
                "specific_objective": row.objective,
                "type_of_intervention": row.intervention_field,
                "type_of_intervention_name": english_name(types[key].labels) if key in types else "",
                "operations": row.operations,
                "eligible_cost": wire(row.eligible_cost.euro),
                "fund_contribution": wire(row.eu_contribution.euro),
                "declared_expenditure": wire(row.declared.euro),
            }
        )
    for currency, month in sorted(missing, key=lambda key: (key[1], key[0])):
        problems.append(
            {
                "code": "rate_missing",
                "path": f"conversions/{currency}/{month_text(month)}",
                "params": {"currency": currency, "month": month_text(month)},
            }
        )
    progress(1, 2)
    indicators = None
    if cut.with_indicators:
        indicators = [
            {
                "code": row.code,
                "kind": indicator_kind(row.code, row.kind),
                "name": english_name(row.names, language),
                "unit": row.unit,
                "specific_objective": row.objective,
                "planned": row.planned,
                "achieved": row.achieved,
            }
            for row in figures.indicators(cut.as_at, selected)
            if row.objective
        ]
    progress(2, 2)
    content = {
        "programme": programme.cci if programme is not None else "",
        "programme_title": english_name(programme.title, language) if programme is not None else "",
        "fund": FUND,
        "version": cut.version,
        "cut_off": cut.as_at.isoformat(),
        "due_on": cut.due.isoformat(),
        "currency": "EUR",
        "financial": financial,
        "indicators": indicators,
        "conversions": [
            {"currency": currency, "month": month_text(rate.month), "rate": format(rate.rate, "f")}
            for currency, rate in sorted(rates, key=lambda item: (item[0], item[1].month, item[1].version or 0))
        ],
    }
    return content, problems


def english_name(names: dict, language: str = "en") -> str:
    """The English name (the Commission's working language), else the one in the tenant's language."""
    return (names or {}).get("en") or (names or {}).get(language) or ""
