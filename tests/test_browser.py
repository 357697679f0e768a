"""Handouts in a real browser: headless Chromium prints them and loads a hostile one.

Needs `chromium` (Debian's package) and poppler-utils (`pdfinfo`,
`pdftotext`). Without them these tests skip, unless PAINGUIDE_REQUIRE_BROWSER
is set (as .ci/run does), when they fail: CI must never pass them silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from hostile import HOSTILE_POINTS, assert_inert, write_hostile

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Cli = Callable[..., Result]

# 2026-11-27 (UTC), so the printed date is known.
EPOCH = "1795737600"
# A page that opens a dialog blocks headless Chromium; it shows up as a timeout.
TIMEOUT = 60


def _need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed"
        if os.environ.get("PAINGUIDE_REQUIRE_BROWSER"):
            pytest.fail(f"{message}, and PAINGUIDE_REQUIRE_BROWSER is set")
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def chromium() -> str:
    return _need("chromium")


def _run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
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


def _handout(cli: Cli, directory: Path, *topics: str, catalog: Path | None = None) -> Path:
    out = directory / "handout.html"
    kwargs = {} if catalog is None else {"catalog": catalog}
    result = cli("handout", *topics, "-o", str(out), **kwargs)
    assert result.exit_code == 0, result.stderr
    return out


def _console(stderr: str) -> list[str]:
    """Console messages of the page (script output, CSP reports), from Chromium's log."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture
def printed(cli: Cli, chromium: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    page = _handout(cli, tmp_path, "acupuncture", "tai-chi")
    pdf = tmp_path / "handout.pdf"
    proc = _run_chromium(
        chromium, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()
    )
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    return pdf


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run([_need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    pdftotext = _need("pdftotext")
    return [
        subprocess.run(
            [pdftotext, "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for n in range(1, count + 1)
    ]


def test_two_topic_handout_prints_as_cover_then_each_topic_from_a_new_page(printed: Path) -> None:
    pages = _pages(printed)
    cover = pages[0]
    assert cover.startswith("Test Clinic\nNorth Town · South Town\n")
    for text in ("In this packet", "1. Acupuncture\n2. Tai chi", "Made 2026-11-27", "This is education"):
        assert text in cover
    starts = [n for n, page in enumerate(pages) if page.startswith(("Acupuncture\n", "Tai chi\n"))]
    assert starts[0] == 1 and len(starts) == 2, "each topic starts on a page of its own"
    acupuncture = "".join(pages[starts[0] : starts[1]])
    tai_chi = "".join(pages[starts[1] :])
    for text, citation in ((acupuncture, "Vickers AJ, Vertosick EA"), (tai_chi, "Wang C, Schmid CH")):
        assert "Key points" in text and "Questions to ask your care team" in text
        assert citation in text
        assert "This is education, not medical advice. Talk with your care team." in text
        assert "Handout made 2026-11-27 from Test pain guide (catalog version 1.0)." in text
    total = len(pages)
    assert [page.strip().splitlines()[-1] for page in pages] == [f"Page {n} of {total}" for n in range(1, total + 1)]


def test_hostile_handout_runs_no_script_in_chromium(
    cli: Cli, chromium: str, tmp_path: Path, write_catalog: Callable[..., Path]
) -> None:
    page = _handout(cli, tmp_path, "acupuncture", "tai-chi", catalog=write_hostile(write_catalog))
    proc = _run_chromium(
        chromium, tmp_path / "profile", "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()
    )
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

    ran = _run_chromium(
        chromium, tmp_path / "p1", "--enable-logging=stderr", "--v=0", "--dump-dom", without_policy.as_uri()
    )
    assert any('"script ran"' in line for line in _console(ran.stderr)), ran.stderr

    blocked = _run_chromium(
        chromium, tmp_path / "p2", "--enable-logging=stderr", "--v=0", "--dump-dom", with_policy.as_uri()
    )
    messages = _console(blocked.stderr)
    assert not any("script ran" in line or "handler ran" in line for line in messages)
    assert any("Content Security Policy" in line for line in messages), blocked.stderr
