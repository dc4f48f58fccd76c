"""The participant register's API: the beneficiary registers, MA staff and auditors read rows (auditors never a
child's), the committee reads counts only; another tenant's or organisation's project, participant or export is
404 and never listed; impossible input is refused in the caller's language and changes nothing."""

from __future__ import annotations

import csv
import io

from tests.claims_support import (  # noqa: F401 - fixtures
    admin_headers,
    api,
    applicant,
    assessed,
    claimable,
    open_call,
    organisation,
    person_of,
    ready_to_score,
)
from tests.conftest import translated
from tests.participants_support import HETU, PERSONNUMMER, person


def _body(**given) -> dict:
    row = person(**{k: v for k, v in given.items() if k != "indicators"})
    row["indicators"] = given.get("indicators", ["O.2.3.1"])
    return row


def test_registered_once_counted_by_sex_and_age_and_read_by_role(app, client, claimable, person_of):
    setup = claimable("fi")
    project = setup["project"]["id"]
    base = f"{api('fi')}/projects/{project}/participants"
    mine = setup["beneficiary"]["headers"]
    first = client.post(base, json=_body(), headers=mine)
    assert first.status_code == 201, first.json
    assert first.json["created"] and first.json["age_band"] == "18_60"
    assert "first_name" not in first.json and len(first.json["person"]) == 10
    # The same person typed differently, in another course: the same participant, one more indicator (200).
    again = client.post(base, json=_body(first=" anna ", last="VIRTANEN", indicators=["O.2.3.2"]), headers=mine)
    assert again.status_code == 200 and again.json["id"] == first.json["id"]
    assert again.json["indicators"] == ["O.2.3", "O.2.3.1", "O.2.3.2"]
    # A child: 13 at first participation (born 2012-01-01, first participation 2025-03-01).
    child = client.post(base, json=_body(first="Eino", born="2012-01-01", sex="man"), headers=mine)
    assert child.status_code == 201 and child.json["child"] and child.json["age_band"] == "under_18"

    counts = client.get(f"{base}/counts", headers=mine).json
    # Two people in O.2.3 (the parent of both "of which" indicators), one of them in O.2.3.2.
    assert counts["O.2.3"] == {
        "total": 2,
        "by_sex": {"woman": 1, "man": 1, "non_binary": 0},
        "by_age": {"under_18": 1, "18_60": 1, "over_60": 0},
    }
    assert counts["O.2.3.1"]["total"] == 2 and counts["O.2.3.2"]["total"] == 1 and counts["O.2.3.3"]["total"] == 0

    officer = setup["officer"]["headers"]
    listed = client.get(base, headers=officer).json
    assert listed["total"] == 2 and listed["children_withheld"] == 0
    auditor = person_of("fi", "auditor")["headers"]
    audited = client.get(base, headers=auditor).json
    assert audited["total"] == 1 and audited["children_withheld"] == 1  # the child's row is not the auditor's
    assert client.get(f"{base}/{child.json['id']}", headers=auditor).status_code == 404
    assert client.get(f"{base}/{child.json['id']}", headers=officer).status_code == 200
    committee = person_of("fi", "committee")["headers"]
    assert client.get(base, headers=committee).status_code == 404  # counts only
    assert client.get(f"{base}/counts", headers=committee).json["O.2.3"]["total"] == 2
    assert client.post(base, json=_body(first="Mika"), headers=officer).status_code == 403  # staff never register

    # Downloads: the counts for every reader, the rows for MA staff only, never a name.
    counts_csv = client.get(f"{base}/export?format=csv", headers=committee)
    assert counts_csv.status_code == 200
    table = list(csv.reader(io.StringIO(counts_csv.text.lstrip("\ufeff")), delimiter=";"))
    assert any(row[:2] == ["O.2.3", "2"] for row in table), table
    assert client.get(f"{base}/export?format=csv&table=rows", headers=mine).status_code == 404
    rows_xlsx = client.get(f"{base}/export?format=xlsx&table=rows", headers=officer)
    assert rows_xlsx.status_code == 200 and b"Virtanen" not in rows_xlsx.data
    assert client.get(f"{base}/export?format=pdf", headers=officer).status_code == 422


def test_another_tenant_or_organisation_never_sees_the_register(app, client, claimable, applicant, person_of):
    setup = claimable("fi")
    project = setup["project"]["id"]
    base = f"{api('fi')}/projects/{project}/participants"
    made = client.post(base, json=_body(), headers=setup["beneficiary"]["headers"])
    assert made.status_code == 201
    stranger = applicant("fi", language="sv")["headers"]  # a member of another organisation
    swedish_officer = person_of("se", "case_officer")["headers"]
    for headers, prefix in ((stranger, api("fi")), (swedish_officer, api("se"))):
        other = f"{prefix}/projects/{project}/participants"
        for url in (other, f"{other}/counts", f"{other}/{made.json['id']}", f"{other}/export?format=csv"):
            assert client.get(url, headers=headers).status_code == 404, url
    assert client.post(base, json=_body(first="Ville"), headers=stranger).status_code == 404
    # The Swedish officer's own projects list nothing of this one, and the stranger's rows list is not reachable.
    assert client.get(f"{api('fi')}/projects/{project}/participants", headers=swedish_officer).status_code == 404


def test_impossible_input_is_refused_in_the_callers_language_and_changes_nothing(app, client, claimable):
    setup = claimable("fi")
    base = f"{api('fi')}/projects/{setup['project']['id']}/participants"
    mine = {**setup["beneficiary"]["headers"], "Accept-Language": "fi"}
    bad = [
        (_body(born="2099-01-01"), "date_of_birth", "The date of birth cannot be in the future."),
        (_body(born="1880-01-01"), "date_of_birth", None),  # above 120 years
        (_body(born="1990-02-30"), "date_of_birth", None),  # no such day
        (_body(started="2030-01-01"), "first_participation", "The first participation cannot be in the future."),
        (_body(first=f"Anna {HETU}"), "first_name", None),
        (_body(last=PERSONNUMMER), "last_name", None),
        (_body(sex="unknown"), "sex", None),
        (_body(indicators=["O.1.1"]), "indicators", None),
        (_body(indicators=[]), "indicators", None),
        ({**_body(), "date_of_birth": 19900402}, "date_of_birth", None),
    ]
    for body, field, message in bad:
        answer = client.post(base, json=body, headers=mine)
        assert answer.status_code == 422, (body, answer.json)
        assert field in answer.json["errors"], (body, answer.json)
        if message:
            assert answer.json["errors"][field] == [translated(message, "fi")]
    assert client.get(f"{base}/counts", headers=mine).json["O.2.3"]["total"] == 0
    assert client.get(base, headers=setup["officer"]["headers"]).json["total"] == 0
