"""The statistics' tables (seed 000 tables 1, 2 and 4: per call, specific objective, type of intervention,
beneficiary and type of organisation; service.statistics) as sheets of the portfolio's workbook, so that the
committee downloads every table it looks at in one file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from service.calls.display import organisation_type
from service.exports import Column, Sheet
from service.portfolio.labels import intervention_label, objective_label
from service.statistics.api import tally_data
from service.statistics.operations import Statistics, Tally


def _columns(first, currency: str) -> list[Column]:
    return [
        Column("name", first),
        Column("received", _l("Received"), "integer"),
        Column("granted", _l("Granted"), "integer"),
        Column("rejected", _l("Rejected"), "integer"),
        Column("undecided", _l("Not decided yet"), "integer"),
        Column("grant_rate", _l("Grant rate"), "rate"),
        Column("granted_eu", f"{_l('Granted EU money')} ({currency})", "amount"),
        Column("share_of_granted_eu", _l("Share of the granted EU money"), "rate"),
        Column("average_score_granted", _l("Average score of the granted"), "amount"),  # points, two decimals,
    ]


def _cells(stats: Statistics, name: str, tally: Tally) -> dict:
    return {"name": name, **tally_data(stats, tally)}


def statistics_sheets(stats: Statistics, currency: str) -> list[Sheet]:
    by_call = [_cells(stats, stats.calls[key].reference, t) for key, t in stats.by_call.items()]
    by_call.append(_cells(stats, str(_l("Total")), stats.total))
    return [
        Sheet(_l("Applications per call"), _columns(_l("Call"), currency), by_call, _l("Calls")),
        Sheet(
            _l("Applications per specific objective"),
            _columns(_l("Specific objective"), currency),
            [_cells(stats, objective_label(key), t) for key, t in stats.by_objective.items()],
            _l("Applications per objective"),
        ),
        Sheet(
            _l("Applications per type of intervention (AMIF Annex VI)"),
            _columns(_l("Type of intervention"), currency),
            [
                _cells(stats, f"{objective_label(objective)}: {intervention_label(objective, code)}", t)
                for (objective, code), t in stats.by_intervention.items()
            ],
            _l("Applications per type"),
        ),
        Sheet(
            _l("Applications and granted EU money per beneficiary"),
            _columns(_l("Beneficiary"), currency),
            [
                _cells(stats, f"{stats.organisations[key].name} ({stats.organisations[key].number})", t)
                for key, t in stats.by_beneficiary.items()
            ],
            _l("Beneficiaries"),
        ),
        Sheet(
            _l("Granted projects per type of organisation"),
            _columns(_l("Type of organisation"), currency),
            [_cells(stats, organisation_type(key), t) for key, t in stats.by_organisation_type.items()],
            _l("Types of organisation"),
        ),
    ]
