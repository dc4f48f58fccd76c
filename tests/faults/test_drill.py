"""The fault drill of issue 10, as a deployment meets it: gunicorn (as in the Helm chart), ``amif worker``
and ``amif scheduler`` as processes, PostgreSQL through a hop and a Redis of the test's own. Applicants
submit while Redis stops, freezes and comes back empty, PostgreSQL's backends are terminated, PostgreSQL
goes away, and the worker is killed. Every submit answered 201 is stored once; nothing is stored without a
201 or an idempotent replay; no API answer is HTML; after recovery each receipt is e-mailed exactly once."""

from __future__ import annotations

import subprocess
import sys
import time

import requests
from sqlalchemy import text

from tests.applications_support import admin_headers, applicant, open_call, organisation  # noqa: F401 - fixtures
from tests.conftest import APP_ROLE, ROOT
from tests.faults import processes
from tests.faults.servers import free_port, wait_until
from tests.faults.support import ready, receipt_delivery, submissions


def test_the_fault_drill(
    app, client, database_urls, database_hop, admin_sql, redis_server, smtp, applicant, open_call, tmp_path
):
    call = open_call("fi")
    people = [applicant("fi") for _ in range(10)]
    drafts = [(person, ready(client, "fi", person, call)) for person in people]
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("wb")
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "wsgi:app"],
        cwd=ROOT,
        env=processes.environment(app, database_urls, database="app", smtp=smtp),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    scheduler = processes.scheduler(app, database_urls, tmp_path / "scheduler.log", smtp=smtp)
    worker = processes.worker(app, database_urls, tmp_path / "worker.log", smtp=smtp)
    answers: dict[int, list] = {}

    def submit(index: int):
        person, draft = drafts[index]
        answer = requests.post(
            f"{base}/api/v1/fi/applications/{draft['id']}/submit",
            json={"version": draft["version"]},
            headers={**person["headers"], "Idempotency-Key": f"drill-{draft['id']}"},
            timeout=30,
        )
        answers.setdefault(index, []).append(answer)
        return answer

    try:
        wait_until(lambda: _answers(f"{base}/healthz"), 30, "gunicorn serves")
        assert submit(0).status_code == 201
        redis_server.stop()
        assert submit(1).status_code == 201
        assert submit(2).status_code == 201
        redis_server.start()  # empty: what it held before is gone
        worker.kill()  # and the worker with it
        worker = processes.worker(app, database_urls, tmp_path / "worker-2.log", smtp=smtp)
        redis_server.freeze()
        started = time.monotonic()
        assert submit(3).status_code == 201
        assert time.monotonic() - started < 5
        redis_server.thaw()
        with admin_sql.connect() as admin:  # a database restart, as the application's connections see it
            admin.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE usename = :role AND datname = current_database()"
                ),
                {"role": APP_ROLE},
            )
        assert submit(4).status_code == 201
        assert submit(5).status_code == 201
        database_hop.cut()
        down = submit(6)
        assert down.status_code == 503 and down.headers["Content-Type"].startswith("application/json")
        database_hop.mend()
        for index in range(7, 10):
            submit(index)
        # Recovery: whatever was not answered 201 is retried with its key until it is.
        deadline = time.monotonic() + 60
        for index in range(10):
            while answers[index][-1].status_code != 201:
                assert answers[index][-1].status_code == 503, answers[index][-1].text  # only an outage, retried
                assert time.monotonic() < deadline, "every submit goes through once the servers are back"
                time.sleep(0.5)
                submit(index)

        every = [a for tries in answers.values() for a in tries]
        assert all(a.headers["Content-Type"].startswith("application/json") for a in every), "no HTML from the API"
        receipts = {
            index: {a.json()["receipt"] for a in tries if a.status_code == 201} for index, tries in answers.items()
        }
        assert all(len(r) == 1 for r in receipts.values()), receipts  # replays answer the same receipt
        assert [submissions(app, "fi", draft["id"]) for _, draft in drafts] == [1] * 10
        message_ids = [receipt_delivery(app, "fi", next(iter(r)))[1] for r in receipts.values()]
        wait_until(lambda: all(smtp.of(m) for m in message_ids), 90, "every receipt is e-mailed")
        time.sleep(3 * app.config["AMIF_JOB_LEASE_SECONDS"])  # nothing sends any of them again
        assert [len(smtp.of(m)) for m in message_ids] == [1] * 10
    finally:
        web.terminate()
        web.wait(timeout=20)
        log.close()
        scheduler.close()
        worker.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
