"""The safety net: crisis (988) and emergency (911) alerts before anything else, from the catalog and a
built-in minimum no catalog can switch off."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, TESTS, Result
from painguide import i18n, languages, safety_net
from painguide.catalog.bundled import bundled_catalog
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Alert
from painguide.catalog.names import names_number
from painguide.catalog.schema import ALERT_NUMBERS
from painguide.errors import CatalogError

Cli = Callable[..., Result]
BUNDLED = Path(bundled_catalog())
SETS = TESTS / "data" / "search"


def _rows(name: str) -> list[list[str]]:
    """The rows of that file in every blind set (tests/data/search/blind*/)."""
    out = []
    for path in sorted(SETS.glob(f"blind*/{name}")):
        lines = path.read_text(encoding="utf-8").splitlines()
        out += [line.split("\t")[:3] for line in lines if line.strip() and not line.startswith("#")]
    return out


def _first_lines(result: Result, count: int = 5) -> str:
    return "\n".join(result.stdout.splitlines()[:count])


@pytest.mark.parametrize(
    ("phrase", "typed", "expected"),
    [
        ("want to die", "I just WANT to die", True),
        ("suicid*", "sucidal thoughts", True),
        ("suicid*", "pienso en suicidarme", True),
        ("kill myself", "i want to kill my self", True),
        ("numb* + bladder", "my bladder is off and my legs went numb", True),
        ("numb* + bladder", "numb legs", False),
        ("cut myself", "me corte el dedo", False),
        ("hacerme dano", "quiero hacerme daño", True),
        ("overdose*", "dont overdo it", False),
        ("want to die", "massage for neck pain", False),
        ("face + droop*", "my moms face is drooping on one side", True),
        ("im choking", "i cut my finger cooking", False),
        # Letters Spanish says alike are one letter: b and v, s and z, s and c before e or i.
        ("no quiero vivir", "ya no quiero bibir", True),
        ("suicid*", "pensamientos suisidas", True),
        ("quitarme + vida", "pienso en quitarme la bida", True),
    ],
)
def test_phrases_match_as_people_type(phrase: str, typed: str, expected: bool) -> None:
    assert safety_net.matches(phrase, safety_net.words(typed)) is expected


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("se le torcio la boca y no puede hablar", "es", ("emergency-signs",)),
        ("my dad is slurring his words", "en", ("emergency-signs",)),
        ("i want to unalive myself", "en", ("crisis",)),
        ("ya me rendi para que seguir", "es", ("crisis",)),
        ("slow breathing for stress", "en", ()),
        ("can i hurt myself doing yoga", "en", ()),
        ("puedo lastimarme haciendo yoga", "es", ()),
        ("cuando va a desaparecer el dolor", "es", ()),
        ("me tomé como 15 pastillas de tylenol", "es", ("overdose",)),
        ("mom suddenly cant lift her arm and cant get her words out", "en", ("emergency-signs",)),
        ("my dad keeps saying we would all be better off without him", "en", ("crisis",)),
        ("tomo 2 pastillas de tylenol al día", "es", ()),
    ],
)
def test_the_builtin_net_reads_meaning_not_single_words(typed: str, language: str, expected: tuple[str, ...]) -> None:
    """Wide enough for how people say it, narrow enough that ordinary questions stay quiet."""
    in_force = safety_net.alerts((), language)
    assert tuple(alert.id for alert in safety_net.triggered(typed, in_force)) == expected


def test_a_catalog_without_a_safety_net_still_shows_988_first(cli: Cli) -> None:
    assert "safety_net" not in CATALOG.read_text(encoding="utf-8")
    result = cli("search", "i", "want", "to", "die")
    assert result.stdout.splitlines()[0] == "!! IF YOU ARE THINKING ABOUT SUICIDE OR HURTING YOURSELF"
    assert "988" in _first_lines(result, 3)
    spanish = cli("--lang", "es", "search", "me", "quiero", "morir")
    assert "988" in _first_lines(spanish, 3) and "Para español, oprima el 2." in spanish.stdout


def test_the_catalog_text_replaces_the_builtin_text_and_adds_phrases(cli: Cli) -> None:
    result = cli("search", "no", "way", "out", catalog=BUNDLED)
    assert _first_lines(result, 2).startswith("!! IF YOU ARE THINKING ABOUT SUICIDE OR HURTING YOURSELF\n!! - Call or")
    # Plain text marks every line of an alert with "!!".
    assert "hold or lock up extra medicines and any guns" in " ".join(w for w in result.stdout.split() if w != "!!")
    # The built-in phrases stay beside the catalog's.
    assert "988" in _first_lines(cli("search", "kil", "myself", catalog=BUNDLED), 3)


def test_show_of_a_name_that_is_crisis_language_shows_the_lifeline(cli: Cli) -> None:
    result = cli("show", "i", "want", "to", "die", catalog=BUNDLED)
    assert result.exit_code == 2
    assert "988" in _first_lines(result, 3)
    assert result.stderr.startswith("painguide: No topic named 'i want to die'.")


def test_json_carries_the_safety_net_ahead_of_the_results(cli: Cli) -> None:
    result = cli("search", "quiero", "matarme", "--format", "json", catalog=BUNDLED)
    data = json.loads(result.stdout)
    keys = list(data)
    assert keys.index("safety_net") < keys.index("results")
    alert = data["safety_net"]["alerts"][0]
    assert (alert["id"], alert["kind"], alert["call"]) == ("crisis", "crisis", "988")
    assert json.loads(cli("search", "massage", "--format", "json").stdout)["safety_net"] == {
        "alerts": [],
        "reminder": "",
    }


REMINDER = (
    "If you are thinking about suicide or hurting yourself, call or text 988 (para español, oprima el 2).\n"
    "In an emergency, call 911."
)


def test_words_near_danger_that_set_off_no_alert_still_name_988_and_911_in_one_line(cli: Cli) -> None:
    """The net under the net: wording no phrase foresaw still gets the numbers, quietly."""
    result = cli("search", "my", "lips", "look", "weird", catalog=BUNDLED)
    first = result.stdout.split("\n\n")[0]
    assert " ".join(first.split()) == REMINDER.replace("\n", " ")
    assert result.stdout.split("\n\n")[1].startswith("Search: my lips look weird\n")
    data = json.loads(cli("search", "my", "lips", "look", "weird", "--format", "json", catalog=BUNDLED).stdout)
    assert data["safety_net"] == {"alerts": [], "reminder": REMINDER.replace("\n", " ")}
    spanish = cli("--lang", "es", "search", "tengo", "los", "labios", "raros", catalog=BUNDLED)
    assert " ".join(spanish.stdout.split("\n\n")[0].split()) == (
        "Si piensa en el suicidio o en hacerse daño, llame o envíe un mensaje de texto al 988 "
        "(para español, oprima el 2). En una emergencia, llame al 911."
    )
    # A lookup of a word or two is a topic's name, not something a person is telling us: no line.
    assert "988" not in cli("search", "neck", "pain", catalog=BUNDLED).stdout


def test_every_sentence_names_988_and_911_in_one_line_without_the_crisis_banner(cli: Cli) -> None:
    """Wording no phrase foresaw, on fresh blind sets, found a topic ("some nights i hope i just dont wake
    up"): every sentence carries the quiet line, and ordinary questions never the crisis banner."""
    ordinary = cli("search", "massage", "for", "neck", "pain", catalog=BUNDLED).stdout
    assert " ".join(ordinary.split("\n\n")[0].split()) == REMINDER.replace("\n", " ")
    assert "IF YOU ARE THINKING" not in ordinary and ordinary.count("988") == 1
    # An emergency banner names 911 only; the line under it still names 988 (an overdose may be a crisis).
    overdose = cli("search", "he", "took", "all", "his", "pills", "and", "wont", "wake", "up", catalog=BUNDLED).stdout
    assert overdose.startswith("!! POSSIBLE OVERDOSE: CALL 911 NOW\n")
    assert REMINDER.split("\n")[0].split(" (")[0] in " ".join(overdose.split())
    # The crisis banner already names 988: no second line.
    crisis = cli("search", "i", "want", "to", "die", catalog=BUNDLED).stdout
    assert "If you are thinking about suicide or hurting yourself, call or text 988 (para" not in crisis


def test_json_for_a_search_with_no_hits_is_an_object_with_empty_results(cli: Cli) -> None:
    result = cli("search", "dengue", "--format", "json", catalog=BUNDLED)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["results"], data["answered"], data["total"]) == ([], False, 0)
    assert data["message"].startswith("No topic mentions 'dengue'.")


def test_a_crisis_alert_must_name_988_with_its_place(write_catalog: Callable[..., Path]) -> None:
    text = CATALOG.read_text(encoding="utf-8") + (
        "safety_net:\n"
        "  crisis:\n"
        "    kind: crisis\n"
        "    title: Get help\n"
        "    message: [Call your doctor.]\n"
        "    phrases: [sad]\n"
        "    topics: [acupunture]\n"
    )
    path = write_catalog(text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(str(path))
    lines = text.splitlines()
    message_line = next(n for n, line in enumerate(lines, 1) if line.startswith("    message:"))
    topics_line = next(n for n, line in enumerate(lines, 1) if line.startswith("    topics: [acupunture]"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{message_line}:14: safety_net.crisis.message: a crisis alert must name 988 as a number of its own, "
        "one to call ('call or text 988'; not a room or street number, nor inside another number, as in "
        "1-800-555-9880, (988) 555-0100 or 555-0100 ext. 988), so that no catalog can hide it",
        f"{path}:{topics_line}:14: safety_net.crisis.topics: no topic 'acupunture' (did you mean 'acupuncture'?)",
    ]


@pytest.mark.parametrize(
    ("kind", "line", "expected"),
    [
        # The fourth adversarial pass: an area code in brackets, a slash, a minus sign.
        ("crisis", "Call our nurse line at (988) 555-0123.", "message: a crisis alert must name 988"),
        ("crisis", "Call 988/555-0123 in office hours.", "message: a crisis alert must name 988"),
        ("crisis", "Call 1\u2212800\u2212555\u2212988.", "message: a crisis alert must name 988"),
        # The fifth pass: vanity numbers, a thousands separator, an underscore.
        ("crisis", "Call 1-800-LIFE-988 now.", "message: a crisis alert must name 988"),
        ("crisis", "Call 988-TALK now.", "message: a crisis alert must name 988"),
        ("crisis", "We helped 1,988 people. Call us.", "message: a crisis alert must name 988"),
        ("crisis", "Call 988_0123.", "message: a crisis alert must name 988"),
        # The sixth pass: the end of a longer number, through a run of joiners.
        ("crisis", "Call our clinic line, (555) 988, day or night.", "message: a crisis alert must name 988"),
        ("crisis", "Call 1-800-555 -988.", "message: a crisis alert must name 988"),
        ("crisis", "Call 1-800-555-0100 ext. 988.", "message: a crisis alert must name 988"),
        # Declared an emergency, the crisis alert would need only 911: it stays a crisis alert.
        ("emergency", "Call 911 or our clinic at 555-0100.", "kind: the built-in 'crisis' alert is a crisis alert"),
    ],
)
def test_the_crisis_alert_cannot_hide_988(
    write_catalog: Callable[..., Path], kind: str, line: str, expected: str
) -> None:
    text = CATALOG.read_text(encoding="utf-8") + (
        f'safety_net:\n  crisis:\n    kind: {kind}\n    title: Get help\n    message: ["{line}"]\n'
        "    phrases: [hard time]\n"
    )
    path = write_catalog(text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(str(path))
    assert any(f"safety_net.crisis.{expected}" in str(p) for p in caught.value.problems), caught.value.problems


def test_the_schema_knows_every_builtin_alert_and_its_kind() -> None:
    from painguide.catalog.schema import BUILTIN_ALERT_KINDS

    for language in languages.CODES:
        assert {alert.id: alert.kind for alert in safety_net.builtin(language)} == BUILTIN_ALERT_KINDS, language
    assert {id for table in safety_net.PHRASES.values() for id in table} <= set(BUILTIN_ALERT_KINDS)


@pytest.mark.parametrize("language", languages.CODES)
def test_every_language_s_builtin_text_names_its_number(language: str) -> None:
    # The text is the language's .po: a translation that drops 988 or 911 fails here, as a catalog's does.
    for alert in safety_net.builtin(language):
        assert names_number(alert.message, ALERT_NUMBERS[alert.kind]), (language, alert.id, alert.message)


def test_builtin_text_is_the_language_s_own_whatever_language_is_active() -> None:
    with i18n.using("es"):
        assert safety_net.builtin("en")[0].title == "If you are thinking about suicide or hurting yourself"
    assert safety_net.builtin("es")[0].title == "Si piensa en quitarse la vida o en hacerse daño"
    assert i18n.language() == "en"


def test_a_catalog_cannot_make_a_crisis_milder() -> None:
    softened = Alert("crisis", "emergency", "Call 911", ("Call 911.",), ("sad",))
    crisis = next(a for a in safety_net.alerts((softened,), "en") if a.id == "crisis")
    assert crisis.kind == "crisis"
    assert {"sad", "want to die"} <= set(crisis.phrases)


def test_untranslated_catalog_text_gives_way_to_the_builtin_spanish() -> None:
    english = Alert("crisis", "crisis", "Call 988", ("Call or text 988.",), ("sad",), translation="untranslated")
    crisis = safety_net.alerts((english,), "es")[0]
    assert crisis.title == "Si piensa en quitarse la vida o en hacerse daño"
    assert "sad" in crisis.phrases


# slow: 423 whole searches of the bundled catalog (25 s of CPU), most of what -m quick would take.
@pytest.mark.slow
@pytest.mark.parametrize(("query", "language", "kind"), _rows("crisis.tsv"))
def test_every_crisis_and_emergency_phrase_of_the_first_blind_set_shows_its_number_first(
    cli: Cli, warm_cache: None, query: str, language: str, kind: str
) -> None:
    result = cli("--lang", language, "search", *query.split(), catalog=BUNDLED)
    number = "988" if kind == "crisis" else "911"
    assert number in _first_lines(result), result.stdout[:400]


@pytest.fixture(scope="module")
def bundled_alerts() -> tuple[Alert, ...]:
    """The bundled catalog's alerts, loaded once for the module's many questions."""
    return load_catalog(str(BUNDLED)).safety_net


# Idioms ("this pain is killing me") may show the crisis line; every other ordinary question must not.
@pytest.mark.parametrize(("query", "language"), [row[:2] for row in _rows("ordinary.tsv") if row[2].strip() == "no"])
def test_ordinary_questions_show_no_crisis_line(bundled_alerts: tuple[Alert, ...], query: str, language: str) -> None:
    in_force = safety_net.alerts(bundled_alerts, language)
    assert [a.id for a in safety_net.triggered(query, in_force) if a.kind == "crisis"] == []


def test_a_translation_cannot_hide_the_number(cli: Cli, tmp_path: Path) -> None:
    """A Spanish crisis text without 988 is not used: check says where, and the built-in Spanish is shown."""
    import shutil

    catalog = tmp_path / "c.yaml"
    spanish = tmp_path / "c.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(TESTS / "data" / "catalog.es.yaml", spanish)
    with catalog.open("a", encoding="utf-8") as out:
        out.write(
            "safety_net:\n  crisis:\n    kind: crisis\n    title: If you are thinking about suicide\n"
            "    message:\n      - Call or text 988 now.\n    phrases: [no way out]\n"
        )
    with spanish.open("a", encoding="utf-8") as out:
        out.write(
            "safety_net:\n  crisis:\n    title: Si piensa en quitarse la vida\n"
            "    message:\n      - Hable con alguien de confianza hoy.\n    phrases: [no hay salida]\n"
        )
    assert cli("check", "--stamp-translations", "es", catalog=catalog).exit_code == 0
    checked = cli("--lang", "es", "check", str(catalog), catalog=None)
    # The place of the message's lines (the list under `message:`).
    line = spanish.read_text(encoding="utf-8").splitlines().index("    message:") + 2
    assert (
        f"{spanish}:{line}:7: safety_net.crisis.message: a crisis alert must name 988 as a number of its own, one to "
        "call ('call or text 988'; not a room or street number, nor inside another number, as in 1-800-555-9880, "
        "(988) 555-0100 or 555-0100 ext. 988); the built-in text is shown instead" in " ".join(checked.stdout.split())
    )
    shown = cli("--lang", "es", "search", "no", "hay", "salida", catalog=catalog)
    assert "988" in _first_lines(shown, 3) and "Hable con alguien" not in shown.stdout


def test_phrases_are_bounded_with_their_place(write_catalog: Callable[..., Path]) -> None:
    text = CATALOG.read_text(encoding="utf-8") + (
        "safety_net:\n  mine:\n    kind: emergency\n    title: Call 911\n    message: [Call 911 now.]\n"
        "    phrases: [" + " ".join(["word"] * 11) + "]\n"
    )
    path = write_catalog(text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(str(path))
    line = len(text.splitlines())
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}:15: safety_net.mine.phrases: a phrase has at most 10 words and 120 characters"
    ]


def test_a_very_long_word_is_compared_exactly() -> None:
    long = "a" * 400
    assert safety_net.matches(long + "*", safety_net.words(long + "b"))
    assert not safety_net.matches(long, safety_net.words(long[:-1] + "b"))


def test_a_clinic_layer_adds_and_replaces_alerts(cli: Cli, tmp_path: Path) -> None:
    """Sixth pass: a layer's safety_net was checked, then dropped, so a clinic's own alert never fired."""
    layer = tmp_path / "clinic.yaml"
    layer.write_text(
        "extends: bundled\n"
        "safety_net:\n"
        "  cauda-equina:\n"
        "    kind: emergency\n"
        '    title: "Numb groin or cannot pee: call 911 now"\n'
        "    message:\n"
        "      - Call 911 now if you have back pain with numbness between your legs.\n"
        "    phrases: [purple toes tingling]\n",
        encoding="utf-8",
    )
    shown = cli("search", "purple", "toes", "tingling", catalog=layer)
    assert shown.stdout.startswith("!! NUMB GROIN OR CANNOT PEE: CALL 911 NOW\n"), shown.stdout
    crisis = cli("search", "i", "want", "to", "die", catalog=layer)
    assert crisis.stdout.startswith("!! IF YOU ARE THINKING ABOUT SUICIDE OR HURTING YOURSELF\n"), crisis.stdout


def test_a_catalog_that_cannot_be_read_does_not_switch_the_net_off(cli: Cli, tmp_path: Path) -> None:
    """The built-in alerts need no catalog: a broken one still shows 988 first, then says what is wrong."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("catalog:\n  title: x\ntopics: [\n", encoding="utf-8")
    result = cli("search", "i", "want", "to", "die", catalog=broken)
    assert result.exit_code == 1
    assert result.stdout.startswith("!! IF YOU ARE THINKING ABOUT SUICIDE OR HURTING YOURSELF\n")
    assert f"{broken}:4:1: " in result.stderr
    data = json.loads(cli("search", "i", "want", "to", "die", "--format", "json", catalog=broken).stdout)
    assert (data["alerts"][0]["call"], data["reminder"]) == ("988", "")
    sentence = cli("--lang", "es", "search", "masaje", "para", "el", "cuello", catalog=broken)
    assert sentence.stdout.startswith("Si piensa en el suicidio o en hacerse daño, llame o envíe")
    assert cli("search", "massage", catalog=broken).stdout == ""
