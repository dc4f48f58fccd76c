"""What the pages show of the classification: the choices of a call (its objectives with their measures and the
Annex VI intervention fields of each) and an application's proposal and confirmation in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import get_locale

from service.calls.display import pick
from service.classification.util import classification_of, intervention_fields, objectives


@dataclass
class ObjectiveChoices:
    code: str
    name: str
    measures: list = field(default_factory=list)  # the call's measures of this objective (LocalText)
    options: list[tuple[str, str]] = field(default_factory=list)  # ("SO2:003", "003 Integration measures – …")


def objective_name(code: str | None, language: str | None = None) -> str:
    """ "SO2 Legal migration and integration" in the reader's language."""
    if not code:
        return ""
    found = objectives().get(code)
    language = language or str(get_locale())
    short = (found.short.get(language) or found.short.get("en")) if found else ""
    return f"{code} {short}".strip()


def choice_value(objective: str | None, code: str | None) -> str:
    return f"{objective}:{code}" if objective and code else ""


def choices_for(objective_codes: list[str], measures: list[dict] | None = None) -> list[ObjectiveChoices]:
    """Per objective (the call's, or every one for a correction), its measures and intervention fields."""
    language = str(get_locale())
    fields = intervention_fields()
    grouped = []
    for code in objective_codes:
        group = ObjectiveChoices(code=code, name=objective_name(code, language))
        group.measures = [pick(m.get("label")) for m in measures or [] if m.get("objective") == code]
        group.options = [
            (choice_value(objective, number), f"{number} {item.label(language)}")
            for (objective, number), item in fields.items()
            if objective == code
        ]
        grouped.append(group)
    return grouped


def all_objectives() -> list[str]:
    """Every objective that has intervention fields: SO1–SO4 and TA, in the order of the Regulation."""
    present = {objective for objective, _code in intervention_fields()}
    return [code for code in ("SO1", "SO2", "SO3", "SO4", "TA") if code in present]


def intervention_name(objective: str | None, code: str | None, language: str | None = None) -> str:
    if not objective or not code:
        return ""
    found = intervention_fields().get((objective, code))
    language = language or str(get_locale())
    return f"{code} {found.label(language)}" if found else code


def described(application) -> dict:
    """The proposal, the confirmation and what counts, as the reader reads them."""
    counted = classification_of(application)
    return {
        "proposed_objective": objective_name(application.proposed_objective),
        "proposed_intervention": intervention_name(application.proposed_objective, application.proposed_intervention),
        "confirmed_objective": objective_name(application.confirmed_objective),
        "confirmed_intervention": intervention_name(
            application.confirmed_objective, application.confirmed_intervention
        ),
        "status": counted.status,
    }


def helpers() -> dict:
    """For templates (a blueprint context processor)."""
    return {"objective_name": objective_name, "intervention_name": intervention_name}
