"""The applications' work queue's query: its filters (an assessor, the submission days) beside every list's
(service.work_queue.query), read from a page's GET form or the API's query string by one schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marshmallow import fields, validate

from service.work_queue.query import (  # noqa: F401 - the applications' queue reads its sizes here
    API_MAX_PAGE_SIZE,
    API_PAGE_SIZE,
    MAX_SEARCH,
    PAGE_SIZE,
    Day,
    ListQuerySchema,
    WholeNumber,
)
from service.work_queue.states import STAFF_STATES

SORTS = ("reference", "title", "organisation", "state", "submitted", "saved")


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
    def filters(self) -> dict:
        """The filters given (name -> value), as service.work_queue.engine reads them."""
        return {name: getattr(self, name) for name in self.FILTERS if getattr(self, name) is not None}

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.filters)

    def args(self, **changes) -> dict:
        """The query string of this query with ``changes`` (None drops a parameter), defaults left out."""
        values = {name: value.isoformat() if isinstance(value, date) else value for name, value in self.filters.items()}
        values.update(
            q=self.q or None,
            sort=None if self.sort == "saved" else self.sort,
            order=None if self.order == "desc" else self.order,
            page=None if self.page == 1 else self.page,
        )
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}


class QueueQuerySchema(ListQuerySchema):
    """The applications' filters beside every list's (service.work_queue.query)."""

    state = fields.String(validate=validate.OneOf(STAFF_STATES))
    assessor_id = WholeNumber()
    submitted_from = Day()
    submitted_to = Day()
    sort = fields.String(validate=validate.OneOf(SORTS))


def read_query(args, *, per_page: int | None = None) -> QueueQuery:
    """The query of a request (``args``: its query arguments); a ValidationError (422) names each bad value.
    ``per_page`` fixes the page size (the page's); otherwise the API's ``per_page`` or its default."""
    data = QueueQuerySchema().load(args.to_dict())
    data["per_page"] = per_page or data.get("per_page", API_PAGE_SIZE)
    return QueueQuery(**data)
