"""The work queue's query: filters, search, sorting and paging, read from a page's GET form or the API's query
string by one schema (the same rules and messages on both). An empty value (a form's "Choose…") is no filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from service.api.fields import EARLIEST_YEAR, LATEST_YEAR
from service.classification.util import objectives
from service.exports.responses import FORMATS
from service.organisations.models import ORGANISATION_TYPES
from service.work_queue.states import STAFF_STATES

SORTS = ("reference", "title", "organisation", "state", "submitted", "saved")
ORDERS = ("asc", "desc")
PAGE_SIZE = 25  # the page: about one screen of a case officer's week
API_PAGE_SIZE, API_MAX_PAGE_SIZE = 100, 500  # the API answers every part of each application: keep pages bounded
MAX_SEARCH = 200  # longer than any reference, title (300 would be a whole title) or name worth typing
LAST_PAGE = 100_000


class WholeNumber(fields.Field):
    """An id or a page number: ASCII digits only, 1 to ``maximum`` (never a float, a sign or 10^20)."""

    OPENAPI = {"type": "integer", "minimum": 1}

    def __init__(self, maximum: int = 2**31 - 1, **kwargs):
        super().__init__(**kwargs)
        self.maximum = maximum

    def _deserialize(self, value, attr, data, **kwargs):
        text = str(value)
        if not (text.isascii() and text.isdigit()) or len(text) > 12 or not 1 <= int(text) <= self.maximum:
            raise ValidationError(_("Must be a whole number from 1 to %(maximum)s.", maximum=self.maximum))
        return int(text)


class Day(fields.Date):
    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(
                _("Give a date between the years %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR)
            )
        return day


@dataclass(frozen=True)
class QueueQuery:
    call_id: int | None = None
    state: str | None = None
    objective: str | None = None
    organisation_type: str | None = None
    assessor_id: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    q: str = ""
    sort: str = "saved"
    order: str = "desc"
    page: int = 1
    per_page: int = PAGE_SIZE
    format: str = "xlsx"

    FILTERS = ("call_id", "state", "objective", "organisation_type", "assessor_id", "submitted_from", "submitted_to")

    @property
    def filtered(self) -> bool:
        return bool(self.q) or any(getattr(self, name) is not None for name in self.FILTERS)

    def args(self, **changes) -> dict:
        """The query string of this query with ``changes`` (None drops a parameter), defaults left out."""
        values = {
            "call_id": self.call_id,
            "state": self.state,
            "objective": self.objective,
            "organisation_type": self.organisation_type,
            "assessor_id": self.assessor_id,
            "submitted_from": self.submitted_from.isoformat() if self.submitted_from else None,
            "submitted_to": self.submitted_to.isoformat() if self.submitted_to else None,
            "q": self.q or None,
            "sort": None if self.sort == "saved" else self.sort,
            "order": None if self.order == "desc" else self.order,
            "page": None if self.page == 1 else self.page,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}


class QueueQuerySchema(Schema):
    """``per_page`` is the API's (the page shows :data:`PAGE_SIZE`); ``format`` is the export's."""

    class Meta:
        unknown = EXCLUDE

    call_id = WholeNumber()
    state = fields.String(validate=validate.OneOf(STAFF_STATES))
    objective = fields.String()
    organisation_type = fields.String(validate=validate.OneOf(ORGANISATION_TYPES))
    assessor_id = WholeNumber()
    submitted_from = Day()
    submitted_to = Day()
    q = fields.String()
    sort = fields.String(validate=validate.OneOf(SORTS))
    order = fields.String(validate=validate.OneOf(ORDERS))
    page = WholeNumber(maximum=LAST_PAGE)
    per_page = WholeNumber(maximum=API_MAX_PAGE_SIZE)
    format = fields.String()

    @pre_load
    def _no_empty_values(self, data, **kwargs):
        return {key: value.strip() for key, value in data.items() if isinstance(value, str) and value.strip()}

    @validates("objective")
    def _known_objective(self, value, **kwargs):
        if value not in objectives():
            raise ValidationError(_("Choose one of the specific objectives."))

    @validates("q")
    def _searchable(self, value, **kwargs):
        if len(value) > MAX_SEARCH:
            raise ValidationError(_("Search for at most %(count)s characters.", count=MAX_SEARCH))
        if any(ord(character) < 32 or ord(character) == 127 for character in value):
            raise ValidationError(_("Search for letters, digits and punctuation only."))

    @validates("format")
    def _known_format(self, value, **kwargs):
        if value not in FORMATS:
            raise ValidationError(_("Choose the format xlsx or csv."))

    @validates_schema
    def _period(self, data, **kwargs):
        first, last = data.get("submitted_from"), data.get("submitted_to")
        if first and last and first > last:
            raise ValidationError({"submitted_to": [_("The last day comes before the first.")]})


def read_query(args, *, per_page: int | None = None) -> QueueQuery:
    """The query of a request (``args``: its query arguments); a ValidationError (422) names each bad value.
    ``per_page`` fixes the page size (the page's); otherwise the API's ``per_page`` or its default."""
    data = QueueQuerySchema().load(args.to_dict())
    data["per_page"] = per_page or data.get("per_page", API_PAGE_SIZE)
    return QueueQuery(**data)
