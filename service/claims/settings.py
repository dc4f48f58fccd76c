"""A tenant's claim settings, ``tenants/<code>/claims.toml``: the claim period, the tolerance for shifts between
cost categories, the advance, the deadlines, and its lists (error typology, irregularity codes, the management
verification checklist), each item labelled in the languages people read it in. Checked by ``amif tenants sync``
(a wrong file is refused naming the field) and kept in the tenant's settings under "claims"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import get_locale

from service.tenancy.current import current_tenant

LISTS = ("error_types", "irregularity_types", "checklist")
LANGUAGES = ("sv", "fi", "en")


@dataclass(frozen=True)
class ClaimSettings:
    period_months: int
    category_tolerance_percent: Decimal
    advance_percent: Decimal
    supplement_days: int
    payment_days: int
    lists: dict[str, dict[str, dict[str, str]]]

    def keys(self, name: str) -> list[str]:
        return list(self.lists[name])

    def label(self, name: str, key: str, language: str | None = None) -> str:
        labels = self.lists[name].get(key)
        if labels is None:
            return key
        language = language or str(get_locale() or "en")
        return labels.get(language) or labels.get("en") or next(iter(labels.values()))

    def choices(self, name: str, language: str | None = None) -> list[tuple[str, str]]:
        return [(key, self.label(name, key, language)) for key in self.lists[name]]


def check(part: dict, tenant: dict) -> None:
    """Refuse settings a claim could not be handled by; the message names the field."""
    if part.get("period_months") not in (1, 2, 3, 4, 6, 12):
        raise ValueError("claims.period_months must be 1, 2, 3, 4, 6 or 12 (a claim period divides the year)")
    for key, low, high in (("category_tolerance_percent", 0, 100), ("advance_percent", 0, 100)):
        try:
            value = Decimal(str(part.get(key)))
        except InvalidOperation:
            raise ValueError(f"claims.{key} must be a number") from None
        if not (low <= value <= high):
            raise ValueError(f"claims.{key} must be between {low} and {high}")
    for key in ("supplement_days", "payment_days"):
        if not isinstance(part.get(key), int) or isinstance(part.get(key), bool) or not 1 <= part[key] <= 365:
            raise ValueError(f"claims.{key} must be a whole number of days between 1 and 365")
    for name in LISTS:
        items = part.get(name)
        if not isinstance(items, dict) or not items:
            raise ValueError(f"claims.{name} must list at least one item")
        for key, labels in items.items():
            if len(key) > 40 or not key.replace("_", "").isalnum():
                raise ValueError(f"claims.{name}.{key}: a key is letters, digits and _, at most 40")
            for language in LANGUAGES:
                if not isinstance(labels, dict) or not str(labels.get(language, "")).strip():
                    raise ValueError(f"claims.{name}.{key}.{language} is required")


def claim_settings() -> ClaimSettings:
    part = (current_tenant().settings or {}).get("claims")
    if not part:
        raise LookupError("the tenant has no claims.toml: run `amif tenants sync`")
    return ClaimSettings(
        period_months=part["period_months"],
        category_tolerance_percent=Decimal(str(part["category_tolerance_percent"])),
        advance_percent=Decimal(str(part["advance_percent"])),
        supplement_days=part["supplement_days"],
        payment_days=part["payment_days"],
        lists={name: part[name] for name in LISTS},
    )
