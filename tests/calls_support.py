"""Building calls in tests: a valid call body per tenant, and a published, open call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

TEXTS = {
    "se": {
        "sv": {"title": "Integration i kommuner", "summary": "Stöd till kommunernas integrationsarbete.", "body": "…"},
        "en": {"title": "Integration in municipalities", "summary": "Support for municipal integration work."},
    },
    "fi": {
        "fi": {"title": "Kotoutuminen kunnissa", "summary": "Tukea kuntien kotouttamistyöhön.", "body": "…"},
        "sv": {"title": "Integration i kommuner", "summary": "Stöd till kommunernas integrationsarbete."},
        "en": {"title": "Integration in municipalities", "summary": "Support for municipal integration work."},
    },
}


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


def call_body(code: str, reference: str, **overrides) -> dict:
    now = datetime.now(UTC)
    body = {
        "reference": reference,
        "texts": TEXTS[code],
        "objectives": [{"code": "SO2", "budget": "7 800 000,00"}, {"code": "SO1"}],
        "measures": [{"objective": "SO2", "label": {lang: f"Vägledning ({lang})" for lang in TEXTS[code]}}],
        "budget": "10 800 000,00",
        "cofinancing_rate": "90",
        "competitive": True,
        "eligible_organisation_types": ["ngo", "regional_or_local_authority"],
        "opens_at": iso(now - timedelta(days=1)),
        "closes_at": iso(now + timedelta(days=30)),
        "project_start_earliest": "2027-01-01",
        "project_end_latest": "2029-12-31",
        "max_duration_months": 36,
        "min_grant": "50 000",
        "max_grant": "2 000 000,00",
        "indicator_codes": ["O.2.3", "O.2.3.1", "R.2.9"],
        "required_attachments": [{"key": "partner_letters", "label": {lang: "Intyg" for lang in TEXTS[code]}}],
    }
    body.update(overrides)
    return body
