"""The EHR routes over real HTTP: a Starlette app under uvicorn on 127.0.0.1, in its own process.

What an EHR sees: status codes, content types, CORS headers, bodies that a
feed reader and the CDS Hooks schemas accept. tests/ehr_server.py is the app.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

TESTS = Path(__file__).parent
ICD10CM = "2.16.840.1.113883.6.90"
BASE = "https://clinic.example/guide"
# How long the server may take to start; it is polled, never timed.
START_ATTEMPTS = 200

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    env = {**os.environ, "PAINGUIDE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, str(TESTS / "ehr_server.py"), str(listener.fileno()), BASE],
        pass_fds=[listener.fileno()],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    listener.close()  # the server holds its own copy
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        for _ in range(START_ATTEMPTS):
            try:
                client.get("/cds-services")
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode() if process.stderr else "server died") from None
                import time

                time.sleep(0.05)
        yield client
    finally:
        client.close()
        process.terminate()
        _, errors = process.communicate(timeout=30)
        # Nothing about a request reaches the server's output: no access log, no body.
        assert b"M54.50" not in errors and b"warfarin" not in errors


def test_infobutton_json_over_http(server: httpx.Client) -> None:
    response = server.get(
        "/infobutton",
        params={
            "mainSearchCriteria.v.c": "M54.50",
            "mainSearchCriteria.v.cs": ICD10CM,
            "knowledgeResponseType": "application/json",
        },
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "no-store"
    entries = response.json()["feed"]["entry"]
    assert len(entries) >= 1
    assert entries[0]["link"][0]["href"] == f"{BASE}/topics/yoga"


def test_infobutton_spanish_atom_over_http(server: httpx.Client) -> None:
    response = server.get(
        "/infobutton",
        params={
            "mainSearchCriteria.v.c": "M54.50",
            "mainSearchCriteria.v.cs": ICD10CM,
            "informationRecipient.languageCode.c": "es",
        },
    )
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert (feed.bozo, feed.version) == (False, "atom10")
    assert "Terapia de masaje" in [entry.title for entry in feed.entries]
    assert feed.entries[0].link == f"{BASE}/topics/yoga?lang=es"


def test_infobutton_refuses_a_malformed_code_in_one_line(server: httpx.Client) -> None:
    response = server.get("/infobutton", params={"mainSearchCriteria.v.c": "M5-4", "mainSearchCriteria.v.cs": ICD10CM})
    assert response.status_code == 400
    assert response.text.count("\n") == 1


def test_discovery_over_http_lists_both_services(server: httpx.Client) -> None:
    response = server.get("/cds-services")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert [s["hook"] for s in response.json()["services"]] == ["patient-view", "order-select"]


def test_a_browser_preflight_is_answered_as_the_spec_asks(server: httpx.Client) -> None:
    response = server.options(
        "/cds-services/painguide-patient-view",
        headers={
            "Origin": "https://ehr.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "Authorization" in response.headers["access-control-allow-headers"]


def _patient_view() -> dict[str, Any]:
    request: dict[str, Any] = json.loads((TESTS / "data" / "cds-hooks" / "patient-view-request.json").read_text())
    return request


def test_patient_view_over_http_gives_the_blood_thinner_cards(server: httpx.Client) -> None:
    response = server.post("/cds-services/painguide-patient-view", json=_patient_view())
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    cards = response.json()["cards"]
    assert [card["indicator"] for card in cards] == ["warning", "warning"]
    assert "Tell the therapist if you take a blood thinner or bruise easily." in cards[0]["detail"]
    assert cards[1]["summary"] == "warfarin: safety notes in Acupuncture, Food and nutrition, Integrative pain care"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/cds-services/painguide-patient-view", b"{not json", 400),
        ("/cds-services/unknown", b"{}", 404),
        ("/cds-services/painguide-patient-view", b" " * (5 * 1024 * 1024 + 1), 413),
    ],
)
def test_bad_calls_get_a_status_and_a_line_of_text(server: httpx.Client, path: str, body: bytes, status: int) -> None:
    response = server.post(path, content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text.count("\n") == 1


# The same routes in this process (Starlette's test client), for what is
# awkward to provoke from outside and so that coverage sees the adapter.


class InProcess:
    """The routes in a Starlette app, called through httpx's ASGI transport (no socket)."""

    def __init__(self) -> None:
        from starlette.applications import Starlette

        from painguide.catalog.bundled import bundled_catalog
        from painguide.ehr.routes import routes
        from painguide.index.store import Store, open_store

        def store_in(language: str) -> Store:
            # Each test's own private cache (conftest's pinned environment).
            return open_store(bundled_catalog(), language=language)

        self.app = Starlette(routes=routes(store_in, BASE + "/", page_path="/p/{id}", handout_path="/h/{id}.html"))

    def request(self, method: str, url: str, **options: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, url, **options)

        return asyncio.run(send())

    def get(self, url: str, **options: Any) -> httpx.Response:
        return self.request("GET", url, **options)

    def post(self, url: str, **options: Any) -> httpx.Response:
        return self.request("POST", url, **options)


@pytest.fixture
def in_process() -> InProcess:
    return InProcess()


def test_routes_take_the_page_and_handout_paths_of_the_server(in_process: InProcess) -> None:
    response = in_process.get(
        "/infobutton",
        params={"mainSearchCriteria.v.c": "11289", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.88"},
    )
    feed = feedparser.parse(response.content)
    acupuncture = next(entry for entry in feed.entries if entry.title == "Acupuncture")
    assert acupuncture.link == f"{BASE}/p/acupuncture"
    assert [link.href for link in acupuncture.links] == [f"{BASE}/p/acupuncture", f"{BASE}/h/acupuncture.html"]


def test_an_oversized_declared_body_is_refused_before_it_is_read(in_process: InProcess) -> None:
    response = in_process.post(
        "/cds-services/painguide-order-select",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(6 * 1024 * 1024)},
    )
    assert (response.status_code, response.text) == (413, "the request is larger than 5 MB\n")


def test_jsonp_through_the_routes_is_marked_as_script_not_to_be_sniffed(in_process: InProcess) -> None:
    response = in_process.get(
        "/infobutton",
        params={**_lbp(), "knowledgeResponseType": "application/javascript", "callback": "show"},
    )
    assert response.headers["content-type"] == "application/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.text.startswith("/**/show({")


def test_a_base_url_that_is_not_an_absolute_web_address_is_refused() -> None:
    from painguide.ehr.routes import routes

    for bad in ("clinic.example", "ftp://clinic.example", "https://clinic.example/?x=1", "https:///guide"):
        with pytest.raises(ValueError, match="base_url: '.*' (is not an absolute http|holds a query)"):
            routes(lambda language: None, bad)  # type: ignore[arg-type, return-value]


def _lbp() -> dict[str, str]:
    return {"mainSearchCriteria.v.c": "M54.50", "mainSearchCriteria.v.cs": ICD10CM}


def test_in_process_the_services_answer_as_over_http(in_process: InProcess) -> None:
    assert in_process.get("/cds-services").json()["services"][1]["id"] == "painguide-order-select"
    cards = in_process.post("/cds-services/painguide-patient-view", json=_patient_view()).json()["cards"]
    assert cards[0]["links"][0]["url"] == f"{BASE}/p/yoga"
    assert in_process.request("OPTIONS", "/infobutton").headers["access-control-allow-origin"] == "*"
    bad = in_process.post("/cds-services/painguide-patient-view", content=b"\xff")
    assert (bad.status_code, bad.text) == (400, "the request body is not JSON\n")
    unknown = in_process.post("/cds-services/other", json={})
    assert (unknown.status_code, unknown.text) == (404, "no CDS service 'other'\n")


def test_a_lone_surrogate_in_a_condition_name_still_gets_valid_utf8_cards(in_process: InProcess) -> None:
    request = _patient_view()
    coding = request["prefetch"]["conditions"]["entry"][0]["resource"]["code"]["coding"][0]
    body = json.dumps(request).replace(json.dumps(coding["display"]), '"Low back pain \\udc80"')
    response = in_process.post("/cds-services/painguide-patient-view", content=body.encode())
    assert response.status_code == 200
    assert response.json()["cards"][0]["summary"].startswith("Patient education for Low back pain \ufffd:")
