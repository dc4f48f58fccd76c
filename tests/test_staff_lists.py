"""The MA staff's lists of projects, claims and progress reports (service.work_queue.lists): filters, search,
sorting, paging and counts per state in the API and on the pages, the downloads, bad values (422), tenant
isolation, and the applicants' lists left as they were."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.claims_support import (  # noqa: F401 - fixtures
    add_line,
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    open_claim,
    organisation,
    person_of,
    ready_to_score,
    submit,
    verify_all,
)
from tests.conftest import sign_in, tenant_id, translated
from tests.reports_support import complete, create_reports, report_url, reportable  # noqa: F401
from tests.reports_support import submit as submit_report
from tests.staff_lists_support import LISTS, arrange, ids, listed

PROJECT, ORGANISATION = "service.projects.models.Project", "service.organisations.models.Organisation"
LINE = {"category": "travel", "description": "Resa", "expense_date": "2025-02-01", "amount": "2 000,00"}


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))


@pytest.fixture
def estate(app, client, claimable, reportable):
    """Two Swedish projects (A with reports, one accepted, and a verified claim; B with a draft claim) and a
    Finnish one with a claim and reports. Names carry a tag, so ``q=tag`` is this test's rows only."""
    tag = uuid.uuid4().hex[:6]
    a, b, fi = reportable("se"), claimable("se"), claimable("fi")
    plan = {
        "a": (a, f"Språkcafé för alla {tag}", f"Östra Föreningen {tag}", "ngo", "SO2", date(2025, 1, 1)),
        "b": (b, f"Zebra 100% {tag}", f"Kommunen {tag}", "regional_or_local_authority", "SO1", date(2025, 3, 1)),
    }
    claim_a = open_claim(client, "se", a)
    claim_a = add_line(client, "se", a, claim_a, LINE)
    assert submit(client, "se", a, claim_a).status_code == 201
    verify_all(client, "se", a, client.get(f"{api('se')}/claims/{claim_a['id']}", headers=a["officer"]["headers"]).json)
    claim_b = open_claim(client, "se", b)
    claim_fi = open_claim(client, "fi", fi)
    reports = create_reports(client, "se", a)
    complete(client, "se", a, reports[0])
    assert submit_report(client, "se", a, reports[0]).status_code == 201
    assert (
        client.post(f"{report_url('se', reports[0])}/accept", json={}, headers=a["officer"]["headers"]).status_code
        == 200
    )
    fi_reports = create_reports(client, "fi", fi)
    for setup, title, name, kind, objective, start in plan.values():
        project = setup["project"]
        arrange(app, "se", PROJECT, project["id"], title=title, specific_objective=objective, project_start=start)
        arrange(app, "se", ORGANISATION, project["organisation_id"], name=name, organisation_type=kind)
    return {
        "tag": tag,
        "a": a,
        "b": b,
        "fi": fi,
        "claims": {"a": claim_a, "b": claim_b, "fi": claim_fi},
        "reports": reports,
        "fi_reports": fi_reports,
    }


def test_the_projects_list_filters_searches_sorts_pages_and_counts(app, client, estate):
    from service.tenancy.scope import tenant_scope
    from service.work_queue.engine import counts_of
    from service.work_queue.project_list import PROJECTS
    from service.work_queue.query import ListQuery

    tag, h = estate["tag"], estate["a"]["officer"]["headers"]
    a, b = estate["a"]["project"], estate["b"]["project"]

    def found(**args) -> list[int]:
        return ids(listed(client, "se", "projects", h, q=args.pop("q", tag), **args))

    assert sorted(found()) == sorted([a["id"], b["id"]])
    assert found(q=f"SPRÅKCAFÉ FÖR ALLA {tag.upper()}") == [a["id"]] and found(q=f"östra föreningen {tag}") == [a["id"]]
    assert found(q=b["reference"].lower()) == [b["id"]]
    assert found(q=f"100% {tag}") == [b["id"]] and found(q="_") == []  # % and _ are characters, not wildcards
    assert found(call_id=a["call_id"]) == [a["id"]]
    assert found(organisation_type="regional_or_local_authority") == [b["id"]]
    assert found(objective="SO2") == [a["id"]]
    assert found(start_from="2025-02-01") == [b["id"]] and found(start_to="2025-01-31") == [a["id"]]
    assert sorted(found(state="running")) == sorted([a["id"], b["id"]]) and found(state="cancelled") == []
    assert found(sort="title", order="asc") == [a["id"], b["id"]]
    assert found(sort="organisation", order="asc") == [b["id"], a["id"]]  # K before Ö
    assert found(sort="start", order="asc") == [a["id"], b["id"]] and found() == [b["id"], a["id"]]  # newest first
    first = listed(client, "se", "projects", h, q=tag, sort="title", order="asc", per_page=1)
    assert ids(first) == [a["id"]] and first.headers["X-Total-Count"] == "2" and first.headers["X-Page"] == "1"
    links = {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', first.headers["Link"])}
    assert set(links) == {"first", "next", "last"} and f"q={tag}" in links["next"] and "page=2" in links["next"]
    assert ids(client.get(links["next"], headers=h)) == [b["id"]]
    past = listed(client, "se", "projects", h, q=tag, per_page=1, page=3)
    assert past.json == [] and past.headers["X-Total-Count"] == "2"
    [row] = listed(client, "se", "projects", h, q=f"Språkcafé för alla {tag}").json
    assert row["state"] == "running" and row["current_version"] == 1 and row["specific_objective"] == "SO2"
    with app.test_request_context(), tenant_scope(tenant_id(app, "se")):
        counts = counts_of(PROJECTS.spec, ListQuery(filters={"call_id": a["call_id"], "state": "ended"}))
    assert counts == {"not_started": 0, "running": 1, "ended": 0, "closed": 0, "cancelled": 0}
    # another tenant's projects never appear, nor does its call filter anything in
    fi = estate["fi"]["project"]
    assert fi["id"] not in ids(listed(client, "se", "projects", h, per_page=500))
    assert found(q="", call_id=fi["call_id"]) == [] and found(q=fi["reference"]) == []


def test_the_claims_list_filters_by_state_verifier_and_submission(client, estate):
    tag, h = estate["tag"], estate["a"]["officer"]["headers"]
    claims, a, b = estate["claims"], estate["a"], estate["b"]
    ca, cb = claims["a"]["id"], claims["b"]["id"]

    def found(**args) -> list[int]:
        return ids(listed(client, "se", "claims", h, q=args.pop("q", tag), **args))

    assert sorted(found()) == sorted([ca, cb])
    assert found(q=claims["a"]["reference"]) == [ca] and found(q=f"zebra 100% {tag}") == [cb]
    assert found(state="verified") == [ca] and found(state="draft") == [cb] and found(state="paid") == []
    assert found(verifier_id=a["officer"]["id"]) == [ca] and found(verifier_id=b["officer"]["id"]) == []
    assert found(call_id=b["project"]["call_id"]) == [cb]
    assert found(organisation_type="ngo") == [ca] and found(objective="SO1") == [cb]
    today = date.today()
    assert found(submitted_from=(today - timedelta(days=1)).isoformat()) == [ca]
    assert found(submitted_to=(today - timedelta(days=2)).isoformat()) == []
    assert found(sort="submitted", order="asc") == [ca, cb]  # a draft was never submitted: last
    assert found(sort="reference", order="asc") == sorted(
        [ca, cb], key=lambda i: claims["a" if i == ca else "b"]["reference"]
    )
    rows = {row["id"]: row for row in listed(client, "se", "claims", h, q=tag).json}
    assert rows[ca]["state"] == "verified" and rows[ca]["verified_by"] == a["officer"]["id"]
    assert rows[cb]["state"] == "draft" and rows[cb]["submitted_at"] is None
    first = listed(client, "se", "claims", h, q=tag, per_page=1)
    assert first.headers["X-Total-Count"] == "2" and 'rel="next"' in first.headers["Link"]
    fi = claims["fi"]
    assert fi["id"] not in ids(listed(client, "se", "claims", h, per_page=500))
    assert found(q="", call_id=estate["fi"]["project"]["call_id"]) == []
    assert found(q="", verifier_id=estate["fi"]["officer"]["id"]) == []


def test_the_reports_list_filters_by_state_reviewer_and_due_day(app, client, estate):
    from service.reports.operations import overdue_reports
    from service.tenancy.scope import tenant_scope

    tag, h = estate["tag"], estate["a"]["officer"]["headers"]
    reports, officer = estate["reports"], estate["a"]["officer"]
    mine = {r["id"] for r in reports}
    with app.test_request_context(), tenant_scope(tenant_id(app, "se")):
        overdue = {r.id for r in overdue_reports()} & mine

    def found(**args) -> list[int]:
        return ids(listed(client, "se", "reports", h, q=args.pop("q", tag), **args))

    everything = found(per_page=500)
    assert set(everything) == mine
    dues = [r["due_on"] for r in sorted(reports, key=lambda r: r["id"])]
    assert [{r["id"]: r["due_on"] for r in reports}[i] for i in everything] == sorted(dues)  # due, earliest first
    assert found(state="accepted") == [reports[0]["id"]] and set(found(state="overdue")) == overdue
    assert found(reviewer_id=officer["id"]) == [reports[0]["id"]]
    assert found(due_to=reports[0]["due_on"]) == [reports[0]["id"]]
    assert set(found(due_from=reports[1]["due_on"], per_page=500)) == mine - {reports[0]["id"]}
    assert found(call_id=estate["b"]["project"]["call_id"]) == [] and found(organisation_type="ngo", per_page=500)
    answer = listed(client, "se", "reports", h, q=tag, state="overdue", per_page=1)
    assert answer.headers["X-Total-Count"] == str(len(overdue)) and answer.json[0]["overdue"] is True
    assert answer.json[0]["state"] == "overdue"
    fi_ids = {r["id"] for r in estate["fi_reports"]}
    assert not fi_ids & set(ids(listed(client, "se", "reports", h, per_page=500)))
    assert found(q="", call_id=estate["fi"]["project"]["call_id"]) == []


def test_the_downloads_hold_the_filtered_lists(client, estate):
    tag, h = estate["tag"], estate["a"]["officer"]["headers"]
    claims = estate["claims"]
    args = {"q": tag, "sort": "reference", "order": "asc"}
    answer = client.get("/api/v1/se/claims/export", query_string={**args, "format": "csv"}, headers=h)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    assert "no-store" in answer.headers["Cache-Control"]
    rows = _csv_rows(answer.data)
    # the officer reads Swedish (the tenant's language)
    assert rows[0][:3] == [translated(text, "sv") for text in ("Reference", "Project", "Status")]
    verified, draft = (translated(text, "sv") for text in ("Verified, payment to prepare", "Draft"))
    expected = sorted([(claims["a"]["reference"], verified), (claims["b"]["reference"], draft)])
    assert [(row[0], row[2]) for row in rows[1:]] == expected
    workbook = client.get("/api/v1/se/projects/export", query_string={**args, "format": "xlsx"}, headers=h)
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.data)).active
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(values) if row and row[0] == translated("Reference", "sv"))
    body = [row for row in values[header + 1 :] if row and row[0]]
    assert sorted(row[0] for row in body) == sorted(
        [estate["a"]["project"]["reference"], estate["b"]["project"]["reference"]]
    )
    assert {row[2] for row in body} == {translated("Running", "sv")} and {row[1] for row in body} == {
        f"Språkcafé för alla {tag}",
        f"Zebra 100% {tag}",
    }
    again = client.get("/api/v1/se/projects/export", query_string={**args, "format": "xlsx"}, headers=h)
    assert again.data == workbook.data  # reproducible
    reports = client.get(
        "/api/v1/se/reports/export", query_string={"q": tag, "state": "accepted", "format": "csv"}, headers=h
    )
    assert [row[0] for row in _csv_rows(reports.data)[1:]] == [estate["reports"][0]["reference"]]
    everything = client.get("/api/v1/se/claims/export?format=csv", headers=h).data.decode("utf-8-sig")
    assert claims["fi"]["reference"] not in everything and claims["a"]["reference"] in everything


def test_applicants_keep_their_own_lists_and_cannot_read_the_queues(client, estate):
    person = estate["a"]["beneficiary"]
    mine = client.get("/api/v1/se/projects?state=cancelled", headers=person["headers"])
    assert ids(mine) == [estate["a"]["project"]["id"]] and "state" not in mine.json[0]
    assert "X-Total-Count" not in mine.headers
    for url in ("/claims", "/reports", "/projects/export", "/claims/export", "/reports/export"):
        assert client.get(f"/api/v1/se{url}", headers=person["headers"]).status_code in (403, 404), url
    # a Swedish officer's token is nothing in Finland
    for url in LISTS.values():
        assert client.get(url.format(code="fi"), headers=estate["a"]["officer"]["headers"]).status_code in (401, 404)


BAD = [
    ({"state": "waiting"}, "state"),
    ({"call_id": "-1"}, "call_id"),
    ({"call_id": "99999999999999999999"}, "call_id"),
    ({"page": "0"}, "page"),
    ({"per_page": "501"}, "per_page"),
    ({"sort": "amount"}, "sort"),
    ({"order": "up"}, "order"),
    ({"q": "a\x00b"}, "q"),
    ({"q": "x" * 201}, "q"),
    ({"objective": "SO9"}, "objective"),
    ({"organisation_type": "club"}, "organisation_type"),
]
PERSON_AND_PERIOD = {
    "projects": [
        ({"start_from": "2026-13-01"}, "start_from"),
        ({"start_from": "2026-05-02", "start_to": "2026-05-01"}, "start_to"),
    ],
    "claims": [({"verifier_id": "0"}, "verifier_id"), ({"submitted_to": "1999-12-31"}, "submitted_to")],
    "reports": [
        ({"reviewer_id": "1.5"}, "reviewer_id"),
        ({"due_from": "2026-05-02", "due_to": "2026-05-01"}, "due_to"),
    ],
}


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_bad_values_are_422_in_the_readers_language(client, person_of, kind):
    officer = person_of("se", "case_officer")
    headers = {**officer["headers"], "Accept-Language": "sv"}
    base = LISTS[kind].format(code="se")
    for args, field in BAD + PERSON_AND_PERIOD[kind]:
        for url in (base, f"{base}/export"):
            answer = client.get(url, query_string=args, headers=headers)
            assert answer.status_code == 422, (url, args, answer.status_code)
            assert list(answer.json["errors"]) == [field], (url, args)
    wrong = client.get(f"{base}/export?format=pdf", headers=headers)
    assert wrong.status_code == 422 and wrong.json["errors"]["format"] == [
        translated("Choose the format xlsx or csv.", "sv")
    ]


def test_the_openapi_document_names_every_parameter(client):
    from service.api.fields import DAY_PATTERN, DAY_REF, MAX_SEARCH, SEARCH_REF
    from service.work_queue.claim_list import CLAIMS
    from service.work_queue.project_list import PROJECTS
    from service.work_queue.report_list import REPORTS

    spec = client.get("/api/v1/openapi.json").json
    day, search = spec["components"]["schemas"]["Day"], spec["components"]["schemas"]["SearchWords"]
    assert {key: day[key] for key in ("type", "format", "pattern")} == {
        "type": "string",
        "format": "date",
        "pattern": DAY_PATTERN,
    }
    assert search == {"type": "string", "maxLength": MAX_SEARCH, "pattern": "^[^\\u0000-\\u001f\\u007f]*$"}
    applications = spec["paths"]["/api/v1/{tenant}/applications"]["get"]["parameters"]
    # The applications' queue and its download state the same days and words (hand-written in their docstrings).
    for operation in ("/api/v1/{tenant}/applications", "/api/v1/{tenant}/applications/export"):
        stated = {p["name"]: p["schema"] for p in spec["paths"][operation]["get"]["parameters"]}
        assert stated["submitted_from"] == stated["submitted_to"] == {"$ref": DAY_REF}
        assert stated["q"] == {"$ref": SEARCH_REF}
    [organisation_type] = [p["schema"] for p in applications if p["name"] == "organisation_type"]
    for path, staff in (("projects", PROJECTS), ("claims", CLAIMS), ("reports", REPORTS)):
        for suffix in ("", "/export"):
            operation = spec["paths"][f"/api/v1/{{tenant}}/{path}{suffix}"]["get"]
            parameters = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
            assert parameters["state"]["enum"] == list(staff.spec.states)
            assert parameters["sort"]["enum"] == list(staff.schema().fields["sort"].validate.choices)
            assert parameters["organisation_type"] == organisation_type  # as the applications' queue says it
            assert set(parameters["objective"]["enum"]) == {"SO1", "SO2", "SO3", "SO4", "TA"}
            # A day of the years the lists read (service.work_queue.query.Day), stated once: components/schemas/Day.
            assert parameters[f"{staff.period[0]}_from"] == parameters[f"{staff.period[0]}_to"] == {"$ref": DAY_REF}
            assert parameters["q"] == {"$ref": SEARCH_REF}
            if staff.person:
                assert parameters[staff.person[0]]["type"] == "integer"
            assert ("per_page" in parameters) == (suffix == "") and ("format" in parameters) == (suffix != "")
            assert set(staff.schema().fields) - {"format", "per_page", "page"} <= set(parameters)


# The pages


def test_the_pages_filter_count_page_and_download(client, estate, make_user, monkeypatch):
    from service.work_queue import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 1)
    tag, claims = estate["tag"], estate["claims"]
    _user_id, email = make_user("se", "case_officer", language="en")
    assert sign_in(client, "se", email).status_code in (302, 303)
    page = client.get(f"/se/projects?q={tag}&sort=title&order=asc")
    assert page.status_code == 200
    html = page.text
    assert "Showing 1–1 of 2" in html and 'aria-sort="ascending"' in html and "Running (2)" in html
    assert "Språkcafé för alla" in html and f"Zebra 100% {tag}" not in html and 'rel="next"' in html
    claims_page = client.get(f"/se/claims?q={tag}&state=verified&page=9")
    assert claims_page.status_code == 200 and "Showing 1–1 of 1" in claims_page.text
    assert claims["a"]["reference"] in claims_page.text and "Draft (1)" in claims_page.text
    links = re.findall(r'href="([^"]*/claims/export[^"]*)"', claims_page.text)
    assert len(links) == 2 and all(f"q={tag}" in link and "state=verified" in link for link in links)
    rows = _csv_rows(client.get(links[1].replace("&amp;", "&")).data)
    assert [row[0] for row in rows[1:]] == [claims["a"]["reference"]]
    reports = client.get(f"/se/reports?q={tag}&state=accepted")
    assert reports.status_code == 200 and estate["reports"][0]["reference"] in reports.text
    assert "Accepted (1)" in reports.text and 'data-state="accepted"' in reports.text
    # a bad filter: the form again, the reason, no list
    bad = client.get("/se/reports?due_from=2026-02-30&state=nonsense")
    assert bad.status_code == 422 and "error-summary" in bad.text and "<table" not in bad.text
    assert client.get("/se/claims/export?format=pdf").status_code == 422
    # another tenant's call as the filter: nothing
    fi_call = estate["fi"]["project"]["call_id"]
    assert "<table" not in client.get(f"/se/projects?call_id={fi_call}").text
    assert estate["claims"]["fi"]["reference"] not in client.get("/se/claims/export?format=csv").data.decode(
        "utf-8-sig"
    )
    assert client.get("/fi/reports").status_code in (302, 401, 404)


def test_the_applicants_pages_stay_their_own(app, client, estate):
    theirs = app.test_client()
    person = estate["b"]["beneficiary"]
    assert sign_in(theirs, "se", person["email"]).status_code in (302, 303)
    mine = theirs.get("/se/claims")
    assert mine.status_code == 200 and "queue-filters" not in mine.text
    assert estate["claims"]["b"]["reference"] in mine.text and estate["claims"]["a"]["reference"] not in mine.text
    projects = theirs.get("/se/projects")
    assert projects.status_code == 200 and "queue-filters" not in projects.text
    assert (
        estate["b"]["project"]["reference"] in projects.text
        and estate["a"]["project"]["reference"] not in projects.text
    )
    for url in ("/se/reports", "/se/reports/export", "/se/claims/export", "/se/projects/export"):
        assert theirs.get(url).status_code in (403, 404), url


def test_the_number_of_queries_does_not_grow_with_the_rows(app, client, estate, make_user):
    """Filtering, counting, sorting and paging happen in the database; each page's related rows (projects, calls,
    organisations, submissions) are read in one query per kind: a page of several rows costs what one does."""
    from sqlalchemy import event

    from service.extensions import db

    tag, h = estate["tag"], estate["a"]["officer"]["headers"]

    def statements(url: str, **headers) -> int:
        count = 0

        def counter(*args):
            nonlocal count
            count += 1

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            assert client.get(url, headers=headers).status_code == 200, url
        finally:
            event.remove(engine, "before_cursor_execute", counter)
        return count

    for kind in LISTS:
        url = f"{LISTS[kind].format(code='se')}?q={tag}"
        assert statements(f"{url}&per_page=1", **h) == statements(f"{url}&per_page=2", **h), kind
    _user_id, email = make_user("se", "case_officer", language="en")
    assert sign_in(client, "se", email).status_code in (302, 303)
    assert statements(f"/se/claims?q={tag}&state=verified") == statements(f"/se/claims?q={tag}")
    assert statements(f"/se/reports?q={tag}&state=accepted") == statements(f"/se/reports?q={tag}")
    assert statements(f"/se/projects?q={tag}&objective=SO2") == statements(f"/se/projects?q={tag}")


def test_the_auditor_reads_the_lists_and_their_downloads_and_the_committee_does_not(
    client, estate, make_user, person_of
):
    """Auditors read everything of their tenant (issue 15): the staff lists have no actions, so they read them whole,
    page and API, with the downloads; the committee keeps its own lists."""
    tag = estate["tag"]
    for role, allowed in (("auditor", True), ("committee", False)):
        _user_id, email = make_user("se", role, language="en")
        reader = client.application.test_client()
        assert sign_in(reader, "se", email).status_code in (302, 303)
        for name in ("claims", "reports"):
            page = reader.get(f"/se/{name}?q={tag}")
            download = reader.get(f"/se/{name}/export?format=csv&q={tag}")
            if allowed:
                assert page.status_code == 200 and "<table" in page.text, name
                assert download.status_code == 200 and tag in download.data.decode("utf-8-sig"), name
            else:
                assert page.status_code in (403, 404) or "state-counts" not in page.text, name
                assert download.status_code in (403, 404), name
    headers = person_of("se", "auditor")["headers"]
    for url in LISTS.values():
        answer = client.get(url.format(code="se") + f"?q={tag}", headers=headers)
        assert answer.status_code == 200 and answer.json and "state" in answer.json[0], url
    assert client.get(LISTS["claims"].format(code="fi"), headers=headers).status_code == 404
