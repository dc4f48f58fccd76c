"""The staff lists of projects, claims and progress reports on the embedded default (SQLite, `make run`): each
state rule, the search, the sorting, the counts and the downloads run in SQLite's SQL too, on the demo tenants
(the PostgreSQL tests: tests/test_staff_lists.py, tests/test_staff_list_states.py)."""

from __future__ import annotations

import pytest

from service.work_queue import claim_list, project_list, report_list
from tests.conftest import bearer
from tests.test_embedded_sqlite import embedded  # noqa: F401 - fixture

LISTS = {"projects": project_list.STATES, "claims": claim_list.STATES, "reports": report_list.STATES}


def _token(app, email: str) -> str:
    return app.test_cli_runner().invoke(args=["tokens", "create", "--email", email]).output.strip().splitlines()[-1]


@pytest.mark.parametrize("code, email", [("se", "handlaggare@se.demo"), ("fi", "kasittelija@fi.demo")])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_each_staff_list_runs_on_sqlite(embedded, name, code, email):  # noqa: F811
    client = embedded.test_client()
    headers = bearer(_token(embedded, email))
    every = client.get(f"/api/v1/{code}/{name}?per_page=500", headers=headers)
    assert every.status_code == 200, every.json
    assert every.json, f"the {code} demo has {name}"
    states = [row["state"] for row in every.json]
    assert set(states) <= set(LISTS[name])
    assert every.headers["X-Total-Count"] == str(len(every.json))
    for state in set(states):  # the state filter and the counts agree with the rows' states
        only = client.get(f"/api/v1/{code}/{name}?state={state}&per_page=500", headers=headers)
        assert only.status_code == 200 and {row["state"] for row in only.json} == {state}
        assert len(only.json) == states.count(state)
    by_reference = client.get(f"/api/v1/{code}/{name}?sort=reference&order=desc&per_page=500", headers=headers).json
    references = [row["reference"] for row in by_reference]
    assert references == sorted(references, reverse=True)
    first = every.json[0]["reference"]
    found = client.get(f"/api/v1/{code}/{name}?q={first.lower()}&per_page=500", headers=headers).json
    assert first in [row["reference"] for row in found]  # the search folds case on SQLite too
    for kind, mimetype in (("csv", "text/csv"), ("xlsx", "spreadsheetml")):
        download = client.get(f"/api/v1/{code}/{name}/export?format={kind}", headers=headers)
        assert download.status_code == 200 and mimetype in download.mimetype
    assert client.get(f"/api/v1/{'fi' if code == 'se' else 'se'}/{name}", headers=headers).status_code == 404
