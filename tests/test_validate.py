"""Each kind of catalog mistake gives one precise message at the right line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import CATALOG
from painguide.catalog.load import load_catalog
from painguide.errors import CatalogError, CatalogFileError

MINIMAL = textwrap.dedent(
    """\
    catalog:
      title: T
      version: "1"
      disclaimer: Not medical advice.
    core:
      title: Core
      summary: Summary.
      elements:
        - text: One.
          topics: [alpha]
    categories:
      basics:
        title: Basics
    references:
      smith2020:
        authors: [Smith A]
        year: 2020
        title: A study
        journal: A Journal
    topics:
      alpha:
        title: Alpha
        aliases: [first]
        category: basics
        summary: About alpha.
        key_points: [One point.]
        evidence:
          - text: It helps.
            refs: [smith2020]
        what_to_expect: [Something.]
        safety:
          careful: [Someone.]
          tell: [Something.]
        questions: [Why?]
        related: []
        last_reviewed: 2026-01-01
    """
)


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(str(path))
    return [str(p).replace(str(path), "c.yaml") for p in caught.value.problems]


def test_minimal_catalog_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    catalog = load_catalog(str(path))
    assert list(catalog.topics) == ["alpha"]
    assert catalog.warnings == ()
    assert catalog.topics["alpha"].last_reviewed.isoformat() == "2026-01-01"


def test_bundled_test_catalog_is_valid() -> None:
    assert len(load_catalog(str(CATALOG)).topics) == 3


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    summary: About",
            "    sumary: About",
            [
                "c.yaml:22:5: topics.alpha: missing required key 'summary'",
                "c.yaml:25:5: topics.alpha: unknown key 'sumary' (did you mean 'summary'?)",
            ],
        ),
        (
            "    key_points: [One point.]",
            "    key_points: One point.",
            [
                "c.yaml:26:17: topics.alpha.key_points must be a list, not the text 'One point.'",
            ],
        ),
        ("    year: 2020", "    year: twenty", ["c.yaml:17:11: references.smith2020.year must be a four-digit year"]),
        (
            "        refs: [smith2020]",
            "        refs: [smith2021]",
            [
                "c.yaml:29:16: topics.alpha.evidence[1]: no reference 'smith2021' (did you mean 'smith2020'?)",
            ],
        ),
        ("    related: []", "    related: [beta]", ["c.yaml:35:15: topics.alpha.related: no topic 'beta'"]),
        (
            "    category: basics",
            "    category: basic",
            [
                "c.yaml:24:15: topics.alpha.category: no category 'basic' (did you mean 'basics'?)",
            ],
        ),
        (
            "      topics: [alpha]",
            "      topics: [alfa]",
            [
                "c.yaml:10:16: core.elements: no topic 'alfa' (did you mean 'alpha'?)",
            ],
        ),
        (
            "    last_reviewed: 2026-01-01",
            "    last_reviewed: 2026-13-01",
            [
                "c.yaml:36:20: topics.alpha.last_reviewed: 2026-13-01 is not a real date: month must be 1 to 12",
            ],
        ),
        (
            "    title: Alpha",
            "    title: no",
            [
                "c.yaml:22:12: topics.alpha.title must be text, but YAML reads 'no' as true/false; put it in quotes: \"no\"",
            ],
        ),
        (
            "    summary: About alpha.",
            "    summary: 8:30",
            [
                "c.yaml:25:14: topics.alpha.summary must be text, but YAML reads '8:30' as a number; "
                'put it in quotes: "8:30"',
            ],
        ),
        ("    summary: About alpha.", "    summary:", ["c.yaml:25:13: topics.alpha.summary is empty"]),
        (
            "  alpha:\n    title: Alpha",
            "  Alpha Topic:\n    title: Alpha",
            [
                "c.yaml:21:3: topics: id 'Alpha Topic' must be lower-case letters, digits and dashes, "
                "starting with a letter",
                "c.yaml:10:16: core.elements: no topic 'alpha'",
            ],
        ),
        (
            "    aliases: [first]",
            "    aliases: [first]\n    title: Again",
            [
                "c.yaml:24:5: topics.alpha: duplicate key 'title' (each key may appear once)",
            ],
        ),
        (
            "    title: A study",
            "    title: A study\n    doi: 10.1000/abc def",
            [
                "c.yaml:19:10: references.smith2020.doi must be a bare DOI such as 10.1001/jama.2016.2323",
            ],
        ),
    ],
)
def test_each_mistake_is_reported_with_its_position(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    assert old in MINIMAL
    assert sorted(problems(tmp_path, MINIMAL.replace(old, new, 1))) == sorted(expected)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace("    summary: About", "    sumary: About").replace("year: 2020", "year: soon")
    assert len(problems(tmp_path, text)) == 3


def test_duplicate_topic_ids_and_names(tmp_path: Path) -> None:
    topic = MINIMAL[MINIMAL.index("  alpha:\n") :]
    second = topic.replace("  alpha:", "  beta:").replace("title: Alpha", "title: Beta")
    found = problems(tmp_path, MINIMAL + second)
    assert found == ["c.yaml:39:15: topics.beta: the name 'first' is already used by topic 'alpha'"]
    found = problems(tmp_path, MINIMAL + topic)
    assert found[0] == "c.yaml:37:3: topics: duplicate id 'alpha' (first defined on line 21)"


def test_unused_reference_is_a_warning_not_an_error(tmp_path: Path) -> None:
    extra = "  jones2019:\n    authors: [Jones B]\n    year: 2019\n    title: T\n    journal: J\n"
    path = tmp_path / "c.yaml"
    path.write_text(MINIMAL.replace("topics:\n  alpha:", extra + "topics:\n  alpha:"), encoding="utf-8")
    catalog = load_catalog(str(path))
    assert [str(w) for w in catalog.warnings] == [
        f"{path}:20:3: warning: references.jones2019 is not cited by any topic"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "c.yaml:1:1: the catalog is empty; see docs/catalog-format.md"),
        ("# just a comment\n", "c.yaml:1:1: the catalog is empty; see docs/catalog-format.md"),
        ("- a\n- b\n", "c.yaml:1:1: the catalog file must be a mapping of keys to values, not a list"),
        ("hello\n", "c.yaml:1:1: the catalog file must be a mapping of keys to values, not the text 'hello'"),
        ("a: [1, 2\n", "c.yaml:1:4: the [ that starts here is never closed; end it with ]"),
        (
            "a: 1\n---\nb: 2\n",
            "c.yaml:2:1: a line '---' starts a second document, and a catalog is one document; remove that line",
        ),
    ],
)
def test_structural_problems(tmp_path: Path, text: str, expected: str) -> None:
    assert problems(tmp_path, text)[0] == expected


def test_anchors_aliases_tags_and_merge_keys_are_refused(tmp_path: Path) -> None:
    aliased = MINIMAL.replace("    what_to_expect: [Something.]", "    what_to_expect: &x [Something.]").replace(
        "    questions: [Why?]", "    questions: *x"
    )
    assert "anchors and aliases (&name, *name) are not allowed" in problems(tmp_path, aliased)[0]
    tagged = MINIMAL.replace("    summary: About alpha.", "    summary: !!python/name:os.system ''")
    assert problems(tmp_path, tagged) == [
        "c.yaml:25:14: topics.alpha.summary: the tag !!python/name:os.system is not allowed; a catalog is plain data"
    ]
    merged = MINIMAL.replace("    questions: [Why?]", "    questions: [Why?]\n    <<: {}")
    assert problems(tmp_path, merged) == ["c.yaml:35:5: topics.alpha: merge keys (<<) are not allowed"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogFileError, match="no such file"):
        load_catalog(str(tmp_path / "nope.yaml"))
    with pytest.raises(CatalogFileError, match="is a directory"):
        load_catalog(str(tmp_path))


# --- synonyms -------------------------------------------------------------------


def test_synonyms_are_optional_and_kept_in_order(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(MINIMAL + "synonyms:\n  Fish oil: [alpha, point]\n  needles: [alpha]\n", encoding="utf-8")
    catalog = load_catalog(str(path))
    assert catalog.synonyms == (("Fish oil", ("alpha", "point")), ("needles", ("alpha",)))
    assert catalog.warnings == ()


def test_every_synonym_mistake_is_reported_at_its_line(tmp_path: Path) -> None:
    text = MINIMAL + textwrap.dedent(
        """\
        synonyms:
          fish oil: alpha
          988: [alpha]
          needles: []
          "--": [alpha]
          Fish  Oil: [alpha]
          pills: [alpha, 3, "?!"]
        """
    )
    top = len(MINIMAL.splitlines())
    assert problems(tmp_path, text) == [
        f"c.yaml:{top + 2}:13: synonyms.fish oil must be a list, not the text 'alpha'",
        f"c.yaml:{top + 3}:3: synonyms: YAML reads the key '988' as a number; put it in quotes: \"988\"",
        f"c.yaml:{top + 4}:12: synonyms.needles is empty; add at least one item",
        f"c.yaml:{top + 5}:3: synonyms: the key '--' has no letters or digits to search for",
        f"c.yaml:{top + 6}:3: synonyms: 'Fish  Oil' is listed twice (first on line {top + 2})",
        f"c.yaml:{top + 7}:18: synonyms.pills[2] must be text, but YAML reads '3' as a number; put it in quotes: \"3\"",
        f"c.yaml:{top + 7}:21: synonyms.pills[3]: '?!' has no letters or digits to search for",
    ]


def test_synonyms_must_be_a_mapping(tmp_path: Path) -> None:
    top = len(MINIMAL.splitlines())
    assert problems(tmp_path, MINIMAL + "synonyms: [fish oil, omega-3]\n") == [
        f"c.yaml:{top + 1}:11: synonyms must be a mapping of words to lists of words, not a list"
    ]


def test_a_synonym_no_topic_uses_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    line = "  fish oil: [omega-3, points, fish oil]"
    path.write_text(MINIMAL + f"synonyms:\n{line}\n", encoding="utf-8")
    catalog = load_catalog(str(path))
    top = len(MINIMAL.splitlines())
    # "points" is "point" in another form, so it is found.
    assert [str(p).replace(str(path), "c.yaml") for p in catalog.warnings] == [
        f"c.yaml:{top + 2}:{line.index('omega') + 1}: warning: synonyms.fish oil: no topic has the word 'omega', "
        "so 'omega-3' finds nothing",
        f"c.yaml:{top + 2}:{line.rindex('fish') + 1}: warning: synonyms.fish oil[3]: 'fish oil' is the key itself",
    ]
    assert catalog.synonyms == (("fish oil", ("omega-3", "points")),)
