"""The staff lists in the API, under each tenant: the claims' and the progress reports' lists (the projects' list
is service.projects.api.list_projects, served for MA staff by service.work_queue.lists) and the three downloads.
Their OpenAPI text names every query parameter with its type, enum or format, written from the list's own
states, sorts, person and period (:func:`parameters`), so the document and the schema cannot drift apart."""

from __future__ import annotations

import json

from service.api.fields import DAY_REF, SEARCH_REF
from service.work_queue import lists
from service.work_queue.claim_list import CLAIMS
from service.work_queue.lists import StaffList
from service.work_queue.project_list import PROJECTS
from service.work_queue.query import API_MAX_PAGE_SIZE, API_PAGE_SIZE, LAST_PAGE
from service.work_queue.report_list import REPORTS

OBJECTIVES = "[SO1, SO2, SO3, SO4, TA]"  # service.classification's specific objectives (AMIF Regulation Art. 3)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# As the applications' queue documents it (service.applications.api.list_applications).
ORGANISATION_TYPE = '{type: string, pattern: "^[a-z0-9_]+$", maxLength: 40}'
ORGANISATION_TYPE_TEXT = (
    "\"A code of the tenant's own types of organisation (GET /api/v1/{tenant}/organisation-types); another tenant's"
    ' code is 422."'
)
ID = "{type: integer, minimum: 1, maximum: 2147483647}"
# A day of a period (service.work_queue.query.Day) and the words searched, as stated once in the document.
DAY = json.dumps({"$ref": DAY_REF})
SEARCH = json.dumps({"$ref": SEARCH_REF})


def parameters(staff: StaffList, *, paged: bool) -> str:
    """The query parameters of a list (``paged``: the list's page and size; else the download's format)."""
    lines = [
        f"- {{in: query, name: call_id, schema: {ID}}}",
        f"- {{in: query, name: state, schema: {{type: string, enum: [{', '.join(staff.spec.states)}]}}}}",
        f"- {{in: query, name: objective, schema: {{type: string, enum: {OBJECTIVES}}}}}",
        f"- {{in: query, name: organisation_type, description: {ORGANISATION_TYPE_TEXT}, schema: {ORGANISATION_TYPE}}}",
    ]
    if staff.person:
        lines.append(f"- {{in: query, name: {staff.person[0]}, schema: {ID}}}")
    if staff.period:
        name = staff.period[0]
        lines.append(f"- {{in: query, name: {name}_from, schema: {DAY}}}")
        lines.append(f'- {{in: query, name: {name}_to, description: "Not before {name}_from.", schema: {DAY}}}')
    sorts = ", ".join(staff.schema().fields["sort"].validate.choices)
    lines += [
        f"- {{in: query, name: q, schema: {SEARCH}}}",
        f"- {{in: query, name: sort, schema: {{type: string, enum: [{sorts}], default: {staff.sort}}}}}",
        f"- {{in: query, name: order, schema: {{type: string, enum: [asc, desc], default: {staff.order}}}}}",
    ]
    if paged:
        lines += [
            f"- {{in: query, name: page, schema: {{type: integer, minimum: 1, maximum: {LAST_PAGE}, default: 1}}}}",
            f"- {{in: query, name: per_page, schema: {{type: integer, minimum: 1, maximum: {API_MAX_PAGE_SIZE}, "
            f"default: {API_PAGE_SIZE}}}}}",
        ]
    else:
        lines.append("- {in: query, name: format, schema: {type: string, enum: [xlsx, csv], default: xlsx}}")
    return "\n".join(" " * 8 + line for line in lines)


def _list_doc(summary: str, staff: StaffList, tag: str) -> str:
    return f"""{summary} Each with its ``state`` (service.work_queue.{staff.name[:-1]}_list), filtered, searched,
    sorted and paged in the database. The body is a JSON array; the paging is in the headers: ``X-Total-Count``,
    ``X-Page``, ``X-Per-Page`` and ``Link`` (RFC 8288: first, prev, next, last). A page past the last is empty.
    ---
    get:
      tags: [{tag}]
      security: [{{bearer: []}}]
      parameters:
{parameters(staff, paged=True)}
      responses:
        200:
          description: "Success: the page, each object with its ``state``."
          headers:
            X-Total-Count: {{description: "How many match.", schema: {{type: integer}}}}
            Link: {{description: "First, prev, next and last pages (RFC 8288).", schema: {{type: string}}}}
          content: {{application/json: {{schema: {{type: array, items: {{type: object}}}}}}}}
        403: {{description: Not MA staff.}}
        422: {{description: "A bad filter, sort or page, named in ``errors`` in the caller's language."}}
    """


def _export_doc(summary: str, staff: StaffList, tag: str) -> str:
    return f"""{summary} Filtered and sorted as the list (the same query parameters, no paging), as a spreadsheet.
    ---
    get:
      tags: [{tag}]
      security: [{{bearer: []}}]
      parameters:
{parameters(staff, paged=False)}
      responses:
        200:
          description: The file.
          content:
            {XLSX}: {{schema: {{type: string, format: binary}}}}
            text/csv: {{schema: {{type: string}}}}
        403: {{description: Not MA staff.}}
        422: {{description: "A bad filter, sort or format, named in ``errors`` in the caller's language."}}
    """


def list_claims():
    return lists.api_list(CLAIMS)


def list_reports():
    return lists.api_list(REPORTS)


def export_projects():
    return lists.download(PROJECTS)


def export_claims():
    return lists.download(CLAIMS)


def export_reports():
    return lists.download(REPORTS)


list_claims.__doc__ = _list_doc("Every payment claim of the tenant's projects (MA staff).", CLAIMS, "claims")
list_reports.__doc__ = _list_doc("Every progress report of the tenant's projects (MA staff).", REPORTS, "reports")
export_projects.__doc__ = _export_doc("The tenant's projects (MA staff).", PROJECTS, "projects")
export_claims.__doc__ = _export_doc("The tenant's payment claims (MA staff).", CLAIMS, "claims")
export_reports.__doc__ = _export_doc("The tenant's progress reports (MA staff).", REPORTS, "reports")
