"""What every staff list reads from a page's GET form or the API's query string: the call, the state, the
specific objective, the organisation's type, a person, a period, words to search, the sort and the page. One
schema per list (its states, sorts, person and period) built on :class:`ListQuerySchema`, so every list
accepts and refuses the same things with the same messages. An empty value (a form's "Choose…") is no filter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from service.api.fields import DAY_OPENAPI, EARLIEST_YEAR, LATEST_YEAR, MAX_SEARCH
from service.classification.util import objectives
from service.exports.responses import FORMATS
from service.organisations.schemas import OrganisationTypeCode

ORDERS = ("asc", "desc")
PAGE_SIZE = 25  # the page: about one screen of a case officer's week
API_PAGE_SIZE, API_MAX_PAGE_SIZE = 100, 500  # the API answers every part of each object: keep pages bounded
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
    OPENAPI = DAY_OPENAPI

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(
                _("Give a date between the years %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR)
            )
        return day


class ListQuerySchema(Schema):
    """The parameters every list shares; a list adds ``state`` and ``sort`` (its own choices), its person and
    its period (``<name>_from`` and ``<name>_to``). ``per_page`` is the API's; ``format`` the export's."""

    class Meta:
        unknown = EXCLUDE

    call_id = WholeNumber()
    objective = fields.String()
    organisation_type = OrganisationTypeCode()
    q = fields.String()
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
    def _periods(self, data, **kwargs):
        for name, first in data.items():
            if name.endswith("_from") and isinstance(first, date):
                last_name = name.removesuffix("_from") + "_to"
                last = data.get(last_name)
                if last is not None and first > last:
                    raise ValidationError({last_name: [_("The last day comes before the first.")]})


def list_schema(name: str, *, states, sorts, person: str | None = None, period: str | None = None) -> type[Schema]:
    """The query schema of one list: its states and sorts, and its person (an id) and period filters if any."""
    declared: dict = {
        "state": fields.String(validate=validate.OneOf(states)),
        "sort": fields.String(validate=validate.OneOf(sorts)),
    }
    if person:
        declared[person] = WholeNumber()
    if period:
        declared[f"{period}_from"], declared[f"{period}_to"] = Day(), Day()
    return ListQuerySchema.from_dict(declared, name=name)


PAGING = ("q", "sort", "order", "page", "per_page", "format")


@dataclass(frozen=True)
class ListQuery:
    """A list's query: ``filters`` holds the filters given (name -> value, never None)."""

    filters: dict = field(default_factory=dict)
    q: str = ""
    sort: str = ""
    order: str = "desc"
    page: int = 1
    per_page: int = PAGE_SIZE
    format: str = "xlsx"
    default_sort: str = ""
    default_order: str = "desc"

    @property
    def state(self) -> str | None:
        return self.filters.get("state")

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.filters)

    def args(self, **changes) -> dict:
        """The query string of this query with ``changes`` (None drops a parameter), defaults left out."""
        values = {name: value.isoformat() if isinstance(value, date) else value for name, value in self.filters.items()}
        values.update(
            q=self.q or None,
            sort=None if self.sort == self.default_sort else self.sort,
            order=None if self.order == self.default_order else self.order,
            page=None if self.page == 1 else self.page,
        )
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}


def read_list_query(
    schema: type[Schema], args, *, sort: str, order: str = "desc", per_page: int | None = None
) -> ListQuery:
    """The query of a request (``args``: its query arguments); a ValidationError (422) names each bad value.
    ``sort``/``order``: the list's defaults; ``per_page`` fixes the page size (the page's), else the API's."""
    data = schema().load(args.to_dict())
    paging = {name: data.pop(name) for name in PAGING if name in data}
    paging["per_page"] = per_page or paging.get("per_page", API_PAGE_SIZE)
    paging.setdefault("sort", sort)
    paging.setdefault("order", order)
    return ListQuery(filters=data, default_sort=sort, default_order=order, **paging)
