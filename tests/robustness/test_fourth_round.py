"""The fourth adversarial pass's findings (issue 23), each as a user or an attacker would meet it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result

Cli = Callable[..., Result]


def plant(index: Path) -> None:
    """What an attacker swapping in an index of their own would show: a title the catalog does not have."""
    index.chmod(0o600)
    connection = sqlite3.connect(index)
    with connection:
        connection.execute("UPDATE topics SET data = replace(data, 'Acupuncture', 'PLANTED') WHERE id = 'acupuncture'")
    connection.close()


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of ours inside a folder that is not yet open to others."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(folder / "cache"))
    return folder


def test_s1_no_index_is_written_in_a_folder_inside_one_others_may_write(cli: Cli, shared: Path) -> None:
    shared.chmod(0o777)
    shown = cli("show", "acupuncture", catalog=CATALOG)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "Acupuncture" in shown.stdout
    assert not (shared / "cache").exists()
    info = cli("cache", "info", catalog=None)
    assert info.stdout == (
        f"No cache: {shared / 'cache'} is inside {shared}, which another user owns or may write to (without the "
        "sticky bit), so they could swap the cache; each run builds the index in memory.\n"
    )


def test_s1_no_index_is_read_from_a_folder_inside_one_others_may_write(cli: Cli, shared: Path) -> None:
    """Another user who may rename in the parent can swap the cache folder between painguide's check and
    SQLite's open (5 of 40 runs of the race read the planted index): the cache is not used at all."""
    assert cli("show", "acupuncture", catalog=CATALOG).exit_code == 0
    (index,) = (shared / "cache").glob("index-*.sqlite3")
    plant(index)
    # The planted index is what a trusted cache folder serves (a check that the plant works).
    assert "PLANTED" in cli("show", "acupuncture", catalog=CATALOG).stdout
    shared.chmod(0o777)
    shown = cli("show", "acupuncture", catalog=CATALOG)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "PLANTED" not in shown.stdout
    assert "Acupuncture" in shown.stdout


def test_s1_a_sticky_folder_of_root_or_ours_is_fine_as_tmp_is(cli: Cli, shared: Path) -> None:
    shared.chmod(0o1777)
    assert cli("show", "acupuncture", catalog=CATALOG).exit_code == 0
    assert len(list((shared / "cache").glob("index-*.sqlite3"))) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder away needs root")
def test_s1_a_folder_on_the_way_owned_by_another_user_is_not_trusted(cli: Cli, shared: Path) -> None:
    # Sticky or not, the folder's owner may rename anything in it.
    shared.chmod(0o1777)
    os.chown(shared, 65534, 65534)
    assert cli("show", "acupuncture", catalog=CATALOG).exit_code == 0
    assert not (shared / "cache").exists()
    assert "which another user owns or may write to" in cli("cache", "info", catalog=None).stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a link away needs root")
def test_s5_a_symlink_on_the_way_that_another_user_owns_is_not_trusted(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fifth pass: in a sticky folder, another user's link to our own folder passes every folder check, yet
    they can re-aim it at any time."""
    sticky = tmp_path / "sticky"
    sticky.mkdir()
    sticky.chmod(0o1777)
    ours = tmp_path / "ours"
    ours.mkdir(mode=0o700)
    link = sticky / "link"
    link.symlink_to(ours)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(link / "cache"))
    # Our own link is fine.
    assert cli("show", "acupuncture", catalog=CATALOG).exit_code == 0
    assert len(list((ours / "cache").glob("index-*.sqlite3"))) == 1
    os.lchown(link, 65534, 65534)
    info = cli("cache", "info", catalog=None)
    assert info.stdout.startswith(f"No cache: {link / 'cache'} is inside {link}, which another user owns"), info.stdout


@pytest.mark.parametrize("blank", ["\u2800", "\u2800 \u2800", "\u200b\u3164", " \u2060\u00ad "])
def test_l7_a_note_that_draws_nothing_is_refused_as_blank(cli: Cli, tmp_path: Path, blank: str) -> None:
    result = cli("handout", "acupuncture", "--note", blank, "-o", str(tmp_path / "h.html"), catalog=CATALOG)
    assert (result.exit_code, result.stderr) == (
        2,
        "painguide: --note is blank; write the note, or leave the option out\n",
    )
    assert not (tmp_path / "h.html").exists()


@pytest.mark.parametrize("option", ["--reviewer", "--role"])
@pytest.mark.parametrize("blank", ["\u2800", "\u200b\u200b", "\u3164"])
def test_l7_a_reviewer_or_role_that_draws_nothing_is_refused_as_blank(
    cli: Cli, tmp_path: Path, option: str, blank: str
) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_bytes(CATALOG.read_bytes())
    names = {"--reviewer": "Ana Ruiz", "--role": "nurse", option: blank}
    args = ["--reviewer", names["--reviewer"], "--role", names["--role"], "--date", "2026-11-03", "-y"]
    result = cli("review", "tai-chi", *args, catalog=catalog)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"painguide: {option} is blank; give a name of 1 to 200 characters on one line\n",
    )
    assert catalog.read_bytes() == CATALOG.read_bytes()


# LANGUAGE, LC_ALL, LANG -> the first line of `show acupuncture` (English "Acupuncture", Spanish "Acupuntura").
LANGUAGE_CASES = [
    # The first entry painguide speaks, before the locale, as GNU gettext reads it.
    ("es", "", "en_US.UTF-8", "Acupuntura"),
    ("fr_FR:es_MX:en", "", "en_US.UTF-8", "Acupuntura"),
    ("en_GB:es", "es_ES.UTF-8", "", "Acupuncture"),
    # No entry painguide speaks: gettext shows its source text, English.
    ("fr:de", "", "es_ES.UTF-8", "Acupuncture"),
    # In the C locale GNU gettext ignores LANGUAGE.
    ("es", "C", "", "Acupuncture"),
    ("es", "", "C.UTF-8", "Acupuncture"),
    # Empty: the locale decides.
    ("", "", "es_ES.UTF-8", "Acupuntura"),
    (":", "", "es_ES.UTF-8", "Acupuntura"),
]


@pytest.mark.parametrize(("language", "lc_all", "lang", "title"), LANGUAGE_CASES)
def test_l8_language_is_read_as_gnu_gettext_reads_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, language: str, lc_all: str, lang: str, title: str
) -> None:
    monkeypatch.setenv("LANGUAGE", language)
    monkeypatch.setenv("LC_ALL", lc_all)
    monkeypatch.setenv("LANG", lang)
    result = cli("show", "acupuncture")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, title), result.stderr


def test_l8_painguide_lang_still_comes_first(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("PAINGUIDE_LANG", "en")
    assert cli("show", "acupuncture").stdout.splitlines()[0] == "Acupuncture"


def test_l6_review_keeps_the_byte_order_mark_and_crlf_line_ends(cli: Cli, tmp_path: Path) -> None:
    import difflib

    from painguide.catalog.load import load_catalog

    catalog = tmp_path / "catalog.yaml"
    original = b"\xef\xbb\xbf" + CATALOG.read_bytes().replace(b"\n", b"\r\n")
    catalog.write_bytes(original)
    args = ["--reviewer", "Ana Ruiz", "--role", "nurse", "--date", "2026-11-03", "-y"]
    result = cli("review", "tai-chi", *args, catalog=catalog)
    assert (result.exit_code, result.stderr.splitlines()[-1:]) == (
        0,
        [f"Recorded the sign-off of tai-chi by Ana Ruiz (nurse) on 2026-11-03 in {catalog}."],
    )
    data = catalog.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > original.count(b"\r\n")
    # Only lines were added: no line of the file changed or went.
    before, after = (text.decode("utf-8").split("\r\n") for text in (original, data))
    changes = [line[:2] for line in difflib.ndiff(before, after) if line[:2] != "  "]
    assert set(changes) == {"+ "}
    assert load_catalog(str(catalog)).topics["tai-chi"].reviews[-1].reviewer == "Ana Ruiz"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder a group needs root")
def test_s1_a_group_writable_folder_is_fine_only_when_the_group_is_ours_alone(cli: Cli, shared: Path) -> None:
    """umask 002 systems make ~/.cache group-writable by the user's own private group: still private."""
    own = os.getgid()
    shared.chmod(0o775)
    os.chown(shared, os.getuid(), own)
    assert cli("show", "acupuncture", catalog=CATALOG).exit_code == 0
    assert len(list((shared / "cache").glob("index-*.sqlite3"))) == 1
    # nogroup is nobody's primary group: another account's, so the folder is open to others.
    os.chown(shared, os.getuid(), 65534)
    info = cli("cache", "info", catalog=None)
    assert "which another user owns or may write to" in info.stdout
