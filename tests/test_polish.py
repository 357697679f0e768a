"""What a reader notices at the terminal: a welcome page that names every way in, help that is
never cut short, a hint for a mistyped category, references in a stated order, and cut lists
that say how much is left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from conftest import CATALOG, Result
from painguide.cli import app
from painguide.clickwords import translate_help
from painguide.i18n import using

Cli = Callable[..., Result]


def test_the_welcome_page_offers_spanish_and_the_cache(cli: Cli) -> None:
    english = cli().stdout
    assert "En español: painguide --lang es (o PAINGUIDE_LANG=es)" in english
    assert "- painguide cache info - where the index cache is; cache clear empties it" in english
    assert "- painguide info - which catalog and clinic layers are in use" in english
    assert "In English: painguide --lang en (or PAINGUIDE_LANG=en)" in cli("--lang", "es").stdout


@pytest.mark.parametrize("language", ["en", "es"])
def test_help_lists_every_command_s_description_whole(cli: Cli, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    pages = [cli("--lang", language, "--help", catalog=None), cli("--lang", language, "cache", "--help", catalog=None)]
    text = " ".join(" ".join(page.stdout.split()) for page in pages)
    # "Usage: painguide [OPTIONS] COMMAND [ARGS]..." is Click's own notation, not a cut.
    from painguide.i18n import translate

    usage = translate(language, "Usage: ").strip()
    lines = [line for page in pages for line in page.stdout.splitlines() if not line.startswith(usage)]
    assert not [line for line in lines if line.rstrip().endswith("...")]
    with using(language):
        command = typer.main.get_command(app)
        if language != "en":
            translate_help(command)
        for sub in command.commands.values():  # type: ignore[attr-defined]
            for leaf in [sub, *getattr(sub, "commands", {}).values()]:
                sentence = " ".join(leaf.get_short_help_str(limit=10_000).split())
                assert sentence in text, sentence
    assert ("Write a printable handout: one HTML or PDF file with one or more topics." in text) == (language == "en")


def test_a_mistyped_category_gets_a_suggestion(cli: Cli) -> None:
    result = cli("list", "-c", "therapy")
    assert result.exit_code == 2
    assert result.stderr == (
        "painguide: No category named 'therapy'. Categories: therapies, movement, empty.\nDid you mean: therapies?\n"
    )
    assert "Did you mean" not in cli("list", "-c", "xyz").stderr


def test_references_are_listed_by_first_author_then_year_and_a_topic_s_in_citation_order(cli: Cli) -> None:
    listed = cli("refs", "-f", "plain").stdout
    order = [listed.index(name) for name in ("Crawford C", "Vickers AJ", "Wang C")]
    assert order == sorted(order)
    assert re.findall(r"^ ?\d+\. (\w+)", listed, re.MULTILINE) == ["Crawford", "Vickers", "Wang"]


GINGER_TOPIC = """\
  ginger-{n}:
    title: Ginger tea {n}
    category: therapies
    summary: Ginger tea number {n} is a warm drink.
    key_points: [Drink it warm.]
    evidence: [{{text: Ginger may ease nausea., certainty: low, refs: [vickers2018]}}]
    what_to_expect: [It tastes hot.]
    safety: {{careful: [You take a blood thinner.], tell: [Any medicines you take.]}}
    questions: [Is ginger safe for me?]
    last_reviewed: 2026-12-01
"""


def test_a_cut_list_of_topics_says_how_many_more_there_are(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    layer = "extends: base.yaml\ntopics:\n" + "".join(GINGER_TOPIC.format(n=n) for n in range(1, 8))
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(layer, encoding="utf-8")
    result = cli("show", "warm drink", catalog=clinic)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "painguide: No topic named 'warm drink'. Topics that mention it:"
    assert len([line for line in lines if re.match(r"  ginger-\d - ", line)]) == 5
    assert "  and 2 more: painguide search warm drink" in lines
    assert lines[-1] == "Read one with: painguide show TOPIC"
    # A list that is not cut says nothing more.
    whole = cli("show", "thin needles", catalog=clinic).stderr
    assert "  acupuncture - Acupuncture\n" in whole and "more:" not in whole


def test_a_name_that_fits_many_topics_says_how_many_are_not_offered(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text("extends: base.yaml\ntopics:\n" + "".join(GINGER_TOPIC.format(n=n) for n in range(10)), "utf-8")
    result = cli("show", "ginger", catalog=clinic)
    assert result.exit_code == 2
    offered = ", ".join(f"ginger-{n}" for n in range(8))
    assert result.stderr == (
        f"painguide: 'ginger' matches more than one topic.\nDid you mean: {offered}? (and 2 more)\n"
    )
