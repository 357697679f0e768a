"""deploy/nginx.conf does not send a handout's 503 on to the next replica: a PDF that timed out (or a
replica making as many as it may) must not start the same PDF on every replica (docs/deploy.md). Two
stand-in replicas that answer every request with a 503 count what nginx sends them.

Needs nginx, as tests/test_scale_out.py does.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from printing import need
from test_scale_out import nginx_config
from webserver import free_port, get

pytestmark = [pytest.mark.slow]


class Busy(BaseHTTPRequestHandler):
    """A replica that is busy with everything: 503, and a note of the path asked for."""

    hits: Counter[str] = Counter()

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        Busy.hits[self.path.split("?", 1)[0]] += 1
        body = b'{"error": "busy", "status": 503}\n'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Retry-After", "30")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the signature http.server calls
        pass


@pytest.fixture
def balancer(tmp_path: Path) -> Iterator[str]:
    nginx = need("nginx")
    Busy.hits.clear()
    replicas = [ThreadingHTTPServer(("127.0.0.1", 0), Busy) for _ in range(2)]
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in replicas]
    for thread in threads:
        thread.start()
    ports = [server.server_address[1] for server in replicas]
    listen = free_port()
    (tmp_path / "site").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(tmp_path, ports, listen, free_port(), tmp_path / "site"), encoding="utf-8")
    process = subprocess.Popen([nginx, "-c", str(config)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                # A handout's 503 marks no replica as failed; any other path's would, for 10 s.
                get(f"{url}/handout", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        Busy.hits.clear()
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for server in replicas:
            server.shutdown()
            server.server_close()


def test_a_handouts_503_is_passed_on_not_retried(balancer: str) -> None:
    reply = get(f"{balancer}/handout?topics=acupuncture")
    assert (reply.status, reply.headers["retry-after"]) == (503, "30")
    # One replica was asked; before, nginx asked each in turn (3 tries over 2 replicas).
    assert Busy.hits["/handout"] == 1


def test_other_503s_are_still_tried_on_the_next_replica(balancer: str) -> None:
    assert get(f"{balancer}/api/search?q=sleep").status == 503
    assert Busy.hits["/api/search"] == 2
