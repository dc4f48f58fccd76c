"""The load of ``deadline_peak.py``, run by it in a child process: locust users against 127.0.0.1.

Not meant to be run by hand (``deadline_peak.py`` seeds the database, starts gunicorn and reads
what this writes). A separate process because importing locust monkey-patches the standard
library for gevent, which must not reach the parent's SQLAlchemy/psycopg connections.

Phases, one after the other, each with the same number of concurrent users and the same think
time: ``warmup`` (bare inserts, not reported), ``bare`` (``POST /benchmark/<tenant>/insert``)
and ``applicants`` (each user drafts and submits applications, one after another, until the
phase's time is up; the application in hand is finished, not abandoned, so no submission is
cut off in flight). With ``--rounds N``, ``bare`` and ``applicants`` take turns N times, each
for 1/N of its duration. Every request is written to the output file: phase, name, start, latency,
status. Every application is written with what its submit answered.
"""

from __future__ import annotations

# isort: off
import locust  # noqa: F401 - first: gevent's monkey-patching must happen before anything else
from locust import FastHttpUser, constant, events, task
from locust.env import Environment
from locust.exception import StopUser

# isort: on
import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import applicant_flow  # benchmarks/, beside this file (run as a script: its folder is on sys.path)
import gevent


class State:
    """What the phases share: the seed, the phase now running, its end, and what was recorded."""

    seed: dict = {}
    options: argparse.Namespace
    phase = "warmup"
    stop_at = 0.0
    round = 1  # of --rounds
    requests: list[list] = []  # [phase, name, start (epoch s), latency (ms), status, SQL statements, round]
    applications: list[dict] = []
    identities = itertools.count()


def think(mean: float | None = None) -> None:
    mean = State.options.think if mean is None else mean
    if mean > 0:
        time.sleep(random.uniform(0.5, 1.5) * mean)  # noqa: S311 - load shape, not security


@events.request.add_listener
def _record(request_type, name, response_time, response=None, exception=None, start_time=None, **_kwargs):
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    statements = int(headers.get("X-Benchmark-SQL", -1))
    State.requests.append([State.phase, name, start_time, round(response_time, 3), status, statements, State.round])


class BareInserter(FastHttpUser):
    """``POST /benchmark/<tenant>/insert`` in a loop, with the same think time as the applicants."""

    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 30.0

    @task
    def insert(self):
        if time.monotonic() >= State.stop_at:
            raise StopUser()
        self.client.post(f"/benchmark/{State.seed['tenant']}/insert", name="bare insert", data=b"")
        think(State.options.bare_think)


class Applicant(FastHttpUser):
    """One applicant of the seed: starts an application, autosaves the text several times, adds a
    cost, an indicator and an attachment, reads the application back and submits it; again and
    again until the phase's time is up."""

    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 30.0
    concurrency = 2  # a second connection, for the double-clicked submit

    def on_start(self):
        number = next(State.identities)
        self.me = State.seed["applicants"][number % len(State.seed["applicants"])]
        self.me_index = number
        self.headers = {"Authorization": f"Bearer {self.me['token']}"}
        self.base = f"/api/v1/{State.seed['tenant']}/applications"

    def _send(self, method, url, name, **kwargs):
        response = self.client.request(
            method, url, name=name, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs
        )
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        return response.status_code or 0, body

    @task
    def apply(self):
        if time.monotonic() >= State.stop_at:
            raise StopUser()
        record = {"applicant": self.me_index, "application_id": None, "submit": [], "failed_at": None}
        State.applications.append(record)
        applicant_flow.apply(record, self.base, State.seed, self.me, State.options, self._send, think, self._submit)

    def _submit(self, record: dict, url: str, body: dict) -> None:
        if random.random() < State.options.double_submit:  # noqa: S311
            # A double click: two submits of the same version at once, on two connections.
            both = [gevent.spawn(self._send, "POST", url, "submit (double click)", json=body) for _ in "ab"]
            gevent.joinall(both)
            record["submit"] = [g.value[0] if g.successful() else 0 for g in both]
            record["double"] = True
        else:
            record["submit"] = [self._send("POST", url, "submit", json=body)[0]]


def run_phase(host: str, user_class, users: int, seconds: float, phase: str, grace: float) -> dict:
    State.phase = phase
    State.stop_at = time.monotonic() + seconds
    Path(f"{State.options.out}.phase").write_text(phase)  # deadline_peak.py starts its profiler on this
    environment = Environment(user_classes=[user_class], events=events, host=host)
    runner = environment.create_local_runner()
    started = time.time()
    runner.start(users, spawn_rate=users)  # everyone at once: the peak does not ramp up politely
    gevent.sleep(seconds)
    ended = time.time()
    deadline = time.monotonic() + grace
    while runner.user_count and time.monotonic() < deadline:  # let everyone finish the application in hand
        gevent.sleep(0.2)
    cut_off = runner.user_count
    runner.quit()
    return {"phase": phase, "started": started, "ended": ended, "drained": time.time(), "cut_off": cut_off}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--bare-duration", type=float, required=True)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--think", type=float, default=0.5)
    parser.add_argument("--bare-think", type=float, default=0.5)
    parser.add_argument("--saves-min", type=int, default=5)
    parser.add_argument("--saves-max", type=int, default=10)
    parser.add_argument("--double-submit", type=float, default=0.0)
    parser.add_argument("--same-attachment", action="store_true")
    parser.add_argument("--grace", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args(argv)
    if urlparse(options.host).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("loopback only: --host must be 127.0.0.1, localhost or ::1")
    State.options = options
    with open(options.seed, encoding="utf-8") as handle:
        State.seed = json.load(handle)
    phases = []
    if options.warmup > 0:
        phases.append(run_phase(options.host, BareInserter, options.users, options.warmup, "warmup", options.grace))
    for number in range(1, options.rounds + 1):
        State.round = number
        # With several rounds each phase is cut in as many parts, taking turns: a machine whose speed drifts (a shared
        # host) then slows or speeds up both kinds of request alike, not one phase more than the other.
        bare_seconds, applicant_seconds = options.bare_duration / options.rounds, options.duration / options.rounds
        bare = run_phase(options.host, BareInserter, options.users, bare_seconds, "bare", options.grace)
        applicants = run_phase(options.host, Applicant, options.users, applicant_seconds, "applicants", options.grace)
        phases += [{**bare, "round": number}, {**applicants, "round": number}]
    with open(options.out, "w", encoding="utf-8") as handle:
        json.dump({"phases": phases, "requests": State.requests, "applications": State.applications}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
