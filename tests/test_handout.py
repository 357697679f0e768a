"""`painguide handout`: the printable packet and how it is written to disk."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, assert_golden
from hostile import HOSTILE_POINTS, assert_inert, write_hostile

Cli = Callable[..., Result]

# 2026-11-27 (UTC): the date printed on the handout.
EPOCH = "1795737600"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_two_topic_handout_matches_golden(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "handout.html"
    result = cli("handout", "acupuncture", "tai chi", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out} (2 topics). Open it in a browser to print it.\n"
    assert_golden("html/handout-acupuncture-tai-chi.html", out.read_text(encoding="utf-8"))


def test_handout_has_cover_date_references_and_disclaimer_per_topic(cli: Cli) -> None:
    page = cli("handout", "acupuncture", "taiji", "-o", "-").stdout
    cover, acupuncture, tai_chi = page.split('<section class="')[1:]
    assert cover.startswith(
        'cover">\n<p class="clinic">Test Clinic</p>\n<p class="locations">North Town &middot; South'
    )
    assert "<li>Acupuncture</li>\n<li>Tai chi</li>" in cover
    assert "Made 2026-11-27 from Test pain guide (catalog version 1.0)." in cover
    for section, ref in ((acupuncture, "10.1016/j.jpain.2017.11.005"), (tai_chi, "10.1136/bmj.k851")):
        assert f'<a href="https://doi.org/{ref}">{ref}</a>' in section
        assert "<em>This is education, not medical advice. Talk with your care team.</em>" in section
        assert "Handout made 2026-11-27 from Test pain guide" in section
        assert "painguide show" not in section
    assert "break-before: page" in page
    assert "<script" not in page and "src=" not in page and "url(" not in page and "@import" not in page


def test_handout_without_a_clinic_still_has_a_cover(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    from conftest import CATALOG

    text = CATALOG.read_text(encoding="utf-8").replace(
        "  clinic:\n    name: Test Clinic\n    locations: [North Town, South Town]\n", ""
    )
    page = cli("handout", "massage", "-o", "-", catalog=write_catalog(text)).stdout
    assert '<section class="cover">\n<h1>Test pain guide</h1>' in page
    assert 'class="clinic"' not in page


def test_naming_a_topic_twice_prints_it_once(cli: Cli) -> None:
    page = cli("handout", "tai-chi", "Tai Chi", "taiji", "-o", "-").stdout
    assert page.count('<section class="topic"') == 1


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


def test_help_has_an_example(cli: Cli) -> None:
    out = cli("handout", "--help", catalog=None).stdout
    assert "Example: painguide handout acupuncture" in out
    assert "--force" in out and "--output" in out


def test_hostile_catalog_handout_is_inert(cli: Cli, hostile: Path) -> None:
    page = cli("handout", "acupuncture", "tai-chi", "-o", "-", catalog=hostile).stdout
    parser = assert_inert(page)
    for point in HOSTILE_POINTS:
        assert point in parser.text, point
    assert "<img src=x onerror=alert(1)> Clinic" in parser.text
    assert "</style><script>alert(2)</script> Not advice." in parser.text
    assert page.count("<style>") == 1 and page.count("</style>") == 1
    assert "<title>Handout: Acupuncture &lt;script&gt;alert(1)&lt;/script&gt;, Tai chi</title>" in page


@pytest.fixture
def hostile(write_catalog: Callable[..., Path]) -> Path:
    return write_hostile(write_catalog)
