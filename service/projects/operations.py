"""Starting a project from a grant, and changing it only by new versions.

The baseline (version 1) is what the grant decision approved, on top of the application as last
submitted: reference, beneficiary, period, approved financing plan, the applied budget lines and the
accepted indicator targets. An amendment copies the current version with its changes; a corrected
decision adds a version of kind "decision" (a grant corrected to a rejection cancels the project).
"""

from __future__ import annotations

import copy
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from service.applications.models import Application
from service.calls.models import Call
from service.classification.util import classification_of
from service.errors import Conflict
from service.extensions import db
from service.money import Financing
from service.money.display import wire
from service.projects.models import Project, ProjectVersion
from service.receipts import content_sha256
from service.tenancy.model_base import utcnow


def _money(value) -> str | None:
    return wire(value)


def indicator_key(target: dict) -> str:
    """A stable key for an indicator of the project: the common indicator's code, or own-<id>."""
    return target["code"] or f"own-{target['indicator_id']}"


def plan_of(application: Application, decision) -> dict:
    """The project's plan as the grant decision approved it, on the application as last submitted.
    ``decision`` is the approved decision (service.decisions, which calls the project's operations)."""
    submitted = application.submissions[-1].content
    return {
        "reference": application.reference,
        "title": submitted["title"],
        "beneficiary": submitted["organisation"],
        "partners": submitted["partners"],
        "currency": decision.currency,
        "period": {"start": decision.project_start.isoformat(), "end": decision.project_end.isoformat()},
        "financing": {
            "eligible_cost": _money(decision.eligible_cost),
            "cofinanced_cost": _money(decision.cofinanced_cost),
            "eu_amount": _money(decision.eu_amount),
            "own_contribution": _money(decision.own_contribution),
            "cofinancing_rate": _money(decision.cofinancing_rate),
            "cofinancing_basis": submitted["budget"]["cofinancing_basis"],
            "private_funding": submitted["budget"]["private_funding"],
        },
        "applied_budget": submitted["budget"],
        "indicators": [
            {
                "key": indicator_key(target),
                "code": target["code"],
                "name": target["name"],
                "unit": target["unit"],
                "target": target["accepted"],
            }
            for target in decision.indicator_targets
        ],
        "conditions": decision.conditions,
        "decision": {"id": decision.id, "reference": decision.reference},
        "classification": _classification(application),
    }


def _classification(application: Application) -> dict:
    """The specific objective and type of intervention the project is granted under (confirmed, else proposed)."""
    counted = classification_of(application)
    return {
        "specific_objective": counted.objective,
        "intervention_field": counted.intervention_field,
        "status": counted.status,
    }


def _add_version(
    project: Project,
    *,
    kind: str,
    content: dict,
    reason: str,
    user,
    decision_id=None,
    financing: Financing | None = None,
) -> ProjectVersion:
    """A new version; its typed financing is the decision's, or else the version before's (an amendment of
    the period or the targets, a cancellation, keeps the financing in force)."""
    if financing is None and project.versions:
        financing = project.current.financing
    version = ProjectVersion(
        project=project,
        sequence=len(project.versions) + 1,
        kind=kind,
        decision_id=decision_id,
        content=content,
        content_sha256=content_sha256(content),
        reason=reason,
        created_by=user.id,
        created_at=utcnow(),
    )
    if financing is not None:
        version.currency = financing.currency
        version.eligible_cost = financing.eligible_cost.amount
        version.cofinanced_cost = financing.cofinanced_cost.amount
        version.eu_amount = financing.eu_amount.amount
        version.cofinancing_rate = financing.rate_shown
    db.session.add(version)
    project.project_start = date.fromisoformat(content["period"]["start"])
    project.project_end = date.fromisoformat(content["period"]["end"])
    db.session.flush()
    return version


def project_of(application: Application) -> Project | None:
    return db.session.scalars(select(Project).where(Project.application_id == application.id)).first()


def follow_decision(application: Application, decision, *, user) -> Project | None:
    """What an approved decision does to the project: a grant starts it (the baseline) or, correcting an
    earlier grant, adds a version; a rejection correcting a grant cancels it."""
    project = project_of(application)
    if decision.granted and project is None:
        plan = plan_of(application, decision)
        project = Project(
            application_id=application.id,
            call_id=application.call_id,
            organisation_id=application.organisation_id,
            reference=application.reference,
            title=plan["title"],
            status="active",
            project_start=decision.project_start,
            project_end=decision.project_end,
            specific_objective=plan["classification"]["specific_objective"],
            intervention_field=plan["classification"]["intervention_field"],
            versions=[],
        )
        db.session.add(project)
        _add_version(
            project,
            kind="baseline",
            content=plan,
            reason="",
            user=user,
            decision_id=decision.id,
            financing=decision.financing,
        )
    elif project is not None and decision.granted:
        project.status = "active"
        _add_version(
            project,
            kind="decision",
            content=plan_of(application, decision),
            reason=decision.correction_reason,
            user=user,
            decision_id=decision.id,
            financing=decision.financing,
        )
    elif project is not None:
        project.status = "cancelled"
        content = copy.deepcopy(project.current.content)
        content["decision"] = {"id": decision.id, "reference": decision.reference}
        _add_version(
            project,
            kind="decision",
            content=content,
            reason=decision.correction_reason,
            user=user,
            decision_id=decision.id,
        )
    return project


def amend(project: Project, data: dict, *, user) -> ProjectVersion:
    """A new version with the changed period or indicator targets; the baseline and every earlier version
    stay as they were. ``based_on`` is the version the person changed (409 if another came since)."""
    if project.status != "active":
        raise Conflict(_("The project is cancelled and cannot be amended."))
    if data["based_on"] != project.current.sequence:
        raise Conflict(
            _("The project has a newer version than the one you changed. Reload it and amend again."),
            details={"current_version": project.current.sequence},
        )
    if not data["reason"].strip():
        raise ValidationError({"reason": [_("Give the reason for the amendment.")]})
    content = copy.deepcopy(project.current.content)
    start = data.get("project_start") or date.fromisoformat(content["period"]["start"])
    end = data.get("project_end") or date.fromisoformat(content["period"]["end"])
    call = db.session.get(Call, project.call_id)
    if start > end:
        raise ValidationError({"project_period": [_("The project cannot end before it starts.")]})
    if (call.project_start_earliest and start < call.project_start_earliest) or (
        call.project_end_latest and end > call.project_end_latest
    ):
        raise ValidationError({"project_period": [_("The project period is outside the call's limits.")]})
    content["period"] = {"start": start.isoformat(), "end": end.isoformat()}
    targets = data.get("indicators") or {}
    known = {indicator["key"]: indicator for indicator in content["indicators"]}
    unknown = [key for key in targets if key not in known]
    if unknown:
        raise ValidationError({"indicators": {key: [_("Not an indicator of this project.")] for key in unknown}})
    for key, value in targets.items():
        known[key]["target"] = value
    if content_sha256(content) == project.current.content_sha256:
        raise ValidationError({"reason": [_("The amendment changes nothing.")]})
    return _add_version(project, kind="amendment", content=content, reason=data["reason"].strip(), user=user)


def changes_between(before: dict, after: dict) -> list[tuple[str, object, object]]:
    """What a version changed: (what, before, after) for the period, the financing and each target."""
    changes = []
    if before["period"] != after["period"]:
        changes.append(("period", before["period"], after["period"]))
    for key in ("eligible_cost", "eu_amount", "cofinancing_rate"):
        if before["financing"].get(key) != after["financing"].get(key):
            changes.append((key, before["financing"].get(key), after["financing"].get(key)))
    targets = {i["key"]: i for i in before["indicators"]}
    for indicator in after["indicators"]:
        old = targets.get(indicator["key"])
        if old is None or old["target"] != indicator["target"]:
            changes.append((f"indicator:{indicator['key']}", old["target"] if old else None, indicator["target"]))
    return changes
