"""The shape every transmission must have before it can be frozen: a JSON Schema (draft 2020-12) for the JSON
file, and the declared columns of the CSV file and of the XLSX sheets. The content is checked against the schema
after it is built and again when it is frozen; what does not fit is listed as problems, and nothing is frozen.

Annex VII of CPR (Regulation (EU) 2021/1060), Table 1: per specific objective and type of intervention, the number
of selected operations, their total eligible cost, the contribution from the Fund and the total eligible
expenditure declared by beneficiaries to the managing authority (cumulative, in euro). Tables 2–3 (with the
January and July transmissions only): per indicator, the value planned in selected operations and achieved.

What the Commission's form shows beside the figures is kept too, so that a frozen version's file reads the same
forever: the programme's title and the Fund (the CCI is ``programme``), the English name of each type of
intervention (AMIF Annex VI) and of each indicator, its measurement unit and whether it is an output (Table 2) or a
result (Table 3). These are optional: versions frozen before they were kept stay valid as they are."""

from __future__ import annotations

from jsonschema import Draft202012Validator

AMOUNT = {"type": "string", "pattern": r"^-?\d{1,15}\.\d{2}$"}  # euro, two decimals, as the API writes money
COUNT = {"type": "integer", "minimum": 0}
NAME = {"type": "string", "maxLength": 1000}

FINANCIAL_ROW = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "specific_objective",
        "type_of_intervention",
        "operations",
        "eligible_cost",
        "fund_contribution",
        "declared_expenditure",
    ],
    "properties": {
        "specific_objective": {"type": "string", "pattern": r"^(SO[1-4]|TA)$"},
        "type_of_intervention": {"type": "string", "pattern": r"^\d{3}$"},
        "type_of_intervention_name": NAME,
        "operations": COUNT,
        "eligible_cost": AMOUNT,
        "fund_contribution": AMOUNT,
        "declared_expenditure": AMOUNT,
    },
}

INDICATOR_ROW = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "specific_objective", "planned", "achieved"],
    "properties": {
        "code": {"type": "string", "minLength": 1, "maxLength": 16},
        "kind": {"enum": ["output", "result"]},
        "name": NAME,
        "unit": {"type": "string", "maxLength": 60},
        "specific_objective": {"type": "string", "pattern": r"^(SO[1-4]|TA)$"},
        "planned": COUNT,
        "achieved": COUNT,
    },
}

CONVERSION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["currency", "month", "rate"],
    "properties": {
        "currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
        "month": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        "rate": {"type": "string", "pattern": r"^\d{1,9}(\.\d{1,10})?$"},
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://amif-hub.eu/schemas/art42-transmission.json",
    "title": "AMIF data transmission (CPR Art. 42, Annex VII)",
    "type": "object",
    "additionalProperties": False,
    "required": ["programme", "version", "cut_off", "due_on", "currency", "financial", "indicators", "conversions"],
    "properties": {
        "programme": {"type": "string", "pattern": r"^\d{4}[A-Z]{2}\d{2}[A-Z0-9]{4}\d{3}$"},  # CCI
        "programme_title": NAME,
        "fund": {"const": "AMIF"},
        "version": {"type": "string", "pattern": r"^\d{4}(0[1-9]|1[0-2])$"},
        "cut_off": {"type": "string", "format": "date"},
        "due_on": {"type": "string", "format": "date"},
        "currency": {"const": "EUR"},
        "financial": {"type": "array", "items": FINANCIAL_ROW},
        "indicators": {"oneOf": [{"type": "null"}, {"type": "array", "items": INDICATOR_ROW}]},
        "conversions": {"type": "array", "items": CONVERSION},
    },
}

# The CSV file: one row per line of Table 1, then one per line of Tables 2–3; a cell that does not apply is empty.
CSV_COLUMNS = (
    "Table",
    "Specific_Objective",
    "Type_Of_Intervention",
    "Number_Of_Selected_Operations",
    "Total_Eligible_Cost_EUR",
    "Fund_Contribution_EUR",
    "Eligible_Expenditure_Declared_EUR",
    "Indicator_Code",
    "Planned_Value",
    "Achieved_Value",
)

_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(content: dict) -> list[dict]:
    """What in ``content`` does not fit the schema: [{"path": "financial/2/eligible_cost", "message": …}]."""
    found = []
    for error in sorted(_VALIDATOR.iter_errors(content), key=lambda e: [str(p) for p in e.absolute_path]):
        found.append({"path": "/".join(str(part) for part in error.absolute_path), "message": error.message})
    return found


def check_columns(header: list[str]) -> None:
    """A CSV written with other columns than those declared is a programming error, never sent."""
    if tuple(header) != CSV_COLUMNS:
        raise ValueError(f"CSV columns {header} differ from the declared {CSV_COLUMNS}")
