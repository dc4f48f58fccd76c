"""A tenant's types of organisation, ``tenants/<code>/organisations.toml``: the codes an organisation is
registered with and a call names as eligible, each labelled in the country's official terms in every language
people read it in (Finland's Swedish says "välfärdsområde" and "livskraftscentral", words Sweden has no use for).
Checked by ``amif tenants sync`` (a wrong file is refused naming the field) and kept in the tenant's settings
under "organisations". A code is stored on organisations and in calls: a type in use is never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from service.i18n import localized
from service.tenancy.current import current_tenant

LANGUAGES = ("sv", "fi", "en")
MAX_CODE = 40  # organisations.organisation_type is a String(40)


@dataclass(frozen=True)
class OrganisationType:
    code: str
    labels: dict[str, str]

    @property
    def label(self) -> str:
        """In the reader's language, else the tenant's default."""
        return localized(self.labels)


def check(part: dict, tenant: dict) -> None:
    """Refuse a list an organisation could not be registered by; the message names the field."""
    types = part.get("types")
    if not isinstance(types, list) or not types:
        raise ValueError("organisations.types must list at least one type of organisation")
    seen = set()
    for index, entry in enumerate(types):
        code = entry.get("code") if isinstance(entry, dict) else None
        if not (isinstance(code, str) and 0 < len(code) <= MAX_CODE and code.replace("_", "").isalnum()):
            raise ValueError(f"organisations.types[{index}].code: letters, digits and _, at most {MAX_CODE}")
        if not (code.isascii() and code.islower()):
            raise ValueError(f"organisations.types[{index}].code: lowercase ASCII, as stored")
        if code in seen:
            raise ValueError(f"organisations.types[{index}].code: {code} is listed twice")
        seen.add(code)
        labels = entry.get("label")
        for language in LANGUAGES:
            if not isinstance(labels, dict) or not str(labels.get(language, "")).strip():
                raise ValueError(f"organisations.types[{index}].label.{language} is required")


def organisation_types() -> tuple[OrganisationType, ...]:
    """The current tenant's types in its own order; none when its folder has no organisations.toml."""
    part = (current_tenant().settings or {}).get("organisations") or {}
    return tuple(OrganisationType(entry["code"], dict(entry["label"])) for entry in part.get("types", ()))


def type_codes() -> tuple[str, ...]:
    return tuple(kind.code for kind in organisation_types())


def type_label(code: str) -> str:
    """A code's label in the reader's language; the code itself when the tenant does not list it."""
    for kind in organisation_types():
        if kind.code == code:
            return kind.label
    return code


def type_labels() -> dict[str, str]:
    """Code -> label, in the tenant's order (the choices of a select, the words of an audit entry)."""
    return {kind.code: kind.label for kind in organisation_types()}


class TypeLabels(Mapping):
    """:func:`type_labels` read when looked up, for tables written at import time (the audit trail's words)."""

    def __getitem__(self, code: str) -> str:
        return type_labels()[code]

    def __iter__(self):
        return iter(type_labels())

    def __len__(self) -> int:
        return len(type_labels())


TYPE_LABELS = TypeLabels()
