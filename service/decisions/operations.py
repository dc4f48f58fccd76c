"""Preparing, approving and returning decisions; correcting an approved one by a new decision.

Four eyes: the person who prepared a decision cannot approve it. A grant needs an assessed application
that passes the call's rules; an ineligible application can only be rejected (with the formal check's
reasons). More than the applicant asked for, or than what is left of the call's budget, needs an explicit
override with its reason; a reduction needs its reason. Approving makes the application granted or
rejected, starts the project of a grant (or records the correction in it) and asks a job for the letter.

Plain functions that flush; the request commits once. A refusal raises (ValidationError → 422,
Conflict → 409) before anything is changed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from service.applications.models import Application
from service.assessment.operations import checks_of, consolidation_of, stage
from service.assessment.presenters import criterion_names
from service.assessment.rules import ELIGIBILITY_POINTS, rule_text
from service.calls.models import Call
from service.decisions.budget import granted_in_call, remaining_budget  # noqa: F401 - the one budget left
from service.decisions.models import Decision
from service.decisions.notifications import notify_decision_awaiting_approval
from service.errors import Conflict
from service.extensions import db
from service.i18n import format_number
from service.jobs.queue import enqueue
from service.money import Financing, Money, eu_share
from service.money.display import format_amount
from service.money.financing import cofinanced
from service.projects.operations import follow_decision, indicator_key, project_of
from service.tenancy.model_base import utcnow

ZERO = Decimal("0.00")


def decisions_of(application: Application) -> list[Decision]:
    """Every decision on the application, prepared, returned and approved, oldest first."""
    return list(
        db.session.scalars(select(Decision).where(Decision.application_id == application.id).order_by(Decision.id))
    )


def current_decision(application: Application) -> Decision | None:
    """The approved decision in force: the latest approved one (a correction replaces what it corrects)."""
    approved = [d for d in decisions_of(application) if d.status == "approved"]
    return approved[-1] if approved else None


def in_preparation(application: Application) -> Decision | None:
    return next((d for d in decisions_of(application) if d.status == "prepared"), None)


def _ensure_decidable(application: Application, kind: str, corrects: Decision | None) -> str:
    """What the application's state allows; returns its assessment stage."""
    current = current_decision(application)
    if corrects is None and current is not None:
        raise Conflict(
            _("This application has already been decided. Correct the decision by a new decision that refers to it."),
            details={"decision_id": current.id},
        )
    if corrects is not None and (current is None or corrects.id != current.id):
        raise Conflict(_("Only the decision in force can be corrected."))
    if in_preparation(application) is not None:
        raise Conflict(_("A decision on this application is already being prepared."))
    assessed = stage(application) if corrects is None else _stage_before_decision(application)
    if assessed == "ineligible":
        if kind == "grant":
            raise Conflict(_("The application is ineligible: it can only be rejected, for the reasons of the check."))
        return assessed
    if assessed != "assessed":
        raise Conflict(_("Finish the formal check and the assessment before deciding."))
    consolidation = consolidation_of(application)
    if kind == "grant" and not consolidation.passes:
        raise Conflict(_("The application fails the call's rules and cannot be granted."))
    return assessed


def _stage_before_decision(application: Application) -> str:
    if consolidation_of(application) is not None:
        return "assessed"
    checks = checks_of(application)
    return checks[-1].outcome if checks else "submitted"


def _current_plan(application: Application) -> dict | None:
    """The project's plan as it stands (amendments included), which a correcting grant starts from."""
    project = project_of(application)
    return project.current.content if project is not None else None


def _indicator_targets(
    application: Application, given: dict[int, int] | None, current: dict | None = None
) -> list[dict]:
    planned = {indicator.id: indicator for indicator in application.indicators}
    standing = {}
    if current is not None:
        standing = {i["key"]: i["target"] for i in current["indicators"]}
    given = given or {}
    unknown = [key for key in given if key not in planned]
    if unknown:
        raise ValidationError(
            {"indicator_targets": {str(key): [_("Not an indicator of this application.")] for key in unknown}}
        )
    return [
        {
            "indicator_id": indicator.id,
            "code": indicator.indicator_code,
            "name": indicator.name,
            "unit": indicator.unit,
            "planned": indicator.planned_value,
            "accepted": given.get(
                indicator.id,
                standing.get(
                    indicator_key({"code": indicator.indicator_code, "indicator_id": indicator.id}),
                    indicator.planned_value,
                ),
            ),
        }
        for indicator in application.indicators
    ]


def applied_financing(application: Application, call: Call) -> Financing:
    """The financing as applied for, on the call's basis: its rate is the one a smaller eligible cost keeps."""
    base = cofinanced(application.total_cost, call.cofinancing_basis, application.private_funding)
    return Financing.of(call.currency, application.total_cost, base, application.eu_amount)


def _financing(application: Application, call: Call, data: dict, errors: dict) -> tuple[Financing, list[str]]:
    """The grant's figures, which always agree, and which of them followed from the ones given.

    The eligible cost defaults to what was applied for. Of the EU amount and the rate, give one and the other
    follows (the EU amount rounded down to the cent: FACTS.md, Money); give both and they must agree; give
    neither and the EU amount follows at the rate applied for. The rate is the EU share actually granted of
    the cost it applies to on the call's basis (AMIF Art. 15), at most the call's rate."""
    currency = call.currency
    eligible = data.get("eligible_cost") if data.get("eligible_cost") is not None else application.total_cost
    base = cofinanced(eligible, call.cofinancing_basis, application.private_funding)
    eu, rate = data.get("eu_amount"), data.get("cofinancing_rate")
    if eligible <= 0:
        errors["eligible_cost"] = [_("The eligible cost is more than zero.")]
    if rate is not None and (rate <= 0 or rate > call.cofinancing_rate):
        errors["cofinancing_rate"] = [
            _(
                "The co-financing rate is more than 0 and at most the call's %(rate)s %%.",
                rate=format_number(call.cofinancing_rate),
            )
        ]
        rate = None
    if eu is not None and rate is not None:
        agreed = eu_share(base, rate)
        follows = ["own_contribution"]
        if eu != agreed:
            message = _(
                "The EU amount and the rate disagree: %(rate)s %% of %(base)s is %(eu)s. Give one of them; "
                "the other follows.",
                rate=format_number(rate),
                base=format_amount(base),
                eu=format_amount(agreed),
            )
            errors["eu_amount"] = [message]
            errors["cofinancing_rate"] = [message]
    elif eu is not None:
        follows = ["cofinancing_rate", "own_contribution"]
    elif rate is not None:
        eu, follows = eu_share(base, rate), ["eu_amount", "own_contribution"]
    elif eligible == application.total_cost:
        eu, follows = application.eu_amount, []
    else:  # a smaller (or larger) eligible cost at the rate applied for
        applied = applied_financing(application, call)
        eu, follows = applied.eu_share_of(Money(base, currency)).amount, ["eu_amount", "own_contribution"]
    financing = Financing.of(currency, eligible, base, eu)
    if eu <= 0:
        errors.setdefault("eu_amount", [_("The EU amount is more than zero.")])
    elif not financing.within(call.cofinancing_rate):  # also an EU amount on a cofinanced cost of 0
        errors.setdefault(
            "eu_amount",
            [
                _(
                    "The EU amount is at most %(rate)s %% of the eligible cost on the call's basis: %(ceiling)s.",
                    rate=format_number(call.cofinancing_rate),
                    ceiling=format_amount(eu_share(base, call.cofinancing_rate)),
                )
            ],
        )
    return financing, follows


def _grant_terms(application: Application, call: Call, data: dict, corrects: Decision | None) -> dict:
    """The grant's amounts, period and targets, checked; defaults are what was applied for."""
    errors: dict[str, list[str]] = {}
    financing, follows = _financing(application, call, data, errors)
    eligible, eu = financing.eligible_cost.amount, financing.eu_amount.amount
    current = _current_plan(application) if corrects is not None else None
    start = data.get("project_start") or (
        date.fromisoformat(current["period"]["start"]) if current else application.project_start
    )
    end = data.get("project_end") or (
        date.fromisoformat(current["period"]["end"]) if current else application.project_end
    )
    override = (data.get("override_reason") or "").strip()
    reduction = (data.get("reduction_reason") or "").strip()
    needs_override, covers = [], []
    if eligible > application.total_cost or eu > application.eu_amount:
        needs_override.append(_("more than the applicant applied for"))
        covers.append("applied")
    if (call.max_grant is not None and eu > call.max_grant) or (call.min_grant is not None and eu < call.min_grant):
        needs_override.append(_("outside the call's limits for a grant"))
        covers.append("limits")
    left = remaining_budget(call, leaving_out=application.id if corrects is not None else None)
    if eu > left:
        needs_override.append(_("more than is left of the call's budget (%(left)s)", left=format_amount(left)))
        covers.append("budget")
    if needs_override and not override:
        errors.setdefault("override_reason", []).append(
            _(
                "The grant is %(what)s. Confirm it with an override and its reason, or reduce the amounts.",
                what="; ".join(needs_override),
            )
        )
    if (eligible < application.total_cost or eu < application.eu_amount) and not reduction:
        errors["reduction_reason"] = [_("Give the reason for granting less than was applied for.")]
    if start is None or end is None:
        errors["project_period"] = [_("Give the project period.")]
    elif start > end:
        errors["project_period"] = [_("The project cannot end before it starts.")]
    elif (call.project_start_earliest and start < call.project_start_earliest) or (
        call.project_end_latest and end > call.project_end_latest
    ):
        errors["project_period"] = [_("The project period is outside the call's limits.")]
    if errors:
        raise ValidationError(errors)
    return {
        "eligible_cost": eligible,
        "eu_amount": eu,
        "cofinanced_cost": financing.cofinanced_cost.amount,
        "cofinancing_rate": financing.rate_shown,
        "project_start": start,
        "project_end": end,
        "conditions": (data.get("conditions") or "").strip(),
        "indicator_targets": _indicator_targets(application, data.get("indicator_targets"), current),
        "override_reason": override if needs_override else "",
        "reduction_reason": reduction,
        "reason_details": {"follows": follows, **({"override": covers} if needs_override else {})},
    }


def _rejection_terms(application: Application, call: Call, data: dict, assessed: str) -> dict:
    """The reasons of a rejection and what each rests on (the check's failed points, the failed rules)."""
    reasons = list(dict.fromkeys(data.get("reasons") or []))
    if assessed == "ineligible":
        reasons = reasons or ["ineligible"]
        if reasons != ["ineligible"]:
            raise ValidationError({"reasons": [_("An ineligible application is rejected for the check's reasons.")]})
    if not reasons:
        raise ValidationError({"reasons": [_("Give at least one reason for the rejection.")]})
    details: dict[str, list[str]] = {}
    if "ineligible" in reasons:
        if assessed != "ineligible":
            raise ValidationError({"reasons": [_("The formal check found the application eligible.")]})
        check = checks_of(application)[-1]
        details["ineligible"] = [
            {"point": point, "reason": check.points[point]["reason"]}
            for point in ELIGIBILITY_POINTS
            if not check.points[point]["met"]
        ]
    if "failed_rules" in reasons:
        consolidation = consolidation_of(application)
        if consolidation is None or consolidation.passes:
            raise ValidationError({"reasons": [_("The application does not fail the call's rules.")]})
        details["failed_rules"] = consolidation.failed_rules
    explanation = (data.get("explanation") or "").strip()
    if {"score", "budget_exhausted"} & set(reasons) and not explanation:
        raise ValidationError({"explanation": [_("Explain the rejection: the score or the budget left.")]})
    return {"reasons": reasons, "reason_details": details, "explanation": explanation}


def prepare(application: Application, data: dict, *, user) -> Decision:
    """A decision in preparation, waiting for another person's approval."""
    corrects = None
    if data.get("corrects_id") is not None:
        corrects = db.session.get(Decision, data["corrects_id"])
        if corrects is None or corrects.application_id != application.id:
            raise ValidationError({"corrects_id": [_("Not a decision on this application.")]})
        if not (data.get("correction_reason") or "").strip():
            raise ValidationError({"correction_reason": [_("Say what the new decision corrects.")]})
    kind = data["kind"]
    call = _locked(application.call_id)
    assessed = _ensure_decidable(application, kind, corrects)
    terms = (
        _grant_terms(application, call, data, corrects)
        if kind == "grant"
        else _rejection_terms(application, call, data, assessed)
    )
    decision = Decision(
        application_id=application.id,
        call_id=call.id,
        kind=kind,
        status="prepared",
        currency=call.currency,
        corrects_id=corrects.id if corrects else None,
        correction_reason=(data.get("correction_reason") or "").strip() if corrects else "",
        prepared_by=user.id,
        prepared_at=utcnow(),
        **terms,
    )
    db.session.add(decision)
    db.session.flush()
    notify_decision_awaiting_approval(decision)
    return decision


def _locked(call_id: int) -> Call:
    """The call, locked until the transaction ends (PostgreSQL), so two decisions never both spend the same
    budget left."""
    return db.session.scalars(select(Call).where(Call.id == call_id).with_for_update()).one()


def _ensure_prepared(decision: Decision, version: int | None) -> None:
    if decision.status != "prepared":
        raise Conflict(_("This decision is no longer in preparation."))
    if version is not None and version != decision.version:
        raise Conflict(_("Someone changed this decision since you opened it. Reload it."))


def approve(decision: Decision, *, user, version: int | None = None) -> Decision:
    """The second person's approval: the decision is in force from now."""
    _ensure_prepared(decision, version)
    if decision.prepared_by == user.id:
        raise Conflict(_("You prepared this decision: another person must approve it."))
    application = db.session.get(Application, decision.application_id)
    call = _locked(decision.call_id)  # one approval at a time per call: the budget left is read once
    expected = ("granted", "rejected") if decision.corrects_id else ("submitted",)
    resubmitted = application.submissions and application.submissions[-1].submitted_at > decision.prepared_at
    if application.status not in expected or resubmitted:
        raise Conflict(
            _("The application has changed since this decision was prepared. Return it and prepare it again.")
        )
    if decision.granted:
        left = remaining_budget(call, leaving_out=application.id if decision.corrects_id else None)
        if decision.eu_amount > left and "budget" not in (decision.reason_details or {}).get("override", []):
            raise Conflict(
                _(
                    "Since this decision was prepared, the call's budget left has fallen to %(left)s.",
                    left=format_amount(left),
                )
            )
    approved_before = db.session.scalar(
        select(func.count(Decision.id)).where(Decision.application_id == application.id, Decision.status == "approved")
    )
    decision.status = "approved"
    decision.approved_by = user.id
    decision.approved_at = utcnow()
    decision.reference = f"{application.reference}-D{approved_before + 1}"
    application.status = "granted" if decision.granted else "rejected"
    db.session.flush()
    follow_decision(application, decision, user=user)
    enqueue("decisions.write_letter", key=str(decision.id), decision_id=decision.id)
    return decision


def send_back(decision: Decision, *, user, reason: str, version: int | None = None) -> Decision:
    """Return a decision in preparation (the approver disagrees, or the preparer withdraws it)."""
    _ensure_prepared(decision, version)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the decision is returned.")]})
    decision.status = "returned"
    decision.returned_by = user.id
    decision.returned_at = utcnow()
    decision.return_reason = reason.strip()
    db.session.flush()
    return decision


def reason_texts(decision: Decision, call: Call, *, explained: bool = False, standing=None) -> list[str]:
    """The rejection's reasons as the reader reads them, each once, with what each rests on.

    ``explained`` (the letter): the case officer's explanation is part of the reasons. It states the ranking's
    reasons ("score", "budget_exhausted": it is required for them) in place of their generic sentences, which
    would say the same again in other words, followed by the application's ``standing`` (its score, the call's
    minimum, its rank: service.decisions.standing) when given; with other reasons it follows them.
    """
    from service.decisions.labels import RANKING_REASONS, REASONS
    from service.decisions.standing import standing_text

    texts = []
    names = criterion_names(call)
    ranking_stated = False
    explanation = (decision.explanation or "").strip() if explained else ""
    for reason in decision.reasons:
        if explained and reason in RANKING_REASONS:
            if ranking_stated:
                continue
            ranking_stated = True
            texts.append(explanation or " ".join(str(REASONS[r]) for r in decision.reasons if r in RANKING_REASONS))
            if standing is not None:
                texts.append(f"– {standing_text(standing)}")
            continue
        texts.append(str(REASONS[reason]))
        if reason == "ineligible":
            texts.extend(
                f"– {ELIGIBILITY_POINTS[item['point']]}: {item['reason']}"
                for item in decision.reason_details.get("ineligible", [])
            )
        if reason == "failed_rules":
            texts.extend(f"– {rule_text(rule, names)}" for rule in decision.reason_details.get("failed_rules", []))
    if explanation and not ranking_stated:
        texts.append(explanation)
    return texts
