"""`painguide serve` in a subprocess on a free loopback port, for tests that talk to it over real HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

STARTUP = 60.0


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, method: str = "GET", data: bytes | None = None, timeout: float = 30.0) -> Reply:
    request = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


class Server(NamedTuple):
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def python() -> list[str]:
    """The interpreter, under coverage when the tests are measured, so that the server's code counts.

    Its data file sits beside the test run's, where pytest-cov combines it at the end.
    """
    try:
        import coverage
    except ImportError:
        return [sys.executable]
    current = coverage.Coverage.current()
    if current is None:
        return [sys.executable]
    data = current.config.data_file
    return [
        sys.executable,
        "-m",
        "coverage",
        "run",
        "--parallel-mode",
        "--branch",
        f"--data-file={data}",
        "--source=painguide",
    ]


def start(catalog: Path | None, log: Path, *args: str, port: int | None = None) -> Server:
    port = port or free_port()
    command = [*python(), "-m", "painguide"]
    if catalog is not None:
        command += ["--data", str(catalog)]
    command += ["serve", "--port", str(port), *args]
    handle = log.open("wb")
    # A process group of its own, so that stopping it also stops uvicorn's worker processes.
    process = subprocess.Popen(
        command, stdout=handle, stderr=subprocess.STDOUT, env=os.environ.copy(), start_new_session=True
    )
    handle.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"painguide serve exited with {process.returncode}: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError):
            if get(f"{url}/healthz", timeout=2).status == 200:
                return Server(url, process, log)
        time.sleep(0.2)
    stop(Server(url, process, log))
    raise AssertionError(f"painguide serve did not answer in {STARTUP:.0f}s: {log.read_text(errors='replace')}")


def stop(server: Server, sig: int = signal.SIGTERM) -> None:
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, sig)
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=20)


@contextlib.contextmanager
def running(catalog: Path | None, log: Path, *args: str) -> Iterator[Server]:
    server = start(catalog, log, *args)
    try:
        yield server
    finally:
        stop(server)
