"""``amif tenants sync``: load ``tenants/<code>/`` folders into the database, idempotently.

A folder holds ``tenant.toml`` (identity, languages, currency, time zone, managing authority,
settings) and ``programme.toml`` (the national programme); ``calls.toml`` (defaults for new calls) and
``letter.toml`` (the legal texts of decision letters, service.decisions.legal) go into the settings.
Adding a country is adding a folder: nothing in the code names a country.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from service.extensions import db
from service.i18n import LANGUAGES
from service.tenancy.models import Tenant
from service.tenancy.scope import platform_scope, tenant_scope


class TenantDefinitionError(ValueError):
    """A tenant folder that cannot be loaded; the message names the file and the field."""


@dataclass
class SyncResult:
    code: str
    created: bool
    programme_changed: bool


def read_definition(folder: Path) -> tuple[dict, dict | None]:
    path = folder / "tenant.toml"
    try:
        tenant = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TenantDefinitionError(f"{path}: {error}") from error
    programme_path = folder / "programme.toml"
    programme = None
    if programme_path.exists():
        try:
            programme = tomllib.loads(programme_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TenantDefinitionError(f"{programme_path}: {error}") from error
    calls_path = folder / "calls.toml"
    if calls_path.exists():  # defaults for new calls: assessment criteria, attachment types, rates
        try:
            tenant.setdefault("settings", {})["calls"] = tomllib.loads(calls_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TenantDefinitionError(f"{calls_path}: {error}") from error
    letter_path = folder / "letter.toml"
    if letter_path.exists():  # the legal texts of decision letters, in each of the tenant's languages
        try:
            tenant.setdefault("settings", {})["letter"] = tomllib.loads(letter_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TenantDefinitionError(f"{letter_path}: {error}") from error
    _validate(path, folder.name, tenant)
    return tenant, programme


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
    names = data.get("name") or {}
    if not names.get(languages[0]):
        fail(f"name.{languages[0]} (the default language) is required")
    authority = data.get("managing_authority") or {}
    if not (authority.get("name") or {}).get(languages[0]):
        fail(f"managing_authority.name.{languages[0]} is required")
    letter = (data.get("settings") or {}).get("letter")
    if letter is not None:
        from service.decisions.legal import LegalTextsError, validate

        try:
            validate(letter, authority, languages)
        except LegalTextsError as error:
            fail(str(error))


def sync_folder(folder: Path) -> SyncResult:
    """Load one tenant folder; the caller commits."""
    from service.programmes.sync import sync_programme

    data, programme = read_definition(folder)
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
    changed = False
    if programme is not None:
        with tenant_scope(tenant_id):
            changed = sync_programme(programme, source=str(folder / "programme.toml"))
    return SyncResult(code=data["code"], created=created, programme_changed=changed)


def sync_all(directory: str | Path) -> list[SyncResult]:
    root = Path(directory)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "tenant.toml").exists())
    return [sync_folder(folder) for folder in folders]
