"""The real processes of a deployment, started by the fault tests: ``amif worker`` and ``amif scheduler``
(each in a session of its own, so that a test can kill a worker together with its work-horse)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil

from tests.conftest import APP_ROLE, ROOT
from tests.faults.conftest import FAST


def environment(app, database_urls, *, database: str = "app_direct", smtp=None, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_urls[database],
            "MIGRATION_DATABASE_URL": database_urls["owner"],
            "AMIF_APP_DB_ROLE": APP_ROLE,
            "REDIS_URL": app.config["REDIS_URL"],
            "AMIF_QUEUE_PREFIX": app.config["AMIF_QUEUE_PREFIX"],
            "AMIF_OUTBOX_DIR": app.config["AMIF_OUTBOX_DIR"],
            "SMTP_HOST": "127.0.0.1" if smtp is not None else "",
            "SMTP_PORT": str(smtp.port) if smtp is not None else "587",
            "SMTP_STARTTLS": "false",
            "LOG_LEVEL": "INFO",
            **{name: str(value) for name, value in FAST.items()},
        }
    )
    env.update({name: str(value) for name, value in extra.items()})
    return env


class Process:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        self._file = log.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "service.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # SIGTERM and SIGKILL reach it, not the test
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL to the process and all its descendants: the worker and the work-horse running the job
        (rq puts the work-horse in a session of its own, so the process group alone would miss it)."""
        try:
            family = [*psutil.Process(self.popen.pid).children(recursive=True), psutil.Process(self.popen.pid)]
        except psutil.NoSuchProcess:
            family = []
        for member in family:
            try:
                member.send_signal(signal.SIGKILL)
            except psutil.NoSuchProcess:
                pass
        self.popen.wait(timeout=10)
        psutil.wait_procs(family, timeout=10)

    def terminate(self, timeout: float = 20) -> int:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                return self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.popen.returncode

    def close(self) -> None:
        if self.alive():
            self.kill()
        self._file.close()


def worker(app, database_urls, log: Path, **env) -> Process:
    return Process(["worker"], environment(app, database_urls, **env), log)


def scheduler(app, database_urls, log: Path, **env) -> Process:
    return Process(["scheduler"], environment(app, database_urls, **env), log)


def burst(app, database_urls, **env) -> str:
    """A worker that runs what is queued, then stops; returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "worker", "--burst"],
        cwd=ROOT,
        env=environment(app, database_urls, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr
