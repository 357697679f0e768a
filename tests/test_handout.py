"""`painguide handout`: the printable packet, its options, and how it is written to disk.

What the printed pages look like (font sizes, page counts, words per page,
QR codes that scan) is checked on real PDFs in test_handout_print.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from clinic import HOURS, LINK_LABEL, LINK_URL, PHONE, PLAIN_CLINIC, WEBSITE, write_contact
from conftest import CATALOG, Result, assert_golden
from hostile import HOSTILE_POINTS, assert_inert, write_hostile
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Topic
from painguide.queries import HandoutTopic
from painguide.render.handout import HandoutOptions, handout

Cli = Callable[..., Result]

# 2026-11-27 (UTC): the date printed on the handout.
EPOCH = "1795737600"
MADE = dt.date(2026, 11, 27)
DISCLAIMER = "This is education, not medical advice. Talk with your care team."


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def css_text(value: str) -> str:
    """The text of CSS strings as a browser reads them: hex escapes decoded, strings joined."""
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', value)

    def decode(s: str) -> str:
        return re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), s)

    return "".join(decode(s) for s in strings)


def footer(page: str) -> tuple[str, str]:
    """What the bottom-left and bottom-right page margins print, counters shown as N and M."""
    left = re.search(r"@bottom-left \{ content: (.*?); white-space", page)
    right = re.search(r"@bottom-right \{ content: (.*?); white-space", page)
    assert left and right, "no page footer"
    counters = right.group(1).replace("counter(pages)", '"M"').replace("counter(page)", '"N"')
    return css_text(left.group(1)), css_text(counters)


def sections(page: str) -> dict[str, str]:
    """The front matter, each topic, log and plan by its id or class."""
    found = {}
    for match in re.finditer(r'<(header|article|section) class="([^"]+)"( id="([^"]+)")?.*?</\1>', page, re.S):
        found[match.group(4) or match.group(2)] = match.group(0)
    return found


def test_two_topic_handout_matches_golden(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    result = cli("handout", "acupuncture", "tai chi", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out} (2 topics). Open it in a browser to print it.\n"
    assert_golden("html/handout-acupuncture-tai-chi.html", out.read_text(encoding="utf-8"))


def test_cover_lists_the_topics_and_says_where_it_came_from(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "taiji", "-o", "-").stdout
    cover = sections(page)["front cover"]
    assert '<p class="clinic">Test Clinic</p>\n<p class="places">North Town &middot; South Town</p>' in cover
    assert "<h1>Test pain guide</h1>\n<h2>In this packet</h2>" in cover
    assert '<ol class="contents">\n<li>Acupuncture</li>\n<li>Tai chi</li>\n</ol>' in cover
    assert '<p class="made">Made 2026-11-27 from Test pain guide (catalog version 1.0).</p>' in cover
    assert f'<p class="disclaimer">{DISCLAIMER}</p>' in cover


def test_each_topic_has_its_references_and_no_command_hints(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "taiji", "-o", "-").stdout
    found = sections(page)
    for topic, ref in (("topic-acupuncture", "10.1016/j.jpain.2017.11.005"), ("topic-tai-chi", "10.1136/bmj.k851")):
        assert f'<a href="https://doi.org/{ref}">{ref}</a>' in found[topic]
        assert "painguide show" not in found[topic]
        # The disclaimer is printed at the foot of every page, not after each topic.
        assert DISCLAIMER not in found[topic]


def test_later_topics_start_a_new_printed_page_and_endings_stay_together(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "taiji", "-o", "-").stdout
    assert "article.topic ~ article.topic, section.plan, section.log {\n    break-before: page;" in page
    assert "h1, h2, h3, .callout-title { break-after: avoid; page-break-after: avoid; }" in page
    # A long list item may run on to the next column or page, but never leaves one line behind or alone.
    assert "p, li { orphans: 2; widows: 2; }" in page
    assert ".tail { break-inside: avoid; page-break-inside: avoid; }" in page
    # Acupuncture's references are short, so the sections before them join the kept-together end.
    tail = sections(page)["topic-acupuncture"].split('<div class="tail">\n')[1]
    assert tail.startswith("<h2>Questions to ask your care team</h2>\n<ul>\n<li>Is acupuncture a good fit")
    assert "<h2>Related topics</h2>\n<ul>\n<li>Tai chi</li>" in tail
    assert '<h2>References</h2>\n<div class="references">\n<ol>' in tail
    assert tail.endswith(
        '<p><span class="muted">Last reviewed: 2026-11-20</span></p>\n<p><span class="muted">Not yet reviewed</span></p>'
        "\n</div>\n</div>\n</article>"
    )


def test_every_printed_page_carries_contact_disclaimer_page_number_and_date(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "-o", "-").stdout
    assert footer(page) == (f"Test Clinic\n{DISCLAIMER}", "Page N of M\nMade 2026-11-27")


def test_footer_with_contact_details(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("handout", "acupuncture", "-o", "-", catalog=write_contact(write_catalog)).stdout
    assert footer(page)[0] == f"Test Clinic \u00b7 Phone {PHONE} \u00b7 {WEBSITE}\n{DISCLAIMER}"


def test_one_topic_gets_a_masthead_not_a_cover(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("handout", "tai chi", "-o", "-", catalog=write_contact(write_catalog)).stdout
    front = sections(page)["front masthead"]
    assert "In this packet" not in front and "<h1>" not in front
    assert front.startswith('<header class="front masthead">\n<div class="card">\n<div class="who">\n')
    assert (
        f'<p class="clinic">Test Clinic</p>\n<p>Phone: <strong>{PHONE}</strong> &middot; Hours: {HOURS}</p>\n'
        f'<p>Website: <a class="url" href="{WEBSITE}">{WEBSITE}</a></p>\n'
        '<p class="places">North Town &middot; South Town (1 Main Street, South Town, phone 555-0111)</p>\n</div>\n'
        '<svg class="qr" role="img" viewBox="0 0 37 37"><title>QR code for the clinic website</title>'
    ) in front
    assert front.endswith(f'<p class="disclaimer">{DISCLAIMER}</p>\n</header>')


def test_contact_details_are_on_the_cover(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("handout", "acupuncture", "tai chi", "-o", "-", catalog=write_contact(write_catalog)).stdout
    cover = sections(page)["front cover"]
    assert f"<p>Phone: <strong>{PHONE}</strong> &middot; Hours: {HOURS}</p>" in cover
    assert f'<a class="url" href="{WEBSITE}">{WEBSITE}</a>' in cover
    assert cover.count("<svg ") == 1


def test_topic_links_print_label_address_and_qr_code(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("handout", "tai chi", "-o", "-", catalog=write_contact(write_catalog)).stdout
    topic = sections(page)["topic-tai-chi"]
    link = topic.split("<h2>Learn more</h2>\n")[1].split("\n<div")[0]
    assert link.startswith(
        f'<div class="qr-link"><svg class="qr" role="img" viewBox="0 0 41 41"><title>QR code for {LINK_LABEL}</title>'
    )
    escaped = LINK_URL.replace("&", "&amp;")
    assert link.endswith(
        f'<p><strong>{LINK_LABEL}</strong><br>\n<a class="url" href="{escaped}">{escaped}</a></p></div>'
    )
    # Learn more comes before the references, which stay at the end.
    assert topic.index("Learn more") < topic.index("<h2>References</h2>")


def test_without_a_clinic_the_handout_names_the_catalog(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    text = CATALOG.read_text(encoding="utf-8").replace(PLAIN_CLINIC, "")
    page = cli("handout", "massage", "tai chi", "-o", "-", catalog=write_catalog(text)).stdout
    assert '<header class="front cover">\n<h1>Test pain guide</h1>' in page
    assert 'class="clinic"' not in page and "<svg" not in page
    assert footer(page)[0] == f"Test pain guide\n{DISCLAIMER}"


def test_large_print_is_16_point_with_larger_headings_and_darker_text(cli: Cli) -> None:
    standard = cli("handout", "acupuncture", "-o", "-").stdout
    large = cli("handout", "acupuncture", "--large-print", "-o", "-").stdout
    assert "html { font-size: 12pt; }" in standard and "16pt" not in standard
    assert "html { font-size: 16pt; }" in large
    assert "h1 { font-size: 1.55rem; }" in large and "h2 { font-size: 1.3rem; }" in large
    assert ".muted, .made { color: #333; }" in large
    assert "font: 12pt/1.3" in large and "font: 9.5pt/1.3" in standard
    # Printed topics run in two columns at the standard size, in one in large print.
    assert ".topic-body { columns: 2; column-gap: 8mm; }" in standard and "columns: auto" not in standard
    assert ".topic-body { columns: auto; }" in large


def test_paper_size_is_the_printers_unless_asked(cli: Cli) -> None:
    assert "@page { margin: 12mm 13mm 21mm;" in cli("handout", "acupuncture", "-o", "-").stdout
    assert "@page { size: a4; margin" in cli("handout", "acupuncture", "--paper", "a4", "-o", "-").stdout
    result = cli("handout", "acupuncture", "--paper", "legal", "-o", "-")
    assert result.exit_code == 2
    assert "'legal' is not one of 'letter', 'a4'" in result.stderr


def test_plan_page(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    page = cli("handout", "acupuncture", "tai chi", "--plan", "-o", "-", catalog=write_contact(write_catalog)).stdout
    plan = sections(page)["plan"]
    assert '<ol class="contents">\n<li>Acupuncture</li>\n<li>Tai chi</li>\n<li>My plan</li>\n</ol>' in page
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", plan)
    assert headings == [
        "My plan",
        "What we talked about",
        "What I will try this week",
        "Say it in your own words",
        "Get help right away",
        "Who to call",
        "My next visit",
    ]
    assert '<ul class="talked">\n<li>Acupuncture</li>\n<li>Tai chi</li>\n</ul>' in plan
    assert "<li>In your own words, what is one thing you will try?\n" in plan
    # Three lines to write what to try, three for teach-back; the urgent signs come from the topics.
    assert plan.count('<div class="line"></div>') == 3 + 3
    assert "Call 911 if you have chest pain or trouble breathing after a session." in plan
    # Topics that list no urgent signs leave lines for the patient to write them down with the care team.
    alone = sections(cli("handout", "tai chi", "--plan", "-o", "-").stdout)["plan"]
    assert "Ask your care team which signs mean you should get help right away, and write them here." in alone
    assert alone.count('<div class="line"></div>') == 3 + 3 + 2
    assert f"<p><strong>Test Clinic</strong>: <strong>{PHONE}</strong></p>\n<p>Hours: {HOURS}</p>" in plan
    assert "<li>South Town: 555-0111</li>" in plan
    assert "A note from your care team" not in plan


def test_note_is_printed_on_the_plan_escaped_and_implies_plan(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "--note", "Walk 10 minutes a day.\nCall if <b>bruises</b> spread.", "-o", "-")
    plan = sections(page.stdout)["plan"]
    assert (
        '<div class="note">\n<h2>A note from your care team</h2>\n'
        "<p>Walk 10 minutes a day.<br>\nCall if &lt;b&gt;bruises&lt;/b&gt; spread.</p>\n</div>"
    ) in plan


def test_plan_without_a_phone_has_lines_to_write_one(cli: Cli) -> None:
    plan = sections(cli("handout", "acupuncture", "--plan", "-o", "-").stdout)["plan"]
    assert (
        '<p>Test Clinic</p>\n<div class="fill">\n<p>Name: <span class="blank"></span></p>\n'
        '<p>Phone: <span class="blank"></span></p>\n</div>'
    ) in plan


class Log(NamedTuple):
    title: str
    columns: tuple[str, ...]


def extended(topic: Topic, **fields: Any) -> Topic:
    """The topic with some fields replaced."""
    return topic._replace(**fields)


def items(*topics: Topic) -> list[HandoutTopic]:
    catalog = load_catalog(str(CATALOG))
    return [HandoutTopic(t, {r: catalog.references[r] for r in t.cited_refs()}, {}) for t in topics]


def test_plan_collects_urgent_signs_from_every_topic_once() -> None:
    catalog = load_catalog(str(CATALOG))
    acupuncture = extended(catalog.topics["acupuncture"], urgent=("Chest pain after a session.", "A fever."))
    tai_chi = extended(catalog.topics["tai-chi"], urgent=("A fall with a hard knock to the head.", "A fever."))
    page = handout(items(acupuncture, tai_chi), catalog.info, MADE, HandoutOptions(plan=True))
    plan = sections(page)["plan"]
    assert (
        "<h2>Get help right away</h2>\n<ul>\n<li>Chest pain after a session.</li>\n<li>A fever.</li>\n"
        "<li>A fall with a hard knock to the head.</li>\n</ul>"
    ) in plan
    assert "Ask your care team which signs" not in plan


def test_logs_print_each_topics_log_as_a_table_with_blank_rows() -> None:
    catalog = load_catalog(str(CATALOG))
    diary = Log("Practice diary", ("Date", "Minutes", "Pain <0-10>"))
    tai_chi = extended(catalog.topics["tai-chi"], log=diary)
    # Acupuncture's own log is taken away, so that the page holds one log only.
    chosen = items(extended(catalog.topics["acupuncture"], log=None), tai_chi)
    page = handout(chosen, catalog.info, MADE, HandoutOptions(logs=True))
    log = sections(page)["log"]
    assert log.startswith(
        '<section class="log" aria-labelledby="log-tai-chi">\n<h1 id="log-tai-chi">Practice diary</h1>\n'
        "<p>From the topic: Tai chi. Fill in one row each day for a week, even on good days."
    )
    assert (
        '<table class="log">\n<thead><tr><th scope="col">Date</th><th scope="col">Minutes</th>'
        '<th scope="col">Pain &lt;0-10&gt;</th></tr></thead>\n<tbody>\n'
        + "<tr><td></td><td></td><td></td></tr>\n" * 7
        + "</tbody>\n</table>"
    ) in log
    # The log follows its topic, and the cover lists it.
    assert page.index('id="topic-tai-chi"') < page.index('class="log"')
    assert "<li>Tai chi</li>\n<li>Practice diary</li>\n</ol>" in page
    # Without --logs, no log page.
    assert "<table" not in handout(chosen, catalog.info, MADE, HandoutOptions())


def test_logs_option_without_any_log_adds_nothing(cli: Cli) -> None:
    with_logs = cli("handout", "tai chi", "--logs", "-o", "-").stdout
    assert with_logs == cli("handout", "tai chi", "-o", "-").stdout


def test_pdf_without_the_extra_is_a_one_line_error(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "handout.pdf"
    result = cli("handout", "acupuncture", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        'painguide: writing a PDF needs WeasyPrint; install it with: pip install weasyprint (or, in a checkout of painguide: pip install ".[pdf]")\n'
    )
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_pdf_is_written_whole_and_an_existing_one_kept(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="the pdf extra is not installed")
    out = tmp_path / "Handout.PDF"
    result = cli("handout", "acupuncture", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out} (1 topic).\n"
    data = out.read_bytes()
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")
    again = cli("handout", "tai chi", "-o", str(out))
    assert again.exit_code == 1
    assert again.stderr == f"painguide: {out} already exists; add --force to replace it\n"
    assert out.read_bytes() == data
    assert list(tmp_path.iterdir()) == [out]


def test_naming_a_topic_twice_prints_it_once(cli: Cli) -> None:
    page = cli("handout", "tai-chi", "Tai Chi", "taiji", "-o", "-").stdout
    assert page.count('<article class="topic"') == 1


def test_existing_file_is_kept_without_force(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    out.write_text("keep me")
    result = cli("handout", "acupuncture", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"painguide: {out} already exists; add --force to replace it\n"
    assert out.read_text() == "keep me"
    assert list(tmp_path.iterdir()) == [out]


def test_force_replaces_the_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    out.write_text("old")
    result = cli("handout", "acupuncture", "-o", str(out), "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == [out]


def test_new_file_gets_ordinary_permissions(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    old = os.umask(0o022)
    try:
        assert cli("handout", "acupuncture", "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_failed_write_leaves_old_file_and_no_temporary_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "handout.html"
    out.write_text("old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = cli("handout", "acupuncture", "-o", str(out), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"painguide: cannot write {out}: No space left on device\n"
    assert out.read_text() == "old"
    assert list(tmp_path.iterdir()) == [out]


def test_missing_directory_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "handout.html"
    result = cli("handout", "acupuncture", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"painguide: cannot write {out}: No such file or directory\n"


def test_directory_as_output_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("handout", "acupuncture", "-o", str(tmp_path), "--force")
    assert result.exit_code == 1
    assert result.stderr == f"painguide: cannot write {tmp_path}: it is a directory\n"


def test_unknown_topic_is_a_usage_error_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    result = cli("handout", "acupuncture", "acupunture-typo", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: No topic named 'acupunture-typo'.")
    assert not out.exists()


@pytest.mark.parametrize("args", [["handout", "acupuncture"], ["handout", "-o", "-"]])
def test_missing_output_or_topic_is_a_usage_error(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Missing" in result.stderr


def test_help_has_an_example_and_every_option(cli: Cli) -> None:
    out = cli("handout", "--help", catalog=None).stdout
    assert 'Example: painguide handout acupuncture "tai chi" --plan -o handout.pdf' in out
    for option in ("--output", "--force", "--large-print", "--plan", "--note", "--logs", "--paper"):
        assert option in out


def test_hostile_catalog_handout_is_inert(cli: Cli, hostile: Path) -> None:
    page = cli(
        "handout", "acupuncture", "tai-chi", "--plan", "--note", "<script>alert(4)</script>", "-o", "-", catalog=hostile
    )
    assert page.exit_code == 0, page.stderr
    parser = assert_inert(page.stdout)
    for point in HOSTILE_POINTS:
        assert point in parser.text, point
    assert "<img src=x onerror=alert(1)> Clinic" in parser.text
    assert "</style><script>alert(2)</script> Not advice." in parser.text
    assert "<script>alert(4)</script>" in parser.text
    assert page.stdout.count("<style>") == 1 and page.stdout.count("</style>") == 1
    assert "<title>Handout: Acupuncture &lt;script&gt;alert(1)&lt;/script&gt;, Tai chi</title>" in page.stdout
    # The footer is CSS text: every markup character in it is an escape, yet it reads as written.
    assert footer(page.stdout)[0] == (
        "<img src=x onerror=alert(1)> Clinic \u00b7 Phone 555-0100 <script> \u00b7 "
        "https://clinic.example/'onload='alert(5)\n</style><script>alert(2)</script> Not advice."
    )


@pytest.fixture
def hostile(write_catalog: Callable[..., Path]) -> Path:
    """The hostile catalog, with a clinic phone and website written to attack the page too."""
    path = write_hostile(write_catalog)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["catalog"]["clinic"]["phone"] = "555-0100 <script>"
    # Quotes and angle brackets are refused in any web address; an apostrophe and "=" are not.
    data["catalog"]["clinic"]["website"] = "https://clinic.example/'onload='alert(5)"
    return write_catalog(yaml.safe_dump(data, sort_keys=False), "hostile-contact.yaml")
