"""Real servers to break, for the fault tests.

- :class:`RedisServer`: a redis-server of the test's own on a free port, to stop (SIGTERM), start again on
  the same port, and freeze (SIGSTOP) and thaw (SIGCONT).
- :class:`TcpHop`: a forwarding socket in front of the real PostgreSQL. ``cut()`` closes the listener and
  resets every forwarded connection, so the application sees what a stopped server gives it (refused
  connections, connections reset mid-request); ``mend()`` listens again on the same port. The suite's
  PostgreSQL keeps serving every other test meanwhile.
- :class:`SmtpServer`: an SMTP server (aiosmtpd) that records each message, and can hold a message before
  accepting it, or call back after receiving it and before answering, so a test can kill the sender there.
"""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable

from aiosmtpd.controller import Controller
from redis import Redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"not within {timeout} s: {what}")


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.frozen = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, f"redis-server on port {self.port} answers")
        return self

    def _answers(self) -> bool:
        try:
            return bool(Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen and self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)
        self.frozen = False


class TcpHop:
    def __init__(self, target_host: str, target_port: int, port: int | None = None):
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stop = threading.Event()

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def mend(self) -> TcpHop:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._stop = threading.Event()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener, self._stop), daemon=True).start()
        return self

    def cut(self) -> None:
        """No more connections, and every open one reset."""
        self._stop.set()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                sock.close()
            except OSError:
                pass

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                if stop.is_set():
                    client.close()
                    upstream.close()
                    return
                self._sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class SmtpServer:
    """``hold`` = "before": a message waits undelivered until :meth:`release`, then is refused (the sender
    died meanwhile); "after": the message is recorded, ``on_received`` is called, and only then answered."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[email.message.Message] = []
        self.hold: str | None = None
        self.hold_only: str | None = None  # hold only the message with this Message-ID; the others pass
        self.on_received: Callable[[email.message.Message], None] | None = None
        self.arrived = threading.Event()
        self.released = threading.Event()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self.release()
        self._controller.stop()

    def release(self) -> None:
        self.released.set()

    def of(self, message_id: str) -> list[email.message.Message]:
        return [m for m in self.messages if m["Message-ID"] == message_id]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        hold = self.hold if self.hold_only in (None, message["Message-ID"]) else None
        if hold == "before":
            self.arrived.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        self.messages.append(message)
        if hold == "after":
            self.arrived.set()
            if self.on_received is not None:
                await asyncio.get_running_loop().run_in_executor(None, self.on_received, message)
        return "250 Message accepted for delivery"
