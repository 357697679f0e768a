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

from conftest import CATALOG, Result, assert_golden, fingerprinted_fields, line_of, translatable_fields
from painguide.catalog.beside import translation_path
from painguide.catalog.load import load_catalog
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
        f" ({translatable_fields(path)} fields)"
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
    data, count = stamp(load_catalog(str(catalog)), "es")
    # Every translated field, the stale tai chi summary included: a person stamps after checking.
    assert count == fingerprinted_fields(SPANISH)
    spanish.write_bytes(data)
    assert stamp(load_catalog(str(catalog)), "es") == (data, count)
    text = data.decode("utf-8")
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
        == f"Stamped {fingerprinted_fields(SPANISH)} fields in {tmp_path / 'catalog.es.yaml'} as translated from the current English.\n"
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
        "notice": "Aviso: Un profesional de salud bilingüe todavía no ha revisado esta traducción. Si algo no está "
        "claro, pregunte a su equipo de salud o pida un intérprete (es gratis).",
    }
    assert data["topic"]["evidence"][0]["certainty_label"] == "Pruebas moderadas"
    assert data["references"][0]["title"].startswith("Acupuncture for chronic pain")
    # A translator's `status: reviewed` is listed, but only a sign-off (tests/test_signoff.py) lifts the notice.
    reviewed = json.loads(cli("--lang", "es", "show", "tai-chi", "--format", "json").stdout)["translation"]
    assert reviewed == {
        "status": "reviewed",
        "reviewer": "bilingual nurse educator",
        "reviewed": "2026-11-25",
        "notice": data["translation"]["notice"],
    }
    assert json.loads(cli("show", "tai-chi", "--format", "json").stdout)["translation"] is None
    html = cli("--lang", "es", "show", "acupuntura", "--format", "html").stdout
    assert (
        '<html lang="es">' in html
        and "<strong>Aviso: Un profesional de salud bilingüe todavía no ha revisado esta traducción." in html
    )
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


# --- check ---------------------------------------------------------------------

BUNDLED = CATALOG.parents[2] / "data" / "topics.yaml"


def _bundled_copy(tmp_path: Path) -> tuple[Path, Path]:
    catalog, spanish = tmp_path / "topics.yaml", tmp_path / "topics.es.yaml"
    shutil.copy(BUNDLED, catalog)
    shutil.copy(BUNDLED.with_name("topics.es.yaml"), spanish)
    return catalog, spanish


def _problem_lines(output: str) -> list[str]:
    return [line for line in output.split("Problems\n--------\n", 1)[-1].splitlines() if line.startswith("- ")]


def test_an_english_edit_makes_exactly_that_translated_field_stale(cli: Cli, tmp_path: Path) -> None:
    catalog, spanish = _bundled_copy(tmp_path)
    text = catalog.read_text(encoding="utf-8")
    old = "    summary: Acupuncture is a treatment that began in China long ago."
    assert text.count(old) == 1
    catalog.write_text(text.replace(old, old + " It is now common in the United States."), encoding="utf-8")
    result = cli("check", str(catalog), "--require-translations", "es", "--max-age", "100y", "--format", "plain")
    assert result.exit_code == 1
    line = line_of("    summary: La acupuntura es un tratamiento", spanish)
    assert _problem_lines(result.stdout) == [
        f"- {spanish}:{line}:14: topics.acupuncture.summary: stale: the English has changed since this was "
        "translated; update the translation, then run painguide check --stamp-translations es"
    ]
    assert result.stdout.endswith("FAILED: 1 error, 0 warnings.\n")
    # Without the flag it is a warning: the catalog still passes.
    relaxed = cli("check", str(catalog), "--max-age", "100y", "--format", "plain")
    assert relaxed.exit_code == 0
    assert relaxed.stdout.endswith("OK: 0 errors, 1 warning.\n")


def test_a_missing_translation_is_an_error_when_required(cli: Cli, tmp_path: Path) -> None:
    catalog, spanish = _bundled_copy(tmp_path)
    text = spanish.read_text(encoding="utf-8")
    start = text.index("    steps:\n", text.index("  acupuncture:\n"))
    end = (
        text.index("    log:\n", start)
        if "    log:\n" in text[start : start + 2000]
        else text.index("    evidence:\n", start)
    )
    spanish.write_text(text[:start] + text[end:], encoding="utf-8")
    result = cli("check", str(catalog), "--require-translations", "es", "--max-age", "100y", "--format", "plain")
    assert result.exit_code == 1
    assert _problem_lines(result.stdout) == [
        f"- {spanish}:{line_of('  acupuncture:', spanish)}:3: topics.acupuncture.steps: no Spanish translation; "
        "the English is shown"
    ]


def test_every_bundled_spanish_topic_is_fairly_easy_to_read(cli: Cli) -> None:
    result = cli("check", "--max-age", "100y", "--format", "json", catalog=BUNDLED)
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    (spanish,) = data["translations"]
    assert (spanish["language"], spanish["exists"], spanish["required"]) == ("es", True, False)
    scores = {t["id"]: t["inflesz"] for t in spanish["topics"]}
    assert set(scores) == set(load_catalog(str(BUNDLED)).topics)
    assert min(scores.values()) >= 65
    assert all(t["fernandez_huerta"] >= 65 for t in spanish["topics"])
    # Every bundled translation is a draft until a qualified person reviews it.
    assert spanish["drafts"] == list(scores)
    assert spanish["catalog_status"] == "draft"
    assert data["errors"] == 0 and data["warnings"] == 0


def test_min_inflesz_is_a_threshold_with_its_place(cli: Cli) -> None:
    result = cli("check", "--max-age", "100y", "--min-inflesz", "75.5", "--format", "plain", catalog=BUNDLED)
    assert result.exit_code == 1
    spanish = BUNDLED.with_name("topics.es.yaml")
    assert _problem_lines(result.stdout) == [
        f"- {spanish}:{line_of('  conventional-care:', spanish)}:1: topics.conventional-care: Spanish readability "
        "(INFLESZ) 75.4 is below the minimum 75.5; use shorter sentences and shorter words"
    ]


def test_check_lists_drafts_and_scores(cli: Cli) -> None:
    # The test catalog has errors of its own (tai chi and massage lack a main message).
    result = cli("check", "--max-age", "100y", "--format", "plain")
    section = result.stdout.split("Translation: Spanish\n--------------------\n", 1)[1].split("\nProblems", 1)[0]
    # Compared with line breaks folded: where the text wraps depends on how
    # long the checkout's path is.
    assert " ".join(section.split()).startswith(
        f"{SPANISH}: 2 of 3 topics translated; missing and stale fields are warnings. "
        "The catalog's title, disclaimer, categories, core and reference notes: draft awaiting clinical review. "
        "1 draft awaiting clinical review: acupuncture "
        "Readability in Spanish (INFLESZ 65 or more): "
        "- acupuncture: INFLESZ "
    )
    assert "- tai-chi: INFLESZ" in section and "; reviewed\n" in section


def test_require_translations_names_a_translation(cli: Cli) -> None:
    result = cli("check", "--require-translations", "en")
    assert result.exit_code == 2
    assert "English is the catalog's own language" in result.stderr


# --- handouts --------------------------------------------------------------------


def test_a_spanish_handout(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 2026-11-27
    result = cli("--lang", "es", "handout", "acupuntura", "-o", "-")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    assert html.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert "<title>Hoja para el paciente: Acupuntura</title>" in html
    assert '<p class="made">Hecha el 27 de noviembre de 2026 a partir de Guía de prueba del dolor' in html
    assert "<p><strong>Aviso: Un profesional de salud bilingüe todavía no ha revisado esta traducción." in html
    assert "<h2>Lo que muestran los estudios</h2>" in html and "What the research shows" not in html
    assert '"P\\e1 gina " counter(page) " de " counter(pages)' in html
    assert '<meta name="dcterms.created" content="2026-11-27">' in html


def test_a_bilingual_handout_has_each_topic_in_spanish_then_english(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")
    result = cli("handout", "acupuntura", "taichí", "--lang", "es,en", "-o", "-")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    articles = [line for line in html.splitlines() if line.startswith("<article")]
    assert articles == [
        '<article class="topic" id="topic-acupuncture">',
        '<article class="topic" id="topic-acupuncture-en" lang="en">',
        '<article class="topic" id="topic-tai-chi">',
        '<article class="topic" id="topic-tai-chi-en" lang="en">',
    ]
    english = html.split('<article class="topic" id="topic-acupuncture-en" lang="en">', 1)[1].split("</article>", 1)[0]
    assert "<h1>Acupuncture</h1>" in english and "<h2>What the research shows</h2>" in english
    assert "Traducción" not in english and "<h2>References</h2>" in english
    assert '<html lang="es">' in html and "<h2>En este paquete</h2>" in html


def test_a_bilingual_handout_can_lead_with_english(cli: Cli) -> None:
    html = cli("--lang", "en,es", "handout", "acupuncture", "-o", "-").stdout
    assert '<html lang="en">' in html
    assert '<article class="topic" id="topic-acupuncture-es" lang="es">' in html
    assert html.index("<h1>Acupuncture</h1>") < html.index("<h1>Acupuntura</h1>")


def test_reference_notes_are_translated_and_titles_are_not(cli: Cli) -> None:
    result = cli("--lang", "es", "refs", "--format", "json", catalog=BUNDLED)
    references = {ref["id"]: ref for ref in json.loads(result.stdout)["references"]}
    assert references["kabatzinn2003"]["note"] == "Comentario, no es un ensayo clínico"
    assert (
        references["kabatzinn2003"]["title"] == "Mindfulness-based interventions in context: past, present, and future"
    )
    english = {
        ref["id"]: ref for ref in json.loads(cli("refs", "--format", "json", catalog=BUNDLED).stdout)["references"]
    }
    assert [ref["title"] for ref in references.values()] == [ref["title"] for ref in english.values()]


def test_cache_info_names_each_language_and_reads_older_indexes(cli: Cli, tmp_path: Path) -> None:
    import os
    import sqlite3

    catalog = tmp_path / "catalog.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, tmp_path / "catalog.es.yaml")
    assert cli("list", catalog=catalog).exit_code == 0
    assert cli("--lang", "es", "list", catalog=catalog).exit_code == 0
    cache = Path(os.environ["PAINGUIDE_CACHE_DIR"])
    # An index written before there were languages: format|version|path|size|mtime|ctime|inode|device.
    old = cache / "index-00000000000000ff.sqlite3"
    connection = sqlite3.connect(old)
    connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute("INSERT INTO meta VALUES ('source', ?)", (f"5.0000abcd|0.1.0|{tmp_path}/old|a.yaml|1|2|3|4|5",))
    connection.commit()
    connection.close()
    old.chmod(0o600)
    lines = sorted(line.split(":")[0] for line in cli("cache", "info", catalog=None).stdout.splitlines()[2:])
    assert lines == [f"- {catalog}", f"- {catalog} (es)", f"- {tmp_path}/old|a.yaml"]
