"""`painguide serve`'s handouts: a PDF that takes long holds neither the catalog's thread nor more than
its own place among the PDFs being made. A stand-in for WeasyPrint waits until the test lets it go, so
nothing here depends on how fast the machine is."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from conftest import CATALOG
from painguide.render import handout_pdf
from painguide.web.app import Guard, create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

HANDOUT = "/handout?topics=acupuncture,tai-chi"
# Long enough for a cold first request on a busy machine; the handouts below wait it out once each.
TIMEOUT = 4.0


class SlowPdf:
    """pdf_bytes that holds its thread until released, as a 90-second layout would."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = 0
        self.finished = threading.Semaphore(0)

    def __call__(self, html: str) -> bytes:
        self.started += 1
        self.release.wait(120)
        self.finished.release()
        return b"%PDF-1.7 stand-in\n"


@pytest.fixture
def slow_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowPdf]:
    fake = SlowPdf()
    monkeypatch.setattr(handout_pdf, "pdf_bytes", fake)
    yield fake
    fake.release.set()


def client(**options: object) -> TestClient:
    return TestClient(Guard(create_app(str(CATALOG), TIMEOUT, **options)))  # type: ignore[arg-type]


def warm(http: TestClient, slow_pdf: SlowPdf) -> None:
    """Open the catalog and make one handout, so that what follows times out only where the test means it to.

    A cold first request (indexes, imports) may itself pass the timeout on a busy machine; it then finishes in
    the background and the next attempt finds it done.
    """
    slow_pdf.release.set()
    for path in ("/api/search?q=sleep", HANDOUT):
        assert any(http.get(path).status_code == 200 for _attempt in range(10)), path
    slow_pdf.release.clear()
    slow_pdf.started = 0
    slow_pdf.finished = threading.Semaphore(0)


def test_a_handout_past_its_timeout_does_not_hold_up_the_catalog(slow_pdf: SlowPdf) -> None:
    with client() as http:
        warm(http, slow_pdf)
        reply = http.get(HANDOUT)
        assert (reply.status_code, reply.json()["error"]) == (503, "the answer took longer than 4 s; try again")
        # The PDF is still being laid out; the catalog's thread is free all the same.
        assert slow_pdf.started == 1
        search = http.get("/api/search?q=sleep")
        assert search.status_code == 200, search.text
        assert http.get("/api/topics/tai-chi").status_code == 200


def test_handouts_past_the_cap_are_refused_at_once_with_retry_after(slow_pdf: SlowPdf) -> None:
    with client(max_renders=1) as http:
        warm(http, slow_pdf)
        assert http.get(HANDOUT).status_code == 503
        refused = http.get(HANDOUT)
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "30"
        assert refused.json()["error"] == (
            "this server is making as many handouts as it may at once (1); try again in 30 s"
        )
        # Refused before any work: no second layout was started.
        assert slow_pdf.started == 1
        slow_pdf.release.set()
        assert slow_pdf.finished.acquire(timeout=60)
        reply = http.get(HANDOUT)
        assert (reply.status_code, reply.headers["content-type"], reply.content) == (
            200,
            "application/pdf",
            b"%PDF-1.7 stand-in\n",
        )
