"""Everything YAML lets a hand-edited catalog get wrong, each reported with
its line and column, on one line, with exit 1, nothing on stdout and no traceback.

Line numbers refer to harness.BASE (`python tests/robustness/harness.py` prints it numbered).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import BASE, assert_catalog_problems, assert_clean_failure, bend, painguide

Cli = Callable[..., Result]
TITLE = ("    title: Walking\n", "    title: {}\n")


def title(value: str) -> tuple[str, str]:
    return (TITLE[0], TITLE[1].format(value))


# --- syntax errors --------------------------------------------------------

DIRECTIVE = "a catalog needs no lines that start with % (YAML directives); remove this line"

SYNTAX = [
    (
        "tab-indentation",
        [("    summary: Walking is", "\tsummary: Walking is")],
        "27:1: a tab is used here, and YAML allows only spaces for indenting; replace the tab with spaces",
    ),
    (
        "tab-before-a-list-item",
        [("      - Start with ten", "\t- Start with ten")],
        "29:1: a tab is used here, and YAML allows only spaces for indenting; replace the tab with spaces",
    ),
    (
        "unclosed-bracket",
        [("aliases: [strolling]", "aliases: [strolling")],
        "25:14: the [ that starts here is never closed; end it with ]",
    ),
    (
        "unclosed-brace",
        [
            ("      careful:\n        - You have fallen recently.", "      careful: {a: b\n        - You fell."),
        ],
        "36:16: the { that starts here is never closed; end it with }",
    ),
    (
        "unclosed-double-quote",
        [('version: "1.0"', 'version: "1.0')],
        '3:12: the quoted text that starts here is never closed; end it with "',
    ),
    (
        "unclosed-single-quote",
        [title("'Walking")],
        "24:12: the quoted text that starts here is never closed; end it with '",
    ),
    (
        "wrong-indentation",
        [("    summary: Walking is", "   summary: Walking is")],
        "27:4: this line is not lined up with the lines around it;"
        " indent it by the same number of spaces as the keys it belongs with",
    ),
    (
        "colon-in-plain-text",
        [title("Walking: the basics")],
        '24:19: a colon and a space inside text make YAML read a new key; put it in quotes: "Walking: the basics"',
    ),
    (
        "list-item-inside-a-mapping",
        [("    aliases: [strolling]", "    aliases: [strolling]\n    - stray")],
        "26:5: a list item cannot start here, among keys; put it, indented, under a key that holds a list",
    ),
    (
        "key-without-colon",
        [("    category: movement\n    summary: Walking", "    category movement\n    summary: Walking")],
        "26:5: this key has no colon after it; write it as key: value",
    ),
    (
        "unknown-escape",
        [('version: "1.0"', 'version: "1.0\\q"')],
        "3:16: in double quotes, a backslash starts an escape such as \\n;"
        " write \\\\ for a backslash, or use single quotes around the text",
    ),
    (
        "at-sign-starts-a-value",
        [title("@home")],
        '24:12: a value cannot start with @; put it in quotes: "@home"',
    ),
    (
        "backquote-starts-a-value",
        [title("`Walking`")],
        '24:12: a value cannot start with `; put it in quotes: "`Walking`"',
    ),
    (
        "undefined-alias",
        [("aliases: [strolling]", "aliases: [*nothing]")],
        "25:15: anchors and aliases (&name, *name) are not allowed; write the value out instead of *nothing",
    ),
    (
        "bad-block-scalar-indicator",
        [("    summary: Walking is gentle exercise that most people can do.", "    summary: |0\n      Walking")],
        "27:15: after | or > write nothing else on the line; put the text on the lines below, indented",
    ),
    (
        "empty-anchor",
        [("aliases: [strolling]", "aliases: & [strolling]")],
        "25:15: a value cannot start with &; put the text in quotes",
    ),
    (
        "document-marker-inside-quotes",
        [("    title: Walking\n", '    title: "Walking\n---\n"\n')],
        '24:12: the quoted text that starts here is never closed; end it with "',
    ),
]


@pytest.mark.parametrize(("changes", "problem"), [case[1:] for case in SYNTAX], ids=[case[0] for case in SYNTAX])
def test_syntax_error(
    cli: Cli, write_catalog: Callable[..., Path], changes: list[tuple[str, str]], problem: str
) -> None:
    path = write_catalog(bend(*changes))
    assert_catalog_problems(cli("list", catalog=path), path, [problem])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", f"2:1: {DIRECTIVE}"),
        ("%FOO bar\n---\na: 1\n", f"1:5: {DIRECTIVE}"),
        ("%YAML 2.0\n---\na: 1\n", f"1:1: {DIRECTIVE}"),
        (
            "a: !<> b\n",
            "1:6: a catalog needs no tags (! before a value); remove it, or put text that starts with ! in quotes",
        ),
        (
            "a: 1\n b: 2\n",
            "2:3: a key cannot start here; check that the line above has its colon (key: value)"
            " and that this line lines up with the keys it belongs with",
        ),
    ],
    ids=["duplicate-directive", "unknown-directive", "yaml-2", "empty-verbatim-tag", "indented-key"],
)
def test_stream_level_syntax_error(cli: Cli, write_catalog: Callable[..., Path], text: str, problem: str) -> None:
    path = write_catalog(text)
    assert_catalog_problems(cli("list", catalog=path), path, [problem])


# --- anchors, aliases, merge keys and tags ---------------------------------


def test_alias_is_refused(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(
        bend(
            ("    aliases: [strolling]", "    aliases: &names [strolling]"),
            ("    title: Stretching\n", "    title: Stretching\n    aliases: *names\n"),
        )
    )
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        ["46:14: anchors and aliases (&name, *name) are not allowed; write the value out instead of *names"],
    )


def test_self_referencing_alias_is_refused(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(bend(("    related: [stretching]", "    related: &r [*r]")))
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        ["42:18: anchors and aliases (&name, *name) are not allowed; write the value out instead of *r"],
    )


def test_billion_laughs_is_refused_without_expanding(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # Nine levels of ten aliases each: a billion strings if anything expanded them.
    levels = ["      - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"      - &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 10)]
    path = write_catalog(
        bend(
            ("    key_points:\n      - Start with ten minutes a day.", "    key_points:\n" + "\n".join(levels)),
            ("    questions:\n      - How far should I walk?", "    questions: *l9"),
        )
    )
    started = time.perf_counter()
    result = cli("list", catalog=path)
    assert time.perf_counter() - started < 2
    # The first alias is reported, at its own place.
    expected = ["30:14: anchors and aliases (&name, *name) are not allowed; write the value out instead of *l0"]
    assert_catalog_problems(result, path, expected)


def test_merge_key_is_refused(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    stretching_safety = (
        "    safety:\n      careful:\n        - You had surgery recently.\n      tell:\n        - Where it hurts."
    )
    path = write_catalog(bend((stretching_safety, "    safety:\n      <<: {careful: [Surgery.], tell: [Pain.]}")))
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [
            "56:7: topics.stretching.safety: merge keys (<<) are not allowed",
            "56:7: topics.stretching.safety: missing required key 'careful'",
            "56:7: topics.stretching.safety: missing required key 'tell'",
        ],
    )


def test_merge_key_from_an_alias_is_refused_at_the_alias(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(
        bend(
            (
                "    safety:\n      careful:\n        - You have fallen",
                "    safety: &s\n      careful:\n        - You have fallen",
            ),
            (
                "    safety:\n      careful:\n        - You had surgery recently.\n      tell:\n        - Where it hurts.",
                "    safety:\n      <<: *s",
            ),
        )
    )
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        ["56:11: anchors and aliases (&name, *name) are not allowed; write the value out instead of *s"],
    )


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!shout Walking", "!shout"),
        ("!<tag:example.com,2026:x> Walking", "tag:example.com,2026:x"),
        ("!!binary V2Fsa2luZw==", "!!binary"),
        ("!!seq Walking", "!!seq"),
        ("!!str [Walking]", "!!str"),
    ],
    ids=["local", "verbatim", "binary", "seq-on-text", "str-on-list"],
)
def test_custom_and_mismatched_tags_are_refused(
    cli: Cli, write_catalog: Callable[..., Path], value: str, tag: str
) -> None:
    path = write_catalog(bend(title(value)))
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [f"24:12: topics.walking.title: the tag {tag} is not allowed; a catalog is plain data"],
    )


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:subprocess.Popen [[touch, {marker}]]",
        "!!python/name:os.system ''",
        '!!python/module:os ""',
    ],
    ids=["apply", "new", "name", "module"],
)
def test_python_tags_are_refused_and_nothing_runs(
    cli: Cli, write_catalog: Callable[..., Path], tmp_path: Path, value: str
) -> None:
    marker = tmp_path / "ran"
    value = value.format(marker=marker)
    path = write_catalog(bend(title(value)))
    tag = value.split(" ")[0]
    result = cli("list", catalog=path)
    assert_catalog_problems(
        result, path, [f"24:12: topics.walking.title: the tag {tag} is not allowed; a catalog is plain data"]
    )
    whole = write_catalog(value + "\n", name="top.yaml")
    result = cli("check", str(whole), catalog=None)
    assert result.exit_code == 1
    assert f"the tag {tag} is not allowed" in result.stdout
    assert not marker.exists()


# --- nesting thousands deep (child processes: a crash must not take pytest down) ---

DEEP = {
    "brackets": "[" * 5000 + "]" * 5000 + "\n",
    "braces": "{a: " * 5000 + "}" * 5000 + "\n",
    "dashes-on-one-line": "- " * 5000 + "x\n",
    "question-marks": "? " * 5000 + "x\n",
    "indentation": "".join(" " * depth + "k:\n" for depth in range(3000)),
    "list-at-key-column": "".join(" " * depth + "k:\n" + " " * depth + "-\n" for depth in range(3000)),
    "indented-then-brackets": "k:\n" + "".join(" " * i + "- k:\n" for i in range(0, 98, 2)) + " " * 98 + "[" * 3000,
}


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_nesting_thousands_deep(tmp_path: Path, loader: str) -> None:
    # The pure-Python composer recurses two frames per level: it is the one a
    # RecursionError would come from where PyYAML was built without libyaml.
    prefix = (
        "import yaml, painguide.catalog.yamltree as t; t._Loader = yaml.SafeLoader; " if loader == "pure-python" else ""
    )
    script = prefix + "from painguide.cli import main; main()"
    for name, text in DEEP.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-c", script, "--data", str(path), "list"], capture_output=True, text=True, timeout=30
        )
        assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
        first, summary = proc.stderr.splitlines()
        assert first.startswith(f"{path}:"), first
        if name == "indented-then-brackets" and loader == "pure-python":
            # PyYAML's own scanner gives up first: no key runs past 1024 characters.
            assert first.endswith(": this key has no colon after it; write it as key: value"), first
        else:
            assert first.endswith(": nested or indented too deeply; a catalog needs only a few levels"), first
        assert summary == "painguide: the catalog has 1 error; nothing was shown."


def test_nesting_at_a_sane_depth_is_fine(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # 150 levels of brackets pass the pre-check and reach the validator.
    path = write_catalog(bend(("aliases: [strolling]", "aliases: " + "[" * 150 + "]" * 150)))
    assert_catalog_problems(
        cli("list", catalog=path), path, ["25:15: topics.walking.aliases[1] must be text, not a list"]
    )


# --- YAML 1.1 surprises in text fields -------------------------------------

SURPRISES = [
    ("8:30", "'8:30' as a number", '"8:30"'),
    ("010", "'010' as a number", '"010"'),
    ("0x1F", "'0x1F' as a number", '"0x1F"'),
    ("1_000", "'1_000' as a number", '"1_000"'),
    ("no", "'no' as true/false", '"no"'),
    ("on", "'on' as true/false", '"on"'),
    ("Yes", "'Yes' as true/false", '"Yes"'),
    ("OFF", "'OFF' as true/false", '"OFF"'),
    (".nan", "'.nan' as a number", '".nan"'),
    ("-.inf", "'-.inf' as a number", '"-.inf"'),
    ("2026-01-05", "'2026-01-05' as a date", '"2026-01-05"'),
    ("2001-12-14 21:59:43.10 -5", "'2001-12-14 21:59:43.10 -5' as a date", '"2001-12-14 21:59:43.10 -5"'),
    ("~", "'~' as empty (null)", '"~"'),
    ("null", "'null' as empty (null)", '"null"'),
    ("=", "'=' as a special symbol", '"="'),
]


@pytest.mark.parametrize(("value", "reads", "quoted"), SURPRISES, ids=[case[0] for case in SURPRISES])
def test_yaml_1_1_surprise_in_a_text_field(
    cli: Cli, write_catalog: Callable[..., Path], value: str, reads: str, quoted: str
) -> None:
    path = write_catalog(bend(title(value)))
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [f"24:12: topics.walking.title must be text, but YAML reads {reads}; put it in quotes: {quoted}"],
    )
    fixed = write_catalog(bend(title(quoted)), name="fixed.yaml")
    result = cli("show", "walking", catalog=fixed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{quoted[1:-1]}\n")


def test_surprise_inside_a_list_of_text(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(bend(("      - Any dizziness.", "      - no")))
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [
            "39:11: topics.walking.safety.tell[1] must be text, but YAML reads 'no' as true/false;"
            ' put it in quotes: "no"'
        ],
    )


def test_five_thousand_digit_number(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # Python refuses to turn more than 4,300 digits into an int; we never try.
    path = write_catalog(bend(title("9" * 5000)))
    shown = "9" * 37 + "..."
    started = time.perf_counter()
    result = cli("list", catalog=path)
    assert time.perf_counter() - started < 2
    # A shortened number in quotes would be a wrong suggestion, so none is given.
    assert_catalog_problems(
        result,
        path,
        [f"24:12: topics.walking.title must be text, but YAML reads '{shown}' as a number; put it in quotes"],
    )


def test_five_thousand_digit_year(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(bend(("    year: 2020", "    year: " + "1" * 5000)))
    assert_catalog_problems(
        cli("list", catalog=path), path, ["18:11: references.smith2020.year must be a four-digit year"]
    )


# --- duplicates, unknown keys, wrong types, dangling references -----------


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            [("core:\n", "catalog:\n  title: Again\ncore:\n")],
            [
                "5:1: the catalog file: duplicate key 'catalog' (each key may appear once)",
            ],
        ),
        (
            [
                (
                    "    category: movement\n    summary: Walking",
                    "    category: movement\n    category: movement\n    summary: Walking",
                )
            ],
            ["27:5: topics.walking: duplicate key 'category' (each key may appear once)"],
        ),
        (
            [("      tell:\n        - Any dizziness.", "      tell:\n        - Any dizziness.\n      tell: [x]")],
            ["40:7: topics.walking.safety: duplicate key 'tell' (each key may appear once)"],
        ),
        (
            [("    year: 2020\n", "    year: 2020\n    year: 2021\n")],
            ["19:5: references.smith2020: duplicate key 'year' (each key may appear once)"],
        ),
        (
            [("    - text: Move gently every day.\n", "    - text: Move gently every day.\n      text: Again.\n")],
            ["10:7: core.elements[1]: duplicate key 'text' (each key may appear once)"],
        ),
        (
            [("  stretching:\n", "  walking:\n    title: Again\n  stretching:\n")],
            ["44:3: topics: duplicate id 'walking' (first defined on line 23)"],
        ),
        (
            [
                (
                    "  movement:\n    title: Movement\n",
                    "  movement:\n    title: Movement\n  movement:\n    title: Again\n",
                )
            ],
            ["14:3: categories: duplicate id 'movement' (first defined on line 12)"],
        ),
        (
            [("    title: Stretching\n", "    title: Stretching\n    aliases: [Strolling]\n")],
            ["46:15: topics.stretching: the name 'Strolling' is already used by topic 'walking'"],
        ),
        (
            [("    title: Stretching\n", "    title: Walking\n")],
            ["45:12: topics.stretching: the name 'Walking' is already used by topic 'walking'"],
        ),
    ],
    ids=["top-level", "topic", "safety", "reference", "core-element", "topic-id", "category-id", "alias", "title"],
)
def test_duplicates_anywhere(
    cli: Cli, write_catalog: Callable[..., Path], changes: list[tuple[str, str]], problems: list[str]
) -> None:
    path = write_catalog(bend(*changes))
    assert_catalog_problems(cli("list", catalog=path), path, problems)


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            [("    summary: Walking is", "    sumary: Walking is")],
            [
                "24:5: topics.walking: missing required key 'summary'",
                "27:5: topics.walking: unknown key 'sumary' (did you mean 'summary'?)",
            ],
        ),
        (
            [("catalog:\n", "catalogue: {}\ncatalog:\n")],
            ["1:1: the catalog file: unknown key 'catalogue' (did you mean 'catalog'?)"],
        ),
        (
            [("    authors: [Smith A, Jones B]", "    authors: Smith A")],
            ["17:14: references.smith2020.authors must be a list, not the text 'Smith A'"],
        ),
        ([("    year: 2020", "    year: twenty")], ["18:11: references.smith2020.year must be a four-digit year"]),
        (
            [("    journal: Pain Journal\n", "    journal: Pain Journal\n    et_al: maybe\n")],
            ["21:12: references.smith2020.et_al must be true or false"],
        ),
        (
            [("    url: https://example.org/walking", "    url: javascript:alert(1)")],
            ["21:10: references.smith2020.url must start with http:// or https://"],
        ),
        (
            [("    last_reviewed: 2026-11-20\n  stretching:", "    last_reviewed: 2026-02-30\n  stretching:")],
            ["43:20: topics.walking.last_reviewed: 2026-02-30 is not a real date: February 2026 has 28 days"],
        ),
        (
            [("    key_points:\n      - Start with ten minutes a day.", "    key_points: {first: Start slowly.}")],
            ["28:17: topics.walking.key_points must be a list, not a mapping"],
        ),
        (
            [
                (
                    "        refs: [smith2020]\n    what_to_expect:\n      - You set",
                    "        refs: smith2020\n    what_to_expect:\n      - You set",
                )
            ],
            ["32:15: topics.walking.evidence[1].refs must be a list, not the text 'smith2020'"],
        ),
        (
            [("  movement:\n", "  Movement Therapy:\n")],
            [
                "12:3: categories: id 'Movement Therapy' must be lower-case letters, digits and dashes, starting with a letter"
            ],
        ),
    ],
    ids=[
        "unknown-key",
        "unknown-top-key",
        "text-for-list",
        "year",
        "flag",
        "url",
        "impossible-date",
        "mapping-for-list",
        "text-for-ids",
        "bad-id",
    ],
)
def test_unknown_keys_and_wrong_types(
    cli: Cli, write_catalog: Callable[..., Path], changes: list[tuple[str, str]], problems: list[str]
) -> None:
    path = write_catalog(bend(*changes))
    result = cli("list", catalog=path)
    assert_catalog_problems(result, path, problems)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            [
                (
                    "        refs: [smith2020]\n    what_to_expect:\n      - You set",
                    "        refs: [smith2021]\n    what_to_expect:\n      - You set",
                )
            ],
            "32:16: topics.walking.evidence[1]: no reference 'smith2021' (did you mean 'smith2020'?)",
        ),
        (
            [("    related: [stretching]", "    related: [stretch]")],
            "42:15: topics.walking.related: no topic 'stretch' (did you mean 'stretching'?)",
        ),
        (
            [("    category: movement\n    summary: Stretching", "    category: moving\n    summary: Stretching")],
            "46:15: topics.stretching.category: no category 'moving'",
        ),
        ([("      topics: [walking]", "      topics: [running]")], "10:16: core.elements: no topic 'running'"),
    ],
    ids=["reference", "related-topic", "category", "core-topic"],
)
def test_dangling_references(
    cli: Cli, write_catalog: Callable[..., Path], changes: list[tuple[str, str]], problem: str
) -> None:
    path = write_catalog(bend(*changes))
    assert_catalog_problems(cli("list", catalog=path), path, [problem])


def test_every_problem_is_reported_at_once(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(
        bend(title("no"), ("    year: 2020", "    year: soon"), ("    related: [stretching]", "    related: [nowhere]"))
    )
    result = cli("list", catalog=path)
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    # The title and the year; links are not checked in a topic with errors
    # of its own, so that one mistake is not reported twice.
    assert len(result.stderr.splitlines()) == 3


def test_values_with_line_breaks_and_escapes_stay_on_one_line(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # A quoted key may hold a line break or an escape sequence; the message
    # must still be one line and must not carry the escape to the terminal.
    path = write_catalog(bend(("    title: Walking\n", '    title: Walking\n    "tit\\nle\\e[2J": x\n')))
    assert_catalog_problems(
        cli("list", catalog=path), path, ["25:5: topics.walking: unknown key 'tit\\nle^[[2J' (did you mean 'title'?)"]
    )


def test_subprocess_sees_the_same_clean_failure(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(bend(title("no")), encoding="utf-8")
    result = painguide("--data", str(path), "show", "walking")
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    assert result.stderr.splitlines()[0] == (
        f"{path}:24:12: topics.walking.title must be text, but YAML reads 'no' as true/false; put it in quotes: \"no\""
    )
    assert BASE  # the base catalog itself is valid: see test_hostile_text


def test_thousands_of_dangling_links_do_not_take_minutes(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # Every reference renamed in a big catalog: each broken link gets a "did
    # you mean" while a fixed budget lasts, then none. Without the budget this
    # took about 30 seconds for 3,000 links, growing with the square of the size.
    count = 1500
    head, _, _ = BASE.partition("references:\n")
    walking = BASE[BASE.index("  walking:\n") : BASE.index("  stretching:\n")].replace("[stretching]", "[]")
    stretching = BASE[BASE.index("  stretching:\n") :]
    reference = BASE[BASE.index("  smith2020:\n") : BASE.index("topics:\n")]
    parts = [head, "references:\n"]
    parts += [reference.replace("smith2020", f"ref{n}") for n in range(count)]
    parts += ["topics:\n", walking.replace("[smith2020]", "[ref0]")]
    for n in range(count):
        parts.append(
            stretching.replace("  stretching:", f"  t{n}:")
            .replace("title: Stretching", f"title: Topic {n}")
            .replace("[smith2020]", f"[reff{n}]")
        )
    path = write_catalog("".join(parts))
    started = time.perf_counter()
    result = cli("list", catalog=path)
    assert time.perf_counter() - started < 20
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines[-1] == f"painguide: the catalog has {count} errors; nothing was shown."
    assert "no reference 'reff0' (did you mean 'ref0'?)" in result.stderr
    assert lines[-2].endswith(f"no reference 'reff{count - 1}'")
