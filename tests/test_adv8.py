"""The eighth adversarial pass's findings (issue 23), each as a user would meet it.

(#1, 988 or 911 as a room, suite, street number or menu option, is in tests/test_adv7.py with the other
spellings that must not count as the Lifeline.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result
from painguide.catalog.bundled import bundled_catalog

Cli = Callable[..., Result]
BUNDLED = Path(bundled_catalog())


@pytest.mark.parametrize("output", ["h.html", "h.md"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_note_with_a_byte_that_is_not_utf8_is_a_clear_error(cli: Cli, tmp_path: Path, output: str, lang: str) -> None:
    """#2: it was "internal error" (a lone surrogate reached the file writer)."""
    note = os.fsdecode(b"caf\xe9")
    result = cli("--lang", lang, "handout", "acupuncture", "--note", note, "-o", str(tmp_path / output))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "painguide: --note has a byte that is not UTF-8; type it again in UTF-8\n"
    assert not (tmp_path / output).exists()


def test_a_note_is_measured_by_the_lines_it_prints(cli: Cli, tmp_path: Path) -> None:
    """#3: 998 line breaks within the 1,000-character cap printed 24 pages of an empty box."""
    out = tmp_path / "h.html"
    result = cli("handout", "acupuncture", "--note", "x" + "\n" * 998 + "y", "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: --note prints as 59,940 characters (each line counts as at least 60); a note may hold at "
        "most 1,000\n"
    )
    assert not out.exists()
    # A note of a few lines still prints, each line as written.
    few = cli("handout", "acupuncture", "--note", "Walk 10 minutes a day.\nCall us on Friday.", "-o", str(out))
    assert few.exit_code == 0, few.stderr
    assert "Walk 10 minutes a day." in out.read_text(encoding="utf-8")


def test_a_cache_folder_of_only_spaces_creates_nothing_where_painguide_runs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Low: PAINGUIDE_CACHE_DIR="  " made a folder named two spaces in the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "  ")
    result = cli("show", "tai-chi")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Tai chi\n")
    assert list(tmp_path.iterdir()) == []


# --- The ninth pass ----------------------------------------------------------------------------------------

PLACES = [
    "Call us at 988 Elm Street, 2nd floor.",
    "Questions? Call us: suite 988, Main Building.",
    "Llame al consultorio 988, segundo piso.",
    "Call 988 Elm Street for directions.",
]


@pytest.mark.parametrize("line", PLACES)
def test_a_call_word_before_a_place_does_not_make_it_the_lifeline(cli: Cli, tmp_path: Path, line: str) -> None:
    """#1: "call us at 988 Elm Street" passed, replaced the built-in text and showed no Lifeline."""
    catalog = tmp_path / "c.yaml"
    catalog.write_text(
        CATALOG.read_text(encoding="utf-8") + "safety_net:\n  crisis:\n    kind: crisis\n    title: Get help\n"
        f'    message:\n      - "{line}"\n    phrases: [want to die]\n',
        encoding="utf-8",
    )
    checked = cli("check", str(catalog), catalog=None)
    assert checked.exit_code == 1
    assert "safety_net.crisis.message: a crisis alert must name 988 as a number of its own, one to call" in " ".join(
        checked.stdout.split()
    )


def test_the_site_says_the_line_that_calls_988_not_a_desk(cli: Cli, tmp_path: Path) -> None:
    """#1: every site page's safety line took the catalog's first crisis lines, even a room number."""
    catalog = tmp_path / "c.yaml"
    catalog.write_text(
        CATALOG.read_text(encoding="utf-8") + "safety_net:\n  crisis:\n    kind: crisis\n    title: Get help\n"
        '    message:\n      - "Our crisis desk is in suite 988, Main Building."\n'
        '      - "Call or text 988 day or night."\n      - "Para español, oprima el 2."\n'
        "    phrases: [want to die]\n",
        encoding="utf-8",
    )
    assert cli("site", "-o", str(tmp_path / "site"), "--no-pdf", catalog=catalog).exit_code == 0
    page = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Call or text 988 day or night." in page and "Para español, oprima el 2." in page
    assert "suite 988" not in page


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (("show", "my back pain makes me want to die"), "en"),
        (("show", "quiero acabar con mi vida por el dolor"), "es"),
        (("search", *("my back has hurt every day for years and nothing works " * 3 + "i want to die").split()), "en"),
        (("show", *("my back has hurt every day for years and nothing works " * 3 + "i want to die").split()), "en"),
    ],
)
def test_show_and_long_questions_still_show_the_lifeline(cli: Cli, args: tuple[str, ...], lang: str) -> None:
    """#2, #3: `show` of words some topic mentions, and a question over 32 words, showed no 988."""
    result = cli("--lang", lang, *args, catalog=BUNDLED)
    assert result.exit_code == 2
    assert result.stdout.startswith("!! ")
    assert "988" in "\n".join(result.stdout.splitlines()[:3])


def test_show_with_a_catalog_that_cannot_be_read_still_shows_the_lifeline(cli: Cli, tmp_path: Path) -> None:
    """#2b: `show` had no built-in fallback, unlike `search`."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalog:\n  title: x\ntopics: [\n", encoding="utf-8")
    result = cli("--lang", "es", "show", "quiero", "morir", catalog=broken)
    assert result.exit_code == 1
    assert result.stdout.startswith("!! SI PIENSA EN QUITARSE LA VIDA")


def test_the_api_bounds_a_topic_name_and_answers_a_long_question_with_the_net(tmp_path: Path) -> None:
    """#3, #4: /api/topics/{name} ran a full search for a 6,000-word name; /api/search refused a long crisis
    message with no alert."""
    from starlette.testclient import TestClient

    from painguide.web.app import Guard, create_app

    with TestClient(Guard(create_app(str(BUNDLED), 120.0))) as http:
        long_name = http.get("/api/topics/" + "%20".join(["pain"] * 40))
        assert (long_name.status_code, long_name.json()["error"]) == (
            400,
            "The topic name has 40 words; use at most 32.",
        )
        words = "my back has hurt every day for years and nothing works " * 3 + "i want to die"
        refused = http.get("/api/search", params={"q": words})
    body = refused.json()
    assert refused.status_code == 400 and body["error"].startswith("The search has 37 words")
    assert [alert["call"] for alert in body["safety_net"]["alerts"]] == ["988"]


@pytest.mark.parametrize("where", ["missing.yaml", "."])
def test_a_catalog_that_cannot_be_opened_does_not_switch_the_net_off(cli: Cli, tmp_path: Path, where: str) -> None:
    """Tenth pass #2: a missing file or a folder (PAINGUIDE_DATA left pointing at a catalog that was moved)
    showed only the error, with no 988."""
    for command in ("search", "show"):
        result = cli(command, "i", "want", "to", "kill", "myself", catalog=tmp_path / where)
        assert result.exit_code != 0 and result.stderr.startswith("painguide: ")
        assert result.stdout.startswith("!! IF YOU ARE THINKING ABOUT SUICIDE OR HURTING YOURSELF\n")


def test_a_layer_cannot_pull_in_a_file_its_owner_cannot_read(cli: Cli, tmp_path: Path) -> None:
    """Eleventh pass #1 (security): `extends: /etc/shadow` in a layer another user owns made painguide, run
    by root, quote the file in its messages."""
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    secret = tmp_path / "secret.yaml"
    secret.write_text("db.internal:5432:clinic:S3cretPassw0rd:\n", encoding="utf-8")
    secret.chmod(0o600)
    layer = tmp_path / "clinic.yaml"
    layer.write_text("extends: secret.yaml\n", encoding="utf-8")
    os.chown(layer, 65534, 65534)
    for args in (("check", str(layer)), ("search", "back", "pain")):
        result = cli(*args, catalog=None if args[0] == "check" else layer)
        assert "S3cret" not in result.stdout + result.stderr
        assert "'secret.yaml' is not used: user 65534, who owns the catalog, cannot read it" in " ".join(
            (result.stdout + result.stderr).split()
        )


def test_the_server_says_503_never_what_a_broken_catalog_holds(tmp_path: Path) -> None:
    """Eleventh pass #1: a catalog broken after the server started answered 500 with its messages, which
    quote the file."""
    from starlette.testclient import TestClient

    from painguide.web.app import Guard, create_app

    catalog = tmp_path / "c.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    with TestClient(Guard(create_app(str(catalog), 120.0))) as http:
        catalog.write_text("secret: S3cretPassw0rd\ntopics: [\n", encoding="utf-8")
        reply = http.get("/api/search", params={"q": "back pain"})
    assert (reply.status_code, reply.json()) == (
        503,
        {"error": "the catalog cannot be read now; the server's administrator must fix it", "status": 503},
    )


def test_a_layer_cannot_pull_in_a_file_in_a_folder_its_owner_cannot_enter(cli: Cli, tmp_path: Path) -> None:
    """Twelfth pass #1 (security): a 0644 file in a 0700 folder passed the read rule by its own bits."""
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    shut = tmp_path / "shut"
    shut.mkdir(mode=0o700)
    (shut / "s3.yaml").write_text("catalog: TOPSECRET-hunter2\n", encoding="utf-8")
    (shut / "s3.yaml").chmod(0o644)
    open_folder = tmp_path / "open"
    open_folder.mkdir()
    for folder in (tmp_path, open_folder):
        folder.chmod(0o755)
    layer = open_folder / "l.yaml"
    layer.write_text(f"extends: {shut / 's3.yaml'}\ntopics: []\n", encoding="utf-8")
    os.chown(layer, 65534, 65534)
    result = cli("check", str(layer), catalog=None)
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert "who owns the catalog, cannot read it" in " ".join((result.stdout + result.stderr).split())


def test_a_folder_with_an_access_control_list_on_the_way_is_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirteenth pass #1 (security): `user:alice:---` on a 0755 folder shut its owner out, but the mode bits
    said it could enter, so a layer could pull in a file there."""
    from painguide.catalog import beside

    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    folder = tmp_path / "acl"
    folder.mkdir(mode=0o755)
    tmp_path.chmod(0o755)
    target = folder / "base.yaml"
    target.write_text("catalog: {}\n", encoding="utf-8")
    target.chmod(0o644)
    layer = tmp_path / "layer.yaml"
    layer.write_text("extends: acl/base.yaml\n", encoding="utf-8")
    os.chown(layer, 65534, 65534)
    for parent in tmp_path.parents:
        if str(parent).startswith("/tmp/pytest-of-"):
            parent.chmod(parent.stat().st_mode | 0o011)
    assert beside.untrusted(str(layer), str(target)) == ""
    monkeypatch.setattr(beside, "_has_acl", lambda path: path == str(folder))
    assert beside.untrusted(str(layer), str(target)) == "user 65534, who owns the catalog, cannot read it"


def test_a_file_that_vanishes_while_it_is_checked_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fourteenth pass #1 (security): a planted translation unlinked during the check and linked back before
    the read was trusted, because a failed stat meant "trusted"."""
    from painguide.catalog import beside

    catalog = tmp_path / "c.yaml"
    catalog.write_text("catalog: {}\n", encoding="utf-8")
    real_stat = os.stat

    def vanishing(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).endswith("c.es.yaml"):
            raise FileNotFoundError(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", vanishing)
    assert beside.untrusted(str(catalog), str(tmp_path / "c.es.yaml")) == "it changed while it was checked"
