"""The language registry (painguide/languages.py): every language has what each module requires of it,
everything that lists languages reads the registry, and a language without search rules gets the
documented fallback (whole words), never English's."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from painguide import i18n, languages, safety_net
from painguide.catalog.load import load_catalog
from painguide.export.schema_docs import OUTPUT_SCHEMA, with_defs
from painguide.index import dictionary, search, tables
from painguide.index.store import Store
from painguide.quality import plain_language, readability, syllables

ROWS = [pytest.param(row, id=row.code) for row in languages.REGISTRY]


@pytest.mark.parametrize("row", ROWS)
def test_every_language_has_what_each_module_requires(row: languages.Language) -> None:
    code = row.code
    # The safety net: the built-in alerts in this language's words (its .po), never the source's.
    source, own = safety_net.builtin(languages.SOURCE), safety_net.builtin(code)
    assert [alert.id for alert in own] == [alert.id for alert in source]
    assert row.is_source or not {alert.title for alert in own} & {alert.title for alert in source}
    # check's evidence-wording rules: all three or none (check then warns that wording goes unchecked).
    wording = (plain_language.NO_EVIDENCE, plain_language.EFFECT_AS_CHANGE, plain_language.COMPARES_GROUPS)
    assert len({code in table for table in wording}) == 1
    assert code in plain_language.NO_EVIDENCE or not row.is_source
    # Search: the rules it names exist; a language with rules has its question words.
    rules = search.rules(code)
    assert (rules is search.PLAIN) == (row.search_rules is None)
    if row.search_rules is not None:
        assert search.FAQ_SAME[code]
    # Reading scores: a formula check knows (or none: check then scores no translation into it),
    # and syllables from a dictionary that is installed.
    assert row.readability is None or row.readability in readability.FORMULAS
    assert row.hyphenation is not None and Path(syllables._sources()[code]).is_file()
    # A word list that loads: otherwise every word the catalog lacks would be "corrected".
    assert row.word_list is not None and dictionary.is_everyday("the" if row.is_source else "de", code)
    # Long dates: a month name for each month, or ISO.
    assert len(row.months) == (12 if row.date_format else 0)
    assert row.offer[0] and f"--lang {code}" in row.offer[1]
    if not row.is_source:
        assert (ROOT / "src/painguide/locale" / code / "LC_MESSAGES/painguide.mo").is_file()


def test_the_source_language_is_registered_first_and_scored_by_grade() -> None:
    assert languages.REGISTRY[0].is_source and languages.REGISTRY[0].code == languages.SOURCE
    assert languages.REGISTRY[0].readability == readability.FLESCH_KINCAID
    assert [row.is_source for row in languages.REGISTRY].count(True) == 1
    assert languages.CODES == i18n.LANGUAGES


def test_the_output_schema_lists_exactly_the_registered_languages() -> None:
    document = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    assert document["properties"]["language"]["enum"] == list(languages.CODES)
    assert document == with_defs(document), "run: python -m painguide.export.schema_docs"


def test_the_openapi_lang_parameter_lists_exactly_the_registered_languages() -> None:
    pytest.importorskip("starlette")
    from painguide.web.openapi import document

    # A JSON document read as JSON: its shape is what the test checks, not a type.
    paths: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = json.loads(json.dumps(document()["paths"]))
    parameters = [
        parameter
        for path in paths.values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "lang"
    ]
    assert parameters
    for parameter in parameters:
        assert parameter["schema"]["enum"] == list(languages.CODES)
        assert parameter["schema"]["default"] == languages.SOURCE


def test_locale_spellings_and_ehr_codes_come_from_the_registry() -> None:
    from painguide.ehr.common import language_of

    assert languages.find("es_MX.UTF-8") == languages.get("es")
    assert languages.find("spa") is None  # --lang and the locale take ISO 639-1 codes only
    assert language_of("spa") == language_of("es-MX") == "es"
    assert language_of("qaa") == languages.SOURCE  # ISO 639-2 "reserved for local use": never registered


def test_long_dates_follow_the_row() -> None:
    day = dt.date(2026, 3, 1)
    with i18n.using("es"):
        assert i18n.long_date(day) == "1 de marzo de 2026"
    assert i18n.long_date(day) == "2026-03-01"


# A test-only language with no search rules, word list or formula: what a new language gets before
# anyone writes its rules.
TESTISH = languages.Language(code="xx", name="Testish", native="Testish")


@pytest.fixture
def testish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[languages.Language]:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    monkeypatch.setattr(languages, "REGISTRY", (*languages.REGISTRY, TESTISH))
    monkeypatch.setitem(languages._BY_CODE, TESTISH.code, TESTISH)
    # Its locale folder, with a message catalog that translates nothing yet: the safety net's text is English.
    locale = tmp_path / "testish-locale"
    shutil.copytree(i18n.locale_dir(), locale)
    (locale / TESTISH.code / "LC_MESSAGES").mkdir(parents=True)
    with (locale / TESTISH.code / "LC_MESSAGES" / "painguide.mo").open("wb") as mo:
        write_mo(mo, Catalog(locale="en"))
    monkeypatch.setattr(i18n, "locale_dir", lambda: locale)
    yield TESTISH
    search.rules.cache_clear()


def _store(language: str, connection: sqlite3.Connection) -> Store:
    catalog = load_catalog(str(ROOT / "tests/data/catalog.yaml"))
    catalog = catalog._replace(info=catalog.info._replace(language=language))
    tables.fill(connection, catalog, "test")
    return Store(connection, "test")


def test_a_language_without_search_rules_matches_whole_words_not_english_stems(
    testish: languages.Language,
) -> None:
    assert languages.find("xx_XX.UTF-8") == testish
    assert search.rules(testish.code) is search.PLAIN
    with sqlite3.connect(":memory:") as english, sqlite3.connect(":memory:") as plain:
        en, xx = _store("en", english), _store(testish.code, plain)
        assert xx.language == testish.code
        # English stems and drops common words; the fallback folds case and accents and keeps each word whole.
        assert en.stems(["Treatments"]) == {"Treatments": "treatment"}
        assert xx.stems(["Treatments", "Acupuntúra"]) == {"Treatments": "treatments", "Acupuntúra": "acupuntura"}
        assert search.search(en, ["the", "acupuncture"]).hits[0].topic_id == "acupuncture"
        found = search.search(xx, ["the", "acupuncture"])
        assert found.hits[0].topic_id == "acupuncture"
        # "the" is a common word of English, not of Testish: English's lists are never borrowed.
        assert search.search(en, ["the"]).common_only
        assert not search.search(xx, ["the"]).common_only
        # No English stemming: a plural the catalog never writes is a different word, found only as a typo.
        assert search.search(en, ["acupunctures"]).corrections == ()
        assert search.search(xx, ["acupunctures"]).corrections == (("acupunctures", "acupuncture"),)


def test_help_that_lists_languages_or_formats_keeps_its_message_as_they_grow(
    testish: languages.Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painguide import formats

    show_help = formats.help_text("show")
    offered = formats.for_command("show")
    assert show_help == (
        f"Output format: {', '.join(offered[:-1])} or {offered[-1]}. Default: text on a terminal, plain otherwise."
    )
    # A new format and a new language: the help lists them, and is translated by the same messages.
    new = formats.OutputFormat("example", "an example", frozenset({"show"}), "page", "painguide.render.plain:write")
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, new))
    grown = formats.help_text("show")
    assert grown.startswith(f"Output format: {', '.join(offered)} or example. ")
    assert i18n.messages_of(grown) == i18n.messages_of(show_help)
    lang_help = i18n.lang_help()
    others = ", ".join(f"{row.code} ({row.native})" for row in languages.translations())
    assert lang_help.startswith(f"Language: {others} or en (English). ")
    assert others.endswith("xx (Testish)")
    template, join, *names = i18n.messages_of(lang_help)
    assert "{languages}" in template and join == i18n.LIST_JOIN
    # Only the catalog's own language is named in the reader's words: a new language adds no message.
    assert names == ["en (English)"]
    # Spanish: the committed translation of the template, the new name as written (it has no translation yet).
    with i18n.using("es"):
        assert i18n._(grown).startswith(f"Formato de salida: {', '.join(offered)} o example. ")
        assert i18n._(lang_help).startswith(f"Idioma: {others} o en (inglés). ")


def test_no_message_lists_the_languages_or_formats() -> None:
    # A message holding a list would go stale with each addition (the listing is i18n.listed's).
    po = (ROOT / "src/painguide/locale/es/LC_MESSAGES/painguide.po").read_text(encoding="utf-8")
    from painguide import formats

    assert "es (español) or en" not in po
    for command in ("show", "refs", "check"):
        assert ", ".join(formats.for_command(command)[:2]) not in po


def test_check_says_what_a_language_without_rules_leaves_unchecked(
    testish: languages.Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painguide.quality.check import check_catalog

    # Testish's interface text is the Spanish catalog under another name; its translation the Spanish one.
    messages = tmp_path / "locale" / testish.code / "LC_MESSAGES"
    messages.mkdir(parents=True)
    shutil.copy(ROOT / "src/painguide/locale/es/LC_MESSAGES/painguide.mo", messages)
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path / "locale")
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(ROOT / "tests/data/catalog.yaml", catalog)
    spanish = (ROOT / "tests/data/catalog.es.yaml").read_text(encoding="utf-8")
    (tmp_path / "catalog.xx.yaml").write_text(spanish.replace("language: es", "language: xx", 1), encoding="utf-8")
    report = check_catalog(str(catalog), 8.0, None, dt.date(2026, 11, 27))
    (entry,) = report.translations
    assert entry.language == testish.code
    warned = [p for p in report.problems if "evidence wording" in p.message or "safety net" in p.message]
    assert [(p.file, p.severity, p.message) for p in warned] == [
        (
            str(tmp_path / "catalog.xx.yaml"),
            "warning",
            "evidence wording is not checked in Testish: quality/plain_language.py has no rules for 'xx'",
        ),
        (
            str(tmp_path / "catalog.xx.yaml"),
            "warning",
            "the safety net has no phrases in Testish: only English or Spanish ones set off its alerts "
            "(safety_net.py PHRASES has none for 'xx')",
        ),
    ]
    # No readability formula: no score, rather than a Spanish or English one.
    assert entry.topics and all(topic.inflesz is None and topic.fernandez_huerta is None for topic in entry.topics)
