"""The Commission's consolidated export killed mid-way (issue 14): a real ``amif worker`` is killed with SIGKILL
while the export's files are written but not yet stored; the run stays without a file, the sweeper hands the job
over again once its lease has expired, a new worker builds it, and the run has one file per format, the same bytes
as an export of the same day built without a fault."""

from __future__ import annotations

from sqlalchemy import func, select, text

from service.accounts.models import PlatformUser
from service.accounts.operations import create_platform_user
from service.accounts.tokens import create_token
from service.consolidated.models import ConsolidatedExport, ConsolidatedFile
from service.extensions import db
from service.tenancy.scope import platform_scope
from tests.conftest import bearer
from tests.consolidated_support import run_platform_jobs
from tests.faults import processes
from tests.faults.servers import wait_until
from tests.faults.support import backends_waiting_for_a_lock

URL = "/api/v1/commission/consolidated-exports"
AS_OF = "2026-11-30"


def _commission(app) -> dict:
    with app.app_context(), platform_scope():
        person = db.session.scalar(select(PlatformUser).where(PlatformUser.email == "desk@faults.test"))
        if person is None:
            person = create_platform_user(
                email="desk@faults.test", role="commission", name="Desk", password="a long enough password 2026"
            )
        secret = create_token(person)
        db.session.commit()
        return bearer(secret)


def _export(app, export_id: int) -> tuple[str, int, dict[str, str]]:
    with app.app_context(), platform_scope():
        export = db.session.get(ConsolidatedExport, export_id)
        files = db.session.execute(
            select(ConsolidatedFile.format, ConsolidatedFile.sha256).where(ConsolidatedFile.export_id == export_id)
        ).all()
        return export.status, export.tenants_done, dict(files)


def test_an_export_killed_mid_way_is_built_again_to_the_same_bytes(app, client, database_urls, admin_sql, tmp_path):
    headers = _commission(app)
    reference = client.post(URL, json={"as_of": AS_OF}, headers=headers)
    assert reference.status_code == 202
    run_platform_jobs(app)  # built in this process, without a fault
    expected = _export(app, reference.json["id"])
    assert expected[0] == "ready" and sorted(expected[2]) == ["csv", "json", "xlsx"]

    held = admin_sql.connect()
    # The files' table locked for writing: the job writes its files to disk, then waits to store them (and its status).
    held.execute(text("LOCK TABLE consolidated_export_files IN SHARE MODE"))  # writers wait, readers do not
    asked = client.post(URL, json={"as_of": AS_OF}, headers=headers)
    assert asked.status_code == 202
    export_id = asked.json["id"]
    first = processes.worker(app, database_urls, tmp_path / "first.log")
    scheduler = replacement = None
    try:
        wait_until(lambda: backends_waiting_for_a_lock(admin_sql), 60, "the job waits to store its files")
        status, done, files = _export(app, export_id)
        assert (status, files) == ("building", {}) and done == 2  # every tenant read, nothing stored
        first.kill()
        held.rollback()  # the dead worker's transaction aborts with it
        assert _export(app, export_id)[2] == {}  # no half-written file
        scheduler = processes.scheduler(app, database_urls, tmp_path / "scheduler.log")
        replacement = processes.worker(app, database_urls, tmp_path / "replacement.log")
        wait_until(lambda: _export(app, export_id)[0] == "ready", 90, "the sweeper hands it over, it is built")
        status, done, files = _export(app, export_id)
        assert files == expected[2]  # the same bytes as the export built without a fault
        with app.app_context(), platform_scope():
            count = db.session.scalar(
                select(func.count()).select_from(ConsolidatedFile).where(ConsolidatedFile.export_id == export_id)
            )
        assert count == 3  # one file per format
    finally:
        held.close()
        for process in (first, replacement, scheduler):
            if process is not None:
                process.close()
