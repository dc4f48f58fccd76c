"""``amif tenants sync``: load ``tenants/<code>/`` folders into the database, idempotently.

A folder holds ``tenant.toml`` (identity, languages, currency, time zone, managing authority, settings)
and the files the domains declare as parts of it (``Domain.tenant_parts``: a :class:`DefinitionPart`):
e.g. ``calls.toml`` (defaults for new calls) and ``letter.toml`` (the legal texts of decision letters,
checked by service.decisions.legal) go into the settings; ``programme.toml`` (the national programme) is
loaded by service.programmes in the tenant's scope. Adding a country is adding a folder: nothing in the
code names a country.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from service.config import LANGUAGES
from service.extensions import db
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope


class TenantDefinitionError(ValueError):
    """A tenant folder that cannot be loaded; the message names the file and the field."""


@dataclass(frozen=True)
class DefinitionPart:
    """A file of a tenant's folder that a domain reads: kept in the tenant's settings under ``setting``
    (checked by ``check(part, tenant definition)``, which raises ValueError naming the field), or given to
    ``load(part, source)`` in the tenant's scope, which returns whether it changed anything."""

    name: str
    file: str
    setting: str | None = None
    check: Callable[[dict, dict], None] | None = None
    load: Callable[[dict, str], bool] | None = None


PARTS: dict[str, DefinitionPart] = {}  # by name; filled by the app factory from the domains


def register_parts(parts) -> None:
    for part in parts:
        PARTS[part.name] = part


@dataclass
class SyncResult:
    code: str
    created: bool
    loaded: dict[str, bool] = field(default_factory=dict)  # part loaded -> whether it changed anything

    def changed(self, part: str) -> bool:
        return self.loaded.get(part, False)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TenantDefinitionError(f"{path}: {error}") from error


def read_definition(folder: Path) -> tuple[dict, dict[str, dict]]:
    """The tenant's definition (settings parts included) and the parts loaded separately, by name."""
    path = folder / "tenant.toml"
    try:
        tenant = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TenantDefinitionError(f"{path}: {error}") from error
    loaded = {}
    for part in PARTS.values():
        part_path = folder / part.file
        if not part_path.exists():
            continue
        if part.setting is not None:
            tenant.setdefault("settings", {})[part.setting] = _read_toml(part_path)
        else:
            loaded[part.name] = _read_toml(part_path)
    _validate(path, folder.name, tenant)
    return tenant, loaded


def _validate(path: Path, folder_name: str, data: dict) -> None:
    def fail(message: str):
        raise TenantDefinitionError(f"{path}: {message}")

    code = data.get("code")
    if (
        code != folder_name
        or not isinstance(code, str)
        or len(code) != 2
        or not (code.isascii() and code.isalpha() and code.islower())
    ):
        fail("code must be the folder's name: a lowercase ISO 3166 alpha-2 code such as se")
    if not (isinstance(data.get("country"), str) and len(data["country"]) == 2 and data["country"].isupper()):
        fail("country must be an ISO 3166 alpha-2 code such as SE")
    if not (isinstance(data.get("currency"), str) and len(data["currency"]) == 3 and data["currency"].isupper()):
        fail("currency must be an ISO 4217 code such as SEK")
    languages = data.get("languages")
    if not languages or not isinstance(languages, list) or any(lang not in LANGUAGES for lang in languages):
        fail(f"languages must be a non-empty list drawn from {', '.join(LANGUAGES)}")
    try:
        ZoneInfo(str(data.get("timezone")))
    except (ZoneInfoNotFoundError, ValueError):
        fail("timezone must be an IANA time zone such as Europe/Stockholm")
    zone_names = (data.get("settings") or {}).get("timezone_names")
    if zone_names is not None and not (
        isinstance(zone_names, dict)
        and all(lang in LANGUAGES and isinstance(name, str) and name.strip() for lang, name in zone_names.items())
    ):
        fail("settings.timezone_names must give, per language code, the time zone's name as people say it")
    names = data.get("name") or {}
    if not names.get(languages[0]):
        fail(f"name.{languages[0]} (the default language) is required")
    authority = data.get("managing_authority") or {}
    if not (authority.get("name") or {}).get(languages[0]):
        fail(f"managing_authority.name.{languages[0]} is required")
    for part in PARTS.values():
        setting = (data.get("settings") or {}).get(part.setting) if part.setting is not None else None
        if setting is not None and part.check is not None:
            try:
                part.check(setting, data)
            except ValueError as error:
                fail(str(error))


def sync_folder(folder: Path) -> SyncResult:
    """Load one tenant folder; the caller commits."""
    data, parts = read_definition(folder)
    with platform_scope():
        tenant = db.session.scalar(select(Tenant).where(Tenant.code == data["code"]))
        created = tenant is None
        if created:
            tenant = Tenant(code=data["code"])
            db.session.add(tenant)
        tenant.country = data["country"]
        tenant.currency = data["currency"]
        tenant.languages = list(data["languages"])
        tenant.timezone = data["timezone"]
        tenant.names = dict(data["name"])
        tenant.managing_authority = dict(data["managing_authority"])
        tenant.settings = dict(data.get("settings", {}))
        tenant.active = bool(data.get("active", True))
        db.session.flush()
        tenant_id = tenant.id
    result = SyncResult(code=data["code"], created=created)
    for name, content in parts.items():
        part = PARTS[name]
        with tenant_scope(tenant_id):
            result.loaded[name] = part.load(content, str(folder / part.file))
    return result


def sync_all(directory: str | Path) -> list[SyncResult]:
    root = Path(directory)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "tenant.toml").exists())
    return [sync_folder(folder) for folder in folders]
