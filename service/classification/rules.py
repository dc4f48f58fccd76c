"""The classification's rules over plain values: which pairs (specific objective, intervention field code)
an applicant may propose and a case officer may confirm. The codes are those of AMIF Annex VI, Table 1, valid
on the day (reference data, service/catalogue/data/types_of_intervention.toml).
"""

from __future__ import annotations

from flask_babel import gettext as _

Pair = tuple[str, str]  # (specific objective, intervention field code), e.g. ("SO2", "003")


def _belongs(objective: str, code: str, known: set[Pair]) -> dict[str, list[str]]:
    if (objective, code) in known:
        return {}
    if any(pair[1] == code for pair in known):
        return {
            "intervention_field": [
                _(
                    "Type of intervention %(code)s is not one of %(objective)s: choose one of its own.",
                    code=code,
                    objective=objective,
                )
            ]
        }
    return {"intervention_field": [_("Not a type of intervention of AMIF Annex VI.")]}


def proposal_errors(objective: str | None, code: str | None, *, call_objectives: list[str], known: set[Pair]) -> dict:
    """An applicant's proposal: the objective among the call's, the type of intervention one of that objective.
    Either may be left empty while drafting (nothing proposed yet)."""
    if objective is None:
        return {"intervention_field": [_("Choose the specific objective first.")]} if code is not None else {}
    if objective not in call_objectives:
        return {
            "specific_objective": [
                _(
                    "Choose one of the call's specific objectives: %(objectives)s.",
                    objectives=", ".join(call_objectives),
                )
            ]
        }
    return _belongs(objective, code, known) if code is not None else {}


def confirmation_errors(
    objective: str,
    code: str,
    reason: str,
    *,
    proposed: Pair | None,
    call_objectives: list[str],
    known: set[Pair],
) -> dict:
    """A case officer's confirmation. Outside the call's objectives (the formal check found the project out of
    scope) or different from what the applicant proposed (a correction), it needs the reason."""
    if objective not in {pair[0] for pair in known}:
        return {"specific_objective": [_("Not a specific objective of AMIF.")]}
    errors = _belongs(objective, code, known)
    if errors:
        return errors
    if not reason.strip():
        if objective not in call_objectives:
            return {"reason": [_("The objective is outside the call: give the reason.")]}
        if proposed is not None and proposed != (objective, code):
            return {"reason": [_("This corrects what the applicant proposed: give the reason.")]}
    return {}
