"""What every staff list's page and API share beyond the query: links that sort and keep the filters, the page
numbers to show, and the API's paging headers."""

from __future__ import annotations

from urllib.parse import urlencode

from service.work_queue.engine import QueuePage
from service.work_queue.query import API_PAGE_SIZE

# Sorting by a new column starts with what a case officer looks for first: A–Z, the newest first.
FIRST_ORDER = {"reference": "asc", "title": "asc", "organisation": "asc", "state": "asc"}


def sort_args(query, column: str) -> dict:
    """The query string that sorts by ``column``: the other direction if it is the sorted one, page 1."""
    if query.sort == column:
        order = "asc" if query.order == "desc" else "desc"
    else:
        order = FIRST_ORDER.get(column, "desc")
    return query.args(sort=column, order=order, page=None)


def page_numbers(page: QueuePage) -> list[int | None]:
    """The page links to show: the first, the last and two around the current one (None: a gap)."""
    wanted = {1, page.pages, *range(page.page - 2, page.page + 3)}
    shown = sorted(n for n in wanted if 1 <= n <= page.pages)
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def paging_headers(page: QueuePage, query, base_url: str) -> dict:
    """``X-Total-Count``, ``X-Page``, ``X-Per-Page`` and an RFC 8288 ``Link`` to the first, previous, next and
    last pages, keeping the filters."""

    def url(number: int) -> str:
        args = query.args(page=number)
        if query.per_page != API_PAGE_SIZE:
            args["per_page"] = query.per_page
        return f"{base_url}?{urlencode(args)}"

    links = [(url(1), "first")]
    if page.page > 1:
        links.append((url(min(page.page - 1, page.pages)), "prev"))
    if page.page < page.pages:
        links.append((url(page.page + 1), "next"))
    links.append((url(page.pages), "last"))
    return {
        "X-Total-Count": str(page.total),
        "X-Page": str(page.page),
        "X-Per-Page": str(page.per_page),
        "Link": ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links),
    }
