"""An audit entry as an auditor reads it: the object's type and reference (a link when the reader may open
it), the action in the reader's language, each changed field by its label with the old and the new value in
the reader's format, the person's name, the time in the tenant's zone.

A page is named in a bounded number of queries whatever its length: the persons (users, platform users) and
the objects' references are read in one query per kind for the whole page (:func:`present`)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Boolean, Date, Numeric, select

from service.accounts.models import PlatformUser, User
from service.audit.models import AuditEntry
from service.audit_trail.actions import ACTIONS, OTHER_ACTION, STATUS_ACTIONS
from service.audit_trail.objects import COMMON_FIELDS, PERCENTAGES, QUANTITIES, REFERS, SILENT, kind_of
from service.audit_trail.tables import column_of, model_of
from service.extensions import db
from service.i18n import format_day, format_instant, format_number
from service.money.columns import MONEY, RATE
from service.money.display import format_money, format_rate
from service.money.parsing import from_wire
from service.tenancy.current import current_tenant
from service.tenancy.model_base import UTCDateTime

SHORT = 120  # characters of a long text shown before "show the whole text"


@dataclass(frozen=True)
class Shown:
    text: str
    full: str | None = None  # the whole text when ``text`` is shortened


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Shown | None
    new: Shown | None


@dataclass
class EntryView:
    entry: AuditEntry
    person: str
    object_type: str
    reference: str
    link: str | None
    action_label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def at_local(self) -> str:
        return format_instant(self.entry.at)

    def as_dict(self) -> dict:
        e = self.entry
        return {
            **{key: getattr(e, key) for key in ("id", "at", "actor", "actor_label", "action", "entity")},
            **{key: getattr(e, key) for key in ("entity_id", "before", "after", "request_id")},
            "at_local": self.at_local,
            "person": self.person,
            "object_type": self.object_type,
            "reference": self.reference,
            "action_label": self.action_label,
            "changes": self.changes,
        }


def present(entries: list[AuditEntry], reader_role: str | None) -> list[EntryView]:
    people = _people(entries)
    objects = _objects(entries)
    currency = current_tenant().currency
    views = []
    for entry in entries:
        kind = kind_of(entry.entity)
        row = objects.get((entry.entity, entry.entity_id))
        views.append(
            EntryView(
                entry=entry,
                person=person_name(entry.actor, entry.actor_label, people),
                object_type=str(kind.label),
                reference=_reference(entry, kind, row),
                link=kind.link(url_for, row) if row is not None and kind.link and reader_role in kind.openers else None,
                action_label=action_label(entry),
                changes=_changes(entry, kind, (people, objects), getattr(row, "currency", None) or currency),
            )
        )
    return views


def action_label(entry: AuditEntry) -> str:
    if entry.action == "update" and isinstance(entry.after, dict) and isinstance(entry.after.get("status"), str):
        label = STATUS_ACTIONS.get(entry.after["status"])
        if label is not None:
            return str(label)
    return str(ACTIONS.get(entry.action, OTHER_ACTION))


def person_name(actor: str, recorded: str, people: dict) -> str:
    """The person's name (else the address recorded with the change); "System" for jobs and commands."""
    if actor in people:
        return people[actor]
    kind, _sep, _id = actor.partition(":")
    if kind in ("user", "platform_user"):
        return recorded or _("A person no longer registered")
    if kind == "anonymous":
        return _("A visitor who was not signed in")
    return _("System")


def _people(entries: list[AuditEntry]) -> dict[str, str]:
    """Names of the users and platform users who acted or whom a field names (created_by, ...)."""
    named = [entry.actor for entry in entries]
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for key, value in values.items():
                if key.endswith("_by") and isinstance(value, int) and not isinstance(value, bool):
                    named.append(f"user:{value}")
    return people_named(named)


def people_named(actors) -> dict[str, str]:
    """{"user:12": "Anna Berg", ...} for the persons among the actors: one query for the users, one for the
    platform users. Users are read in the tenant's scope: another tenant's never resolve."""
    ids: dict[str, set[int]] = {"user": set(), "platform_user": set()}
    for actor in actors:
        kind, _sep, number = actor.partition(":")
        if kind in ids and number.isdigit() and len(number) < 12:
            ids[kind].add(int(number))
    names = {}
    for kind, model in (("user", User), ("platform_user", PlatformUser)):
        if ids[kind]:
            for row in db.session.execute(select(model.id, model.name, model.email).where(model.id.in_(ids[kind]))):
                names[f"{kind}:{row.id}"] = row.name or row.email
    return names


def _objects(entries: list[AuditEntry]) -> dict[tuple[str, str], object]:
    """The rows behind the entries (id, reference and what the link and the amounts need): one query per
    kind of object on the page, in the tenant's scope."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if kind_of(entry.entity).reference and entry.entity_id.isdigit():
            wanted[entry.entity].add(int(entry.entity_id))
        for values in (entry.before or {}, entry.after or {}):
            for key, value in values.items():
                if key in REFERS and isinstance(value, int) and not isinstance(value, bool):
                    wanted[REFERS[key]].add(value)  # the project, call, claim... a field names
    found = {}
    for table, ids in wanted.items():
        kind, model = kind_of(table), model_of(table)
        if model is None:
            continue
        columns = [model.id, getattr(model, kind.reference)] + [getattr(model, name) for name in kind.extra]
        for row in db.session.execute(select(*columns).where(model.id.in_(ids))):
            found[(table, str(row.id))] = row
    return found


def _reference(entry: AuditEntry, kind, row) -> str:
    if row is not None and getattr(row, kind.reference, None):
        return str(getattr(row, kind.reference))
    recorded = kind.reference and ((entry.after or {}).get(kind.reference) or (entry.before or {}).get(kind.reference))
    # Without a reference yet (a draft) or any more (deleted): the object's number, which is what is known.
    return str(recorded) if recorded else f"#{entry.entity_id}"


def _changes(entry: AuditEntry, kind, names: tuple[dict, dict], currency: str) -> list[Change]:
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in dict.fromkeys([*before, *after]):
        if key in SILENT:
            continue
        if entry.action != "update" and (before.get(key) in (None, "") and after.get(key) in (None, "")):
            continue  # a new or deleted object's empty fields say nothing
        label = kind.fields.get(key) or COMMON_FIELDS.get(key)
        label = str(label) if label is not None else _humane(key)
        if isinstance(before.get(key), dict) or isinstance(after.get(key), dict):
            changes += _document_changes(entry, kind, key, label, before.get(key), after.get(key))
            continue
        changes.append(
            Change(
                field=key,
                label=label,
                old=_value(entry.entity, kind, key, before[key], names, currency) if key in before else None,
                new=_value(entry.entity, kind, key, after[key], names, currency) if key in after else None,
            )
        )
    return changes


def _document_changes(entry: AuditEntry, kind, key: str, label: str, before, after) -> list[Change]:
    """A JSON document's changes, one per key whose value changed, each by its label ("Texts of the application ›
    Summary"). Entries record only the keys that changed; older ones the whole document, of which the keys that
    kept their value say nothing and are left out."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    names = kind.parts.get(key, {})
    changes = []
    for part in dict.fromkeys([*before, *after]):
        old, new = before.get(part), after.get(part)
        if old == new or (entry.action != "update" and old in (None, "") and new in (None, "")):
            continue
        part_label = names.get(part)
        changes.append(
            Change(
                field=f"{key}.{part}",
                label=f"{label} › {part_label if part_label is not None else _humane(str(part))}",
                old=_part_value(old) if part in before else None,
                new=_part_value(new) if part in after else None,
            )
        )
    return changes


def _part_value(value) -> Shown:
    return Shown("—") if value is None or value == "" else _text(value)


def _humane(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value(table: str, kind, key: str, value, names: tuple[dict, dict], currency: str) -> Shown:
    """A recorded value (Decimals and dates were recorded as text) in the reader's format; a person or an
    object a field names, by name or reference (read in the tenant's scope: else its number)."""
    if value is None or value == "":
        return Shown("—")
    people, objects = names
    if key in REFERS and isinstance(value, int) and not isinstance(value, bool):
        row = objects.get((REFERS[key], str(value)))
        reference = getattr(row, kind_of(REFERS[key]).reference, None) if row is not None else None
        return Shown(str(reference) if reference else f"#{value}")
    column = column_of(table, key)
    column_type = column.type if column is not None else None
    try:
        if key in kind.enums:
            label = kind.enums[key].get(value)
            return Shown(str(label) if label is not None else str(value))
        if isinstance(column_type, Boolean) or isinstance(value, bool):
            return Shown(_("Yes") if value else _("No"))
        if key.endswith("_by") and isinstance(value, int):
            return Shown(people.get(f"user:{value}", f"#{value}"))
        if key in QUANTITIES and isinstance(column_type, Numeric):
            return Shown(format_number(from_wire(str(value))))
        if key in PERCENTAGES and isinstance(column_type, Numeric):
            return Shown(format_rate(from_wire(str(value))))
        if isinstance(column_type, Numeric) and (column_type.precision, column_type.scale) == (
            MONEY.precision,
            MONEY.scale,
        ):
            return Shown(format_money(from_wire(str(value)), currency))
        if isinstance(column_type, Numeric) and (column_type.precision, column_type.scale) == (
            RATE.precision,
            RATE.scale,
        ):
            return Shown(format_rate(from_wire(str(value))))
        if isinstance(column_type, UTCDateTime) and isinstance(value, str):
            return Shown(format_instant(datetime.fromisoformat(value)))
        if isinstance(column_type, Date) and isinstance(value, str):
            return Shown(format_day(date.fromisoformat(value)))
    except (ValueError, TypeError, ArithmeticError):
        pass  # a value recorded in a shape the column has since changed from: shown as recorded
    return _text(value)


def _text(value) -> Shown:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(text) <= SHORT:
        return Shown(text)
    return Shown(text[:SHORT].rstrip() + "…", full=text)
