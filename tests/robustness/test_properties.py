"""Property tests: whatever the input, only painguide's own errors come out,
JSON output parses, and no control character from the data reaches a terminal.

Each property runs a modest number of examples so the suite stays fast; the
example database is off so that runs leave nothing in the repository.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Result
from harness import BASE, raw_controls
from painguide.catalog.model import Catalog
from painguide.catalog.source import decode_catalog_bytes
from painguide.catalog.validate import build_catalog
from painguide.catalog.yamltree import compose
from painguide.errors import CatalogError, PainguideError, TopicNotFound
from painguide.export.check_report import check_json
from painguide.index.lookup import resolve
from painguide.index.search import search
from painguide.index.store import Store, open_store
from painguide.quality.check import check_catalog
from painguide.render.dispatch import OutputOptions, write_document
from painguide.render.document import Document
from painguide.render.pages import core_page, list_page, refs_page, search_page, topic_page, welcome_page

Cli = Callable[..., Result]
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEWER = settings(SETTINGS, max_examples=60)


def load_text(text: str) -> Catalog:
    return build_catalog(compose(text, "c.yaml"), "c.yaml")


def loads_or_fails_cleanly(text: str) -> Catalog | None:
    try:
        return load_text(text)
    except PainguideError as error:
        # Every problem is a one-line message.
        for problem in getattr(error, "problems", []):
            assert "\n" not in str(problem), str(problem)
        return None


# --- the loader --------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_any_text_loads_or_fails_cleanly(text: str) -> None:
    loads_or_fails_cleanly(text)


@SETTINGS
@given(st.binary())
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        text = decode_catalog_bytes(data, "c.yaml")
    except CatalogError:
        return
    loads_or_fails_cleanly(text)


YAML_CHARS = st.sampled_from(list("-?:[]{},&*!|>'\"%@`#\n\t ") + ["  ", "- ", ": ", "\n  ", "~", "0", "a"])


@SETTINGS
@given(st.lists(YAML_CHARS, max_size=60).map("".join))
def test_yaml_punctuation_soup_fails_cleanly(text: str) -> None:
    loads_or_fails_cleanly(text)


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.dates(),
        st.datetimes(),
        st.text(max_size=30),
        st.sampled_from(["no", "on", "8:30", "010", ".nan", "2026-01-05", "<<", "=", "~", "null", "9" * 5000]),
    )


KEYS = st.one_of(
    st.sampled_from(["catalog", "core", "categories", "references", "topics", "title", "summary", "walking"]),
    st.text(max_size=12),
    st.integers(),
)
STRUCTURES = st.recursive(
    scalars(),
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=5)),
    max_leaves=40,
)


@SETTINGS
@given(STRUCTURES, st.sampled_from([None, True, False]), st.booleans(), st.sampled_from([2, 4, 7]))
def test_any_yaml_shaped_structure_loads_or_fails_cleanly(
    data: Any, flow: bool | None, unicode: bool, indent: int
) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, indent=indent)
    loads_or_fails_cleanly(text)


# --- small changes to a valid catalog -----------------------------------------

VALID: dict[str, Any] = yaml.safe_load(BASE)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [path for path in _paths(VALID) if path]
# Text with every kind of character a terminal must not see raw.
NASTY = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(["\x1b", "\x9b", "\x85", "\u202e", "\u2066", "\u061c", "\x07", "\r", "[red]", ":pill:", "[/]"]),
    ),
    min_size=1,
    max_size=20,
).map("".join)
VALUES = st.one_of(STRUCTURES, NASTY.map(lambda text: "x" + text))


def mutate(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _rendered(document: Document) -> Iterator[str]:
    for fmt, color in (("plain", False), ("text", True)):
        stream = io.StringIO()
        write_document(stream, document, OutputOptions(fmt, color, 40))
        yield stream.getvalue()


def _assert_inert(document: Document) -> None:
    for out in _rendered(document):
        assert not raw_controls(out), raw_controls(out)
        assert "\x1b[31m" not in out


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _store(scratch: Path, text: str) -> Store:
    path = scratch / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return open_store(str(path), use_cache=False)


@FEWER
@given(st.sampled_from(PATHS), VALUES)
def test_a_changed_catalog_loads_or_fails_cleanly_and_renders_inert(
    scratch: Path, path: tuple[Any, ...], value: Any
) -> None:
    text = yaml.safe_dump(mutate(VALID, path, value), sort_keys=False, allow_unicode=True)
    if loads_or_fails_cleanly(text) is None:
        return
    store = _store(scratch, text)
    try:
        info = store.info()
        catalog = store.catalog()
        for topic in store.topics():
            refs = store.references(topic.cited_refs())
            _assert_inert(topic_page(topic, refs, store.titles(list(topic.related)), info))
        _assert_inert(list_page(store.categories(), store.topics(), info))
        _assert_inert(refs_page(catalog.references, catalog.citing_topics(), info))
        _assert_inert(core_page(store.core(), info))
        _assert_inert(welcome_page(info, "0", store.topics()))
        for word in ("walking", "x", "pain"):
            _assert_inert(search_page(search(store, [word]), info))
    finally:
        store.close()


_NOT_FREE_TEXT = {"category", "refs", "related", "topics", "url", "doi", "pmid", "year", "last_reviewed", "et_al"}


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


TEXT_PATHS = [
    path
    for path in PATHS
    if isinstance(_get(VALID, path), str) and [key for key in path if isinstance(key, str)][-1] not in _NOT_FREE_TEXT
]


@FEWER
@given(st.sampled_from(TEXT_PATHS), NASTY)
def test_hostile_text_in_any_text_field_loads_and_renders_inert(
    scratch: Path, path: tuple[Any, ...], value: str
) -> None:
    text = yaml.safe_dump(mutate(VALID, path, "x" + value), sort_keys=False, allow_unicode=True)
    assert loads_or_fails_cleanly(text) is not None, path
    store = _store(scratch, text)
    try:
        info = store.info()
        topic = store.topic("walking")
        assert topic is not None
        _assert_inert(topic_page(topic, store.references(topic.cited_refs()), store.titles(["stretching"]), info))
        _assert_inert(list_page(store.categories(), store.topics(), info))
        _assert_inert(core_page(store.core(), info))
        catalog = store.catalog()
        _assert_inert(refs_page(catalog.references, catalog.citing_topics(), info))
    finally:
        store.close()


# --- search and lookup ---------------------------------------------------------


@pytest.fixture(scope="module")
def store(scratch: Path) -> Iterator[Store]:
    opened = _store(scratch, BASE)
    yield opened
    opened.close()


FTS_SYNTAX = st.sampled_from(['"', "*", "AND", "OR", "NOT", "NEAR(", ")", "^", ":", "-", "+", "{", "}", "title:", "'"])
WORDS = st.lists(st.one_of(st.text(max_size=20), FTS_SYNTAX, st.sampled_from(["walk", "back", "pain"])), max_size=6)


@SETTINGS
@given(WORDS)
def test_search_never_raises(store: Store, words: list[str]) -> None:
    for hit in search(store, words).hits:
        assert hit.topic_id in ("walking", "stretching")


@SETTINGS
@given(st.text(max_size=40))
def test_lookup_finds_a_topic_or_says_none_matches(store: Store, name: str) -> None:
    try:
        found = resolve(store, name)
    except TopicNotFound:
        return
    assert found.id in ("walking", "stretching")


# --- JSON output ------------------------------------------------------------------


@FEWER
@given(st.text(max_size=200))
def test_check_report_json_always_parses(scratch: Path, text: str) -> None:
    path = scratch / "check.yaml"
    path.write_text(text, encoding="utf-8")
    report = json.loads(check_json(check_catalog(str(path), 8.0, 730, dt.date(2026, 11, 27))))
    assert report["schema_version"] == 1


@FEWER
@given(st.sampled_from(PATHS), NASTY.map(lambda text: "x" + text), st.sampled_from(["show", "list", "refs", "core"]))
def test_json_output_always_parses(cli: Cli, scratch: Path, path: tuple[Any, ...], value: str, command: str) -> None:
    text = yaml.safe_dump(mutate(VALID, path, value), sort_keys=False, allow_unicode=True)
    catalog = scratch / "json.yaml"
    catalog.write_text(text, encoding="utf-8")
    args = ["show", "walking"] if command == "show" else [command]
    os.environ["PAINGUIDE_NO_CACHE"] = "1"
    try:
        result = cli(*args, "--format", "json", catalog=catalog)
    finally:
        del os.environ["PAINGUIDE_NO_CACHE"]
    if result.exit_code == 0:
        assert not raw_controls(result.stdout)
        json.loads(result.stdout)
    else:
        assert result.exit_code in (1, 2) and result.stdout == "", result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# --- nesting is counted from parser events ----------------------------------------------

LEVELS = st.lists(
    st.sampled_from(["seq-inline", "seq-block", "map-block", "flow-seq", "flow-map", "key"]), max_size=700
)


def _nest(levels: list[str]) -> str:
    """Nested YAML built level by level, mixing block and flow styles."""
    out, indent, flow, close = "", 0, False, ""
    for kind in levels:
        if flow or kind.startswith("flow"):
            out += "[" if kind != "flow-map" else "{a: "
            close = ("]" if kind != "flow-map" else "}") + close
            flow = True
        elif kind == "seq-inline":
            out += "- "
            indent += 2
        elif kind == "key":
            out += "? "
            indent += 2
        elif kind == "seq-block":
            out += "\n" + " " * indent + "-"
            out += "\n" + " " * (indent + 1)
            indent += 1
        else:
            out += "k:\n" + " " * (indent + 1)
            indent += 1
    return out + "x" + close + "\n"


@FEWER
@given(LEVELS)
def test_any_nesting_is_composed_or_refused_by_the_pure_python_parser(levels: list[str]) -> None:
    import painguide.catalog.yamltree as yamltree

    text = _nest(levels)
    original = yamltree._Loader
    yamltree._Loader = yaml.SafeLoader  # the parser that recursion would hurt, were there any
    try:
        root = yamltree.compose(text, "c.yaml")
    except CatalogError as error:
        (problem,) = error.problems
        assert "\n" not in str(problem)
        return
    finally:
        yamltree._Loader = original
    # Composed: then it was no deeper than the limit, counted from events.
    assert root is not None and len(levels) <= yamltree.MAX_DEPTH


def test_printable_ascii_is_never_changed_on_the_way_out() -> None:
    # The other side of "replace controls": ordinary text is left alone.
    from painguide.textsafe import visible

    assert visible(string.printable) == string.printable.replace("\r", "^M").replace("\x0b", "^K").replace("\x0c", "^L")
