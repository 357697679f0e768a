"""The third adversarial pass on issue 23 (docs/security.md, "Found by the third adversarial pass"): one
test (or a few) per finding, each failing on the code before its fix."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, TESTS, Result, untraced

Cli = Callable[..., Result]
SPANISH = TESTS / "data" / "catalog.es.yaml"


def line_in(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --- 3. A crisis alert names 988, an emergency 911, each as a number of its own ----------------------------

HIDDEN_NUMBERS = """\
safety_net:
  crisis:
    kind: crisis
    title: If you are having a hard time
    message:
      - Call our nurse line at 1-800-555-9880 during office hours.
    phrases: [hard time]
  chest-or-breathing:
    kind: emergency
    title: Chest pain
    message:
      - Call the clinic at 555-911-0200 and leave a message.
    phrases: [chest hurts]
"""


def test_a_number_inside_a_longer_one_does_not_name_988_or_911(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "c.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8") + HIDDEN_NUMBERS, encoding="utf-8")
    checked = cli("check", str(catalog), catalog=None)
    crisis = line_in(catalog, "1-800-555-9880")
    emergency = line_in(catalog, "555-911-0200")
    text = " ".join(checked.stdout.split())
    for line, kind, number in ((crisis, "crisis", "988"), (emergency, "chest-or-breathing", "911")):
        which = "crisis" if kind == "crisis" else "emergency"
        assert (
            f"{catalog}:{line}:7: safety_net.{kind}.message: a {which} alert must name {number} as a number of its "
            f"own, one to call ('call or text {number}'; not a room or street number, nor inside another number, as "
            f"in 1-800-555-{number}0, ({number}) 555-0100 or 555-0100 ext. {number}), so that no catalog can hide it"
        ) in text, checked.stdout
    assert checked.exit_code == 1


def test_a_translation_cannot_hide_988_inside_another_number(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "c.yaml"
    spanish = tmp_path / "c.es.yaml"
    catalog.write_text(
        CATALOG.read_text(encoding="utf-8") + "safety_net:\n  crisis:\n    kind: crisis\n    title: Get help now\n"
        "    message:\n      - Call or text 988 now.\n    phrases: [no way out]\n",
        encoding="utf-8",
    )
    shutil.copy(SPANISH, spanish)
    with spanish.open("a", encoding="utf-8") as out:
        out.write(
            "safety_net:\n  crisis:\n    title: Ayuda\n"
            "    message:\n      - Llame a la enfermera al 1-800-555-9880.\n    phrases: [no hay salida]\n"
        )
    assert cli("check", "--stamp-translations", "es", catalog=catalog).exit_code == 0
    checked = cli("--lang", "es", "check", str(catalog), catalog=None)
    line = line_in(spanish, "1-800-555-9880")
    assert (
        f"{spanish}:{line}:7: safety_net.crisis.message: a crisis alert must name 988 as a number of its own, one to "
        "call ('call or text 988'; not a room or street number, nor inside another number, as in 1-800-555-9880, "
        "(988) 555-0100 or 555-0100 ext. 988); the built-in text is shown instead"
    ) in " ".join(checked.stdout.split())
    shown = cli("--lang", "es", "search", "no", "hay", "salida", catalog=catalog)
    assert "988" in shown.stdout and "1-800-555-9880" not in shown.stdout


# --- 4. Topic ids that compare equal ("tai-chi" and "taichi") ------------------------------------------

CLASS_TOPIC = """\
  {id}:
    title: Our Tuesday movement class
    category: movement
    summary: A gentle class at our clinic every Tuesday.
    key_points: [Wear loose clothes.]
    evidence: [{{text: Gentle movement may ease long-lasting pain., certainty: low, refs: [wang2018]}}]
    what_to_expect: [The class lasts an hour.]
    safety: {{careful: [You have trouble with balance.], tell: [Any falls you have had.]}}
    questions: [Is this class right for me?]
    last_reviewed: 2026-12-01
"""
SAME_NAME = (
    "topics.{id}: the id '{id}' is the same name as topic '{owner}' ({place}) once case, accents, spaces and "
    "dashes are set aside, so `show` could not tell them apart; rename one"
)


def test_two_ids_of_one_name_in_one_file_are_an_error_with_both_places(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "c.yaml"
    text = CATALOG.read_text(encoding="utf-8")
    catalog.write_text(text.replace("  massage-therapy:\n", CLASS_TOPIC.format(id="taichi") + "  massage-therapy:\n"))
    first = line_in(catalog, "  tai-chi:")
    second = line_in(catalog, "  taichi:")
    problem = f"{catalog}:{second}:3: " + SAME_NAME.format(id="taichi", owner="tai-chi", place=f"line {first}")
    for language in ("en", "es"):
        checked = cli("--lang", language, "check", str(catalog), catalog=None)
        assert problem in " ".join(checked.stdout.split()), checked.stdout
        assert checked.exit_code == 1


def test_an_id_equal_to_another_topics_alias_in_a_layer_is_an_error(cli: Cli, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    shutil.copy(CATALOG, base)
    layer = tmp_path / "layer.yaml"
    layer.write_text(
        "extends: base.yaml\ncatalog:\n  version: 2026.12-1\n  clinic: {name: Springfield Pain Clinic}\n"
        "topics:\n" + CLASS_TOPIC.format(id="taichi") + CLASS_TOPIC.format(id="tai-ji"),
        encoding="utf-8",
    )
    checked = cli("check", str(layer), catalog=None)
    text = " ".join(checked.stdout.split())
    owner = f"{base}:{line_in(base, '  tai-chi:')}"
    # One id like the other's id, one like its alias ("taiji"): `show tai-chi` and `show taiji` stay whole.
    for topic in ("taichi", "tai-ji"):
        problem = SAME_NAME.format(id=topic, owner="tai-chi", place=owner)
        assert f"{layer}:{line_in(layer, f'  {topic}:')}:3: {problem}" in text, checked.stdout
    assert cli("show", "tai-chi", catalog=base).exit_code == 0


# --- 5. The footer measured as printed, invisible characters marked ---------------------------------------

SOFT = "\u00ad"
HYPHENATED = (
    "Th-is in-for-ma-tion is ed-u-ca-tion on-ly. It does not re-place ad-vice from your doc-tor, nurse or "
    "phar-ma-cist, who know your health. Al-ways talk with your care team be-fore you start or stop a treat-ment."
).replace("-", SOFT)


# The fourth pass: characters wider than the estimate took for them (em dashes, Cyrillic capitals, % and Æ).
WIDE = {
    "dashes": " ".join(["\u2014" * 6] * 30),
    "cyrillic": " ".join(["\u0429\u0416\u0428\u042e \u0416\u0429"] * 40),
    "symbols": " ".join(["MW%\u00c6\u2014"] * 40),
}


@pytest.mark.slow  # a WeasyPrint print each
@pytest.mark.parametrize(
    ("large_print", "disclaimer"),
    [(False, HYPHENATED), (True, HYPHENATED), *((False, wide) for wide in WIDE.values())],
    ids=["standard", "large-print", *WIDE],
)
def test_soft_hyphens_do_not_push_the_footer_off_the_page(
    cli: Cli, tmp_path: Path, large_print: bool, disclaimer: str
) -> None:
    import pdfplumber

    from printing import need_weasyprint

    need_weasyprint()
    text = CATALOG.read_text(encoding="utf-8")
    for old, new in {
        "disclaimer: This is education, not medical advice. Talk with your care team.": f'disclaimer: "{disclaimer}"',
        "name: Test Clinic": "name: " + SOFT.join("Springfield Integrative Pain and Wellness Clinic"),
    }.items():
        assert old in text
        text = text.replace(old, new)
    catalog = tmp_path / "c.yaml"
    catalog.write_text(text, encoding="utf-8")
    pdf = tmp_path / "h.pdf"
    options = ["--large-print"] if large_print else []
    result = cli("handout", "acupuncture", "tai-chi", *options, "-o", str(pdf), catalog=catalog)
    assert result.exit_code == 0, result.stderr
    mm = 72 / 25.4
    # pdfplumber's parsing, untraced: coverage's tracer makes it 2.4 times as costly (conftest.untraced).
    with untraced(), pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 2
        for page in document.pages:
            # Before the fix the last footer line was cut by the page's edge, and "(in full ...)" was lost.
            assert max(char["bottom"] for char in page.chars) <= page.height - 1 * mm
            footer = " ".join(page.crop((0, page.height - 40 * mm, page.width, page.height)).extract_text().split())
            assert "(in full on the first page)" in footer, footer


# --- 6. `review` with a comment inside a topic's `reviews` --------------------------------------------------


def signed(cli: Cli, catalog: Path, reviewer: str, date: str = "2026-11-03") -> Result:
    return cli("review", "tai-chi", "--reviewer", reviewer, "--role", "nurse", "--date", date, "-y", catalog=catalog)


def test_a_column_0_comment_inside_the_reviews_list_keeps_the_sign_off_in_place(cli: Cli, tmp_path: Path) -> None:
    from painguide.catalog.load import load_catalog

    catalog = tmp_path / "rv.yaml"
    shutil.copy(CATALOG, catalog)
    assert signed(cli, catalog, "Ana", "2026-11-01").exit_code == 0
    assert signed(cli, catalog, "Ben", "2026-11-02").exit_code == 0
    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    ben = line_in(catalog, 'reviewer: "Ben"')
    lines.insert(ben - 1, "# second opinion below\n")
    catalog.write_text("".join(lines), encoding="utf-8")
    result = signed(cli, catalog, "Cy")
    assert (result.exit_code, result.stderr) == (
        0,
        f"Recorded the sign-off of tai-chi by Cy (nurse) on 2026-11-03 in {catalog}.\n",
    )
    reviews = load_catalog(str(catalog)).topics["tai-chi"].reviews
    assert [review.reviewer for review in reviews] == ["Ana", "Ben", "Cy"]
    assert line_in(catalog, "# second opinion below") == ben


def test_a_sign_off_that_would_not_read_back_is_a_clear_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painguide.catalog import signoff

    catalog = tmp_path / "rv.yaml"
    shutil.copy(CATALOG, catalog)
    before = catalog.read_bytes()
    # Stands for any layout the minimal edit gets wrong: the edit lands somewhere the reader does not see it.
    monkeypatch.setattr(signoff, "add_review", lambda text, path, topic_id, review: text)
    result = signed(cli, catalog, "Cy")
    line = line_in(catalog, "  tai-chi:")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"painguide: {catalog}:{line}:1: topics.tai-chi.reviews: the sign-off would not read back as written (the list's "
        "layout is one painguide cannot add to); nothing was written. Add it by hand, or write the list one item "
        "a line\n"
    )
    assert catalog.read_bytes() == before


# --- 7. `site -o DIR` removes the pages it wrote before and no longer writes ----------------------------------


def test_a_withdrawn_topic_and_a_dropped_translation_leave_the_site(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, tmp_path / "catalog.es.yaml")
    site = tmp_path / "site"
    first = cli("site", "-o", str(site), "--no-pdf", catalog=catalog)
    assert first.exit_code == 0, first.stderr
    assert (site / "en" / "topics" / "massage-therapy.html").exists() and (site / "es" / "index.html").exists()
    before = set((site / ".painguide-site").read_text(encoding="utf-8").splitlines()[1:])
    # What the clinic put there by hand, beside and among painguide's pages.
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (site / "en" / "topics" / "our-class.html").write_text("<p>Tuesdays</p>\n", encoding="utf-8")
    (site / "es" / "nota.txt").write_text("nuestra\n", encoding="utf-8")

    text = catalog.read_text(encoding="utf-8")
    text = text.replace("topics: [tai-chi, massage-therapy]", "topics: [tai-chi]")
    text = text.replace("related: [tai-chi, massage-therapy]", "related: [tai-chi]")
    catalog.write_text(text[: text.index("  massage-therapy:\n")], encoding="utf-8")
    (tmp_path / "catalog.es.yaml").unlink()
    second = cli("site", "-o", str(site), "--no-pdf", catalog=catalog)
    assert second.exit_code == 0, second.stderr
    remaining = sorted(str(path.relative_to(site)) for path in site.rglob("*") if path.is_file())
    written = set((site / ".painguide-site").read_text(encoding="utf-8").splitlines()[1:])
    removed = len(before - written)
    assert removed >= 10
    assert second.stderr == (
        f"Wrote {len(written)} files to {site}.\n"
        f"Removed {removed} files an earlier run wrote that the site no longer has.\n"
    )
    assert "en/topics/massage-therapy.html" not in remaining and "en/handouts/massage-therapy.html" not in remaining
    # The Spanish tree is gone but for the clinic's own file, which keeps its folder.
    assert [path for path in remaining if path.startswith("es/")] == ["es/nota.txt"]
    assert {"robots.txt", "en/topics/our-class.html"} <= set(remaining)
    assert set(remaining) == written | {".painguide-site", "robots.txt", "en/topics/our-class.html", "es/nota.txt"}


def test_a_manifest_cannot_name_a_file_outside_the_site_or_through_a_symlink(cli: Cli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("site", "-o", str(site), "--no-pdf").exit_code == 0
    outside = tmp_path / "keep.txt"
    outside.write_text("mine\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("mine\n", encoding="utf-8")
    (site / "linked").symlink_to(elsewhere)
    manifest = site / ".painguide-site"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + f"../keep.txt\n{outside}\nlinked/index.html\n", encoding="utf-8"
    )
    again = cli("site", "-o", str(site), "--no-pdf")
    assert (again.exit_code, again.stderr.count("\n")) == (0, 1), again.stderr
    assert outside.read_text(encoding="utf-8") == "mine\n"
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("planted_by", ["another user", "anyone (mode 666)"])
def test_a_manifest_someone_else_could_have_written_removes_nothing(cli: Cli, tmp_path: Path, planted_by: str) -> None:
    """Fifth pass: in a folder others may write to, a manifest listing the owner's own files must not make
    the owner's next run delete them."""
    import os

    site = tmp_path / "site"
    assert cli("site", "-o", str(site), "--no-pdf").exit_code == 0
    mine = site / "en" / "clinic-extra.html"
    mine.write_text("mine\n", encoding="utf-8")
    manifest = site / ".painguide-site"
    planted = site / "planted"
    planted.write_text(manifest.read_text(encoding="utf-8") + "en/clinic-extra.html\n", encoding="utf-8")
    planted.replace(manifest)
    if planted_by == "another user":
        if os.geteuid() != 0:
            pytest.skip("only root can make a file that belongs to another user")
        os.chown(manifest, 65534, 65534)
    else:
        manifest.chmod(0o666)
    again = cli("site", "-o", str(site), "--no-pdf")
    assert again.exit_code == 0, again.stderr
    assert "Removed" not in again.stderr
    assert mine.read_text(encoding="utf-8") == "mine\n"


# --- 9. Stamping keeps a comment that follows a record's fingerprints --------------------------------------


def test_stamping_keeps_a_translators_comment_after_the_fingerprints(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "s.yaml"
    spanish = tmp_path / "s.es.yaml"
    shutil.copy(CATALOG, catalog)
    text = SPANISH.read_text(encoding="utf-8")
    fingerprints = text.index("    fingerprints:\n")
    status = text.index("    status: draft\n", fingerprints)
    note = "    # Reviewed by Ana Ruiz: keep the word anticoagulante\n"
    spanish.write_text(text[:status] + note + text[status:], encoding="utf-8")
    result = cli("check", "--stamp-translations", "es", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Stamped ")
    stamped = spanish.read_text(encoding="utf-8")
    assert note + "    status: draft\n" in stamped
    assert cli("check", "--stamp-translations", "es", catalog=catalog).exit_code == 0
    assert spanish.read_text(encoding="utf-8") == stamped


# --- 10. PAINGUIDE_CACHE_DIR naming an unknown user's home -------------------------------------------------


def test_an_unknown_users_home_as_cache_folder_creates_nothing_where_painguide_runs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "~nosuchuser-painguide/cache")
    result = cli("show", "tai-chi")
    assert result.exit_code == 0, result.stderr
    assert "Tai chi" in result.stdout
    info = cli("cache", "info")
    assert info.stdout == (
        "No cache: PAINGUIDE_CACHE_DIR names the home folder of a user there is no account for; "
        "each run builds the index in memory.\n"
    ), info
    assert list(tmp_path.iterdir()) == []


# --- 13. A note of characters that print nothing ------------------------------------------------------------


def test_a_note_of_only_invisible_characters_is_blank(cli: Cli, tmp_path: Path) -> None:
    for note in ("\u200b\u200b", " \u2060\u00ad ", "\u3164"):
        result = cli("handout", "acupuncture", "--note", note, "-o", str(tmp_path / "h.html"))
        assert (result.exit_code, result.stderr) == (
            2,
            "painguide: --note is blank; write the note, or leave the option out\n",
        ), repr(note)
    assert not (tmp_path / "h.html").exists()
    kept = cli("handout", "acupuncture", "--note", "\u200bWalk daily", "-o", str(tmp_path / "h.html"))
    assert kept.exit_code == 0


# --- 11. A --reviewer or --role that is not UTF-8 ------------------------------------------------------------


@pytest.mark.slow  # a child process
def test_a_reviewer_name_that_is_not_utf8_blames_the_option(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    catalog = tmp_path / "r.yaml"
    shutil.copy(CATALOG, catalog)
    before = catalog.read_bytes()
    env = {**os.environ, "PAINGUIDE_CACHE_DIR": str(tmp_path / "cache"), "LC_ALL": "C.UTF-8"}
    for option in ("--reviewer", "--role"):
        names = {"--reviewer": b"Ana", "--role": b"nurse"}
        names[option] += b"\xff"
        command = [sys.executable.encode(), b"-m", b"painguide", b"--data", bytes(catalog), b"review", b"tai-chi"]
        command += [b"--reviewer", names["--reviewer"], b"--role", names["--role"], b"-y"]
        proc = subprocess.run(command, capture_output=True, env=env, check=False)
        assert (proc.returncode, proc.stderr.decode()) == (
            2,
            f"painguide: {option}: the name has a byte that is not UTF-8; type it again in UTF-8\n",
        )
    assert catalog.read_bytes() == before


# --- 12. Characters a non-UTF-8 stream cannot show are noted on stderr --------------------------------------


@pytest.mark.slow  # a child process
def test_characters_replaced_for_a_latin1_stream_are_noted_on_stderr(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    catalog = tmp_path / "ge.yaml"
    text = CATALOG.read_text(encoding="utf-8")
    old = "    summary: Tai chi is slow, gentle movement with deep breathing.\n"
    assert old in text
    catalog.write_text(
        text.replace(old, '    summary: "Tai chi is slow, gentle movement (≥ 5 minutes) with deep breathing."\n'),
        encoding="utf-8",
    )
    env = {**os.environ, "PAINGUIDE_CACHE_DIR": str(tmp_path / "cache"), "PYTHONIOENCODING": "latin-1"}
    env.pop("PAINGUIDE_LANG", None)

    def show(topic: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "painguide", "--data", str(catalog), "show", topic, "--format", "plain"]
        return subprocess.run(command, capture_output=True, env=env, check=False)

    replaced = show("tai-chi")
    assert replaced.returncode == 0
    assert b"(? 5 minutes)" in replaced.stdout
    assert replaced.stderr.decode("latin-1") == (
        "painguide: some characters cannot be written in the encoding 'iso8859-1' and were written as '?'; "
        "use a UTF-8 locale (for example LC_ALL=C.UTF-8) to see them\n"
    )
    plain = show("massage-therapy")
    assert (plain.returncode, plain.stderr) == (0, b"")


# --- 8. Every symlink of a chain is checked for its owner ---------------------------------------------------


def test_a_link_in_the_middle_of_a_chain_that_another_user_owns_is_not_trusted(cli: Cli, tmp_path: Path) -> None:
    import os

    if os.geteuid() != 0:
        pytest.skip("only root can make a symlink that belongs to another user")
    nobody = 65534
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    # The owner's withdrawn draft, and a link of the owner's own to a relative name in a shared folder,
    # where another user put a link of theirs aiming at that draft.
    draft = tmp_path / "withdrawn.es.yaml"
    draft.write_text(SPANISH.read_text(encoding="utf-8").replace("title: Acupuntura", "title: Acupuntura RETIRADA"))
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    shared.chmod(0o1777)
    (shared / "es.yaml").symlink_to("../withdrawn.es.yaml")
    os.chown(shared / "es.yaml", nobody, nobody, follow_symlinks=False)
    (tmp_path / "catalog.es.yaml").symlink_to("shared/es.yaml")
    shown = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert shown.exit_code == 1
    assert "RETIRADA" not in shown.stdout
    assert shown.stderr.startswith(
        f"{tmp_path / 'catalog.es.yaml'}: this translation is not used: it belongs to user {nobody}, and the "
        f"catalog to user {os.geteuid()};"
    ), shown.stderr
    # The same chain, every link the owner's own, is trusted.
    os.chown(shared / "es.yaml", 0, 0, follow_symlinks=False)
    trusted = cli("--lang", "es", "show", "acupuncture", catalog=catalog)
    assert (trusted.exit_code, trusted.stdout.splitlines()[0]) == (0, "Acupuntura RETIRADA"), trusted.stderr
