"""API shapes of the audit trail: the filters a reader sends (the page, the API and the downloads take the same)
and an entry as the API answers it, raw and as a person reads it."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates, validates_schema

from service.audit_trail.actions import ACTIONS, STATUS_ACTIONS
from service.audit_trail.objects import KINDS
from service.exports import ExportQuerySchema

PERSON = re.compile(r"(user|platform_user):[1-9][0-9]{0,9}|system")
REFERENCE_LENGTH = 80  # the longest reference column (claims, payments, reports: String(80))


def _date(name: str, data_key: str):
    return fields.Date(data_key=data_key, attribute=name, load_default=None, error_messages={"invalid": "date"})


class TrailFilterSchema(Schema):
    """?person=user:12|system &type=<object type> &reference=... &action=create|update|delete|submitted|...
    &from=YYYY-MM-DD &to=YYYY-MM-DD (days in the tenant's time zone, both included) &before=<entry id>."""

    class Meta:
        unknown = EXCLUDE

    person = fields.String(
        load_default=None,
        metadata={
            "pattern": f"^({PERSON.pattern})$",
            "example": "user:12",
            "description": "Who acted: user:<id>, platform_user:<id>, or system (jobs, commands).",
        },
    )
    type = fields.String(
        load_default=None,
        metadata={"enum": sorted(KINDS), "description": "The object type: applications, claims, decisions, ..."},
    )
    entity = fields.String(  # the earlier name of type (a table name), still read
        load_default=None,
        metadata={"pattern": "^[A-Za-z0-9_]{1,64}$", "description": "Any recorded table name, e.g. users."},
    )
    reference = fields.String(
        load_default=None,
        metadata={
            "maxLength": REFERENCE_LENGTH,
            "description": "An object's reference (AMIF-SE-2024-12), case aside: that object's entries.",
        },
    )
    action = fields.String(
        load_default=None,
        metadata={
            "enum": sorted({*ACTIONS, *STATUS_ACTIONS}),
            "description": "create, update (every change, of status too), delete, or the status a change reached.",
        },
    )
    since = _date("since", "from")
    until = _date("until", "to")
    before = fields.Integer(
        load_default=None,
        strict=False,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "Entries older than this id."},
    )

    def handle_error(self, error, data, **kwargs):
        """The reader's language for every refusal, whatever marshmallow says by default."""
        messages = {}
        for key, problems in error.messages.items():
            if key in ("from", "to"):
                # Marshmallow's "invalid" is "date" (_date); the period's own message stays.
                messages[key] = [_("Give a date as YYYY-MM-DD.") if p == "date" else p for p in problems]
            elif key == "before":
                messages[key] = [_("Must be a whole number of 1 or more.")]
            else:
                messages[key] = problems
        raise ValidationError(messages)

    @validates("person")
    def _person(self, value, **kwargs):
        if value and not PERSON.fullmatch(value):
            raise ValidationError(_("Choose a person from the list."))

    @validates("type")
    def _type(self, value, **kwargs):
        if value and value not in KINDS:
            raise ValidationError(_("Choose an object type from the list."))

    @validates("entity")
    def _entity(self, value, **kwargs):
        if value and (len(value) > 64 or not value.replace("_", "").isalnum()):
            raise ValidationError(_("Choose an object type from the list."))

    @validates("reference")
    def _reference(self, value, **kwargs):
        if value and len(value) > REFERENCE_LENGTH:
            raise ValidationError(_("A reference has at most {count} characters.").format(count=REFERENCE_LENGTH))

    @validates("action")
    def _action(self, value, **kwargs):
        if value and value not in ACTIONS and value not in STATUS_ACTIONS:
            raise ValidationError(_("Choose an action from the list."))

    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError({"to": [_("The end of the period is before its start.")]})


class TrailExportSchema(TrailFilterSchema, ExportQuerySchema):
    """The filters and ?format=xlsx|csv."""


class ShownValueSchema(Schema):
    text = fields.String(metadata={"description": "The value as the reader reads it, shortened when long."})
    full = fields.String(allow_none=True, metadata={"description": "The whole value when text is shortened."})


class ChangeSchema(Schema):
    field = fields.String(
        metadata={"description": "The field's name; a key of a JSON document as field.key (sections.summary)."}
    )
    label = fields.String()
    old = fields.Nested(ShownValueSchema, allow_none=True)
    new = fields.Nested(ShownValueSchema, allow_none=True)


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.DateTime()
    actor = fields.String()
    actor_label = fields.String()
    action = fields.String()
    entity = fields.String()
    entity_id = fields.String()
    before = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The changed fields' values before the change (null for a created object); of a JSON "
            "document (an application's texts), the keys that changed."
        },
    )
    after = fields.Dict(
        allow_none=True,
        metadata={
            "description": "The changed fields' values after the change (null for a deleted object); of a JSON "
            "document, the keys that changed, a key removed null."
        },
    )
    request_id = fields.String(allow_none=True)
    # As a person reads it, in the reader's language and the tenant's time zone.
    at_local = fields.String(metadata={"description": "The time in the tenant's time zone."})
    person = fields.String(metadata={"description": "The person's name; System for jobs and commands."})
    object_type = fields.String()
    reference = fields.String()
    action_label = fields.String()
    changes = fields.List(fields.Nested(ChangeSchema))
