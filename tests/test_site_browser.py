"""The site in a real browser: headless Chromium types questions into the search box, from file:// and
from `painguide serve`; axe-core checks every page type; no page asks another origin for anything.

Needs chromium, chromedriver, selenium and axe-core 4.x (see tests/printing.py); without them these
tests skip, unless PAINGUIDE_REQUIRE_BROWSER is set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from painguide.cli import run
from printing import Axe, describe, start_driver
from webserver import running

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# One page of each type, in both languages (the search page also with a question answered).
PAGE_TYPES = [
    "index.html",
    *(
        f"{lang}/{name}"
        for lang in ("en", "es")
        for name in (
            "index.html",
            "search.html",
            "search.html?q=massage+warfarin" if lang == "en" else "search.html?q=quiero+matarme+agujas",
            "core.html",
            "references.html",
            "categories/therapies.html",
            "topics/massage-therapy.html",
            "handouts/massage-therapy.html",
        )
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled catalog's site, as a fresh install writes it."""
    root = tmp_path_factory.mktemp("site") / "site"
    assert run(["site", "-o", str(root), "--no-pdf"]) == 0
    return root


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    yield from start_driver(network_log=True)


def ask(driver: Any, url: str, question: str) -> Any:
    """Open `url`, type the question into the search box and press Enter; the results element."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(question + Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#results .status"))
    return driver.find_element(By.ID, "results")


def answers(results: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [item.text for item in results.find_elements(By.CSS_SELECTOR, "ol > li")]


def test_warfarin_answers_with_the_blood_thinner_safety_lines(driver: Any, site: Path) -> None:
    results = ask(driver, (site / "en/search.html").as_uri(), "warfarin")
    found = answers(results)
    lines = "\n\n".join(found)
    # Every answer is about warfarin or blood thinners, most of them safety lines.
    assert found and all("blood thinner" in line or "warfarin" in line for line in found), lines
    assert len([line for line in found if "\nSafety: " in line]) >= 4, lines
    assert "Massage therapy\nSafety: If you take a blood thinner, bleed easily" in "\n".join(found)
    assert results.find_elements("css selector", "[role=alert]") == []


def test_quiero_matarme_shows_988_first(driver: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    results = ask(driver, (site / "es/search.html").as_uri(), "quiero matarme")
    first = results.find_element(By.XPATH, "./*[1]")
    assert first.get_attribute("role") == "alert" and first.get_attribute("data-alert") == "crisis"
    assert first.text.startswith("Si piensa en quitarse la vida o en hacerse daño\nLlame o envíe un mensaje")
    assert "988" in first.text and "Para español, oprima el 2." in first.text
    assert results.find_element(By.CSS_SELECTOR, ".status").text == (
        "Ningún tema coincide con estas palabras. Pruebe otras palabras o vea la lista de temas."
    )


def test_the_page_reads_letters_spanish_says_alike_as_the_cli_does(driver: Any, site: Path) -> None:
    """ "bibir" is "vivir" misspelled as it sounds: the page's script folds b and v as safety_net.py does."""
    from selenium.webdriver.common.by import By

    results = ask(driver, (site / "es/search.html").as_uri(), "ya no quiero bibir")
    assert results.find_element(By.XPATH, "./*[1]").get_attribute("data-alert") == "crisis"


@pytest.mark.parametrize(
    ("page", "question"), [("en", "my husband took an overdose"), ("en", "chest pain"), ("es", "no puede respirar")]
)
def test_an_emergency_shows_911_first(driver: Any, site: Path, page: str, question: str) -> None:
    from selenium.webdriver.common.by import By

    results = ask(driver, (site / f"{page}/search.html").as_uri(), question)
    first = results.find_element(By.XPATH, "./*[1]")
    assert first.get_attribute("data-alert") == "emergency"
    assert "911" in first.find_element(By.CSS_SELECTOR, "li").text


def test_search_from_any_page_then_switch_to_spanish(driver: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    results = ask(driver, (site / "en/topics/acupuncture.html").as_uri(), "needles")
    assert driver.current_url == (site / "en/search.html").as_uri() + "?q=needles"
    assert answers(results)[0].startswith("Acupuncture\n")
    driver.find_element(By.CSS_SELECTOR, "a[hreflang=es]").click()
    assert driver.current_url == (site / "es/search.html").as_uri()
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    results = ask(driver, driver.current_url, "agujas")
    assert answers(results)[0].startswith("Acupuntura\nMensaje principal: ")
    assert results.find_element(By.CSS_SELECTOR, ".status").text == "4 temas encontrados"


def test_search_from_the_server(driver: Any, tmp_path: Path) -> None:
    with running(None, tmp_path / "serve.log") as server:
        results = ask(driver, f"{server.url}/en/search.html", "warfarin")
        assert "\nSafety: " in answers(results)[0] and "warfarin" in answers(results)[0]
        results = ask(driver, f"{server.url}/es/search.html", "me quiero morir")
        assert results.find_element("css selector", "[role=alert]").get_attribute("data-alert") == "crisis"


def _requests(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_request_leaves_the_page(driver: Any, site: Path, path: str) -> None:
    _requests(driver)  # empties the log
    driver.get_log("browser")
    page, _sep, query = path.partition("?")
    driver.get((site / page).as_uri() + (f"?{query}" if query else ""))
    if query:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 10).until(lambda d: d.find_element("css selector", "#results .status"))
    requested = _requests(driver)
    assert requested and all(url.startswith(f"{site.as_uri()}/") for url in requested), requested
    # No script refused, no policy broken: the browser console stays empty.
    assert driver.get_log("browser") == []


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_has_no_violations(driver: Any, site: Path, path: str) -> None:
    page, _sep, query = path.partition("?")
    result = Axe(driver).run((site / page).as_uri() + (f"?{query}" if query else ""))
    assert result["violations"] == [], describe(result["violations"])
    assert {"color-contrast", "document-title", "html-has-lang"} <= set(result["passes"])
    if query:
        # axe looked at the answers, not an empty page.
        assert {"list", "listitem", "link-name"} <= set(result["passes"])
