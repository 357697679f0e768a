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
    "painguide: topic 'tai-chi' prints as {size} characters (each line counts as at least 60), more than a "
    "handout prints for one topic (30,000); shorten it in the catalog\n"
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
    return result.stderr.split(" prints as ", 1)[1].split(" characters", 1)[0]


def test_the_cli_refuses_a_topic_longer_than_a_handout_prints(cli: Cli, long_topic: Path) -> None:
    result = cli("handout", "acupuncture", "tai-chi", "-o", str(long_topic.parent / "h.pdf"), catalog=long_topic)
    size = printed_size(cli, long_topic)
    assert int(size.replace(",", "")) > handout.MAX_TOPIC_CHARS
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", TOO_LONG.format(size=size))
    assert not (long_topic.parent / "h.pdf").exists()


def test_the_topics_together_are_bounded_too(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = cli("handout", "acupuncture", "-o", str(tmp_path / "one.html"))
    assert one.exit_code == 0
    # Each topic of the test catalog is short; a bound between one and two of them stands for 200,000.
    monkeypatch.setattr(handout, "MAX_HANDOUT_CHARS", 3_000)
    result = cli("handout", "acupuncture", "tai-chi", "-o", str(tmp_path / "two.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: with topic 'tai-chi' the handout prints as ")
    assert result.stderr.endswith(
        " characters (each line counts as at least 60), more than one handout prints (3,000); "
        "print the topics from 'tai-chi' on in a second handout\n"
    )


def test_spanish_names_the_topic_and_the_limit(cli: Cli, long_topic: Path) -> None:
    result = cli("--lang", "es", "handout", "tai-chi", "-o", str(long_topic.parent / "h.html"), catalog=long_topic)
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: el tema 'tai-chi' se imprime como ")
    assert "(30,000)" in result.stderr


def test_serve_answers_422(long_topic: Path) -> None:
    with TestClient(Guard(create_app(str(long_topic), 120.0))) as http:
        reply = http.get("/handout?topics=tai-chi")
    size = reply.json()["error"].split(" prints as ", 1)[1].split(" characters", 1)[0]
    assert (reply.status_code, reply.json()["error"]) == (422, TOO_LONG.format(size=size)[11:-1])


def test_the_site_names_the_topic(cli: Cli, long_topic: Path) -> None:
    result = cli("site", "-o", str(long_topic.parent / "site"), "--no-pdf", catalog=long_topic)
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: topic 'tai-chi' prints as ")


def test_check_reports_a_topic_too_long_to_print_at_its_place(cli: Cli, long_topic: Path) -> None:
    checked = cli("check", str(long_topic), catalog=None)
    size = printed_size(cli, long_topic)
    line = next(
        n for n, text in enumerate(long_topic.read_text(encoding="utf-8").splitlines(), 1) if text == "  tai-chi:"
    )
    assert checked.exit_code == 1
    assert (
        f"{long_topic}:{line}:1: topics.tai-chi: a handout would print {size} characters of it (each line at least "
        "60), more than it prints for one topic (30,000); handout and site refuse it, so shorten it"
    ) in " ".join(checked.stdout.split())


@pytest.fixture
def short_points(tmp_path: Path) -> Path:
    """tai-chi with 600 one-letter key points: few characters, many lines (the fourth adversarial pass
    used 14,000 under the character cap: 160 pages, 109 s, 673 MB)."""
    text = CATALOG.read_text(encoding="utf-8")
    first = "    key_points:\n      - You move slowly and breathe deeply.\n"
    path = tmp_path / "catalog.yaml"
    path.write_text(text.replace(first, "    key_points:\n" + "      - a\n" * 600, 1), encoding="utf-8")
    return path


def test_many_short_list_items_count_a_line_each(cli: Cli, short_points: Path) -> None:
    result = cli("handout", "tai-chi", "-o", str(short_points.parent / "h.pdf"), catalog=short_points)
    size = int(printed_size(cli, short_points).replace(",", ""))
    # 600 items of one letter print 600 lines: each costs a line's worth, not one character.
    assert size >= 600 * handout.LINE_CHARS
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == TOO_LONG.format(size=f"{size:,}")
    assert not (short_points.parent / "h.pdf").exists()
    checked = cli("check", str(short_points), catalog=None)
    assert checked.exit_code == 1
    assert f"topics.tai-chi: a handout would print {size:,} characters of it" in " ".join(checked.stdout.split())


def with_locations(tmp_path: Path, count: int) -> Path:
    text = CATALOG.read_text(encoding="utf-8")
    places = "    locations: [North Town, South Town]\n"
    assert places in text
    many = "    locations:\n" + "".join(f"      - Town {i}\n" for i in range(count))
    path = tmp_path / f"clinic-{count}.yaml"
    path.write_text(text.replace(places, many, 1), encoding="utf-8")
    return path


CLINIC_TOO_LONG = (
    "the clinic's details and locations print as {size} characters (each line counts as at least 60), more than "
    "a handout prints for them (6,000); shorten them or list fewer locations in the catalog"
)


def test_clinic_locations_are_counted_for_every_handout(cli: Cli, tmp_path: Path) -> None:
    """2,000 locations made a 24-page handout of one topic (fourth adversarial pass #4)."""
    fits = with_locations(tmp_path, 90)
    assert cli("handout", "acupuncture", "-o", str(tmp_path / "fits.html"), catalog=fits).exit_code == 0
    many = with_locations(tmp_path, 200)
    # The clinic's name and 200 locations, each a line of 60.
    size = f"{201 * handout.LINE_CHARS:,}"
    result = cli("handout", "acupuncture", "-o", str(tmp_path / "h.pdf"), catalog=many)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"painguide: {CLINIC_TOO_LONG.format(size=size)}\n",
    )
    assert not (tmp_path / "h.pdf").exists()
    with TestClient(Guard(create_app(str(many), 120.0))) as http:
        reply = http.get("/handout?topics=acupuncture")
    assert (reply.status_code, reply.json()["error"]) == (422, CLINIC_TOO_LONG.format(size=size))
    site = cli("site", "-o", str(tmp_path / "site"), "--no-pdf", catalog=many)
    assert (site.exit_code, site.stderr) == (2, f"painguide: {CLINIC_TOO_LONG.format(size=size)}\n")
    checked = cli("check", str(many), catalog=None)
    line = next(n for n, text in enumerate(many.read_text(encoding="utf-8").splitlines(), 1) if "locations:" in text)
    assert checked.exit_code == 1
    assert (
        f"{many}:{line}:1: catalog.clinic: a handout would print {size} characters of the clinic's details and "
        "locations (each line at least 60), more than it prints for them (6,000); handout and site refuse it, "
        "so shorten them or list fewer locations"
    ) in " ".join(checked.stdout.split())


def test_check_measures_a_translation_as_its_handout_prints_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifth pass: a Spanish translation longer than a handout prints passed `check`, then `site` stopped."""
    from conftest import TESTS

    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    spanish = (TESTS / "data" / "catalog.es.yaml").read_text(encoding="utf-8")
    point = "      - Usted se mueve despacio y respira hondo.\n"
    assert point in spanish
    padded = point.rstrip("\n") + " Es un texto largo de prueba." * 120 + "\n"
    (tmp_path / "catalog.es.yaml").write_text(spanish.replace(point, padded), encoding="utf-8")
    # A bound between the English topic's size and the padded translation's stands for 30,000.
    monkeypatch.setattr(handout, "MAX_TOPIC_CHARS", 3_000)
    english = cli("handout", "tai-chi", "-o", str(tmp_path / "en.html"), catalog=catalog)
    assert english.exit_code == 0, english.stderr
    checked = cli("check", str(catalog), catalog=None)
    line = spanish.splitlines().index("  tai-chi:") + 1
    text = " ".join(checked.stdout.split())
    assert f"{tmp_path / 'catalog.es.yaml'}:{line}:1: topics.tai-chi: a handout would print " in text, checked.stdout
    assert checked.exit_code == 1
