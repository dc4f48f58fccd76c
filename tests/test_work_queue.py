"""The MA staff's work queue of applications: filters, search, sorting, paging and counts per state in the API
and on the page, its downloads, bad values (422), tenant isolation, and the applicant's list left as it was."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401
from tests.assessment_support import all_met, assessment_url, person_of, ready_to_score, submitted  # noqa: F401
from tests.conftest import sign_in, tenant_id, translated
from tests.work_queue_support import QUEUE, officer, queue  # noqa: F401


def _arrange(app, code: str, application_id: int, **values) -> None:
    """Give a submitted application a title, a first submission instant, a proposed objective (test data the
    filters read: the product sets them through the applicant's edits and submission)."""
    from service.applications.models import Application
    from service.extensions import db
    from service.organisations.models import Organisation
    from service.tenancy.scope import tenant_scope

    with app.app_context(), tenant_scope(tenant_id(app, code)):
        application = db.session.get(Application, application_id)
        organisation_name = values.pop("organisation_name", None)
        for name, value in values.items():
            setattr(application, name, value)
        if organisation_name:
            db.session.get(Organisation, application.organisation_id).name = organisation_name
        db.session.commit()


@pytest.fixture
def four(app, client, open_call, applicant, submitted, ready_to_score, officer):
    """Four applications submitted to one new Swedish call; the fourth eligible with an assessor assigned.
    -> (call, {letter: application}, officer, assessor)."""
    call = open_call("se", eligible_organisation_types=["ngo", "regional_or_local_authority", "university"])
    tag = uuid.uuid4().hex[:6]
    plan = {
        # Stockholm is UTC+1 in March: 23:30 UTC on 1 March is 00:30 on 2 March there, 22:30 UTC still 1 March.
        "a": ("Språkcafé för alla", f"Östra Föreningen {tag}", "ngo", datetime(2026, 3, 1, 23, 30, tzinfo=UTC), "SO2"),
        "b": (
            "Arbetsmarknad plus",
            f"Kommunen {tag}",
            "regional_or_local_authority",
            datetime(2026, 3, 1, 22, 30, tzinfo=UTC),
            "SO2",
        ),
        "c": ('=HYPERLINK("http://x")', f"Ideell 100% {tag}", "ngo", datetime(2026, 4, 10, 10, tzinfo=UTC), "SO1"),
        "d": ("Zebra", f"Universitetet {tag}", "university", datetime(2026, 5, 10, 10, tzinfo=UTC), None),
    }
    made = {}
    for letter, (title, name, kind, instant, objective) in plan.items():
        application = submitted("se", call, applicant=applicant("se", organisation_type=kind))
        _arrange(
            app,
            "se",
            application["id"],
            title=title,
            organisation_name=name,
            submitted_at=instant,
            proposed_objective=objective,
        )
        made[letter] = application
    staff = officer("se")
    assessor, _url = ready_to_score("se", made["d"], staff["headers"])
    return call, made, staff, assessor


def _csv_rows(data: bytes) -> list[list[str]]:
    """A download's CSV: the separator is the reader's Excel's (";" where the decimal sign is a comma)."""
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))


def _ids(answer) -> list[int]:
    return [row["id"] for row in answer.json]


def test_filters_and_search_in_the_api(client, four):
    call, made, staff, assessor = four
    h, cid = staff["headers"], call["id"]
    a, b, c, d = (made[k]["id"] for k in "abcd")
    assert sorted(_ids(queue(client, "se", h, call_id=cid))) == sorted([a, b, c, d])
    # search: any case, å/ö too (PostgreSQL lower()), the reference, the title or the organisation's name
    assert _ids(queue(client, "se", h, call_id=cid, q="SPRÅKCAFÉ")) == [a]
    assert _ids(queue(client, "se", h, call_id=cid, q="östra föreningen")) == [a]
    assert _ids(queue(client, "se", h, q=made["b"]["reference"].lower())) == [b]
    assert _ids(queue(client, "se", h, call_id=cid, q="100%")) == [c]  # % is a character, not a wildcard
    assert _ids(queue(client, "se", h, call_id=cid, q="_")) == []
    # the other filters
    assert _ids(queue(client, "se", h, call_id=cid, organisation_type="university")) == [d]
    assert _ids(queue(client, "se", h, assessor_id=assessor["id"])) == [d]
    assert _ids(queue(client, "se", h, call_id=cid, state="under_assessment")) == [d]
    assert sorted(_ids(queue(client, "se", h, call_id=cid, objective="SO2"))) == sorted([a, b])
    # submitted days in the tenant's zone (Europe/Stockholm): a on 2 March, b on 1 March
    assert _ids(queue(client, "se", h, call_id=cid, submitted_to="2026-03-01")) == [b]
    both = queue(client, "se", h, call_id=cid, submitted_from="2026-03-02", submitted_to="2026-04-10", sort="submitted")
    assert _ids(both) == [c, a]
    assert {row["state"] for row in both.json} == {"submitted"}


def test_sorting_and_paging_in_the_api(client, four):
    call, made, staff, _assessor = four
    h, cid = staff["headers"], call["id"]
    a, b, c, d = (made[k]["id"] for k in "abcd")
    assert _ids(queue(client, "se", h, call_id=cid, sort="submitted", order="asc")) == [b, a, c, d]
    assert _ids(queue(client, "se", h, call_id=cid, sort="title", order="asc")) == [c, b, a, d]
    assert _ids(queue(client, "se", h, call_id=cid, sort="organisation", order="desc")) == [a, d, b, c]
    assert _ids(queue(client, "se", h, call_id=cid, sort="state", order="desc"))[0] == d
    by_reference = queue(client, "se", h, call_id=cid, sort="reference").json
    assert [r["reference"] for r in by_reference] == sorted((r["reference"] for r in by_reference), reverse=True)
    # pages of 3: the body stays a list, the paging is in the headers
    first = queue(client, "se", h, call_id=cid, sort="submitted", order="asc", per_page=3)
    assert _ids(first) == [b, a, c]
    assert first.headers["X-Total-Count"] == "4" and first.headers["X-Page"] == "1"
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"])}
    assert set(links) == {"first", "next", "last"} and "page=2" in links["next"] and f"call_id={cid}" in links["next"]
    second = client.get(links["next"], headers=h)
    assert _ids(second) == [d] and 'rel="prev"' in second.headers["Link"]
    past = queue(client, "se", h, call_id=cid, per_page=3, page=3)
    assert past.json == [] and past.headers["X-Total-Count"] == "4"


def test_counts_per_state_leave_the_state_filter_out(app, client, four):
    from service.tenancy.scope import tenant_scope
    from service.work_queue.schemas import QueueQuery
    from service.work_queue.util import counts_of

    call, _made, _staff, _assessor = four
    with app.test_request_context(), tenant_scope(tenant_id(app, "se")):
        counts = counts_of(QueueQuery(call_id=call["id"], state="granted"))
    assert counts["submitted"] == 3 and counts["under_assessment"] == 1
    assert sum(counts.values()) == 4 and "draft" not in counts


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"state": "draft"}, "state"),
        ({"state": "waiting"}, "state"),
        ({"call_id": "-1"}, "call_id"),
        ({"call_id": "1.5"}, "call_id"),
        ({"call_id": "99999999999999999999"}, "call_id"),
        ({"assessor_id": "0"}, "assessor_id"),
        ({"page": "0"}, "page"),
        ({"page": "100001"}, "page"),
        ({"per_page": "501"}, "per_page"),
        ({"sort": "amount"}, "sort"),
        ({"order": "up"}, "order"),
        ({"submitted_from": "2026-13-01"}, "submitted_from"),
        ({"submitted_from": "1999-12-31"}, "submitted_from"),
        ({"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"}, "submitted_to"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"objective": "SO9"}, "objective"),
        ({"organisation_type": "club"}, "organisation_type"),
    ],
)
def test_bad_values_are_422_in_the_readers_language(client, officer, args, field):
    staff = officer("se", "sv")
    for url in (QUEUE.format(code="se"), QUEUE.format(code="se") + "/export"):
        answer = client.get(url, query_string=args, headers=staff["headers"])
        assert answer.status_code == 422, (url, answer.status_code)
        assert list(answer.json["errors"]) == [field]


def test_a_bad_value_is_named_in_swedish(client, officer):
    answer = client.get(QUEUE.format(code="se"), query_string={"page": "0"}, headers=officer("se", "sv")["headers"])
    assert answer.json["errors"]["page"] == [
        translated("Must be a whole number from 1 to %(maximum)s.", "sv") % {"maximum": 100000}
    ]
    wrong = client.get(QUEUE.format(code="se") + "/export?format=pdf", headers=officer("se", "sv")["headers"])
    assert wrong.status_code == 422 and wrong.json["errors"]["format"] == [
        translated("Choose the format xlsx or csv.", "sv")
    ]


def test_the_downloads_hold_the_filtered_list_with_safe_cells(client, four):
    call, made, staff, _assessor = four
    args = {"call_id": call["id"], "state": "submitted", "sort": "title", "order": "asc"}
    answer = client.get(
        QUEUE.format(code="se") + "/export", query_string={**args, "format": "csv"}, headers=staff["headers"]
    )
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    assert "no-store" in answer.headers["Cache-Control"]
    rows = _csv_rows(answer.data)
    assert rows[0][:3] == ["Reference", "Project", "Status"]
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "Arbetsmarknad plus", "Språkcafé för alla"]
    assert {row[2] for row in rows[1:]} == {"Submitted"}
    assert rows[1][0] == made["c"]["reference"]
    workbook = client.get(
        QUEUE.format(code="se") + "/export", query_string={**args, "format": "xlsx"}, headers=staff["headers"]
    )
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = next(index for index, row in enumerate(values) if row and row[0] == "Reference")
    titles = [row[1] for row in values[header + 1 :] if row and row[0]]
    assert titles == ['=HYPERLINK("http://x")', "Arbetsmarknad plus", "Språkcafé för alla"]
    cell = sheet.cell(row=header + 2, column=2)
    assert cell.data_type == "s"  # text, never a formula
    again = client.get(
        QUEUE.format(code="se") + "/export", query_string={**args, "format": "xlsx"}, headers=staff["headers"]
    )
    assert again.data == workbook.data  # reproducible


def test_other_tenants_applications_never_appear(client, submitted, four, officer, person_of):
    call, _made, staff, _assessor = four
    finnish = submitted("fi")
    fi_assessor = person_of("fi", "assessor")
    h = staff["headers"]
    for args in (
        {"q": finnish["reference"]},
        {"call_id": finnish["call_id"]},
        {"assessor_id": fi_assessor["id"]},
        {"per_page": 500},
    ):
        answer = queue(client, "se", h, **args)
        assert finnish["id"] not in _ids(answer)
    assert queue(client, "se", h, call_id=finnish["call_id"]).json == []
    export = client.get(QUEUE.format(code="se") + "/export?format=csv&per_page=500", headers=h)
    assert finnish["reference"] not in export.data.decode("utf-8-sig")
    assert call["reference"] in export.data.decode("utf-8-sig")
    # a Swedish token is nothing in Finland
    assert client.get(QUEUE.format(code="fi"), headers=h).status_code in (401, 404)
    assert client.get(QUEUE.format(code="fi") + "/export", headers=h).status_code in (401, 404)


def test_applicants_keep_their_own_list_and_cannot_download(client, submitted, four):
    call, made, _staff, _assessor = four
    person = made["a"]["applicant"]
    mine = client.get(QUEUE.format(code="se"), headers=person["headers"])
    assert _ids(mine) == [made["a"]["id"]] and "state" not in mine.json[0] and "X-Total-Count" not in mine.headers
    # filters are the staff's: an applicant's list is not narrowed by them, nor widened
    assert _ids(client.get(QUEUE.format(code="se") + "?state=granted", headers=person["headers"])) == [made["a"]["id"]]
    assert client.get(QUEUE.format(code="se") + "/export", headers=person["headers"]).status_code in (403, 404)


def test_the_openapi_document_names_every_state_objective_and_type(client):
    from service.work_queue.schemas import SORTS
    from service.work_queue.states import STAFF_STATES

    spec = client.get("/api/v1/openapi.json").json
    for path in ("/api/v1/{tenant}/applications", "/api/v1/{tenant}/applications/export"):
        parameters = {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"] if p["in"] == "query"}
        assert parameters["state"]["enum"] == list(STAFF_STATES)
        # each tenant has its own types (tenants/<code>/organisations.toml): no one enum, the endpoint that lists them
        assert "enum" not in parameters["organisation_type"] and parameters["organisation_type"]["maxLength"] == 40
        assert "/api/v1/{tenant}/organisation-types" in spec["paths"]
        assert parameters["sort"]["enum"] == list(SORTS)
        assert set(parameters["objective"]["enum"]) == {"SO1", "SO2", "SO3", "SO4", "TA"}


# The page


@pytest.fixture
def signed_in_officer(client, make_user):
    _user_id, email = make_user("se", "case_officer", language="en")
    assert sign_in(client, "se", email).status_code in (302, 303)
    return email


def test_the_page_filters_sorts_pages_and_counts(client, four, signed_in_officer, monkeypatch):
    from service.work_queue import controllers

    monkeypatch.setattr(controllers, "PAGE_SIZE", 2)
    call, made, _staff, _assessor = four
    page = client.get(f"/se/applications?call_id={call['id']}&sort=submitted&order=asc")
    assert page.status_code == 200
    html = page.text
    assert "Showing 1–2 of 4" in html and 'aria-sort="ascending"' in html and "<caption" in html
    assert html.index(made["b"]["reference"]) < html.index(made["a"]["reference"])
    assert made["c"]["reference"] not in html  # on page 2
    assert "Submitted (3)" in html and "Under assessment (1)" in html
    assert 'aria-current="page"' in html and 'rel="next"' in html
    second = client.get(f"/se/applications?call_id={call['id']}&sort=submitted&order=asc&page=2")
    assert "Showing 3–4 of 4" in second.text and made["d"]["reference"] in second.text
    # a page past the last shows the last; the state filter keeps the counts of every state
    past = client.get(f"/se/applications?call_id={call['id']}&page=99&state=under_assessment")
    assert "Showing 1–1 of 1" in past.text and "Submitted (3)" in past.text and "Under assessment</td>" in past.text
    # the download links keep the filters
    links = re.findall(r'href="([^"]*/applications/export[^"]*)"', past.text)
    assert len(links) == 2 and all(
        f"call_id={call['id']}" in link and "state=under_assessment" in link for link in links
    )
    download = client.get(links[1].replace("&amp;", "&"))
    rows = _csv_rows(download.data)
    assert [row[0] for row in rows[1:]] == [made["d"]["reference"]]
    # the form: labels, "All" first (a filter), a way back to everything
    assert '<option value="">All</option>' in html and "Clear filters" in html and 'label for="q"' in html


def test_the_page_names_a_bad_filter_and_shows_no_list(client, signed_in_officer):
    page = client.get("/se/applications?submitted_from=2026-02-30&state=nonsense")
    assert page.status_code == 422
    assert 'aria-invalid="true"' in page.text and "error-summary" in page.text
    assert "<table" not in page.text
    assert client.get("/se/applications/export?format=pdf").status_code == 422


def test_the_page_of_another_tenant_and_of_an_applicant(app, client, submitted, four, signed_in_officer):
    call, made, _staff, _assessor = four
    finnish = submitted("fi")
    html = client.get("/se/applications?per_page=1000").text
    assert finnish["reference"] not in html
    assert client.get("/fi/applications").status_code in (302, 401, 404)
    # another tenant's call as the filter: nothing, in the page and in its download
    assert "<table" not in client.get(f"/se/applications?call_id={finnish['call_id']}").text
    download = client.get(f"/se/applications/export?format=csv&call_id={finnish['call_id']}")
    assert download.status_code == 200 and len(_csv_rows(download.data)) == 1
    everything = client.get("/se/applications/export?format=csv").data.decode("utf-8-sig")
    assert finnish["reference"] not in everything and made["a"]["reference"] in everything
    # the applicant's page is the list of their own applications, without the staff's filters
    theirs = app.test_client()
    assert sign_in(theirs, "se", made["a"]["applicant"]["email"]).status_code in (302, 303)
    mine = theirs.get("/se/applications")
    assert mine.status_code == 200 and made["a"]["reference"] in mine.text
    assert made["b"]["reference"] not in mine.text and "queue-filters" not in mine.text
    assert theirs.get("/se/applications/export?format=csv").status_code in (403, 404)


def test_the_number_of_queries_does_not_grow_with_the_rows(app, client, four, signed_in_officer):
    """Filtering, counting, sorting and paging happen in the database: a page of four costs what a page of one does."""
    from sqlalchemy import event

    from service.extensions import db

    call, _made, staff, _assessor = four

    def statements(url: str, **headers) -> int:
        count = 0

        def counter(*args):
            nonlocal count
            count += 1

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            assert client.get(url, headers=headers).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return count

    api = f"{QUEUE.format(code='se')}?call_id={call['id']}"
    assert statements(f"{api}&per_page=1", **staff["headers"]) == statements(f"{api}&per_page=4", **staff["headers"])
    page = f"/se/applications?call_id={call['id']}"
    assert statements(f"{page}&q=Språkcafé") == statements(page)
