"""`painguide serve` over real HTTP on 127.0.0.1: the CLI's JSON byte for byte, the site's pages byte for
byte, JSON errors, security headers, limits, and schemathesis fuzzing its OpenAPI document."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CATALOG, Result
from painguide import safety_net
from webserver import Server, get, running

pytestmark = [pytest.mark.slow]

Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running(CATALOG, tmp_path_factory.mktemp("serve") / "serve.log") as started:
        yield started


@pytest.mark.parametrize(
    ("lang", "question"),
    [
        ("en", "is tai chi safe for my balance"),
        ("en", "needels"),
        ("es", "agujas"),
        ("es", "acupuntura y anticoagulante"),
    ],
)
def test_search_json_is_the_clis(server: Server, cli: Cli, lang: str, question: str) -> None:
    reply = get(f"{server.url}/api/search?q={question.replace(' ', '+')}&lang={lang}")
    expected = cli("--lang", lang, "search", *question.split(), "--format", "json")
    assert expected.exit_code == 0, expected.stderr
    assert (reply.status, reply.headers["content-type"]) == (200, "application/json")
    assert reply.body.decode("utf-8") == expected.stdout


@pytest.mark.parametrize(("lang", "topic"), [("en", "acupuncture"), ("es", "tai-chi"), ("en", "tai chi")])
def test_topic_json_is_the_clis(server: Server, cli: Cli, lang: str, topic: str) -> None:
    reply = get(f"{server.url}/api/topics/{topic.replace(' ', '%20')}?lang={lang}")
    expected = cli("--lang", lang, "show", topic, "--format", "json")
    assert reply.status == 200
    assert reply.body.decode("utf-8") == expected.stdout


def test_pages_are_the_static_sites(server: Server, cli: Cli, tmp_path: Path) -> None:
    # As the server does: handouts as PDFs too if the pdf extra is installed (the topic pages then link to them).
    result = cli("site", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    for path in (
        "index.html",
        "en/index.html",
        "es/topics/acupuncture.html",
        "es/search.html",
        "en/handouts/tai-chi.html",
    ):
        reply = get(f"{server.url}/{path}")
        assert (reply.status, reply.headers["content-type"]) == (200, "text/html; charset=utf-8"), path
        assert reply.body == (tmp_path / "site" / path).read_bytes(), path
    assert get(f"{server.url}/").body == (tmp_path / "site/index.html").read_bytes()


def test_the_search_page_policy_allows_its_script_only(server: Server) -> None:
    search = get(f"{server.url}/en/search.html").headers["content-security-policy"]
    topic = get(f"{server.url}/en/topics/tai-chi.html").headers["content-security-policy"]
    assert search.startswith("default-src 'none'; script-src 'sha256-")
    assert topic == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'"


def test_handout(server: Server) -> None:
    reply = get(f"{server.url}/handout?topics=acupuncture,tai-chi&lang=es&large_print=1")
    assert reply.status == 200
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        assert reply.headers["content-type"] == "text/html; charset=utf-8"
        assert b"html { font-size: 135%; }" in reply.body
    else:
        assert reply.headers["content-type"] == "application/pdf"
        assert reply.body.startswith(b"%PDF-")
        from io import BytesIO

        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(BytesIO(reply.body)).pages)
        pages = len(PdfReader(BytesIO(reply.body)).pages)
        assert "Acupuntura" in text and f"Página 1 de {pages}" in text


def test_health(server: Server) -> None:
    reply = get(f"{server.url}/healthz")
    assert (reply.status, reply.json()) == (200, {"status": "ok", "version": "0.1.0"})


SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize("path", ["/healthz", "/api/search?q=pain", "/en/index.html", "/api/topics/nope", "/nowhere"])
def test_security_headers_and_no_cookies(server: Server, path: str) -> None:
    reply = get(server.url + path)
    assert {key: reply.headers.get(key) for key in SECURITY} == SECURITY
    assert "content-security-policy" in reply.headers
    assert "set-cookie" not in reply.headers and "server" not in reply.headers
    private = path.startswith("/api/")
    assert reply.headers["cache-control"] == ("no-store" if private else "public, max-age=300")


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/topics/nope", 404, "No topic named 'nope'. Run 'painguide list' to see all topics."),
        ("/api/topics/acupuncture?lang=fr", 400, "lang must be one of en, es"),
        ("/api/search?q=", 400, "q is required: the words or question to search for"),
        ("/api/search", 400, "q is required: the words or question to search for"),
        ("/api/search?q=pain&limit=0", 400, "limit must be a whole number from 1 to 100"),
        ("/api/search?q=pain&limit=%C2%B2", 400, "limit must be a whole number from 1 to 100"),
        ("/api/search?q=pain&q=sleep", 400, "parameter 'q' given more than once"),
        ("/api/search?q=pain&format=xml", 400, "unknown parameter 'format'; this endpoint takes lang, limit, q"),
        ("/api/search?q=%00", 400, "parameter 'q' has control characters or is not UTF-8"),
        ("/api/search?q=%FF", 400, "parameter 'q' has control characters or is not UTF-8"),
        ("/api/search?q=" + "+a" * 40, 400, "The search has 40 words; use at most 32 (a few words find the most)."),
        ("/api/search?q=" + "x" * 3000, 414, "the query string is longer than 2048 bytes"),
        ("/handout", 400, "topics is required: topic ids separated by commas, e.g. topics=acupuncture,sleep"),
        ("/handout?topics=nope", 404, "No topic named 'nope'. Run 'painguide list' to see all topics."),
        ("/handout?topics=acupuncture&large_print=2", 400, "large_print must be 1 or 0"),
        ("/en/topics/nope.html", 404, "no such page"),
        ("/../etc/passwd", 404, "no such page"),
        ("/fr/index.html", 404, "no such page"),
    ],
)
def test_errors_are_json(server: Server, path: str, status: int, message: str) -> None:
    reply = get(server.url + path)
    assert (reply.status, reply.headers["content-type"]) == (status, "application/json")
    data = reply.json()
    assert isinstance(data, dict)
    if message.startswith("The search has "):
        # A question too long to search still carries the safety net: a sentence gets the 988/911 line.
        assert data.pop("safety_net") == {"alerts": [], "reminder": safety_net.reminder_text()}
    assert data == {"error": message, "status": status}


def test_only_get_without_a_body(server: Server) -> None:
    posted = get(f"{server.url}/api/search?q=pain", method="POST", data=b"q=pain")
    assert (posted.status, posted.json()) == (405, {"error": "only GET and HEAD are served", "status": 405})
    with_body = get(f"{server.url}/api/search?q=pain", method="GET", data=b"x" * 10)
    assert (with_body.status, with_body.json()) == (413, {"error": "requests carry no body", "status": 413})
    head = get(f"{server.url}/en/index.html", method="HEAD")
    assert (head.status, head.body) == (200, b"")


def test_questions_are_not_logged(server: Server) -> None:
    assert get(f"{server.url}/api/search?q=private+question+zebra").status == 200
    assert b"zebra" not in server.log.read_bytes()


def test_the_access_log_is_there_when_asked_for(tmp_path: Path) -> None:
    with running(CATALOG, tmp_path / "serve.log", "--access-log") as logged:
        get(f"{logged.url}/api/search?q=tai+chi+zebra")
    assert b"GET /api/search?q=tai+chi+zebra HTTP/1.1" in logged.log.read_bytes()


def test_openapi_document(server: Server) -> None:
    document = get(f"{server.url}/openapi.json").json()
    assert isinstance(document, dict)
    assert document["openapi"] == "3.0.3"
    assert sorted(document["paths"]) == ["/api/search", "/api/topics/{topic_id}", "/handout", "/healthz"]


def test_without_the_web_extra(tmp_path: Path) -> None:
    """A missing extra is one line, not a traceback."""
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nsys.modules['starlette'] = None\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "painguide", "serve"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (
        1,
        'painguide: painguide serve needs Starlette and uvicorn; install them with: pip install ".[web]" (from a checkout of painguide)\n',
    )


def test_schemathesis_finds_no_server_error(server: Server, tmp_path: Path) -> None:
    """Every operation of /openapi.json, with generated (and broken) parameters: never a 5xx."""
    schemathesis = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert schemathesis is not None, "schemathesis is in the test extra"
    proc = subprocess.run(
        [
            schemathesis,
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "40",
            "--phases",
            "examples,coverage,fuzzing",
            "--seed",
            "1",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "Selected: 4/4" in proc.stdout and "Tested: 4" in proc.stdout
    assert re.search(r"(\d+) generated, \1 passed", proc.stdout), proc.stdout[-1500:]
    # The examples reached a real topic: the topic operation was not only ever answered 404.
    assert "Missing test data" not in proc.stdout, proc.stdout[-1500:]


def test_a_search_that_finds_nothing(server: Server, cli: Cli) -> None:
    """The command says so and exits 1; the API answers the same JSON shape with no results."""
    reply = get(f"{server.url}/api/search?q=xylophone")
    data = reply.json()
    assert reply.status == 200 and isinstance(data, dict)
    assert (data["command"], data["total"], data["results"], data["unknown_words"]) == ("search", 0, [], ["xylophone"])
    assert cli("search", "xylophone", "--format", "json").exit_code == 1


def test_several_workers_answer_alike(cli: Cli, tmp_path: Path) -> None:
    """Workers share nothing but the read-only index: each answers as the CLI does."""
    expected = cli("show", "tai-chi", "--format", "json").stdout
    with running(CATALOG, tmp_path / "serve.log", "--workers", "2") as served:
        replies = [get(f"{served.url}/api/topics/tai-chi") for _ in range(12)]
    assert {(reply.status, reply.body.decode("utf-8")) for reply in replies} == {(200, expected)}
    assert (
        (tmp_path / "serve.log")
        .read_text(encoding="utf-8")
        .startswith(f"Serving on {served.url}/ with 2 workers; press Ctrl-C to stop.\n")
    )


def test_with_a_base_url_the_ehr_services_answer_through_serve(tmp_path: Path) -> None:
    """`serve --base-url` mounts the Infobutton and CDS Hooks services; their links point at the site's pages."""
    import json

    from conftest import ROOT

    request = (ROOT / "tests" / "data" / "cds-hooks" / "patient-view-request.json").read_bytes()
    with running(None, tmp_path / "serve.log", "--base-url", "https://clinic.example/guide") as served:
        discovery = get(f"{served.url}/cds-services").json()
        assert isinstance(discovery, dict)
        assert {service["hook"] for service in discovery["services"]} == {"patient-view", "order-select"}
        answer = get(f"{served.url}/cds-services/{discovery['services'][0]['id']}", "POST", request)
        assert answer.status == 200, answer.body
        cards = answer.json()
        assert isinstance(cards, dict) and cards["cards"]
        links = [link["url"] for card in cards["cards"] for link in card.get("links", [])]
        assert links and all(url.startswith("https://clinic.example/guide/en/") for url in links)
        feed = get(
            f"{served.url}/infobutton?mainSearchCriteria.v.c=M54.50&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
            "&knowledgeResponseType=application/json&informationRecipient.languageCode.c=es"
        )
        data = json.loads(feed.body)
        assert data["feed"]["entry"], data
        assert all("/es/topics/" in entry["link"][0]["href"] for entry in data["feed"]["entry"])
        # The site itself is still read-only: no other path takes a body.
        assert get(f"{served.url}/api/search?q=yoga", "POST", b"x").status == 405
    # Without --base-url the EHR paths are just missing pages.
    with running(None, tmp_path / "plain.log") as plain:
        assert get(f"{plain.url}/cds-services").status == 404
