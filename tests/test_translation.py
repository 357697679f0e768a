"""Translation files: read and checked like the catalog, laid over it field by field, fingerprinted, stamped.

tests/data/catalog.es.yaml translates the test catalog: acupuncture in full
(a draft), tai chi reviewed but with its summary stale and its questions
missing, massage therapy not at all.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result, assert_golden, line_of
from painguide.catalog.load import load_catalog, translation_path
from painguide.catalog.model import Evidence, Log
from painguide.catalog.translation import fingerprint, stamp, translate
from painguide.errors import CatalogError

Cli = Callable[..., Result]
SPANISH = CATALOG.with_name("catalog.es.yaml")


def test_the_translation_is_the_file_beside_the_catalog() -> None:
    assert translation_path("data/topics.yaml", "es") == "data/topics.es.yaml"
    assert translation_path("clinic.YML", "es") == "clinic.es.YML"
    assert translation_path("catalog", "es") == "catalog.es.yaml"


def test_fingerprints_follow_the_words_only() -> None:
    base = fingerprint("Acupuncture may  ease\npain.")
    assert base == fingerprint("Acupuncture may ease pain.")
    assert len(base) == 12 and int(base, 16) >= 0
    assert base != fingerprint("Acupuncture may ease pain a little.")
    # Certainty and references are shown by painguide, not translated: changing them is no staleness.
    item = Evidence("It helped.", ("a",), "low")
    assert fingerprint((item,)) == fingerprint((item._replace(refs=("b",), certainty="high"),))
    assert fingerprint((item,)) != fingerprint((item._replace(text="It did not help."),))
    assert fingerprint(Log("Diary", ("Day", "Pain"))) != fingerprint(Log("Diary", ("Day", "Sleep")))


def test_the_translation_is_laid_over_the_catalog() -> None:
    catalog = load_catalog(str(CATALOG), "es")
    english = load_catalog(str(CATALOG))
    acupuncture = catalog.topics["acupuncture"]
    assert acupuncture.title == "Acupuntura"
    assert acupuncture.aliases == ("agujas", "terapia con agujas")
    assert acupuncture.log == Log("Diario del dolor", ("Día", "Dolor del 0 al 10", "Lo que ayudó"))
    # Ids, certainty, references and links stay; reference titles stay in their language.
    assert [(e.certainty, e.refs) for e in acupuncture.evidence] == [
        (e.certainty, e.refs) for e in english.topics["acupuncture"].evidence
    ]
    assert acupuncture.evidence[1].text == "El beneficio duró en la mayoría de las personas un año después."
    assert (acupuncture.id, acupuncture.related, acupuncture.category) == (
        "acupuncture",
        ("tai-chi", "massage-therapy"),
        "therapies",
    )
    assert catalog.references == english.references
    assert (acupuncture.translation, acupuncture.reviewer, acupuncture.reviewed) == ("draft", "", "")
    tai_chi = catalog.topics["tai-chi"]
    assert (tai_chi.translation, tai_chi.reviewer, tai_chi.reviewed) == (
        "reviewed",
        "bilingual nurse educator",
        "2026-11-25",
    )
    assert catalog.core.elements[1].text == "El movimiento suave ayuda al cuerpo y a la mente."
    assert catalog.core.elements[1].topics == ("tai-chi", "massage-therapy")
    assert catalog.categories["movement"].title == "Movimiento"
    assert (catalog.info.title, catalog.info.language, catalog.info.translation) == (
        "Guía de prueba del dolor",
        "es",
        "draft",
    )
    assert catalog.info.version == english.info.version
    assert catalog.synonyms == (("agujas", ("acupuntura",)), ("diluyente de la sangre", ("anticoagulante",)))


def test_missing_and_stale_fields_show_the_english_with_a_note_in_that_place() -> None:
    catalog = load_catalog(str(CATALOG), "es")
    tai_chi = catalog.topics["tai-chi"]
    assert tai_chi.summary == (
        "Tai chi is slow, gentle movement with deep breathing. (en inglés: texto pendiente de actualizar)"
    )
    assert tai_chi.questions == ("Which class is right for me? (en inglés)",)
    massage = catalog.topics["massage-therapy"]
    assert massage.title == "Massage therapy (en inglés)"
    assert massage.aliases == ("massage (en inglés)",)
    assert massage.evidence[0].text.endswith("compared with no treatment. (en inglés)")
    assert massage.safety.careful == ("You have a blood clot. (en inglés)",)
    assert massage.translation == ""
    # A category the translation leaves out.
    assert catalog.categories["empty"].title == "A category with no topics (en inglés)"


def test_each_missing_and_stale_field_is_reported_with_its_place() -> None:
    result = translate(load_catalog(str(CATALOG)), "es")
    es = str(SPANISH)
    tai_chi = line_of("  tai-chi:", SPANISH)
    assert [str(p) for p in result.problems] == [
        f"{es}: warning: categories.empty.title: no Spanish translation; the English is shown",
        f"{es}:{line_of('summary: El tai chi', SPANISH)}:14: warning: "
        "topics.tai-chi.summary: stale: the English has changed since this was translated; "
        "update the translation, then run painguide check --stamp-translations es",
        f"{es}:{tai_chi}:3: warning: topics.tai-chi.questions: no Spanish translation; the English is shown",
        f"{CATALOG}:{line_of('  massage-therapy:')}:1: warning: topics.massage-therapy: no Spanish translation; "
        "it is shown in English",
    ]
    assert result.drafts == ("acupuncture",)
    strict = translate(load_catalog(str(CATALOG)), "es", require=True)
    assert {p.severity for p in strict.problems} == {"error"}


def test_a_catalog_without_a_translation_is_shown_in_english_with_notes(tmp_path: Path) -> None:
    path = tmp_path / "clinic.yaml"
    shutil.copy(CATALOG, path)
    result = translate(load_catalog(str(path)), "es")
    assert [str(p) for p in result.problems] == [
        f"{path}: warning: no Spanish translation (clinic.es.yaml beside the catalog); every page is shown in English"
    ]
    assert result.catalog.topics["tai-chi"].title == "Tai chi (en inglés)"
    assert not result.exists


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("language: es", "language: fr"), "3:11: language: 'fr' is not 'es', the language of this file name"),
        (("  tai-chi:\n", "  tai-chi:\n    colour: red\n"), "topics.tai-chi: unknown key 'colour'"),
        (("  movement:\n", "  motion:\n"), "27:3: categories.motion: the catalog has no category of that id"),
        (
            ("    status: draft\n", "    status: done\n"),
            "topics.acupuncture.status: 'done' is not one of draft, reviewed",
        ),
        (("    reviewer: bilingual nurse educator\n", ""), "topics.tai-chi: a reviewed translation needs 'reviewer'"),
        (('title: "368ed370c0d5"', 'title: "368ed370c0dZ"'), "is not a fingerprint (12 hex digits)"),
        (
            ('      title: "368ed370c0d5"\n', '      colour: "368ed370c0d5"\n'),
            "topics.tai-chi.fingerprints: unknown key 'colour'",
        ),
    ],
)
def test_a_broken_translation_file_is_an_error_with_its_place(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    text = SPANISH.read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "catalog.es.yaml").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        translate(load_catalog(str(catalog)), "es")
    assert any(message in str(p) for p in raised.value.problems), [str(p) for p in raised.value.problems]


def test_a_list_of_another_length_is_not_used(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    text = SPANISH.read_text(encoding="utf-8").replace("      - Las agujas son muy finas y se usan una sola vez.\n", "")
    (tmp_path / "catalog.es.yaml").write_text(text, encoding="utf-8")
    result = translate(load_catalog(str(catalog)), "es")
    messages = [p.message for p in result.problems]
    assert "topics.acupuncture.key_points has 1 items; the English has 2; the English is shown" in messages
    assert result.catalog.topics["acupuncture"].key_points[1] == (
        "The needles are very thin and used once. (en inglés: texto pendiente de actualizar)"
    )


def test_stamping_records_the_current_english_and_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    spanish = tmp_path / "catalog.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, spanish)
    text, count = stamp(load_catalog(str(catalog)), "es")
    # Every translated field, the stale tai chi summary included: a person stamps after checking.
    assert count == 25
    spanish.write_text(text, encoding="utf-8")
    assert stamp(load_catalog(str(catalog)), "es") == (text, 25)
    kept = [line for line in text.splitlines() if "fingerprints:" not in line and '"' not in line]
    assert kept == [
        line
        for line in SPANISH.read_text(encoding="utf-8").splitlines()
        if "fingerprints:" not in line and '"' not in line
    ]
    problems = translate(load_catalog(str(catalog)), "es").problems
    assert [p.message for p in problems if "stale" in p.message] == []


def test_stamp_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, tmp_path / "catalog.es.yaml")
    result = cli("check", "--stamp-translations", "es", catalog=catalog)
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        result.stderr
        == f"Stamped 25 fields in {tmp_path / 'catalog.es.yaml'} as translated from the current English.\n"
    )
    result = cli("check", "--stamp-translations", "en", catalog=catalog)
    assert result.exit_code == 2
    assert "English is the catalog's own language" in result.stderr


def test_the_spanish_index_follows_both_files(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    spanish = tmp_path / "catalog.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, spanish)

    def title() -> str:
        result = cli("--lang", "es", "show", "acupuncture", "--format", "json", catalog=catalog)
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["topic"]["title"])

    assert title() == "Acupuntura"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace("title: Acupuntura", "title: Acupuntura china"))
    assert title() == "Acupuntura china"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("title: Acupuncture", "title: Needles"))
    # The English title changed, so the Spanish one is stale: the English is shown, marked.
    assert title() == "Needles (en inglés: texto pendiente de actualizar)"
    spanish.unlink()
    assert title() == "Needles (en inglés)"
    english = cli("show", "acupuncture", "--format", "json", catalog=catalog)
    assert json.loads(english.stdout)["topic"]["title"] == "Needles"


def test_a_broken_translation_stops_spanish_pages_only(cli: Cli, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    (tmp_path / "catalog.es.yaml").write_text("language: es\ntopics: []\n", encoding="utf-8")
    result = cli("--lang", "es", "core", catalog=catalog)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'catalog.es.yaml'}:2:9: topics must be a mapping of ids to entries, not a list\n"
        "painguide: el catálogo tiene 1 error; no se mostró nada.\n"
    )
    assert cli("core", catalog=catalog).exit_code == 0


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show-acupuncture", ("show", "acupuntura")),
        ("show-tai-chi", ("show", "taichí")),
        ("show-massage", ("show", "massage")),
        ("list", ("list",)),
        ("core", ("core",)),
        ("refs", ("refs", "--topic", "acupuncture")),
        ("welcome", ()),
    ],
)
def test_spanish_pages_match_golden(cli: Cli, name: str, args: tuple[str, ...]) -> None:
    result = cli("--lang", "es", *args, "--format", "plain") if args else cli("--lang", "es")
    assert result.exit_code == 0, result.stderr
    assert_golden(f"es/{name}.txt", result.stdout)


def test_spanish_json_and_html(cli: Cli) -> None:
    result = cli("--lang", "es", "show", "acupuntura", "--format", "json")
    data = json.loads(result.stdout)
    assert data["language"] == "es"
    assert data["translation"] == {
        "status": "draft",
        "reviewer": None,
        "reviewed": None,
        "notice": "Traducción pendiente de revisión clínica",
    }
    assert data["topic"]["evidence"][0]["certainty_label"] == "Pruebas moderadas"
    assert data["references"][0]["title"].startswith("Acupuncture for chronic pain")
    reviewed = json.loads(cli("--lang", "es", "show", "tai-chi", "--format", "json").stdout)["translation"]
    assert reviewed == {
        "status": "reviewed",
        "reviewer": "bilingual nurse educator",
        "reviewed": "2026-11-25",
        "notice": None,
    }
    assert json.loads(cli("show", "tai-chi", "--format", "json").stdout)["translation"] is None
    html = cli("--lang", "es", "show", "acupuntura", "--format", "html").stdout
    assert '<html lang="es">' in html and "<strong>Traducción pendiente de revisión clínica</strong>" in html
    assert '<html lang="en">' in cli("show", "acupuncture", "--format", "html").stdout


def test_spanish_messages(cli: Cli) -> None:
    result = cli("--lang", "es", "show", "zzzz")
    assert (result.exit_code, result.stderr) == (
        2,
        "painguide: No hay ningún tema llamado 'zzzz'.\nUse 'painguide list' para ver todos los temas.\n",
    )
    result = cli("--lang", "es", "list", "-c", "nada")
    assert result.stderr == (
        "painguide: No hay ninguna categoría llamada 'nada'. Categorías: therapies, movement, empty.\n"
    )
