"""Every command, option and exit code, through the real entry point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, Result, assert_golden, line_of
from painguide import __version__

Cli = Callable[..., Result]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show-acupuncture.txt", ["show", "acupuncture"]),
        ("show-tai-chi.txt", ["show", "Tai-Chi"]),
        ("list.txt", ["list"]),
        ("refs.txt", ["refs"]),
        ("core.txt", ["core"]),
        ("search-back-pain.txt", ["search", "back", "pain"]),
        ("welcome.txt", []),
    ],
)
def test_plain_output_matches_golden(cli: Cli, name: str, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"plain/{name}", result.stdout)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show-acupuncture.txt", ["show", "acupuncture"]),
        ("list.txt", ["list"]),
        ("refs.txt", ["refs"]),
    ],
)
def test_text_output_matches_golden_with_colour_off(cli: Cli, name: str, args: list[str]) -> None:
    result = cli(*args, "--format", "text")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden(f"text/{name}", result.stdout)


def test_text_format_uses_colour_unless_disabled(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in cli("core", "--format", "text").stdout
    assert "\x1b" not in cli("--no-color", "core", "--format", "text").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in cli("core", "--format", "text").stdout


def test_piped_output_is_plain_even_without_no_color(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = cli("show", "acupuncture")
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("Acupuncture\n===========\n")


@pytest.mark.parametrize("name", ["tai-chi", "Tai-Chi", "tai chi", "TAI_CHI", "Tai Chi", "taiji", "tai", "TAIJ"])
def test_show_accepts_any_spelling_and_unique_prefix(cli: Cli, name: str) -> None:
    result = cli("show", name)
    assert result.exit_code == 0
    assert result.stdout.startswith("Tai chi\n")


def test_welcome_examples_name_topics_of_the_catalog_in_use(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    data = yaml.safe_load(CATALOG.read_text())
    data["topics"] = {key: data["topics"][key] for key in ("massage-therapy", "acupuncture", "tai-chi")}
    data["topics"]["massage-therapy"]["title"] = "Massage"
    result = cli(catalog=write_catalog(yaml.safe_dump(data, sort_keys=False)))
    assert (result.exit_code, result.stderr) == (0, "")
    start = result.stdout.index("Examples:")
    assert result.stdout[start:].split("\n")[:5] == [
        "Examples:",
        "",
        "- painguide show massage-therapy",
        "- painguide show tai chi",
        "",
    ]
    assert "- painguide handout TOPIC... -o FILE - a printable HTML handout for patients" in result.stdout
    assert "- painguide check [PATH] - check a catalog (for catalog authors)" in result.stdout


def test_welcome_without_a_two_word_title_gives_the_id_example_only(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    text = (
        CATALOG.read_text()
        .replace("title: Tai chi\n", "title: Taichi\n")
        .replace("title: Massage therapy\n", "title: Massage therapy, gently\n")
    )
    result = cli(catalog=write_catalog(text))
    assert result.exit_code == 0
    start = result.stdout.index("Examples:")
    assert result.stdout[start:].split("\n")[:4] == ["Examples:", "", "- painguide show acupuncture", ""]


def test_show_sections_come_in_fixed_order(cli: Cli) -> None:
    out = cli("show", "acupuncture").stdout
    headings = [
        "Acupuncture",
        "Also called: needling, needle therapy",
        "Key points",
        "What the research shows",
        "What to expect",
        "Safety",
        "Who should be careful",
        "What to tell your practitioner and care team",
        "Questions to ask your care team",
        "Related topics",
        "References",
        "Last reviewed: 2026-11-20",
        "This is education, not medical advice. Talk with your care team.",
    ]
    positions = [out.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_show_unknown_topic_suggests_close_names(cli: Cli) -> None:
    result = cli("show", "acupunture")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "painguide: No topic named 'acupunture'.\nDid you mean: acupuncture?\n"


def test_show_of_a_word_that_is_no_name_lists_topics_that_mention_it(cli: Cli) -> None:
    result = cli("show", "back", "pain")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: No topic named 'back pain'. Topics that mention it:\n"
        "  massage-therapy - Massage therapy\n"
        "  acupuncture - Acupuncture\n"
        "Read one with: painguide show TOPIC\n"
    )
    nothing = cli("show", "zebra")
    assert (nothing.exit_code, nothing.stderr) == (
        2,
        "painguide: No topic named 'zebra'.\nRun 'painguide list' to see all topics.\n",
    )


def test_show_with_nothing_close_says_how_to_list(cli: Cli) -> None:
    result = cli("show", "quantum")
    assert result.exit_code == 2
    assert result.stderr == "painguide: No topic named 'quantum'.\nRun 'painguide list' to see all topics.\n"


def test_show_ambiguous_prefix_lists_candidates(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = CATALOG.read_text().replace("aliases: [massage]", "aliases: [massage, taiji-massage]")
    result = cli("show", "taij", catalog=write_catalog(text))
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: 'taij' matches more than one topic.\nDid you mean: ")
    assert "tai-chi" in result.stderr and "massage-therapy" in result.stderr


def test_list_category_filter(cli: Cli) -> None:
    result = cli("list", "--category", "movement")
    assert result.exit_code == 0
    assert "tai-chi" in result.stdout
    assert "acupuncture" not in result.stdout
    assert cli("list", "-c", "Hands-on therapies").stdout.count(" - ") == 2


def test_list_shows_each_category_id_that_its_title_does_not_spell(cli: Cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    headings = [
        line
        for line, under in zip(result.stdout.splitlines(), result.stdout.splitlines()[1:])
        if line and set(under) == {"-"}
    ]
    assert headings == ["Hands-on therapies (therapies)", "Movement"]
    assert "Read one with: painguide show TOPIC\n\nOne category only: painguide list -c CATEGORY\n" in result.stdout
    shown = cli("list", "-c", "therapies")
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[3] == "Hands-on therapies (therapies)"
    assert "One category only" not in shown.stdout


DISCLAIMER = "This is education, not medical advice. Talk with your care team."


@pytest.mark.parametrize("args", [["list"], ["search", "pain"], ["show", "acupuncture"], ["refs"], ["core"]])
@pytest.mark.parametrize(("fmt", "last"), [("plain", DISCLAIMER), ("markdown", f"*{DISCLAIMER}*")])
def test_every_page_ends_with_the_disclaimer(cli: Cli, args: list[str], fmt: str, last: str) -> None:
    result = cli(*args, "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.endswith(f"\n{last}\n")


def test_list_unknown_category_is_a_usage_error(cli: Cli) -> None:
    result = cli("list", "--category", "surgery")
    assert result.exit_code == 2
    assert result.stderr == "painguide: No category named 'surgery'. Categories: therapies, movement, empty.\n"


def test_list_skips_empty_categories(cli: Cli) -> None:
    assert "A category with no topics" not in cli("list").stdout


def test_refs_for_one_topic(cli: Cli) -> None:
    result = cli("refs", "--topic", "tai chi")
    assert result.exit_code == 0
    assert result.stdout.startswith("References: Tai chi\n")
    assert "Wang C" in result.stdout
    assert "Vickers" not in result.stdout


def test_refs_unknown_topic(cli: Cli) -> None:
    assert cli("refs", "--topic", "nothing-like-it").exit_code == 2


def test_search_lists_hits_with_the_section_that_answers(cli: Cli) -> None:
    result = cli("search", "massage")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:8] == [
        "1 topic found",
        "",
        "1. massage-therapy - Massage therapy",
        "   Summary: A massage therapist rubs and presses your muscles to ease tension",
        "   and back pain.",
    ]


def test_search_answers_from_the_safety_section_and_says_what_a_hit_lacks(cli: Cli) -> None:
    result = cli("search", "blood", "clot")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:12] == [
        "2 topics found",
        "",
        "1. massage-therapy - Massage therapy",
        "   Safety: You have a blood clot.",
        "2. acupuncture - Acupuncture",
        "   Main message: Acupuncture may ease some long-lasting pain. Ask first if you",
        "   take a blood thinner.",
        "   Does not mention: clot",
        "",
    ]


def test_search_shows_the_best_ten_unless_asked_for_more(cli: Cli) -> None:
    capped = cli("search", "pain", "--limit", "1")
    assert capped.exit_code == 0
    assert capped.stdout.splitlines()[3] == "2 topics found, the best 1 shown. See them all with --all."
    assert "2. " not in capped.stdout
    every = cli("search", "pain", "--limit", "1", "--all")
    assert every.stdout.splitlines()[3] == "2 topics found"
    assert "2. massage-therapy - Massage therapy" in every.stdout
    assert cli("search", "pain", "--limit", "0").exit_code == 2


def test_search_of_only_common_words_explains_instead_of_listing_everything(cli: Cli) -> None:
    result = cli("search", "what", "can", "I", "do")
    assert (result.exit_code, result.stderr) == (1, "")
    # A sentence nothing answers is where unforeseen crisis wording lands: where urgent help is comes first.
    assert _unwrapped(result.stdout).startswith(
        "If you are thinking about suicide or hurting yourself, call or text 988 (para español, oprima el 2). "
        "In an emergency, call 911. "
        "Search: what can I do ===================== 'what can I do' has only common words, which say nothing "
        "about a subject. Add what you want to know about, such as a treatment or a problem: painguide search "
        "massage back pain painguide covers care for long-lasting pain: Hands-on therapies, Movement. "
        "For other health questions, ask your care team."
    )


def test_search_corrects_a_misspelling_and_says_so(cli: Cli) -> None:
    result = cli("search", "accupuncture")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:8] == [
        "Search: accupuncture",
        "====================",
        "",
        "Showing results for acupuncture.",
        "",
        "1 topic found",
        "",
        "1. acupuncture - Acupuncture",
    ]


def test_search_without_hits_suggests_a_close_word(cli: Cli) -> None:
    result = cli("search", "masagge")
    assert (result.exit_code, result.stderr) == (1, "")
    assert _unwrapped(result.stdout).startswith(
        "Search: masagge =============== No topic mentions 'masagge'. Did you mean: massage? Try fewer or "
        "simpler words, or run 'painguide list' to see every topic. painguide covers"
    )


def test_search_without_hits_exits_1_with_a_hint(cli: Cli) -> None:
    # Nothing found is still a page on standard output (what painguide covers, where else to ask),
    # and exit status 1, as grep's, for a script.
    result = cli("search", "zebra")
    assert (result.exit_code, result.stderr) == (1, "")
    assert _unwrapped(result.stdout).startswith(
        "Search: zebra ============= No topic mentions 'zebra'. Try fewer or simpler words, "
        "or run 'painguide list' to see every topic."
    )


def test_version(cli: Cli) -> None:
    result = cli("--version", catalog=None)
    assert (result.exit_code, result.stdout) == (0, f"painguide {__version__}\n")


def test_global_options_work_after_the_command(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    before = cli("--no-color", "show", "acupuncture", "--format", "text")
    after = cli("show", "acupuncture", "--format", "text", "--no-color")
    assert (after.exit_code, after.stderr) == (0, "")
    assert after.stdout == before.stdout
    assert "\x1b" not in after.stdout


def test_data_option_after_the_command_in_both_spellings(cli: Cli) -> None:
    expected = cli("list")
    for args in (["list", "--data", str(CATALOG)], [f"--data={CATALOG}", "list"], ["list", f"--data={CATALOG}"]):
        result = cli(*args, catalog=None)
        assert (result.exit_code, result.stdout, result.stderr) == (0, expected.stdout, "")


def test_data_option_at_the_very_end_without_a_path(cli: Cli) -> None:
    result = cli("list", "--data", catalog=None)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Error: Option '--data' requires an argument.\n"


def test_version_after_the_command(cli: Cli) -> None:
    result = cli("show", "--version", catalog=None)
    assert (result.exit_code, result.stdout) == (0, f"painguide {__version__}\n")


def test_words_after_a_double_dash_are_never_global_options(cli: Cli) -> None:
    result = cli("search", "--", "--debug")
    assert (result.exit_code, result.stderr) == (1, "")
    assert _unwrapped(result.stdout).startswith(
        "Search: --debug =============== No topic mentions '--debug'. Try fewer or simpler words, or run "
        "'painguide list' to see every topic."
    )


def test_data_flag_wins_over_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAINGUIDE_DATA", str(tmp_path / "missing.yaml"))
    assert cli("list").exit_code == 0
    result = cli("list", catalog=None)
    assert result.exit_code == 1
    assert result.stderr == f"painguide: {tmp_path / 'missing.yaml'}: no such file\n"


def test_environment_selects_catalog(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINGUIDE_DATA", str(CATALOG))
    assert cli("list", catalog=None).stdout.startswith("Test pain guide\n")


def test_bad_catalog_exits_1_with_positions_and_no_stdout(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(CATALOG.read_text().replace("    summary: Tai chi is", "    sumary: Tai chi is"))
    result = cli("show", "acupuncture", catalog=path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:{line_of('    title: Tai chi')}:5: topics.tai-chi: missing required key 'summary'",
        f"{path}:{line_of('    summary: Tai chi is')}:5: topics.tai-chi: unknown key 'sumary' (did you mean 'summary'?)",
        "painguide: the catalog has 2 errors; nothing was shown.",
    ]


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("show").exit_code == 2
    assert cli("frobnicate").exit_code == 2
    assert cli("list", "--format", "pdf").exit_code == 2


def test_ctrl_c_exits_130_quietly(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("painguide.index.store.open_store", interrupted)
    result = cli("list")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "")


def test_unexpected_error_is_one_line_unless_debug(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("painguide.index.store.open_store", broken)
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr == "painguide: internal error - rerun with --debug to see details\n"
    debug = cli("--debug", "list")
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr and "secret detail" in debug.stderr
    after = cli("list", "--debug")
    assert after.exit_code == 1
    assert "Traceback" in after.stderr and "secret detail" in after.stderr


COMMANDS = ["list", "show", "refs", "search", "core"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(cli: Cli, command: str) -> None:
    result = cli(command, "--help", catalog=None)
    assert result.exit_code == 0
    assert f"Example: painguide {command}" in result.stdout


def test_top_level_help_lists_every_command(cli: Cli) -> None:
    out = cli("--help", catalog=None).stdout
    assert "Example: painguide show acupuncture" in out
    for command in COMMANDS:
        assert f"  {command} " in out


def test_a_mistyped_command_is_matched_against_every_command(cli: Cli) -> None:
    # A run builds the parser of the command it names only; a name that is no command gets them all.
    result = cli("shwo", "acupuncture")
    assert result.exit_code == 2
    assert "Error: No such command 'shwo'. Did you mean 'show'?" in result.stderr
    assert "No such command 'cach'. Did you mean 'cache', 'search'?" in cli("cach", "info").stderr
    assert "  clear " in cli("cache", "--help").stdout


def test_completion_offers_topic_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from painguide.cli import _complete_topic, app

    command = typer.main.get_command(app)
    ctx = command.make_context("painguide", ["--data", str(CATALOG), "list"], resilient_parsing=True)
    assert _complete_topic(ctx, "ta") == ["tai-chi"]  # type: ignore[arg-type]
    assert _complete_topic(ctx, "") == ["acupuncture", "tai-chi", "massage-therapy"]  # type: ignore[arg-type]


@pytest.mark.slow
def test_shell_completion_completes_commands_and_topic_ids() -> None:
    import os
    import subprocess
    import sys

    def complete(words: str, cword: int) -> list[str]:
        env = {
            **os.environ,
            "_PAINGUIDE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(cword),
            "PAINGUIDE_DATA": str(CATALOG),
        }
        code = "from painguide.cli import main; main()"
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("painguide sh", 1) == ["show"]
    assert complete("painguide show ta", 2) == ["tai-chi"]
    assert complete("painguide refs --topic mas", 3) == ["massage-therapy"]


def _unwrapped(text: str) -> str:
    """Output with its line breaks and runs of spaces as single spaces: wrapping is not what these tests check."""
    return " ".join(text.split())
