"""The tenant registry: one row per member state, loaded from ``tenants/<code>/``."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.tenancy.model_base import UTCDateTime, utcnow


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # lowercase ISO 3166 alpha-2
    country: Mapped[str] = mapped_column(String(2))  # uppercase, for locale formatting
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    languages: Mapped[list] = mapped_column(JSON)  # first is the default
    timezone: Mapped[str] = mapped_column(String(64))
    names: Mapped[dict] = mapped_column(JSON)  # language -> name
    managing_authority: Mapped[dict] = mapped_column(JSON)  # {"name": {lang: ..}, "email": .., ..}
    settings: Mapped[dict] = mapped_column(JSON, default=dict)  # reporting rhythm, assessment defaults, ...
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __audit_exclude__ = {"updated_at"}

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get(self.default_language) or self.code.upper()

    def authority_name(self, language: str) -> str:
        names = self.managing_authority.get("name", {})
        return names.get(language) or names.get(self.default_language) or ""

    def locale_for(self, language: str) -> str:
        """Formatting locale: the language as spoken in this country (sv in Finland: sv_FI)."""
        return f"{language}_{self.country}"
