"""Importing participants from CSV and XLSX as a background job: every row is checked first; only a file whose
every row is valid is written, in one transaction, de-duplicated against the register and within the file; a
refused file reports line, column and reason in the reader's language; a file that cannot be read (not UTF-8,
more than a million rows) is refused at once with one message. Nothing is ever half-imported."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from service.extensions import db
from service.jobs.models import JobRun
from service.jobs.sweeper import MAX_ATTEMPTS, sweep
from service.participants.models import ParticipantImport
from service.participants.tasks import IMPORT_JOB
from service.tenancy.model_base import utcnow
from service.tenancy.scope import tenant_scope
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
from tests.conftest import tenant_id, translated
from tests.participants_support import HETU, csv_bytes, person, run_imports, upload, xlsx_bytes


def _status(client, code, project, record, headers):
    answer = client.get(f"{api(code)}/projects/{project}/participant-imports/{record}", headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def _counts(client, code, project, headers):
    return client.get(f"{api(code)}/projects/{project}/participants/counts", headers=headers).json


def test_a_good_file_with_a_bom_and_duplicates_counts_each_person_once(app, client, claimable, applicant):
    setup = claimable("fi")
    project, mine = setup["project"]["id"], setup["beneficiary"]["headers"]
    registered = client.post(
        f"{api('fi')}/projects/{project}/participants",
        json={**person(first="Liisa", last="Korhonen", sex="woman"), "indicators": ["O.2.3.1"]},
        headers=mine,
    )
    assert registered.status_code == 201
    rows = [
        person(),  # Anna Virtanen
        person(first="ANNA", last="virtanen", started="2025-06-01", codes="O.2.3.2"),  # the same, later
        person(first="Liisa", last="Korhonen", codes="O.2.3.3"),  # registered already
        person(first="Eino", last="Mäkinen", born="1.1.2012", sex="mies", started="1.3.2025", codes="O.2.3.1, O.2.3.3"),
        person(first="Åsa", last="Lind", born="1950-05-05", sex="icke-binär", started="2025-04-01", codes="O.2.3"),
    ]
    queued = upload(client, "fi", project, mine, csv_bytes(rows, bom=True))
    assert queued.status_code == 202, queued.json
    assert queued.json["status"] == "queued"
    assert run_imports(app, "fi")
    done = _status(client, "fi", project, queued.json["id"], mine)
    assert done["status"] == "done" and done["errors"] == []
    # Five rows: Anna twice, Liisa registered before: two new rows merged, three new participants.
    assert (done["rows_done"], done["created"], done["merged"]) == (5, 3, 2)
    counts = _counts(client, "fi", project, mine)
    # Four people in O.2.3: Liisa, Anna, Eino, Åsa (aged 74 at first participation: over 60).
    assert counts["O.2.3"] == {
        "total": 4,
        "by_sex": {"woman": 2, "man": 1, "non_binary": 1},
        "by_age": {"under_18": 1, "18_60": 2, "over_60": 1},
    }
    assert counts["O.2.3.1"]["total"] == 3  # Liisa (by hand), Anna, Eino
    assert counts["O.2.3.2"]["total"] == 1 and counts["O.2.3.3"]["total"] == 2
    # The file is not kept once imported; another organisation's member never sees the import.
    stranger = applicant("fi")["headers"]
    answer = client.get(f"{api('fi')}/projects/{project}/participant-imports/{queued.json['id']}", headers=stranger)
    assert answer.status_code == 404
    # The same file again changes nothing (every person is registered with these indicators already).
    again = upload(client, "fi", project, mine, xlsx_bytes(rows), filename="deltagare.xlsx")
    assert again.status_code == 202, again.json
    run_imports(app, "fi")
    assert _status(client, "fi", project, again.json["id"], mine)["created"] == 0
    assert _counts(client, "fi", project, mine) == counts


def test_one_bad_row_imports_nothing_and_the_report_is_in_the_readers_language(app, client, claimable):
    setup = claimable("fi")
    project, mine = setup["project"]["id"], setup["beneficiary"]["headers"]
    rows = [
        person(),
        person(first="=cmd|' /C calc'!A0", last="Nieminen"),  # a formula: refused, never run
        person(first="Ville", born="2099-01-01"),
        person(first="Olli", last=f"Laine {HETU}"),
        person(first="Aino", sex="?", codes="O.1.1"),
        person(first="Kalle", born="1880-01-01"),
    ]
    queued = upload(client, "fi", project, mine, csv_bytes(rows, delimiter=",", bom=False))
    assert queued.status_code == 202, queued.json
    run_imports(app, "fi")
    for language in ("sv", "fi"):
        report = _status(client, "fi", project, queued.json["id"], {**mine, "Accept-Language": language})
        assert report["status"] == "refused" and report["created"] == 0
        problems = {(e["line"], e["column"]): e["reason"] for e in report["errors"]}
        label = translated("First name", language)
        assert problems[(3, label)] == translated(
            "The cell holds a spreadsheet formula. Write the value itself.", language
        )
        assert (4, translated("Date of birth", language)) in problems
        assert (5, translated("Last name", language)) in problems  # the identity number
        assert (6, translated("Sex", language)) in problems and (6, translated("Indicators", language)) in problems
        assert (7, translated("Date of birth", language)) in problems  # more than 120 years ago
        assert (2, label) not in problems  # the good row has no problem
    assert _counts(client, "fi", project, mine)["O.2.3"]["total"] == 0  # nothing half-imported


def test_unreadable_files_are_refused_at_once_with_one_message(app, client, claimable):
    setup = claimable("fi")
    project, mine = setup["project"]["id"], {**setup["beneficiary"]["headers"], "Accept-Language": "sv"}
    broken = csv_bytes([person(first="Åsa")], bom=False).replace("Å".encode(), b"\xc5")  # Latin-1 inside UTF-8
    answer = upload(client, "fi", project, mine, broken)
    assert answer.status_code == 422
    expected = translated("The file is not text in UTF-8. Save it as CSV UTF-8 (or as an XLSX workbook).", "sv")
    assert answer.json["errors"] == {"file": [expected]}
    missing = upload(client, "fi", project, mine, csv_bytes([["Anna", "Virtanen"]], header=["förnamn", "efternamn"]))
    assert missing.status_code == 422 and "file" in missing.json["errors"]
    assert upload(client, "fi", project, mine, b"PK\x03\x04 not a workbook").status_code == 422
    assert upload(client, "fi", project, mine, b"").status_code == 422

    def lines():  # generated lazily: a header and 1 000 001 rows, one more than the limit
        yield "förnamn;efternamn;födelsedatum;kön;första deltagande;indikatorer\n"
        row = "A;B;1990-01-01;k;2025-03-01;O.2.3\n"
        for _ in range(100_000):
            yield row * 10
        yield row

    big = io.BytesIO()
    for chunk in lines():
        big.write(chunk.encode())
    too_many = upload(client, "fi", project, mine, big.getvalue())
    assert too_many.status_code == 422, too_many.json
    limit = translated("The file has more than %(limit)s rows. Split it into smaller files.", "sv")
    assert too_many.json["errors"]["file"] == [limit % {"limit": "1\xa0000\xa0000"}]
    assert client.get(f"{api('fi')}/projects/{project}/participants", headers=mine).json["total"] == 0


def test_an_import_failing_on_every_attempt_is_refused_with_the_reason_and_its_file_erased(
    app, client, claimable, monkeypatch
):
    """The job fails while writing (here: the write itself raises, as a lost database connection would): the
    import shows "interrupted" while the queue will try again, nothing written; after the last attempt
    (service.jobs.sweeper.MAX_ATTEMPTS) it is refused with that reason and the file is not kept."""
    import pytest
    from sqlalchemy import update

    from service.extensions import db
    from service.jobs.models import JobRun
    from service.jobs.sweeper import MAX_ATTEMPTS
    from service.participants import bulk
    from service.participants.models import ParticipantImport
    from service.tenancy.scope import tenant_scope
    from tests.conftest import tenant_id

    setup = claimable("fi")
    project, mine = setup["project"]["id"], {**setup["beneficiary"]["headers"], "Accept-Language": "sv"}
    queued = upload(client, "fi", project, mine, csv_bytes([person()]))
    assert queued.status_code == 202, queued.json

    def lost(*args, **kwargs):
        raise RuntimeError("server closed the connection unexpectedly")

    monkeypatch.setattr(bulk, "write", lost)
    with pytest.raises(RuntimeError):
        run_imports(app, "fi")
    interrupted = _status(client, "fi", project, queued.json["id"], mine)
    assert (interrupted["status"], interrupted["created"]) == ("failed", 0)
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        record = db.session.get(ParticipantImport, queued.json["id"])
        assert record.content  # kept for the next attempt
        # The attempts before the last one failed alike.
        db.session.execute(update(JobRun).where(JobRun.name == "participants.import").values(attempts=MAX_ATTEMPTS - 1))
        db.session.commit()
    with pytest.raises(RuntimeError):
        run_imports(app, "fi")
    refused = _status(client, "fi", project, queued.json["id"], mine)
    assert refused["status"] == "refused" and refused["created"] == 0
    reason = translated(
        "The import failed %(count)s times, so nothing was imported and the file was deleted. Upload it again; "
        "if it fails again, tell the managing authority.",
        "sv",
    )
    assert refused["errors"] == [{"line": None, "column": None, "reason": reason % {"count": MAX_ATTEMPTS}}]
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        assert db.session.get(ParticipantImport, queued.json["id"]).content is None
    assert _counts(client, "fi", project, mine)["O.2.3"]["total"] == 0
    run_imports(app, "fi")  # a stray retry of the spent run changes nothing
    assert _status(client, "fi", project, queued.json["id"], mine) == refused


def test_an_import_whose_process_died_at_every_attempt_is_refused_and_its_file_erased(app, client, claimable):
    """The job's own handling never runs when its process is killed; the sweeper gives the run up after the last
    attempt and settles the import (service.jobs.queue.job on_given_up): refused with that reason, no file kept."""
    setup = claimable("fi")
    project, mine = setup["project"]["id"], setup["beneficiary"]["headers"]
    queued = upload(client, "fi", project, mine, csv_bytes([person()]))
    assert queued.status_code == 202, queued.json
    record_id = queued.json["id"]
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        run = db.session.scalar(
            select(JobRun).where(JobRun.name == IMPORT_JOB, JobRun.arguments["import_id"].as_integer() == record_id)
        )
        # As a worker killed during its last attempt leaves it: running, its lease expired, every attempt spent.
        run.status, run.attempts, run.lease_until = "running", MAX_ATTEMPTS, utcnow() - timedelta(minutes=5)
        db.session.get(ParticipantImport, record_id).status = "writing"
        db.session.commit()
        run_id = run.id
    assert run_id in sweep(app).given_up
    status = client.get(
        f"{api('fi')}/projects/{project}/participant-imports/{record_id}",
        headers={**mine, "Accept-Language": "sv"},
    ).json
    assert status["status"] == "refused"
    assert len(status["errors"]) == 1 and status["errors"][0]["line"] is None
    assert status["errors"][0]["reason"] == translated(
        "The import failed %(count)s times, so nothing was imported and the file was deleted. Upload it again; "
        "if it fails again, tell the managing authority.",
        "sv",
    ) % {"count": MAX_ATTEMPTS}
    with app.app_context(), tenant_scope(tenant_id(app, "fi")):
        assert db.session.get(ParticipantImport, record_id).content is None  # the personal data is not kept
