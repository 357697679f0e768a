"""Issue 23, the third hardening round: one regression test per finding.

Each test names its finding (S security, M medium, L low) as docs/security.md
lists them; every one failed on the code before the fix.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CATALOG, TESTS, Result, untraced
from harness import base_env

Cli = Callable[..., Result]
SPANISH = TESTS / "data" / "catalog.es.yaml"
NOBODY = 65534
# A group others belong to (Debian's "users"); not the owner's own group.
SHARED_GROUP = 100
DAY = 86400


def cache_dir() -> Path:
    return Path(os.environ["PAINGUIDE_CACHE_DIR"])


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The test catalog and its Spanish translation, copied into a folder of their own."""
    catalog = tmp_path / "catalog.yaml"
    spanish = tmp_path / "catalog.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, spanish)
    # Tests that give these files to another user need that user to reach them, as a real owner could
    # (a file its owner cannot reach is refused): pytest's own folders are root's alone.
    if os.geteuid() == 0:
        for folder in (tmp_path, *tmp_path.parents):
            if str(folder).startswith("/tmp/pytest-of-"):
                folder.chmod(folder.stat().st_mode | 0o011)
    return catalog, spanish


def without_override(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run painguide bound by file modes, as an ordinary user is.

    Root ignores modes; run as root, the child drops the capabilities that
    let it (it stays uid 0, so the test's files are still its own).
    """
    prefix = []
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "painguide", *args],
        capture_output=True,
        text=True,
        env=base_env(**env),
        timeout=60,
        check=False,
    )


def give_away(path: Path) -> None:
    """Make `path` belong to `nobody`, as if that user had made it (as root only)."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a file that belongs to another user")
    os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


# --- S1: a planted translation ----------------------------------------------


@pytest.mark.parametrize("how", ["another owner", "writable by others", "writable by a shared group"])
def test_s1_a_translation_not_trusted_like_the_catalog_is_refused(cli: Cli, pair: tuple[Path, Path], how: str) -> None:
    catalog, spanish = pair
    # A shared folder with the sticky bit: others may add files, not change ours.
    catalog.parent.chmod(0o1777)
    text = spanish.read_text(encoding="utf-8").replace("title: Acupuntura", "title: Acupuntura PLANTADA")
    spanish.write_text(text.replace("status: draft", "status: reviewed\n    reviewer: x\n    reviewed: 2026-11-25"))
    if how == "another owner":
        give_away(spanish)
        reason = f"it belongs to user {NOBODY}, and the catalog to user {os.geteuid()}"
    elif how == "writable by others":
        spanish.chmod(0o666)
        reason = "others can write to it (mode 0666)"
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to a group it is not in")
        os.chown(spanish, -1, SHARED_GROUP)
        spanish.chmod(0o664)
        reason = "others can write to it (mode 0664)"
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert "PLANTADA" not in shown.stdout
    assert shown.stderr == (
        f"{spanish}: this translation is not used: {reason}; a file beside a catalog is trusted only if it "
        "belongs to the catalog's owner or root and no one else can write to it\n"
        "painguide: el catálogo tiene 1 error; no se mostró nada.\n"
    )
    checked = cli("check", catalog=catalog)
    assert checked.exit_code == 1
    assert f"{spanish}: this translation is not used: {reason};" in checked.stdout
    stamped = cli("check", "--stamp-translations", "es", catalog=catalog)
    assert stamped.exit_code == 1 and "this translation is not used" in stamped.stderr
    # English pages never read the translation.
    english = cli("show", "acupuncture", catalog=catalog)
    assert (english.exit_code, english.stdout.splitlines()[0]) == (0, "Acupuncture")


def test_s1_a_translation_of_the_catalogs_owner_is_used(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair
    catalog.parent.chmod(0o1777)
    # Writable by the owner's own group (a user private group, umask 002): no one else can write it.
    spanish.chmod(0o664)
    # (nobody's group, nogroup, is the primary group of other system accounts too, so it is not
    # nobody's own: the reader's own group stands for a user private group here.)
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert (shown.exit_code, shown.stdout.splitlines()[0]) == (0, "Acupuntura"), shown.stderr


def test_s1_a_group_shared_as_primary_group_is_not_the_owners_own(cli: Cli, pair: tuple[Path, Path]) -> None:
    """nobody's group (nogroup) is the primary group of other accounts too (adversarial pass F1)."""
    import pwd

    catalog, spanish = pair
    spanish.chmod(0o664)
    for path in pair:
        give_away(path)
    if not any(entry.pw_gid == NOBODY and entry.pw_uid != NOBODY for entry in pwd.getpwall()):
        pytest.skip("no other account has nobody's group as its primary group here")
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert "this translation is not used: others can write to it (mode 0664)" in shown.stderr


# --- M1: web addresses --------------------------------------------------------


def _with_website(address: str) -> str:
    text = CATALOG.read_text(encoding="utf-8")
    return text.replace("    name: Test Clinic\n", f"    name: Test Clinic\n    website: {address}\n")


def test_m1_a_web_address_too_long_for_a_qr_code_is_refused_with_its_place(
    cli: Cli, write_catalog: Callable[..., Path], tmp_path: Path
) -> None:
    longest = "https://example.org/" + "a" * (2331 - len("https://example.org/"))
    fits = write_catalog(_with_website(longest), "fits.yaml")
    made = cli("handout", "acupuncture", "-o", str(tmp_path / "fits.html"), catalog=fits)
    assert (made.exit_code, made.stderr.startswith("Wrote ")) == (0, True), made.stderr
    too_long = write_catalog(_with_website(longest + "a"), "long.yaml")
    result = cli("handout", "acupuncture", "-o", str(tmp_path / "long.html"), catalog=too_long)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{too_long}:9:14: catalog.clinic.website is 2,332 bytes long; a web address may be at most 2,331, "
        "the most a QR code holds\npainguide: the catalog has 1 error; nothing was shown.\n"
    )


def test_m1_every_address_field_has_the_same_character_rules(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(_with_website("https://example.org/<b>"))
    result = cli("list", catalog=path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:9:14: catalog.clinic.website: character 21 ('<') cannot be part of a web address; "
        "write it percent-encoded, as %3C\npainguide: the catalog has 1 error; nothing was shown.\n"
    )


# --- M2: Spanish names --------------------------------------------------------


def test_m2_a_spanish_name_used_by_another_topic_is_an_error_with_its_place(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair
    text = spanish.read_text(encoding="utf-8").replace("aliases: [taichí]", "aliases: [taichí, Acupuntura]")
    spanish.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "Acupuntura]" in row)
    column = text.splitlines()[line - 1].index("Acupuntura]") + 1
    expected = (
        f"{spanish}:{line}:{column}: topics.tai-chi: the name 'Acupuntura' is already used by topic 'acupuncture'"
    )
    checked = cli("check", catalog=catalog)
    assert checked.exit_code == 1
    assert expected in checked.stdout
    shown = cli("--lang", "es", "show", "Acupuntura", catalog=catalog)
    assert (shown.exit_code, shown.stderr) == (
        1,
        expected + "\npainguide: el catálogo tiene 1 error; no se mostró nada.\n",
    )


# --- M3: the cache touches only its own files -----------------------------------


def test_m3_files_painguide_did_not_write_are_never_pruned_or_cleared(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, _spanish = pair
    cache = cache_dir()
    other_db = cache / "index-00000000aaaaaaaa.sqlite3"
    connection = sqlite3.connect(other_db)
    connection.execute("CREATE TABLE notes (text)")
    connection.commit()
    connection.close()
    foreign = {
        other_db: other_db.read_bytes(),
        cache / "index-0123456789abcdef.sqlite3": b"my own notes",
        cache / "index-0123456789abcdef.lock": b"mine too",
        cache / ".painguide-0123456789ab.tmp": b"a draft",
        cache / ".index-draft": b"another draft",
    }
    old = time.time() - 40 * DAY
    for path, data in foreign.items():
        path.write_bytes(data)
        os.utime(path, (old, old))
    assert cli("list", catalog=catalog).exit_code == 0  # a first build prunes the cache
    assert {path: path.read_bytes() for path in foreign} == foreign
    info = cli("cache", "info", catalog=None)
    assert "1 index," in info.stdout and "unreadable" not in info.stdout
    cleared = cli("cache", "clear", catalog=None)
    assert (cleared.exit_code, cleared.stdout.startswith("Removed 1 index (")) == (0, True), cleared.stdout
    assert {path: path.read_bytes() for path in foreign} == foreign
    assert sorted(p.name for p in cache.iterdir()) == sorted(path.name for path in foreign)


# --- M4: the build lock ---------------------------------------------------------

SLOW_BUILDS = """
import sys, time
import painguide.catalog.load as load
import painguide.index.indexfile as indexfile
real = load.load_catalog
log_path = sys.argv[1]
def counted(path, *language):
    with open(log_path, "a") as log:
        log.write("build\\n")
    time.sleep(1.5)  # a build slower than the wait the old code allowed (scaled down below)
    return real(path, *language)
load.load_catalog = counted
# The old fixed wait, scaled down with the build: it was 5 s plus 1 s per MB of English.
indexfile.LOCK_WAIT_BASE = 0.0
indexfile.LOCK_WAIT_PER_MB = 0.0
from painguide.cli import main
sys.argv = ["painguide", *sys.argv[2:]]
main()
"""


def test_m4_concurrent_first_spanish_runs_wait_for_the_live_builder(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    catalog, _spanish = pair
    log = tmp_path / "builds.log"
    env = base_env(PAINGUIDE_CACHE_DIR=str(tmp_path / "cache"))
    first = [sys.executable, "-c", SLOW_BUILDS, str(log), "--data", str(catalog), "--lang", "es"]
    procs = [
        subprocess.Popen([*first, "show", "acupuncture"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(4)
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 4, results
    assert all(out.startswith(b"Acupuntura\n") for out, _err in results)
    # Before the fix each waiter gave up after the fixed wait and built the index itself.
    assert log.read_text().count("build") == 1


# --- L1: variation selectors --------------------------------------------------


def test_l1_variation_selectors_that_hide_text_are_shown(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    hidden = "Walking\U000e0150\U000e0161 helps\ufe00. I \u2764\ufe0f it."
    text = CATALOG.read_text(encoding="utf-8").replace(
        "summary: Tai chi is slow, gentle movement with deep breathing.", f"summary: {hidden}"
    )
    result = cli("show", "tai chi", "--format", "plain", catalog=write_catalog(text))
    assert result.exit_code == 0, result.stderr
    assert "Walking<U+E0150><U+E0161> helps<U+FE00>. I \u2764\ufe0f it." in result.stdout


# --- L2: the Spanish index key ------------------------------------------------


def test_l2_a_same_size_same_mtime_edit_of_the_translation_is_seen(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair

    def title() -> str:
        result = cli("--lang", "es", "show", "acupuncture", "--format", "json", catalog=catalog)
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["topic"]["title"])

    assert title() == "Acupuntura"
    before = spanish.stat()
    text = spanish.read_text(encoding="utf-8").replace("title: Acupuntura", "title: Acupunturo")
    with open(spanish, "r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(text)
    os.utime(spanish, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert spanish.stat().st_size == before.st_size and spanish.stat().st_ino == before.st_ino
    assert title() == "Acupunturo"


# --- L3-L7: stamping translations -----------------------------------------------


def _stamped(cli: Cli, catalog: Path) -> Result:
    return cli("check", "--stamp-translations", "es", catalog=catalog)


def test_l3_stamping_two_line_flow_mappings_keeps_a_valid_file(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair
    text = spanish.read_text(encoding="utf-8")
    blocks = {
        '    fingerprints:\n      title: "aba0702ca272"\n      description: "465a97718e87"\n': (
            '    fingerprints: {title: "aba0702ca272",\n    description: "465a97718e87"}\n'
        ),
        '  movement:\n    fingerprints:\n      title: "b7507f05e27b"\n    title: Movimiento\n': (
            "  movement: {title:\n      Movimiento}\n"
        ),
    }
    for old, new in blocks.items():
        assert old in text
        text = text.replace(old, new)
    spanish.write_text(text, encoding="utf-8")
    result = _stamped(cli, catalog)
    assert result.exit_code == 0, result.stderr
    from conftest import fingerprinted_fields

    assert result.stderr.startswith(f"Stamped {fingerprinted_fields(spanish)} fields")
    stamped = spanish.read_text(encoding="utf-8")
    assert "Movimiento}" in stamped and "description: Tratamientos que le da un profesional capacitado." in stamped
    checked = cli("check", "--format", "json", catalog=catalog)
    messages = [p["message"] for p in json.loads(checked.stdout)["problems"]]
    assert [m for m in messages if m.startswith("categories.") and ("fingerprint" in m or "stale" in m)] == []
    assert cli("--lang", "es", "list", catalog=catalog).stdout.count("Movimiento") == 1


def test_l4_stamping_keeps_mode_owner_byte_order_mark_and_line_endings(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair
    text = spanish.read_text(encoding="utf-8")
    spanish.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    spanish.chmod(0o640)
    if os.geteuid() == 0:
        for path in pair:
            os.chown(path, NOBODY, NOBODY)
    result = _stamped(cli, catalog)
    assert result.exit_code == 0, result.stderr
    data = spanish.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > 50
    info = spanish.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (NOBODY, NOBODY)
    assert _stamped(cli, catalog).exit_code == 0
    assert spanish.read_bytes() == data


def test_l5_stamping_follows_a_symlinked_translation_as_reading_does(cli: Cli, pair: tuple[Path, Path]) -> None:
    catalog, spanish = pair
    real = catalog.parent / "translations" / "catalog.es.yaml"
    real.parent.mkdir()
    spanish.rename(real)
    spanish.symlink_to(real)
    assert cli("--lang", "es", "show", "acupuncture", catalog=catalog).stdout.startswith("Acupuntura\n")
    result = _stamped(cli, catalog)
    assert result.exit_code == 0, result.stderr
    assert spanish.is_symlink()
    assert '"000000000000"' not in real.read_text(encoding="utf-8")


def test_l6_stamping_never_writes_into_the_installed_package(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painguide.catalog import bundled

    package = tmp_path / "site-packages" / "painguide"
    (package / "data").mkdir(parents=True)
    catalog = package / "data" / "topics.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, package / "data" / "topics.es.yaml")
    before = (package / "data" / "topics.es.yaml").read_bytes()
    monkeypatch.setattr(bundled, "package_dir", lambda: package, raising=False)
    monkeypatch.setattr(bundled, "bundled_catalog", lambda: str(catalog))
    result = cli("check", "--stamp-translations", "es", catalog=None)
    assert result.exit_code == 2
    assert result.stderr == (
        f"painguide: --stamp-translations: {package / 'data' / 'topics.es.yaml'} is part of the installed painguide "
        "package; copy the catalog and its translation elsewhere and stamp the copies\n"
    )
    assert (package / "data" / "topics.es.yaml").read_bytes() == before


def _steps_to_stamp(folder: Path, topics: int) -> int:
    """Lines of catalog/translation.py run while stamping a translation of `topics` extra topics.

    Counting the steps rather than timing them makes the test exact on any
    machine: work that grows with the square of the size shows up as steps.
    """
    from painguide.catalog.load import load_catalog
    from painguide.catalog.translation import stamp

    catalog = folder / f"c{topics}.yaml"
    catalog.write_text(_many_topics(topics), encoding="utf-8")
    entries = "".join(f"  extra-{n}:\n    status: draft\n    title: Extra {n} ES\n" for n in range(topics))
    (folder / f"c{topics}.es.yaml").write_text(f"language: es\ntopics:\n{entries}", encoding="utf-8")
    english = load_catalog(str(catalog))
    steps = 0

    def trace(frame: Any, event: str, arg: object) -> Any:
        nonlocal steps
        if not frame.f_code.co_filename.endswith(os.path.join("catalog", "translation.py")):
            return None
        if event == "line":
            steps += 1
        return trace

    # Coverage's own tracer is put back afterwards: left at None, the rest of this test process
    # went unmeasured (the suite's coverage fell from over 90% to 84%).
    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        stamp(english, "es")
    finally:
        sys.settrace(previous)
    return steps


def test_l7_stamping_takes_steps_in_proportion_to_the_topics(tmp_path: Path) -> None:
    small, large = _steps_to_stamp(tmp_path, 50), _steps_to_stamp(tmp_path, 400)
    # Eight times the topics: linear work takes about eight times the steps
    # (7.8 measured); the old stamper, which found each record by scanning
    # its section, took 24 times as many.
    assert large / small < 10, (small, large)


# --- L8: encodings ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["show", "acupuncture", "--format", "html"], ["handout", "acupuncture", "-o", "-"]])
def test_l8_html_on_standard_output_is_utf_8_whatever_the_locale(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(CATALOG), "--lang", "es", *args],
        capture_output=True,
        env=base_env(PYTHONIOENCODING="latin-1"),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert '<meta charset="utf-8">' in proc.stdout.decode("utf-8")
    assert "¿La acupuntura es buena para mi tipo de dolor?" in proc.stdout.decode("utf-8")


# --- L9, L10: languages ------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["handout", "acupuncture", "-o", "-"]])
def test_l9_painguide_lang_takes_one_language_and_its_message_names_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("PAINGUIDE_LANG", "es,en")
    result = cli(*command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: PAINGUIDE_LANG 'es,en' names more than one language; it takes one (en or es). "
        "A bilingual handout is asked for with --lang es,en\n"
    )


@pytest.mark.parametrize("value", ["es@euro", "es_ES@euro", "es_ES.ISO-8859-15@euro", "es_MX.UTF-8"])
def test_l10_spanish_locales_in_every_posix_spelling(cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LANG", value)
    result = cli("show", "acupuncture")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "Acupuntura"), result.stderr


# --- L11-L13: handouts -----------------------------------------------------------


def test_l11_a_blank_note_is_refused(cli: Cli) -> None:
    result = cli("handout", "acupuncture", "--note", "   ", "-o", "-")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "painguide: --note is blank; write the note, or leave the option out\n"


def _many_topics(count: int) -> str:
    text = CATALOG.read_text(encoding="utf-8")
    start = text.index("  massage-therapy:\n")
    end = text.index("\n", text.index("last_reviewed", start)) + 1
    block = text[start:end]
    extra = "".join(
        block.replace("massage-therapy:", f"extra-{n}:")
        .replace("title: Massage therapy", f"title: Extra {n}")
        .replace("aliases: [massage]", f"aliases: [extra alias {n}]")
        .replace("related: [", "related: [acupuncture, ")
        for n in range(count)
    )
    return text[:end] + extra + text[end:]


def test_l13_a_handout_holds_at_most_twenty_topics(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(_many_topics(19))
    names = ["acupuncture", "tai chi", "massage", *(f"extra-{n}" for n in range(19))]
    result = cli("handout", *names, "-o", "-", catalog=path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: a handout holds at most 20 topics (22 were named); print the others in a second handout\n"
    )
    fits = cli("handout", *names[:20], "-o", "-", catalog=path)
    assert fits.exit_code == 0, fits.stderr
    both = cli("--lang", "es,en", "handout", *names[:11], "-o", "-", catalog=path)
    assert (both.exit_code, both.stdout) == (2, "")
    assert both.stderr == (
        "painguide: a handout holds at most 20 topics (each language counts: 11 in 2 languages make 22); "
        "print the others in a second handout\n"
    )
    assert cli("--lang", "es,en", "handout", *names[:10], "-o", "-", catalog=path).exit_code == 0


@pytest.mark.parametrize("large_print", [False, True])
def test_l12_long_texts_keep_the_footer_and_every_block_on_the_page(
    cli: Cli, write_catalog: Callable[[str], Path], tmp_path: Path, large_print: bool
) -> None:
    import pdfplumber

    from printing import need_weasyprint

    need_weasyprint()
    long = " ".join(["Talk with your care team before you change any treatment or medicine."] * 70)
    text = CATALOG.read_text(encoding="utf-8")
    # A long disclaimer, and words longer than any line (a field may hold 5,000 characters).
    for old, new in {
        "disclaimer: This is education, not medical advice. Talk with your care team.": f"disclaimer: {long}",
        "name: Test Clinic": "name: " + "Z" * 300,
        "- It may ease back, neck and knee pain.": "- " + "y" * 600,
        "columns: [Day, Pain from 0 to 10, What helped]": "columns: [Day, " + "w" * 300 + ", What helped]",
    }.items():
        assert old in text
        text = text.replace(old, new)
    pdf = tmp_path / "handout.pdf"
    options = ["--large-print"] if large_print else []
    result = cli("handout", "acupuncture", "--plan", "--logs", *options, "-o", str(pdf), catalog=write_catalog(text))
    assert result.exit_code == 0, result.stderr
    mm = 72 / 25.4
    # Read untraced: coverage's tracer would make pdfminer's parsing more than twice as costly.
    with untraced(), pdfplumber.open(pdf) as document:
        pages = [(page.height, page.width, page.chars, page.extract_text()) for page in document.pages]
    for height, width, chars, text in pages:
        # Before the fix the footer ran 600 pt and more past the foot of the page,
        # and a long word thousands of points past its right edge.
        assert max(char["bottom"] for char in chars) <= height - 1 * mm
        assert max(char["x1"] for char in chars) <= width - 10 * mm
        assert "(in full on the first page)" in " ".join(text.split())


# --- L14, L15: folders others own -------------------------------------------------


def test_l14_a_write_only_drop_folder_takes_a_handout(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    drop.chmod(0o333)  # files may be put in, but what is there cannot be listed
    result = without_override(
        ["--data", str(CATALOG), "handout", "acupuncture", "-o", str(drop / "h.html")], PAINGUIDE_NO_CACHE="1"
    )
    assert (result.returncode, result.stderr) == (
        0,
        f"Wrote {drop / 'h.html'} (1 topic). Open it in a browser to print it.\n",
    )
    assert (drop / "h.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_l15_cache_clear_says_when_it_cannot_remove_an_index(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    built = without_override(["--data", str(CATALOG), "list"], PAINGUIDE_CACHE_DIR=str(cache))
    assert built.returncode == 0, built.stderr
    (index,) = cache.glob("index-*.sqlite3")
    cache.chmod(0o500)
    result = without_override(["cache", "clear"], PAINGUIDE_CACHE_DIR=str(cache))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"painguide: could not remove 1 index from {cache} (Permission denied); nothing was removed from it\n"
    )
    assert index.exists()
    cache.chmod(0o300)  # nor can it list what is there
    for command in (["cache", "clear"], ["cache", "info"]):
        result = without_override(command, PAINGUIDE_CACHE_DIR=str(cache))
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"painguide: cannot list the files in {cache} (Permission denied)\n"


# --- L16-L18: the cache folder ----------------------------------------------------


def test_l16_a_tilde_in_painguide_cache_dir_means_home(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "~/painguide-cache")
    monkeypatch.chdir(work)
    assert cli("list").exit_code == 0
    assert list(work.iterdir()) == []
    assert len(list((home / "painguide-cache").glob("index-*.sqlite3"))) == 1
    assert cli("cache", "info", catalog=None).stdout.startswith(f"Cache: {home / 'painguide-cache'}\n")


def test_l17_cache_info_finds_a_catalog_whose_name_is_not_utf_8(cli: Cli, tmp_path: Path) -> None:
    name = os.fsdecode(b"cat\xe1logo.yaml")
    catalog = tmp_path / name
    shutil.copy(CATALOG, catalog)
    assert cli("list", catalog=catalog).exit_code == 0
    lines = cli("cache", "info", catalog=None).stdout.splitlines()
    assert lines[-1].startswith(f"- {tmp_path}/cat\\\\xe1logo.yaml: ")
    assert "gone" not in lines[-1]


def test_l18_two_installed_versions_keep_an_index_each(
    cli: Cli, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import painguide.catalog.load as load
    import painguide.index.indexfile as indexfile

    catalog, _spanish = pair
    builds: list[str] = []
    real = load.load_catalog

    def counted(path: str, *language: str) -> object:
        builds.append(path)
        return real(path, *language)

    monkeypatch.setattr(load, "load_catalog", counted)
    for version in ("1.0", "2.0", "1.0", "2.0"):
        monkeypatch.setattr(indexfile, "__version__", version)
        assert cli("list", catalog=catalog).exit_code == 0
    assert len(builds) == 2


def test_a_group_others_have_as_primary_group_is_not_the_owners_own(
    cli: Cli, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everyone in `users` (gid 100 as primary group) is listed in no member list (adversarial pass F1)."""
    import pwd

    catalog, spanish = pair
    spanish.chmod(0o664)
    me = pwd.getpwuid(os.geteuid())
    # Another account whose primary group is the file's group, as on systems without user private groups.
    other = pwd.struct_passwd(("dave", "x", me.pw_uid + 4242, spanish.stat().st_gid, "", "/home/dave", "/bin/sh"))
    every, by_uid = pwd.getpwall, pwd.getpwuid
    gid = spanish.stat().st_gid

    def getpwuid(uid: int) -> pwd.struct_passwd:
        entry = by_uid(uid)
        # The file's group is the owner's primary group, with no members listed.
        return pwd.struct_passwd((*entry[:3], gid, *entry[4:])) if uid == me.pw_uid else entry

    monkeypatch.setattr(pwd, "getpwall", lambda: [*every(), other])
    monkeypatch.setattr(pwd, "getpwuid", getpwuid)
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert "this translation is not used: others can write to it (mode 0664)" in shown.stderr


def test_a_translation_with_an_access_control_list_is_refused(
    cli: Cli, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ACL can let anyone write whatever the mode bits say (adversarial pass F2)."""
    catalog, spanish = pair
    real = os.listxattr

    def listxattr(path: object, *args: object, **kwargs: object) -> list[str]:
        if str(path) == str(spanish):
            return ["system.posix_acl_access"]
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "listxattr", listxattr)
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert "this translation is not used: it has an access-control list (ACL)" in shown.stderr


def test_the_packages_own_translation_is_trusted_as_its_catalog_is(
    cli: Cli, pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clinic layer over the bundled catalog keeps its Spanish when a service account owns the package (F5)."""
    from painguide.catalog import bundled

    catalog, spanish = pair
    give_away(spanish)
    monkeypatch.setattr(bundled, "in_package", lambda path: Path(path) == spanish)
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert (shown.exit_code, shown.stdout.splitlines()[0]) == (0, "Acupuntura"), shown.stderr


def test_a_spanish_alias_may_not_take_another_topics_untranslated_english_alias(
    cli: Cli, pair: tuple[Path, Path]
) -> None:
    """`--lang es show needling` must not open tai chi when acupuncture's English alias is untranslated."""
    catalog, spanish = pair
    text = spanish.read_text(encoding="utf-8")
    text = text.replace("    aliases: [agujas, terapia con agujas]\n", "")
    text = text.replace("aliases: [taichí]", "aliases: [taichí, needling]")
    spanish.write_text(text, encoding="utf-8")
    checked = cli("check", catalog=catalog)
    assert checked.exit_code == 1
    assert "topics.tai-chi: the name 'needling' is already used by topic 'acupuncture'" in checked.stdout


def test_another_users_link_into_the_package_is_not_the_packages_translation(
    cli: Cli, pair: tuple[Path, Path], tmp_path: Path
) -> None:
    """A symlink someone else planted beside a catalog gets no package pass (second adversarial pass F1, F2)."""
    from painguide.catalog.bundled import bundled_catalog

    catalog, spanish = pair
    spanish.unlink()
    spanish.symlink_to(Path(bundled_catalog()).with_name("topics.es.yaml"))
    give_away(spanish)
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert f"{spanish}: this translation is not used: it belongs to user {NOBODY}" in shown.stderr
    site = cli("site", "-o", str(tmp_path / "site"), "--no-pdf", catalog=catalog)
    assert site.exit_code == 0, site.stderr
    assert (tmp_path / "site" / "en" / "index.html").is_file() and not (tmp_path / "site" / "es").exists()


def test_a_translations_safety_net_phrases_are_bounded_with_their_place(cli: Cli, pair: tuple[Path, Path]) -> None:
    """The catalog's phrase bounds hold in a translation too (second adversarial pass F4)."""
    catalog, spanish = pair
    with catalog.open("a", encoding="utf-8") as out:
        out.write(
            "safety_net:\n  crisis:\n    kind: crisis\n    title: Get help\n    message: [Call or text 988.]\n"
            "    phrases: [no way out]\n"
        )
    long = " ".join(["palabra"] * 11)
    with spanish.open("a", encoding="utf-8") as out:
        out.write(f"safety_net:\n  crisis:\n    phrases: [{long}]\n")
    line = len(spanish.read_text(encoding="utf-8").splitlines())
    checked = cli("--lang", "es", "check", catalog=catalog)
    assert checked.exit_code == 1
    assert (
        f"{spanish}:{line}:15: safety_net.crisis.phrases: a phrase has at most 10 words and 120 characters"
        in checked.stdout
    )
