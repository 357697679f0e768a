"""axe-core in headless Chromium: handouts (standard and large print) and
`show --format html` have no WCAG 2.1 A or AA violations, and large print
meets the AAA contrast ratio (7:1).

Needs chromium, chromedriver, selenium and axe-core 4.x (`npm install
--prefix .ci/node axe-core@4`, or PAINGUIDE_AXE=path/to/axe.min.js). Without
them these tests skip, unless PAINGUIDE_REQUIRE_BROWSER is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from clinic import write_contact
from conftest import CATALOG, Result
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Topic
from painguide.queries import HandoutTopic
from painguide.render.handout import HandoutOptions, handout
from printing import Axe, describe, start_driver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Cli = Callable[..., Result]

# Rules that must have run and passed on a handout: the checks are not vacuous.
HANDOUT_RULES = {"color-contrast", "document-title", "html-has-lang", "list", "listitem", "svg-img-alt"}


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    yield from start_driver()


@pytest.fixture
def axe(driver: Any) -> Axe:
    return Axe(driver)


def write(cli: Cli, path: Path, *args: str, catalog: Path | None = CATALOG) -> Path:
    """Save what painguide prints; `catalog=None` is the bundled catalog."""
    result = cli(*args, catalog=catalog)
    assert result.exit_code == 0, result.stderr
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [[], ["--large-print"]], ids=["standard", "large-print"])
def test_handout_has_no_violations(
    axe: Axe, cli: Cli, tmp_path: Path, write_catalog: Callable[..., Path], size: list[str]
) -> None:
    page = write(
        cli,
        tmp_path / "handout.html",
        *("handout", "acupuncture", "tai-chi", "--plan", "--note", "Walk daily.", *size, "-o", "-"),
        catalog=write_contact(write_catalog),
    )
    result = axe.run(page)
    assert result["violations"] == [], describe(result["violations"])
    assert set(result["passes"]) >= HANDOUT_RULES
    assert result["version"].startswith("4.")


@pytest.mark.parametrize("size", [[], ["--large-print"]], ids=["standard", "large-print"])
def test_bundled_handout_has_no_violations(axe: Axe, cli: Cli, tmp_path: Path, size: list[str]) -> None:
    page = write(cli, tmp_path / "handout.html", "handout", "acupuncture", "sleep", *size, "-o", "-", catalog=None)
    result = axe.run(page)
    assert result["violations"] == [], describe(result["violations"])


class Log(NamedTuple):
    title: str
    columns: tuple[str, ...]


def test_log_table_has_no_violations(axe: Axe, tmp_path: Path) -> None:
    catalog = load_catalog(str(CATALOG))
    topic: Topic = type("LoggedTopic", (Topic,), {"log": Log("Practice diary", ("Date", "Minutes"))})(
        *catalog.topics["tai-chi"]
    )
    item = HandoutTopic(topic, {r: catalog.references[r] for r in topic.cited_refs()}, {})
    page = tmp_path / "log.html"
    page.write_text(handout([item], catalog.info, dt.date(2026, 11, 27), HandoutOptions(logs=True)), encoding="utf-8")
    result = axe.run(page)
    assert result["violations"] == [], describe(result["violations"])
    assert {"th-has-data-cells", "td-headers-attr"} & set(result["passes"])


@pytest.mark.parametrize("catalog", ["bundled", "contact"])
def test_show_html_has_no_violations(
    axe: Axe, cli: Cli, tmp_path: Path, write_catalog: Callable[..., Path], catalog: str
) -> None:
    data = None if catalog == "bundled" else write_contact(write_catalog)
    page = write(cli, tmp_path / "show.html", "show", "tai-chi", "--format", "html", catalog=data)
    result = axe.run(page)
    assert result["violations"] == [], describe(result["violations"])
    assert {"color-contrast", "document-title", "html-has-lang"} <= set(result["passes"])


def test_large_print_meets_the_aaa_contrast_ratio(axe: Axe, cli: Cli, tmp_path: Path) -> None:
    page = write(
        cli, tmp_path / "large.html", "handout", "acupuncture", "sleep", "--large-print", "-o", "-", catalog=None
    )
    result = axe.run(page, rules=["color-contrast-enhanced"])
    assert result["violations"] == [], describe(result["violations"])
    assert result["passes"] == ["color-contrast-enhanced"]


def test_axe_does_report_a_violation(axe: Axe, cli: Cli, tmp_path: Path) -> None:
    """Control for the tests above: a page with a known fault is caught."""
    html = cli("handout", "acupuncture", "-o", "-").stdout.replace('<html lang="en">', "<html>")
    page = tmp_path / "broken.html"
    page.write_text(html, encoding="utf-8")
    result = axe.run(page)
    assert [violation["id"] for violation in result["violations"]] == ["html-has-lang"]


@pytest.mark.parametrize(("size", "pixels"), [([], 16), (["--large-print"], 21)], ids=["standard", "large-print"])
def test_on_screen_body_text_size(driver: Any, cli: Cli, tmp_path: Path, size: list[str], pixels: int) -> None:
    """Large print is large in the browser too, not only on paper (16 pt is 21.3 px)."""
    page = write(cli, tmp_path / "screen.html", "handout", "acupuncture", *size, "-o", "-")
    driver.get(page.as_uri())
    # The topic's summary, the first paragraph of its body.
    script = "return getComputedStyle(document.querySelector('article.topic .topic-body > p')).fontSize"
    assert float(driver.execute_script(script).removesuffix("px")) >= pixels
