"""Handouts in a real browser: headless Chromium prints one and loads a hostile one.

Needs `chromium` (Debian's package) and poppler-utils (`pdfinfo`,
`pdftotext`). Without them these tests skip, unless PAINGUIDE_REQUIRE_BROWSER
is set (as .ci/run does), when they fail: CI must never pass them silently.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from clinic import PHONE, WEBSITE, write_contact
from conftest import Result
from hostile import HOSTILE_POINTS, assert_inert, write_hostile
from printing import FOOTER_MM, MM, chromium_pdf, need, run_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Cli = Callable[..., Result]

# 2026-11-27 (UTC), so the printed date is known.
EPOCH = "1795737600"
FOOTER = (
    f"Test Clinic · Phone {PHONE} · {WEBSITE}\nThis is education, not medical advice. Talk with your care team.\n\n"
)


@pytest.fixture(scope="module")
def chromium() -> str:
    return need("chromium")


def _handout(cli: Cli, directory: Path, *topics: str, catalog: Path | None = None) -> Path:
    out = directory / "handout.html"
    kwargs = {} if catalog is None else {"catalog": catalog}
    result = cli("handout", *topics, "-o", str(out), **kwargs)
    assert result.exit_code == 0, result.stderr
    return out


def _console(stderr: str) -> list[str]:
    """Console messages of the page (script output, CSP reports), from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Page(NamedTuple):
    """One printed page: the text above the footer, the footer, and the whole page."""

    body: str
    foot: str
    whole: str


def _pages(pdf: Path, large_print: bool = False) -> list[Page]:
    """Each page's text, the body (in reading order, a column at a time) apart from the footer in the bottom margin."""
    info = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    count = int(fields["Pages"])
    # "612 x 792 pts (letter)": the page in points, which is what pdftotext crops in (at its 72 dpi).
    width, height = (round(float(value)) for value in fields["Page size"].split()[:3:2])
    footer = round(FOOTER_MM[large_print] * MM)
    pdftotext = need("pdftotext")

    def text(n: int, *crop: str) -> str:
        command = [pdftotext, "-f", str(n), "-l", str(n), *crop, str(pdf), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.rstrip("\n\x0c")

    return [
        Page(
            text(n, "-x", "0", "-y", "0", "-W", str(width), "-H", str(height - footer)),
            text(n, "-x", "0", "-y", str(height - footer), "-W", str(width), "-H", str(footer)),
            text(n),
        )
        for n in range(1, count + 1)
    ]


def _check_footers(pages: list[Page]) -> None:
    for number, page in enumerate(pages, start=1):
        assert page.foot == f"{FOOTER}Page {number} of {len(pages)}\nMade 2026-11-27", page
        assert FOOTER.strip() not in page.body
        # No browser header: no file name, address or print date of Chromium's own.
        assert "file:" not in page.whole and "handout.html" not in page.whole


def test_printed_handout_has_contact_and_disclaimer_at_the_foot_of_every_page(
    cli: Cli, chromium: str, tmp_path: Path, write_catalog: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    page = _handout(cli, tmp_path, "acupuncture", "tai-chi", catalog=write_contact(write_catalog))
    pages = _pages(chromium_pdf(chromium, page, tmp_path / "h.pdf"))
    cover_and_acupuncture, tai_chi = (page.body for page in pages)
    assert cover_and_acupuncture.startswith(
        f"Test Clinic\nPhone: {PHONE} · Hours: Monday to Friday, 8 am to 5 pm\nWebsite: {WEBSITE}\n"
        "North Town · South Town (1 Main Street, South Town, phone 555-0111)\n\nTest pain guide\nIn this packet\n"
    )
    assert "\n\nAcupuncture\nAlso called: needling, needle therapy\n" in cover_and_acupuncture
    # The whole topic fits on the cover page, its body in two columns (read a column at a time):
    # the second starts at "Safety" and ends with the topic's end, kept together.
    columns = cover_and_acupuncture.split("\nA trained practitioner puts very thin needles into\n")[1]
    first, second = columns.split("\n\nSafety\nWho should be careful\n")
    # Where a column wraps its lines is the browser's business; the words and their order are ours.
    assert " ".join(first.split()).endswith(
        "What to expect A visit takes about an hour. Questions people ask Do the needles hurt? Most people feel "
        "little or no pain. The needles are very thin. How many visits will I need? Most people need several "
        "visits to know if it helps. [1]"
    ), first
    assert (
        "\n\nQuestions to ask your care team\nIs acupuncture a good fit for my kind of pain?\n\n"
        "Related topics\nTai chi\nMassage therapy\n\nReferences\n1. Vickers AJ, Vertosick EA, Lewith G, et al."
    ) in second
    assert second.endswith("PMID:\n29198932.\n\nLast reviewed: 2026-11-20\nNot yet reviewed")
    assert tai_chi.startswith("Tai chi\n")
    assert tai_chi.endswith("Last reviewed: 2026-11-20\nNot yet reviewed")
    _check_footers(pages)


def test_printed_large_print_keeps_the_end_of_a_topic_together(
    cli: Cli, chromium: str, tmp_path: Path, write_catalog: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    page = _handout(cli, tmp_path, "acupuncture", "tai-chi", "--large-print", catalog=write_contact(write_catalog))
    pages = _pages(chromium_pdf(chromium, page, tmp_path / "h.pdf"), large_print=True)
    starts = [page.body.split("\n")[0] for page in pages]
    # Each topic's end (questions, related topics, references, review) moves to a page of its own
    # whole rather than leaving its last lines alone on a page: acupuncture's, then tai chi's.
    assert starts == [
        "Test Clinic",
        "What the research shows",
        "Questions to ask your care team",
        "Tai chi",
        "Questions to ask your care team",
    ], starts
    assert pages[3].body.endswith("Our tai chi class, on video\nhttps://clinic.example/videos/tai-chi?lang=en")
    assert pages[4].body.startswith(
        "Questions to ask your care team\nWhich class is right for me?\n\n"
        "Related topics\nAcupuncture\n\nReferences\n1. Wang C"
    )
    assert pages[4].body.endswith("Last reviewed: 2026-11-20\nNot yet reviewed")
    _check_footers(pages)


def test_hostile_handout_runs_no_script_in_chromium(
    cli: Cli, chromium: str, tmp_path: Path, write_catalog: Callable[..., Path]
) -> None:
    page = _handout(cli, tmp_path, "acupuncture", "tai-chi", catalog=write_hostile(write_catalog))
    proc = run_chromium(chromium, tmp_path / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri())
    assert proc.returncode == 0, proc.stderr
    # Nothing ran and nothing was even attempted: a blocked script or image would log a CSP report.
    assert _console(proc.stderr) == []
    dom = proc.stdout
    parser = assert_inert(dom)
    for point in HOSTILE_POINTS:
        assert point in parser.text, point
    assert "<img src=x onerror=alert(1)> Clinic" in parser.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom


def test_the_console_check_does_catch_scripts_and_the_policy_blocks_them(
    cli: Cli, chromium: str, tmp_path: Path
) -> None:
    """Controls for the test above: an injected script is seen, and our policy stops it."""
    page = _handout(cli, tmp_path, "acupuncture")
    html = page.read_text(encoding="utf-8")
    injected = (
        "<body>\n<script>console.error('script ran')</script><img src=x onerror=\"console.error('handler ran')\">"
    )
    without_policy = tmp_path / "without-policy.html"
    without_policy.write_text(
        html.replace("<body>", injected, 1).replace('http-equiv="Content-Security-Policy"', 'name="x"'),
        encoding="utf-8",
    )
    with_policy = tmp_path / "with-policy.html"
    with_policy.write_text(html.replace("<body>", injected, 1), encoding="utf-8")

    ran = run_chromium(
        chromium, tmp_path / "p1", "--enable-logging=stderr", "--v=0", "--dump-dom", without_policy.as_uri()
    )
    assert any('"script ran"' in line for line in _console(ran.stderr)), ran.stderr

    blocked = run_chromium(
        chromium, tmp_path / "p2", "--enable-logging=stderr", "--v=0", "--dump-dom", with_policy.as_uri()
    )
    messages = _console(blocked.stderr)
    assert not any("script ran" in line or "handler ran" in line for line in messages)
    assert any("Content Security Policy" in line for line in messages), blocked.stderr
