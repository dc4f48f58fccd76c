"""Fixtures and helpers of the SO4 lump-sum tests. Every test records in its own tenant and year, because the
database lives for the whole test run (and the demo records tenants' 2026-01 to 2026-03)."""

from __future__ import annotations

from decimal import Decimal

from tests.assessment_support import person_of  # noqa: F401 - fixture

# Amounts per person: AMIF Arts. 19-20 as amended 2024 (design/FACTS.md, Money).
RESETTLEMENT = Decimal("10000.00")
HUMANITARIAN = Decimal("6000.00")
HUMANITARIAN_VULNERABLE = Decimal("8000.00")
TRANSFER_RECEIVED = Decimal("10000.00")
TRANSFER_COST_BORNE = Decimal("500.00")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_record(client, code: str, headers: dict, **body):
    return client.post(f"/api/v1/{code}/lump-sums", json=body, headers=headers)


def record(client, code: str, headers: dict, month: str, category: str, persons: int, note: str = "") -> dict:
    answer = post_record(client, code, headers, month=month, category=category, persons=persons, note=note)
    assert answer.status_code == 201, answer.json
    return answer.json


def totals(client, code: str, headers: dict, year: int) -> dict:
    """{category: (persons, amount text)} of one year, from the API."""
    [one] = client.get(f"/api/v1/{code}/lump-sums/totals?year={year}", headers=headers).json
    return {c["category"]: (c["persons"], c["amount"]) for c in one["categories"]} | {
        "all": (one["persons"], one["amount"])
    }
