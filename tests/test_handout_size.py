"""A handout prints a bounded amount of text, whatever the catalog holds: the same rule for
`painguide handout`, `painguide serve` and `painguide site`, with a message that names the topic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from conftest import CATALOG, Result
from painguide.render import handout
from painguide.web.app import Guard, create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

Cli = Callable[..., Result]
POINT = "      - Point {i}, gentle movement each day may help some people with long-lasting back pain feel better.\n"
TOO_LONG = (
    "painguide: topic 'tai-chi' is {size} characters long, more than a handout prints for one topic (30,000); "
    "shorten it in the catalog\n"
)


@pytest.fixture
def long_topic(tmp_path: Path) -> Path:
    """The test catalog with 400 key points in tai-chi (the adversarial pass used 10,000: 358 pages, 311 s)."""
    text = CATALOG.read_text(encoding="utf-8")
    first = "    key_points:\n      - You move slowly and breathe deeply.\n"
    assert first in text
    points = "".join(POINT.format(i=i) for i in range(400))
    path = tmp_path / "catalog.yaml"
    path.write_text(text.replace(first, "    key_points:\n" + points, 1), encoding="utf-8")
    return path


def printed_size(cli: Cli, catalog: Path) -> str:
    """The size the message names, read from the message itself so that the fixture's wording may change."""
    result = cli("handout", "tai-chi", "-o", str(catalog.parent / "h.html"), catalog=catalog)
    return result.stderr.split(" is ", 1)[1].split(" characters", 1)[0]


def test_the_cli_refuses_a_topic_longer_than_a_handout_prints(cli: Cli, long_topic: Path) -> None:
    result = cli("handout", "acupuncture", "tai-chi", "-o", str(long_topic.parent / "h.pdf"), catalog=long_topic)
    size = printed_size(cli, long_topic)
    assert int(size.replace(",", "")) > handout.MAX_TOPIC_CHARS
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", TOO_LONG.format(size=size))
    assert not (long_topic.parent / "h.pdf").exists()


def test_the_topics_together_are_bounded_too(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = cli("handout", "acupuncture", "-o", str(tmp_path / "one.html"))
    assert one.exit_code == 0
    # Each topic of the test catalog is short; a bound between one and two of them stands for 160,000.
    monkeypatch.setattr(handout, "MAX_HANDOUT_CHARS", 2_000)
    result = cli("handout", "acupuncture", "tai-chi", "-o", str(tmp_path / "two.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: with topic 'tai-chi' the handout is ")
    assert result.stderr.endswith(
        " characters long, more than one handout prints (2,000); "
        "print the topics from 'tai-chi' on in a second handout\n"
    )


def test_spanish_names_the_topic_and_the_limit(cli: Cli, long_topic: Path) -> None:
    result = cli("--lang", "es", "handout", "tai-chi", "-o", str(long_topic.parent / "h.html"), catalog=long_topic)
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: el tema 'tai-chi' tiene ")
    assert "(30,000)" in result.stderr


def test_serve_answers_422(long_topic: Path) -> None:
    with TestClient(Guard(create_app(str(long_topic), 120.0))) as http:
        reply = http.get("/handout?topics=tai-chi")
    size = reply.json()["error"].split(" is ", 1)[1].split(" characters", 1)[0]
    assert (reply.status_code, reply.json()["error"]) == (422, TOO_LONG.format(size=size)[11:-1])


def test_the_site_names_the_topic(cli: Cli, long_topic: Path) -> None:
    result = cli("site", "-o", str(long_topic.parent / "site"), "--no-pdf", catalog=long_topic)
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: topic 'tai-chi' is ")


def test_check_reports_a_topic_too_long_to_print_at_its_place(cli: Cli, long_topic: Path) -> None:
    checked = cli("check", str(long_topic), catalog=None)
    size = printed_size(cli, long_topic)
    line = next(
        n for n, text in enumerate(long_topic.read_text(encoding="utf-8").splitlines(), 1) if text == "  tai-chi:"
    )
    assert checked.exit_code == 1
    assert (
        f"{long_topic}:{line}:1: topics.tai-chi: a handout would print {size} characters of it, more than it prints "
        "for one topic (30,000); handout and site refuse it, so shorten it"
    ) in " ".join(checked.stdout.split())
