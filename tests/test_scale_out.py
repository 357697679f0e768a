"""Scale-out as deployed: nginx (Debian's package) load-balances two `painguide serve` replicas on
loopback with deploy/nginx.conf, the file docs/deploy.md tells clinics to use. Requests reach both
replicas; one is stopped mid-run and the client sees no failed request; nginx serves the static site.

Needs nginx (apt-get install nginx-light); without it these tests skip, unless
PAINGUIDE_REQUIRE_BROWSER is set (as .ci/run does).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import CATALOG, ROOT
from painguide.cli import run
from printing import need
from webserver import Reply, Server, free_port, get, start, stop

pytestmark = [pytest.mark.slow]

CONFIG = ROOT / "deploy" / "nginx.conf"


class Balancer(NamedTuple):
    url: str
    site_url: str
    replicas: list[Server]


def nginx_config(tmp: Path, ports: list[int], listen: int, site_listen: int, site: Path) -> str:
    """deploy/nginx.conf with this test's ports and folder, inside a main configuration that runs in the foreground."""
    text = CONFIG.read_text(encoding="utf-8")
    for documented, port in (("127.0.0.1:8001", ports[0]), ("127.0.0.1:8002", ports[1])):
        assert documented in text
        text = text.replace(documented, f"127.0.0.1:{port}")
    text = text.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen};")
    text = text.replace("listen 127.0.0.1:8081;", f"listen 127.0.0.1:{site_listen};")
    text = text.replace("root /srv/painguide-site;", f"root {site};")
    temp = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would drop to nobody, who cannot read the test's private folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n    types {{ text/html html; application/xml xml; application/pdf pdf; }}\n{temp}\n{text}\n}}\n"
    )


@pytest.fixture(scope="module")
def balancer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Balancer]:
    nginx = need("nginx")
    tmp = tmp_path_factory.mktemp("nginx")
    site = tmp / "site"
    assert run(["--data", str(CATALOG), "site", "-o", str(site), "--no-pdf"]) == 0
    replicas = [start(CATALOG, tmp / f"replica-{n}.log") for n in (1, 2)]
    ports = [int(server.url.rsplit(":", 1)[1]) for server in replicas]
    listen, site_listen = free_port(), free_port()
    (tmp / "nginx.conf").write_text(nginx_config(tmp, ports, listen, site_listen, site), encoding="utf-8")
    check = subprocess.run([nginx, "-t", "-c", str(tmp / "nginx.conf")], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if get(f"{url}/healthz", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield Balancer(url, f"http://127.0.0.1:{site_listen}", replicas)
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for server in replicas:
            stop(server)


def test_nginx_serves_the_static_site(balancer: Balancer) -> None:
    site = Path(str(balancer.replicas[0].log.parent / "site"))
    for path in ("en/index.html", "es/search.html", "en/topics/tai-chi.html"):
        reply = get(f"{balancer.site_url}/{path}")
        assert reply.status == 200
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.body == (site / path).read_bytes()
    assert get(f"{balancer.site_url}/").body == (site / "index.html").read_bytes()
    assert get(f"{balancer.site_url}/.painguide-site").status == 404


def test_requests_reach_every_replica_and_survive_one_dying(balancer: Balancer) -> None:
    """400 requests from 8 clients; after 100, one replica is stopped as an orchestrator stops one (SIGTERM:
    it finishes what it is answering and takes nothing new); every reply is a 200.

    SIGKILL in the middle of a response cuts that one response short after nginx has begun to pass it
    on, which no balancer can retry (seen once in three runs); docs/deploy.md says so.
    """
    paths = ["/api/search?q=tai+chi+balance", "/api/topics/acupuncture?lang=es", "/en/topics/massage-therapy.html"]
    done = 0
    lock = threading.Lock()
    killed = threading.Event()
    victim = balancer.replicas[0]
    victim_port = victim.url.rsplit(":", 1)[1]

    def one(n: int) -> Reply:
        nonlocal done
        reply = get(balancer.url + paths[n % len(paths)], timeout=30)
        with lock:
            done += 1
            if done == 100 and not killed.is_set():
                killed.set()
                os.killpg(victim.process.pid, signal.SIGTERM)
        return reply

    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(one, range(400)))
    assert killed.is_set()
    assert [r.status for r in replies].count(200) == 400, [r.body[:200] for r in replies if r.status != 200]
    served = [r.headers["x-upstream"] for r in replies]
    before = served[:90]
    assert {address.rsplit(":", 1)[1] for address in before} == {
        server.url.rsplit(":", 1)[1] for server in balancer.replicas
    }, before
    # nginx met the dead replica and sent those requests on: the client never saw it.
    assert any(address.startswith(f"127.0.0.1:{victim_port}, ") for address in served), served
    # The last answers all come from the replica that is left.
    assert all(not address.endswith(f":{victim_port}") for address in served[-50:])
    victim.process.wait(timeout=20)
