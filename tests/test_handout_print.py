"""Handouts as they come out of a printer: each is printed to PDF twice, by
headless Chromium from the HTML (what "Print" or "Save as PDF" in a browser
gives) and by WeasyPrint (`-o FILE.pdf`), and read back with pdfplumber,
pypdf and zbar: type size, pages, words on each page, the clinic's contact
on every page, QR codes that scan, and the PDF's tags.

Words are counted above the page footer, so that a page holding only a
stray line or two fails even though its footer (contact, disclaimer, page
number) is full.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from clinic import LINK_URL, PHONE, WEBSITE, contact_text
from conftest import CATALOG, built_once, untraced
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Topic
from painguide.queries import HandoutTopic
from painguide.render.handout import HandoutOptions, handout
from printing import (
    Printed,
    driver_pdf,
    need_weasyprint,
    qr_codes,
    read_footers,
    read_pdf,
    start_driver,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EPOCH = "1795737600"
ENGINES = ("chromium", "weasyprint")
MIN_WORDS = 40


def painguide(*args: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PAINGUIDE_NO_CACHE": "1", "NO_COLOR": "1"}
    env.pop("PAINGUIDE_DATA", None)
    proc = subprocess.run([sys.executable, "-m", "painguide", *args], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


class Printer:
    """Makes a handout with the CLI and prints it with one engine."""

    def __init__(self, engine: str, directory: Path, driver: Any = None) -> None:
        self.engine = engine
        self.directory = directory
        self.driver = driver
        if engine == "weasyprint":
            need_weasyprint()

    def pdf(self, name: str, *args: str, catalog: Path | None = None) -> Path:
        data = ["--data", str(catalog)] if catalog else []
        pdf = self.directory / f"{self.engine}-{name}.pdf"
        if self.engine == "weasyprint":
            painguide(*data, "handout", *args, "-o", str(pdf))
            return pdf
        page = pdf.with_suffix(".html")
        painguide(*data, "handout", *args, "-o", str(page))
        return driver_pdf(self.driver, page, pdf)

    def html_pdf(self, name: str, html: str) -> Path:
        """Print a handout made in-process (for content the catalog format cannot state yet)."""
        pdf = self.directory / f"{self.engine}-{name}.pdf"
        if self.engine == "weasyprint":
            from painguide.render.handout_pdf import pdf_bytes

            with untraced():
                pdf.write_bytes(pdf_bytes(html))
            return pdf
        page = pdf.with_suffix(".html")
        page.write_text(html, encoding="utf-8")
        return driver_pdf(self.driver, page, pdf)


@pytest.fixture(scope="module", params=ENGINES)
def printer(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Printer]:
    directory = tmp_path_factory.mktemp(request.param)
    if request.param == "weasyprint":
        yield Printer("weasyprint", directory)
        return
    # One browser session prints every page (the same PDF as `chromium --print-to-pdf`, in a fraction of the time).
    for driver in start_driver():
        yield Printer("chromium", directory, driver)


@pytest.fixture(scope="module")
def contact_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "contact.yaml"
    path.write_text(contact_text(), encoding="utf-8")
    return path


@functools.cache
def bundled_handouts() -> dict[str, str]:
    """Each bundled topic as a one-topic handout, made in-process (the CLI path is tested above and below)."""
    from painguide.catalog.bundled import bundled_catalog

    catalog = load_catalog(bundled_catalog())
    titles = {topic.id: topic.title for topic in catalog.topics.values()}
    pages = {}
    for topic in catalog.topics.values():
        references = {r: catalog.references[r] for r in topic.cited_refs()}
        item = HandoutTopic(topic, references, {r: titles[r] for r in topic.related})
        pages[topic.id] = handout([item], catalog.info, dt.date(2026, 11, 27), HandoutOptions(paper="letter"))
    return pages


def bundled_topic_ids() -> list[str]:
    """The bundled catalog's topic ids, read at collection so that each topic prints in a test of its own."""
    from painguide.catalog.bundled import bundled_catalog

    return list(load_catalog(bundled_catalog()).topics)


BUNDLED_TOPICS = bundled_topic_ids()


def short_pages(printed: Printed) -> dict[int, int]:
    """Page number -> words above the footer, for each page with fewer than MIN_WORDS."""
    return {n: words for n, words in enumerate(printed.body_words, start=1) if words < MIN_WORDS}


def test_acupuncture_and_sleep_print_in_seven_pages_at_12_point(printer: Printer) -> None:
    # Seven since each topic answers 13 to 15 of patients' common questions (faq, issue 17) and carries the
    # 2026-12 reviews' safety lines.
    printed = read_pdf(printer.pdf("acupuncture-sleep", "acupuncture", "sleep"))
    assert printed.pages <= 7, printed.body_words
    assert printed.body_size >= 12, printed.sizes.most_common(3)
    assert short_pages(printed) == {}, printed.body_words
    # The footer (contact, disclaimer, page number) is smaller than the body, but not tiny.
    assert min(printed.footer_sizes) >= 9.5
    assert printed.texts[0].startswith("Pain Management Services\nDes Peres, Missouri · St. Peters, Missouri")


def test_large_print_is_16_point_with_larger_headings(printer: Printer) -> None:
    printed = read_pdf(printer.pdf("acupuncture-sleep-large", "acupuncture", "sleep", "--large-print"), True)
    assert printed.body_size >= 16, printed.sizes.most_common(3)
    assert max(printed.sizes) >= 24, "topic titles are at least 1.5 times the body size"
    assert min(printed.footer_sizes) >= 12
    assert short_pages(printed) == {}, printed.body_words


def test_the_bundled_catalog_has_every_topic_to_print() -> None:
    assert len(BUNDLED_TOPICS) >= 17
    assert sorted(bundled_handouts()) == sorted(BUNDLED_TOPICS)


# One test per topic, not one for all: each print is a few seconds, and xdist can share them out.
@pytest.mark.parametrize("topic", BUNDLED_TOPICS)
def test_every_bundled_topic_prints_in_at_most_four_pages(printer: Printer, topic: str) -> None:
    # Usual medical care, with every medicine's safety lines and its 15 questions answered, is the longest:
    # five pages.
    printed = read_pdf(printer.html_pdf(f"topic-{topic}", bundled_handouts()[topic]))
    assert printed.pages <= {"conventional-care": 5}.get(topic, 4), printed.body_words
    assert short_pages(printed) == {}, printed.body_words
    assert printed.body_size == 12.0, printed.sizes.most_common(3)


def test_contact_is_on_every_page_and_the_qr_codes_scan_to_the_exact_addresses(
    printer: Printer, contact_catalog: Path, tmp_path: Path
) -> None:
    pdf = printer.pdf("contact-plan", "acupuncture", "tai-chi", "--plan", catalog=contact_catalog)
    printed = read_pdf(pdf)
    for number, text in enumerate(printed.texts, start=1):
        assert f"Test Clinic · Phone {PHONE} · {WEBSITE}" in text, number
        assert f"Page {number} of {printed.pages}" in text
    assert f"Phone: {PHONE}" in printed.texts[0] and f"Website: {WEBSITE}" in printed.texts[0]
    # One code for the clinic website on the cover, one for the tai chi video, each exactly as the catalog has it.
    assert qr_codes(pdf, tmp_path) == [WEBSITE, LINK_URL]
    # The plan is one page, the last.
    plan = [n for n, text in enumerate(printed.texts, start=1) if "My plan" in text.split("\n")[0]]
    assert plan == [printed.pages]
    assert "My next visit" in printed.texts[-1] and f"Test Clinic: {PHONE}" in printed.texts[-1]
    assert short_pages(printed) == {}, printed.body_words


def test_large_print_plan_runs_over_without_a_near_empty_page(printer: Printer, contact_catalog: Path) -> None:
    pdf = printer.pdf(
        "contact-plan-large", "acupuncture", "tai-chi", "--plan", "--large-print", catalog=contact_catalog
    )
    printed = read_pdf(pdf, True)
    assert printed.body_size >= 16
    assert short_pages(printed) == {}, printed.body_words


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", ["bundled", "contact"])
def test_no_footer_text_overlaps_in_either_language_or_size(
    printer: Printer, contact_catalog: Path, language: str, large_print: bool, which: str
) -> None:
    """The bundled catalog's long disclaimer, or a clinic's full contact, beside the longest Spanish date."""
    import shutil

    from painguide import i18n
    from painguide.catalog.bundled import bundled_catalog

    if which == "contact":
        shutil.copy(CATALOG.with_name("catalog.es.yaml"), contact_catalog.with_name("contact.es.yaml"))
    catalog = load_catalog(bundled_catalog() if which == "bundled" else str(contact_catalog), language)
    titles = {topic.id: topic.title for topic in catalog.topics.values()}
    items = [
        HandoutTopic(
            topic, {r: catalog.references[r] for r in topic.cited_refs()}, {r: titles[r] for r in topic.related}
        )
        for topic in (catalog.topics["acupuncture"], catalog.topics["tai-chi"])
    ]
    with i18n.using(language):
        html = handout(items, catalog.info, dt.date(2026, 9, 27), HandoutOptions(large_print=large_print, paper="a4"))
    pdf = printer.html_pdf(f"footer-{which}-{language}-{'large' if large_print else 'standard'}", html)
    footers = read_footers(pdf, large_print)
    assert footers.overlaps == []
    # Each box wraps inside its own share of the width: all of it is there, on every page.
    words = {"en": ("Page", "Made", "2026-09-27", "Talk"), "es": ("Página", "Hecha", "septiembre", "Hable")}[language]
    clinic = ("Test Clinic", PHONE) if which == "contact" else ("Pain Management Services",)
    pages = footers.lines
    assert len(pages) >= 2
    for number, lines in enumerate(pages, start=1):
        footer = " ".join(lines)
        assert all(word in footer for word in (*clinic, *words)), (number, lines)


class Log(NamedTuple):
    title: str
    columns: tuple[str, ...]


def test_a_log_prints_as_one_page_table(printer: Printer) -> None:
    catalog = load_catalog(str(CATALOG))
    fields = {"log": Log("Practice diary", ("Date", "Minutes", "How did you feel?"))}
    topic: Topic = type("LoggedTopic", (Topic,), fields)(*catalog.topics["tai-chi"])
    item = HandoutTopic(topic, {r: catalog.references[r] for r in topic.cited_refs()}, {"acupuncture": "Acupuncture"})
    html = handout([item], catalog.info, dt.date(2026, 11, 27), HandoutOptions(logs=True, paper="letter"))
    printed = read_pdf(printer.html_pdf("log", html))
    assert printed.texts[-1].startswith("Practice diary\nFrom the topic: Tai chi.")
    assert "Date Minutes How did you feel?" in printed.texts[-1]
    assert sum("Practice diary" in text.split("\n")[0] for text in printed.texts) == 1
    assert short_pages(printed) == {}, printed.body_words


@pytest.fixture(scope="session")
def pdf_ua(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One PDF made by `painguide handout -o FILE.pdf` per run, read by every worker that needs it."""
    need_weasyprint()

    def build(folder: Path) -> None:
        catalog = folder / "contact.yaml"
        catalog.write_text(contact_text(), encoding="utf-8")
        painguide(
            "--data", str(catalog), "handout", "acupuncture", "tai-chi", "--plan", "-o", str(folder / "handout.pdf")
        )

    from pypdf import PdfReader

    return PdfReader(built_once(tmp_path_factory, "pdf-ua", build) / "handout.pdf")


def test_pdf_is_tagged_pdf_ua_1_with_language_and_title(pdf_ua: Any) -> None:
    root = pdf_ua.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf_ua.metadata.title == "Handout: Acupuncture, Tai chi"
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp


def structure(pdf: Any) -> tuple[dict[str, int], list[str]]:
    """How many of each structure element the tag tree has, and every figure's alternative text."""
    counts: dict[str, int] = {}
    alternatives: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            counts[node["/S"]] = counts.get(node["/S"], 0) + 1
            if node["/S"] == "/Figure":
                alternatives.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return counts, alternatives


def test_pdf_tags_headings_lists_and_qr_codes(pdf_ua: Any) -> None:
    counts, alternatives = structure(pdf_ua)
    # Cover title, two topics, the plan; their sections; every bullet list and its items.
    assert counts["/H1"] == 4 and counts["/H2"] >= 20 and counts["/H3"] == 4
    assert counts["/L"] >= 20 and counts["/LI"] == counts["/LBody"]
    assert alternatives == ["QR code for the clinic website", "QR code for Our tai chi class, on video"]


def test_pdf_embeds_every_font(pdf_ua: Any) -> None:
    fonts: dict[str, bool] = {}
    for page in pdf_ua.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts


def test_pdf_has_no_browser_header_or_footer(pdf_ua: Any) -> None:
    for page in pdf_ua.pages:
        text = page.extract_text()
        assert "file:" not in text and ".html" not in text
        assert "Made 2026-11-27" in text
