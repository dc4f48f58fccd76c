"""What a version frozen before its content kept the form's header and names (service.transmissions.schema) lacks
for its file: the programme's title and the Fund from the tenant's programme, and the English names of the types
of intervention and indicators from the reference data valid on the cut-off day, read when it is downloaded. A
version that holds them is never completed from elsewhere: its file stays the same bytes whatever changes later."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.catalogue.models import Indicator
from service.classification.util import intervention_fields
from service.extensions import db
from service.programmes.util import current_programme
from service.tenancy.current import current_tenant
from service.transmissions.build import english_name
from service.transmissions.rules import FUND, indicator_kind


def completed(content: dict) -> dict:
    """``content`` with every missing header field and name filled in; ``content`` itself is not changed."""
    financial = content.get("financial") or []
    indicators = content.get("indicators")
    wanted = (
        "programme_title" not in content
        or "fund" not in content
        or any("type_of_intervention_name" not in row for row in financial)
        or any(not {"name", "unit", "kind"} <= row.keys() for row in indicators or [])
    )
    if not wanted:
        return content
    language = current_tenant().default_language
    day = date.fromisoformat(content["cut_off"])
    programme = current_programme()
    types = intervention_fields(day)
    names = _indicator_names(day, programme, language) if indicators else {}
    result = {
        **content,
        "programme_title": content.get("programme_title", english_name(programme.title, language) if programme else ""),
        "fund": content.get("fund", FUND),
        "financial": [{**row, "type_of_intervention_name": _type_name(row, types)} for row in financial],
    }
    if indicators is not None:
        result["indicators"] = [
            {
                **row,
                "kind": row.get("kind", indicator_kind(row["code"])),
                "name": row.get("name", names.get(row["code"], ("", ""))[0]),
                "unit": row.get("unit", names.get(row["code"], ("", ""))[1]),
            }
            for row in indicators
        ]
    return result


def _type_name(row: dict, types: dict) -> str:
    if "type_of_intervention_name" in row:
        return row["type_of_intervention_name"]
    found = types.get((row["specific_objective"], row["type_of_intervention"]))
    return english_name(found.labels) if found is not None else ""


def _indicator_names(day: date, programme, language: str) -> dict[str, tuple[str, str]]:
    """Per indicator code, (English name, unit): the common indicators' valid on ``day``, the programme's own."""
    found: dict[str, tuple[str, str]] = {}
    rows = db.session.scalars(select(Indicator).where(Indicator.valid_from <= day).order_by(Indicator.valid_from))
    for row in rows:
        if row.valid_to is None or day < row.valid_to:
            found[row.code] = (english_name(row.labels), row.unit)
    for own in programme.specific_indicators if programme is not None else []:
        found.setdefault(own.code, (english_name(own.name, language), own.unit))
    return found
