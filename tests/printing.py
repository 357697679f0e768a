"""Print handouts and read them back: headless Chromium, WeasyPrint PDFs,
pdfplumber, poppler, zbar and axe-core. Shared by the browser, print and
accessibility tests.

A missing tool skips its tests with the reason, listed again in a banner at the
end of the run (tests/conftest.py), unless PAINGUIDE_REQUIRE_BROWSER is set (as
.ci/run does): then it fails them, so CI never passes them silently.
"""

from __future__ import annotations

import base64
import collections
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from conftest import MISSING_TOOL, ROOT, untraced

# A page that opens a dialog blocks headless Chromium; it shows up as a timeout.
TIMEOUT = 60
MM = 72 / 25.4
# The page footer (contact, disclaimer, page number) sits in the bottom margin;
# words are counted above it, so that a page is never "full" of footer alone.
FOOTER_MM = {False: 21, True: 32}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_DEFAULT = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def required() -> bool:
    return bool(os.environ.get("PAINGUIDE_REQUIRE_BROWSER"))


def missing(message: str) -> None:
    """Fail with PAINGUIDE_REQUIRE_BROWSER; else skip, and the summary lists it in a banner (tests/conftest.py)."""
    if required():
        pytest.fail(f"{message}, and PAINGUIDE_REQUIRE_BROWSER is set")
    pytest.skip(MISSING_TOOL + message)


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        missing(f"{program} is not installed")
        raise AssertionError("unreachable")
    return path


def need_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        missing(f"WeasyPrint (the pdf extra) cannot be imported: {error}")


def axe_source() -> str:
    path = Path(os.environ.get("PAINGUIDE_AXE") or AXE_DEFAULT)
    if not path.is_file():
        missing(f"axe-core not found at {path} (tools/install-system-deps.sh puts it there; or set PAINGUIDE_AXE)")
    return path.read_text(encoding="utf-8")


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not finish in {TIMEOUT}s: did the page open a dialog?")


def chromium_pdf(chromium: str, page: Path, pdf: Path) -> Path:
    """Print `page` as a browser's "Save as PDF" does, without the browser's own header and footer."""
    proc = run_chromium(
        chromium, pdf.with_suffix(".profile"), f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    return pdf


class Printed(NamedTuple):
    """What a printed handout holds, page by page."""

    body_words: list[int]
    texts: list[str]
    sizes: collections.Counter[float]
    footer_sizes: collections.Counter[float]

    @property
    def pages(self) -> int:
        return len(self.texts)

    @property
    def body_size(self) -> float:
        """The size most characters above the footer are set in: the body text."""
        return self.sizes.most_common(1)[0][0]


def read_pdf(pdf: Path, large_print: bool = False) -> Printed:
    with untraced():
        return _read_pdf(pdf, large_print)


def _read_pdf(pdf: Path, large_print: bool) -> Printed:
    import pdfplumber

    bottom = FOOTER_MM[large_print] * MM
    words, texts = [], []
    sizes: collections.Counter[float] = collections.Counter()
    footer_sizes: collections.Counter[float] = collections.Counter()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            body = page.crop((0, 0, page.width, page.height - bottom))
            foot = page.crop((0, page.height - bottom, page.width, page.height))
            words.append(len(body.extract_words()))
            texts.append(page.extract_text())
            sizes.update(round(char["size"], 1) for char in body.chars if not char["text"].isspace())
            footer_sizes.update(round(char["size"], 1) for char in foot.chars if not char["text"].isspace())
    return Printed(words, texts, sizes, footer_sizes)


class Footers(NamedTuple):
    """What the page footers of a printed handout hold."""

    # Each pair of letters printed on top of each other, as "page N: 'a' over 'b' at x=X".
    overlaps: list[str]
    # The text of each page's footer, line by line, as pdfplumber reads it.
    lines: list[list[str]]


def read_footers(pdf: Path, large_print: bool = False) -> Footers:
    """The footers of every page, from one parse of the PDF (parsing is most of the cost)."""
    with untraced():
        return _read_footers(pdf, large_print)


def _read_footers(pdf: Path, large_print: bool) -> Footers:
    """Two letters of one word may touch (kerning), so a pair overlaps when they
    share more than a third of the smaller one's box; letters of text that runs
    into another box share most of it."""
    import itertools

    import pdfplumber

    bottom = FOOTER_MM[large_print] * MM
    overlaps: list[str] = []
    lines: list[list[str]] = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            chars = [c for c in page.chars if c["top"] >= page.height - bottom and not c["text"].isspace()]
            for a, b in itertools.combinations(chars, 2):
                width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                smaller = min((c["x1"] - c["x0"]) * (c["bottom"] - c["top"]) for c in (a, b))
                if width > 0 and height > 0 and smaller > 0 and width * height > smaller / 3:
                    overlaps.append(f"page {number}: {a['text']!r} over {b['text']!r} at x={a['x0']:.0f}")
            foot = page.crop((0, page.height - bottom, page.width, page.height))
            lines.append((foot.extract_text() or "").splitlines())
    return Footers(overlaps, lines)


def qr_codes(pdf: Path, tmp: Path) -> list[str]:
    """Every QR code zbar finds on the pages of `pdf`, rendered at 200 dpi, decoded exactly."""
    pdftoppm, zbarimg = need("pdftoppm"), need("zbarimg")
    subprocess.run([pdftoppm, "-r", "200", "-png", str(pdf), str(tmp / "page")], check=True, timeout=TIMEOUT)
    found: list[str] = []
    for image in sorted(tmp.glob("page-*.png")):
        proc = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        # zbarimg exits 4 when an image has no code at all.
        assert proc.returncode in (0, 4), proc.stderr
        found += [line for line in proc.stdout.decode("utf-8").splitlines() if line]
    return found


class Axe:
    """axe-core run in a selenium-driven Chromium session."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.source = axe_source()

    def run(self, page: Path | str, tags: list[str] | None = None, rules: list[str] | None = None) -> dict[str, Any]:
        """axe's results for a file, or for an address (a page with a query, or on a server)."""
        self.driver.get(page if isinstance(page, str) else page.as_uri())
        # WebDriver scripts are not the page's: the handout's policy forbids page scripts, not these.
        self.driver.execute_script(self.source)
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags or AXE_TAGS}
        result = self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: arguments[0]})
              .then(r => done({
                version: r.testEngine.version,
                violations: r.violations.map(v => ({
                  id: v.id, impact: v.impact,
                  nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)})),
                passes: r.passes.map(p => p.id)}))
              .catch(e => done({error: String(e)}));
            """,
            only,
        )
        assert isinstance(result, dict) and "error" not in result, result
        return result


def start_driver(network_log: bool = False) -> Iterator[Any]:
    """One headless Chromium session, driven by selenium through Debian's chromedriver.

    `network_log` keeps Chromium's performance log, in which every request the page makes is listed.
    """
    chromium, chromedriver = need("chromium"), need("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed")
        raise AssertionError("unreachable") from None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # Explicit paths: Selenium Manager would otherwise try to download a driver.
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_script_timeout(TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def driver_pdf(driver: Any, page: Path, pdf: Path) -> Path:
    """Print `page` in a running session, as `chromium --print-to-pdf` does (the same PDF, without a new browser)."""
    driver.get(page.as_uri())
    printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False})
    pdf.write_bytes(base64.b64decode(printed["data"]))
    return pdf


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1)
