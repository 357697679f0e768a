"""Choosing the language, and the interface translations (gettext catalogs made with Babel)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import pytest

from conftest import ROOT, Result
from painguide import i18n, languages
from painguide.errors import UsageError

sys.path.insert(0, str(ROOT / "tools"))

import messages  # noqa: E402 - tools/ is not a package


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ("en",)),
        ({"PAINGUIDE_LANG": "es"}, ("es",)),
        ({"PAINGUIDE_LANG": "ES"}, ("es",)),
        ({"PAINGUIDE_LANG": "en", "LANG": "es_MX.UTF-8"}, ("en",)),
        ({"PAINGUIDE_LANG": " ", "LANG": "es_MX.UTF-8"}, ("es",)),
        ({"LC_ALL": "es_ES.UTF-8"}, ("es",)),
        ({"LC_ALL": "", "LC_MESSAGES": "es_US", "LANG": "en_US.UTF-8"}, ("es",)),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "es_ES.UTF-8"}, ("en",)),
        ({"LANG": "es-419"}, ("es",)),
        ({"LANG": "fr_FR.UTF-8"}, ("en",)),
        ({"LANG": "C"}, ("en",)),
        ({"LANG": "estonian"}, ("en",)),
    ],
)
def test_language_from_the_environment(environ: dict[str, str], expected: tuple[str, ...]) -> None:
    assert i18n.from_environment(environ) == expected


def test_an_unknown_language_in_painguide_lang_is_an_error() -> None:
    with pytest.raises(UsageError, match="PAINGUIDE_LANG 'fr' is not a language painguide speaks; use en or es"):
        i18n.from_environment({"PAINGUIDE_LANG": "fr"})


def test_a_list_of_languages_keeps_its_order_once_each() -> None:
    assert i18n.parse("es,en,es") == ("es", "en")


def _language(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["language"])


def test_json_says_english_by_default(cli: Callable[..., Result]) -> None:
    assert _language(cli("core", "--format", "json")) == "en"


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "es", "core", "--format", "json"),
        ("core", "--format", "json", "--lang", "es"),
        ("core", "--lang=es", "--format", "json"),
    ],
)
def test_lang_option_before_or_after_the_command(cli: Callable[..., Result], args: tuple[str, ...]) -> None:
    assert _language(cli(*args)) == "es"


def test_painguide_lang_and_the_locale_choose_spanish(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "es_US.UTF-8")
    assert _language(cli("core", "--format", "json")) == "es"
    monkeypatch.setenv("PAINGUIDE_LANG", "en")
    assert _language(cli("core", "--format", "json")) == "en"
    assert _language(cli("--lang", "es", "core", "--format", "json")) == "es"


def test_an_unknown_lang_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("--lang", "fr", "core")
    assert (result.exit_code, result.stdout) == (2, "")
    # The languages it offers are the registry's: a new one joins the list.
    offered = " or ".join(languages.CODES)
    assert result.stderr == f"painguide: --lang 'fr' is not a language painguide speaks; use {offered}\n"


def test_two_languages_only_for_a_handout(cli: Callable[..., Result]) -> None:
    result = cli("--lang", "es,en", "core")
    assert result.exit_code == 2
    assert result.stderr == (
        "painguide: --lang es,en: only a handout is printed in two languages; choose one: --lang es\n"
    )


def test_a_run_in_spanish_leaves_the_next_run_in_english(cli: Callable[..., Result]) -> None:
    assert _language(cli("--lang", "es", "core", "--format", "json")) == "es"
    assert _language(cli("core", "--format", "json")) == "en"


def test_the_compiled_catalogs_are_fresh_and_complete() -> None:
    # The .mo is committed (see tools/messages.py for why): it must be what the .po compiles to,
    # and the .po must hold exactly the messages the code marks, each translated.
    for language in messages.languages():
        catalog = messages.merged(language)
        assert messages.untranslated(catalog) == [], language
        assert messages.po_bytes(catalog) == messages.po_path(language).read_bytes(), "run python tools/messages.py"
        assert messages.mo_bytes(catalog) == messages.po_path(language).with_suffix(".mo").read_bytes()
    assert messages.languages() == [code for code in i18n.LANGUAGES if code != i18n.ENGLISH]


def test_dates_in_spanish() -> None:
    import datetime as dt

    day = dt.date(2026, 11, 27)
    assert i18n.long_date(day) == "2026-11-27"
    with i18n.using("es"):
        assert i18n.long_date(day) == "27 de noviembre de 2026"
    assert i18n.language() == "en"


def test_no_message_is_marked_inside_an_f_string() -> None:
    # Babel's extractor does not see a call inside an f-string, so such a
    # message would silently never be translated.
    import ast

    hidden = []
    for path in sorted((ROOT / "src" / "painguide").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [
                    f"{path.name}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                    if call.func.id in ("_", "N_", "ngettext")
                ]
    assert hidden == []


def test_command_help_in_spanish(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("--lang", "es", "search", "--help")
    assert result.exit_code == 0
    assert "  Buscar en todas las secciones de todos los temas; las mejores respuestas\n  primero." in result.stdout
    assert "Palabras o una pregunta para buscar." in result.stdout
    # The next run, in English, builds its help afresh.
    english = cli("search", "--help")
    assert "Search every section of every topic; best answers first." in english.stdout
    monkeypatch.setenv("PAINGUIDE_LANG", "es")
    assert "Mostrar todos los temas, agrupados por categoría." in cli("--help").stdout
    # A language painguide does not speak gets the English help (and the error once a command runs).
    monkeypatch.setenv("PAINGUIDE_LANG", "fr")
    assert "List every topic, grouped by category." in cli("--help").stdout


def test_cache_messages_in_spanish(cli: Callable[..., Result]) -> None:
    result = cli("--lang", "es", "cache", "info", catalog=None)
    assert result.stdout.splitlines()[1] == ("0 índices, 0.0 MB en total; un índice que no se usa en 30 días se borra.")
    assert cli("--lang", "es", "cache", "clear", catalog=None).stdout.startswith("La caché en ")
