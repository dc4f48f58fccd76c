"""Between the call form and the API's shape: what the form shows for a call, and the body a posted form
makes for ``CallWriteSchema``; and where the schema's and the operations' messages go on the page."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from babel import numbers as babel_numbers
from flask_babel import gettext as _
from marshmallow import ValidationError

from service.api.fields import local_instant
from service.calls import display, operations
from service.calls.forms import FormContext
from service.calls.models import Call
from service.i18n import formatting_locale
from service.money.display import format_amount
from service.tenancy.current import current_tenant

_RANGE = re.compile(r"^(\d{1,4})\s*[-–—]\s*(\d{1,4})$")


def initial_data(call: Call | None, context: FormContext) -> dict:
    """What the form shows before anything is typed: the call, or the tenant's defaults for a new one."""
    if call is None:
        defaults = operations.tenant_defaults(current_tenant())
        return {
            "cofinancing_rate": f"{defaults['cofinancing_rate'].normalize():f}",
            "indirect_rate": _number(defaults["indirect_rate"]),
            "competitive": "yes",
            "cofinancing_basis": "total",
            "reject_on_zero": bool(defaults["assessment"].get("reject_on_zero")),
            "minimum_total": str(defaults["assessment"].get("minimum_total", 0)),
            "contact_email": (current_tenant().managing_authority or {}).get("email", ""),
            **{f"criterion_{n}_scale": display.scale(c["scale"]) for n, c in enumerate(context.criteria)},
        }
    data = {
        "version": str(call.version),
        "reference": call.reference,
        "budget": amount_text(call.budget),
        "cofinancing_rate": f"{call.cofinancing_rate.normalize():f}",
        "cofinancing_basis": call.cofinancing_basis,
        "indirect_rate": _number(call.indirect_rate),
        "competitive": "yes" if call.competitive else "no",
        "eligible_organisation_types": list(call.eligible_organisation_types or []),
        "addressed_organisations": "\n".join(f"{o['number']}; {o['name']}" for o in call.addressed_organisations or []),
        "project_start_earliest": call.project_start_earliest.isoformat() if call.project_start_earliest else "",
        "project_end_latest": call.project_end_latest.isoformat() if call.project_end_latest else "",
        "max_duration_months": str(call.max_duration_months or ""),
        "min_grant": amount_text(call.min_grant),
        "max_grant": amount_text(call.max_grant),
        "reject_on_zero": bool(call.assessment.get("reject_on_zero")),
        "minimum_total": str(call.assessment.get("minimum_total", 0)),
        "required_attachments": [a["key"] for a in call.required_attachments or []],
        "indicator_codes": list(call.indicator_codes or []),
        "contact_email": call.contact_email or "",
    }
    for lang in context.languages:
        for part in ("title", "summary", "body"):
            data[f"{part}_{lang}"] = (call.texts.get(lang) or {}).get(part, "")
    for objective in call.objectives:
        data[f"so_{objective.objective_code}"] = True
        data[f"so_budget_{objective.objective_code}"] = amount_text(objective.budget)
    for row, measure in enumerate(call.measures or []):
        data[f"measure_{row}_objective"] = measure["objective"]
        for lang in context.languages:
            data[f"measure_{row}_{lang}"] = measure["label"].get(lang, "")
    for moment, instant in (("opens", call.opens_at), ("closes", call.closes_at)):
        data[f"{moment}_date"], data[f"{moment}_time"] = local_parts(instant)
    for number, criterion in enumerate(context.criteria):
        data[f"criterion_{number}_scale"] = display.scale(criterion["scale"])
    return data


def amount_text(value) -> str:
    """An amount as people of the visitor's locale type it ("10 800 000,00"); parse_amount reads it back."""
    if value is None:
        return ""
    return format_amount(value)


def _number(value) -> str:
    return babel_numbers.format_decimal(value, locale=formatting_locale())


def local_parts(instant: datetime) -> tuple[str, str]:
    local = instant.astimezone(current_tenant().zone)
    return local.date().isoformat(), local.strftime("%H:%M")


def payload(form, context: FormContext) -> tuple[dict, dict[str, list[str]]]:
    """(the API body for CallWriteSchema, errors of what could not even be read) from a posted form.

    On a published call only what may still change is sent; the operations keep the rest."""
    errors: dict[str, list[str]] = {}
    call = context.call
    data: dict = {"texts": _texts(form, context, errors), "budget": form.budget.data or ""}
    if context.published:
        data["objectives"] = [
            {"code": o.objective_code, "budget": form[f"so_budget_{o.objective_code}"].data.strip() or None}
            for o in call.objectives
        ]
    else:
        data["objectives"] = [
            {"code": code, "budget": form[f"so_budget_{code}"].data.strip() or None}
            for code in context.objectives
            if form[f"so_{code}"].data
        ]
    context.objective_index = [o["code"] for o in data["objectives"]]
    for moment in ("opens", "closes"):
        if moment == "opens" and context.opening_fixed:
            continue
        instant = _instant(form, moment, call, errors)
        if instant is not None:
            data[f"{moment}_at"] = instant
    data["contact_email"] = form.contact_email.data.strip() or None
    if context.published:
        data["reason"] = form.reason.data or ""
        return data, errors
    data["reference"] = form.reference.data.strip()
    # Refused by the schema too; said here in words a person understands better than a length.
    if not data["reference"]:
        errors["reference"] = [_("Give the call a reference.")]
    if not data["objectives"]:
        errors["objectives"] = [_("Choose at least one specific objective.")]
    data["measures"] = _measures(form, context)
    data["cofinancing_rate"] = form.cofinancing_rate.data or ""
    data["cofinancing_basis"] = form.cofinancing_basis.data or ""
    data["indirect_rate"] = form.indirect_rate.data or ""
    data["competitive"] = form.competitive.data != "no"
    data["eligible_organisation_types"] = (
        list(form.eligible_organisation_types.data or []) if data["competitive"] else []
    )
    data["addressed_organisations"] = [] if data["competitive"] else _addressed(form, errors)
    data["project_start_earliest"] = form.project_start_earliest.data or None
    data["project_end_latest"] = form.project_end_latest.data or None
    duration = form.max_duration_months.data.strip()
    data["max_duration_months"] = int(duration) if duration.isascii() and duration.isdigit() else (duration or None)
    data["min_grant"] = form.min_grant.data.strip() or None
    data["max_grant"] = form.max_grant.data.strip() or None
    data["assessment"] = _assessment(form, context, errors)
    chosen = set(form.required_attachments.data or [])
    data["required_attachments"] = [
        {"key": t["key"], "label": t["label"]} for t in context.attachment_types if t["key"] in chosen
    ]
    data["indicator_codes"] = list(form.indicator_codes.data or [])
    return data, errors


def _texts(form, context: FormContext, errors) -> dict:
    texts = {}
    for lang in context.languages:
        parts = {part: (form[f"{part}_{lang}"].data or "").strip() for part in ("title", "summary", "body")}
        if any(parts.values()) or lang == current_tenant().default_language:
            texts[lang] = parts
            if not parts["title"]:
                errors[f"title_{lang}"] = [_("Write the title in %(language)s.", language=display.language_name(lang))]
    return texts


def _measures(form, context: FormContext) -> list[dict]:
    measures = []
    context.measure_index = []
    for row in range(context.measure_rows):
        objective = form[f"measure_{row}_objective"].data or ""
        labels = {lang: form[f"measure_{row}_{lang}"].data.strip() for lang in context.languages}
        labels = {lang: text for lang, text in labels.items() if text}
        if objective or labels:
            measures.append({"objective": objective, "label": labels})
            context.measure_index.append(row)
    return measures


def _instant(form, moment: str, call: Call | None, errors) -> str | None:
    """The opening or closing typed as a date and a wall-clock time in the tenant's zone, as a UTC instant.

    Unchanged from what the form showed, the stored instant is kept (its seconds included)."""
    day, clock = (form[f"{moment}_date"].data or "").strip(), (form[f"{moment}_time"].data or "").strip()
    key = f"{moment}_at"
    if call is not None and (day, clock) == local_parts(getattr(call, key)):
        return None
    if not day or not clock:
        errors[key] = [_("Give both the date and the time.")]
        return None
    try:
        naive = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    except ValueError:
        errors[key] = [_("Write the date as YYYY-MM-DD and the time as HH:MM.")]
        return None
    try:
        return local_instant(naive).isoformat()
    except ValidationError as error:
        errors[key] = [str(m) for m in error.messages]
        return None


def _addressed(form, errors) -> list[dict]:
    organisations = []
    for number, line in enumerate((form.addressed_organisations.data or "").splitlines(), start=1):
        if not line.strip():
            continue
        code, separator, name = line.partition(";")
        if not separator:
            errors.setdefault("addressed_organisations", []).append(
                _("Line %(number)s: write the organisation number, a semicolon and the name.", number=number)
            )
            continue
        organisations.append({"number": code.strip(), "name": name.strip()})
    return organisations


def _assessment(form, context: FormContext, errors) -> dict:
    criteria = []
    for number, criterion in enumerate(context.criteria):
        raw = (form[f"criterion_{number}_scale"].data or "").strip()
        parsed = parse_scale(raw)
        if parsed is None:
            errors.setdefault(f"criterion_{number}_scale", []).append(
                _("Write the scale as a range such as 0–30 or as points such as 0, 5, 10.")
            )
            parsed = criterion["scale"]
        criteria.append({"key": criterion["key"], "label": criterion["label"], "scale": parsed})
    minimum = (form.minimum_total.data or "").strip()
    return {
        "criteria": criteria,
        "reject_on_zero": bool(form.reject_on_zero.data),
        "minimum_total": int(minimum) if minimum.isascii() and minimum.isdigit() else (minimum or 0),
    }


def parse_scale(text: str):
    """ "0–30" -> {"min": 0, "max": 30}; "0, 5, 10" -> [0, 5, 10]; anything else -> None."""
    matched = _RANGE.match(text)
    if matched:
        return {"min": int(matched.group(1)), "max": int(matched.group(2))}
    points = [p for p in re.split(r"[\s,;]+", text) if p]
    if len(points) >= 2 and all(p.isascii() and p.isdigit() and len(p) <= 4 for p in points):
        return [int(p) for p in points]
    return None


# Top-level fields of the call body whose messages the page shows by name (texts are placed per language).
_FIELDS = (set(operations.SIMPLE_FIELDS) - {"texts"}) | {"reason", "objectives"}


def place_errors(messages, context: FormContext) -> dict[str, list[str]]:
    """The schema's and the operations' messages ({field: [..]}, nested for lists and dicts), keyed by where the
    page shows them: a form field's name, or a group (objectives, measures, assessment, ...)."""
    from service.api.messages import translate_messages

    placed: dict[str, list[str]] = {}
    for path, message in _flatten(translate_messages(messages)):
        key = _place(path, context)
        if message not in placed.setdefault(key, []):
            placed[key].append(message)
    return placed


def merge_errors(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    """``first`` wins: a field that could not be read does not also get the schema's message about it."""
    merged = {key: list(messages) for key, messages in first.items()}
    for key, messages in second.items():
        if key not in merged:
            merged[key] = list(messages)
    return merged


def _flatten(messages, path=()):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, (*path, key))
    elif isinstance(messages, list | tuple):
        for value in messages:
            yield from _flatten(value, path)
    else:
        yield path, str(messages)


def _place(path: tuple, context: FormContext) -> str:
    head = path[0] if path else "form"
    if head == "texts":
        lang = path[1] if len(path) > 1 and path[1] in context.languages else current_tenant().default_language
        part = next((p for p in path[2:] if p in ("title", "summary", "body")), "title")
        return f"{part}_{lang}"
    if head == "objectives" and len(path) > 2 and isinstance(path[1], int) and path[1] < len(context.objective_index):
        return f"so_budget_{context.objective_index[path[1]]}"
    if head == "measures" and len(path) > 1 and isinstance(path[1], int) and path[1] < len(context.measure_index):
        return f"measure_{context.measure_index[path[1]]}"
    if head in _FIELDS:
        return head
    return "form"
