"""Kinds of notification: each domain declares what its kinds say (``Domain.notifications``), written in the
reader's language when a notification is read or e-mailed.

Parameters are plain values kept with the notification (references, titles, instants as ISO text);
instants are shown in the tenant's time zone and the reader's locale (:func:`instant`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from babel import dates
from flask import current_app

from service.domains import notification_kinds
from service.tenancy.models import Tenant


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    path: str  # the page it is about, under the tenant


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # a lazy translation: the kind's name in the notification centre
    render: Callable[[dict, Tenant, str], Text]  # (parameters, tenant, language) -> the text, in the current locale


def instant(value: str, tenant: Tenant, language: str) -> str:
    return dates.format_datetime(
        datetime.fromisoformat(value), "long", tzinfo=tenant.zone, locale=tenant.locale_for(language)
    )


def kinds() -> dict[str, Kind]:
    return {kind.name: kind for kind in notification_kinds(current_app)}


def render(kind: str, params: dict, tenant: Tenant, language: str) -> Text:
    """The notification in the current locale (the caller forces the reader's language)."""
    known = kinds().get(kind)
    if known is None:
        raise KeyError(f"unknown notification kind {kind}")
    return known.render(dict(params), tenant, language)


def label(kind: str) -> str:
    known = kinds().get(kind)
    return str(known.label) if known is not None else kind
