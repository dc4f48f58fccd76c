"""Where an application stood in its call when the ranking rejected it: its total score (of the most the call's
criteria give), the call's minimum total, and its place among the call's ranked applications. A rejection on
the score or the budget states these, so that the applicant can see why (förvaltningslagen 32 §, hallintolaki
45 §)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from service.applications.models import Application
from service.assessment.operations import consolidation_of
from service.assessment.ranking import by_score
from service.calls.models import Call
from service.calls.rules import scale_points
from service.i18n import format_number


@dataclass(frozen=True)
class Standing:
    total: Decimal
    maximum: int | None  # the most points the call's criteria give together
    minimum: int | None  # the call's minimum total (None: the call sets none)
    position: int | None  # the place by score (None: it fails the call's rules, so it is not ranked)
    ranked: int  # how many applications of the call pass its rules and are ranked by score


def standing_of(application: Application, call: Call) -> Standing | None:
    """The application's standing, None before its score is consolidated. Its place is among the applications
    that pass the call's rules, by score, as when the decisions were taken (the rejected ones included)."""
    consolidation = consolidation_of(application)
    if consolidation is None:
        return None
    assessment = call.assessment or {}
    criteria = assessment.get("criteria") or []
    ranked = by_score(call)
    place = next((n for n, row in enumerate(ranked, start=1) if row.application.id == application.id), None)
    return Standing(
        total=consolidation.total,
        maximum=sum(scale_points(c["scale"])[1] for c in criteria) if criteria else None,
        minimum=assessment.get("minimum_total") or None,
        position=place,
        ranked=len(ranked),
    )


def standing_text(standing: Standing) -> str:
    """The standing as the reader's sentences, in the current language."""
    total = format_number(standing.total)
    sentences = [
        _("The application's total score is %(total)s of %(maximum)s points.", total=total, maximum=standing.maximum)
        if standing.maximum
        else _("The application's total score is %(total)s points.", total=total),
        _("The call's minimum total score is %(minimum)s points.", minimum=standing.minimum)
        if standing.minimum
        else _("The call sets no minimum total score."),
    ]
    if standing.position:
        sentences.append(
            _(
                "In the call's ranking the application is number %(position)s of %(ranked)s.",
                position=standing.position,
                ranked=standing.ranked,
            )
        )
    else:
        sentences.append(_("The application is not among the call's ranked applications."))
    return " ".join(sentences)
