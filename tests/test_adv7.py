"""The seventh adversarial pass's findings (issue 23), each as a user would meet it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, TESTS, Result

Cli = Callable[..., Result]
SPANISH = TESTS / "data" / "catalog.es.yaml"

# Every spelling of 988 as a piece of the clinic's own number that the seventh pass found counted as the Lifeline,
# and their kin: other words and marks for an extension, other punctuation between the pieces.
EXTENSIONS = [
    "Call our crisis nurse at 555-0100, extension 988, day or night.",
    "Llame a la enfermera de crisis al 555-0100, extensión 988, de día o de noche.",
    "Call our crisis nurse at 555-0100, ext 988.",
    "Call our crisis nurse at #988.",
    "Call our crisis nurse at 555\u00b7988\u00b70100.",
    "Call our crisis nurse at 555'988'0100.",
    "Call our crisis nurse at 555\uff0e988\uff0e0100.",
    "Call our crisis nurse at 555:988:0100.",
    "Llame al 555-0100, número 988.",
    "Llame al 555-0100, n.º 988.",
    "Call 555-0100 No. 988.",
    "Call 555-0100, x 988.",
    "Call 555-0100 (anexo 988).",
    "Call 555-0100; 988 after hours.",
    "The visit costs $988.",
    # The eighth pass, #1: a room, a street number or a menu option is not a number to call.
    "Come to our crisis desk in suite 988, Main Building, or call our nurse at 555-0100.",
    "Visit our crisis desk at 988 Elm Street.",
    "Venga a nuestra oficina de crisis, consultorio 988, o llame a la enfermera al 555-0100.",
    "Venga a la calle Olmo 988.",
    "Go to room 988 on the ground floor.",
    "Press option 988 after you call us.",
    "Write to PO Box 988.",
    # The tenth pass: an address word further on, a place's name, a call word in another sentence.
    "Call the 988 North Elm Street clinic at 555-0100 and ask for the nurse.",
    "Llame al 988 de la calle Mayor y pida hablar con la enfermera.",
    "Text the 988 Oak Plaza desk.",
    "Call now. 988 people joined our group last year.",
    "call 988 elm street for the crisis desk.",
    # The eleventh pass: told not to call it, or told to press it inside another call.
    "Please do not call 988. Wait for our office to open.",
    "No llame al 988; espere a que abra la oficina.",
    "Call 555-0100 instead of calling 988.",
    "Call our clinic at 555-0100 and dial 988 for the nurse line.",
    "Llame al 555-0100 y marque 988 para la enfermera.",
    "Call 988, Elm Street.",
    # The twelfth pass: turned round further back.
    "Please do not call or text 988. Wait for our office to open.",
    "There is no need to call 988 for this.",
    "No hace falta llamar al 988.",
    "Evite llamar al 988.",
    # The thirteenth pass: any way of saying "do not" (the rule is now a list of ways to say "call").
    "Stop calling 988 and wait for your next appointment.",
    "Deje de llamar al 988; espere a su próxima cita.",
    "Nobody should call 988 for this.",
    "Call 988? No. Wait for your appointment.",
    # The fourteenth pass: turned round before a comma or a colon.
    "Do not, under any circumstances, call 988.",
    "No, bajo ningún concepto, llame al 988.",
    "Old advice (wrong): call 988 for pain.",
]


def _alert(line: str) -> str:
    return (
        "safety_net:\n  crisis:\n    kind: crisis\n    title: If you are thinking about suicide\n"
        f'    message:\n      - "{line}"\n    phrases: [want to die]\n'
    )


@pytest.mark.parametrize("line", EXTENSIONS)
def test_988_as_part_of_another_number_is_refused_in_the_catalog(cli: Cli, tmp_path: Path, line: str) -> None:
    catalog = tmp_path / "c.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8") + _alert(line), encoding="utf-8")
    checked = cli("check", str(catalog), catalog=None)
    where = catalog.read_text(encoding="utf-8").splitlines().index("    message:") + 2
    assert checked.exit_code == 1
    assert (
        f"{catalog}:{where}:7: safety_net.crisis.message: a crisis alert must name 988 as a number of its own"
        in " ".join(checked.stdout.split())
    )


@pytest.mark.parametrize("line", EXTENSIONS)
def test_988_as_part_of_another_number_is_refused_in_a_translation(cli: Cli, tmp_path: Path, line: str) -> None:
    catalog = tmp_path / "c.yaml"
    spanish = tmp_path / "c.es.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8") + _alert("Call or text 988 now."), encoding="utf-8")
    shutil.copy(SPANISH, spanish)
    with spanish.open("a", encoding="utf-8") as out:
        out.write(
            "safety_net:\n  crisis:\n    title: Si piensa en el suicidio\n"
            f'    message:\n      - "{line}"\n    phrases: [quiero morir]\n'
        )
    assert cli("check", "--stamp-translations", "es", catalog=catalog).exit_code == 0
    checked = cli("check", str(catalog), catalog=None)
    where = spanish.read_text(encoding="utf-8").splitlines().index("    message:") + 2
    assert (
        f"{spanish}:{where}:7: safety_net.crisis.message: a crisis alert must name 988 as a number of its own"
        in " ".join(checked.stdout.split())
    )
    shown = cli("--lang", "es", "search", "quiero", "morir", catalog=catalog)
    assert "988" in "\n".join(shown.stdout.splitlines()[:3]) and "crisis al" not in shown.stdout


@pytest.mark.parametrize(
    "line",
    [
        "Call or text 988, the Suicide and Crisis Lifeline.",
        "Llame al número 988 (para español, oprima el 2).",
        "Call 911 or 988 now.",
        "Call our nurse at 555-0100, or call or text 988.",
    ],
)
def test_988_of_its_own_still_counts(cli: Cli, tmp_path: Path, line: str) -> None:
    catalog = tmp_path / "c.yaml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8") + _alert(line), encoding="utf-8")
    checked = cli("check", str(catalog), catalog=None)
    assert "safety_net" not in checked.stdout + checked.stderr


# The seventh pass, #2 and #5: the EHR services answer only in a language the server publishes and can read now.
IB = (
    "/infobutton?mainSearchCriteria.v.c=M54.50&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
    "&knowledgeResponseType=application/json&informationRecipient.languageCode.c=es"
)
CDS = "/cds-services/painguide-patient-view"


def _spanish_patient() -> bytes:
    request = (TESTS / "data" / "cds-hooks" / "patient-view-request.json").read_text(encoding="utf-8")
    return request.replace('"code": "en"}]}, "preferred"', '"code": "es"}]}, "preferred"').encode("utf-8")


def _links(http: object, language: str) -> tuple[str, list[str]]:
    """The infobutton's language and every link it and the CDS service give a Spanish patient, as paths."""
    from starlette.testclient import TestClient

    assert isinstance(http, TestClient)
    feed = http.get(IB)
    assert feed.status_code == 200, feed.text
    data = feed.json()["feed"]
    cards = http.post(CDS, content=_spanish_patient(), headers={"Content-Type": "application/json"})
    assert cards.status_code == 200, cards.text
    urls = [link["href"] for entry in data["entry"] for link in entry["link"]]
    urls += [link["url"] for card in cards.json()["cards"] for link in card.get("links", [])]
    assert urls and data["lang"] == language and all(entry["lang"] == language for entry in data["entry"])
    return data["lang"], [url.removeprefix("https://clinic.example/guide") for url in urls]


@pytest.mark.parametrize("harm", ["writable by others", "saved broken"])
def test_ehr_services_answer_in_english_when_the_translation_cannot_speak(tmp_path: Path, harm: str) -> None:
    from starlette.testclient import TestClient

    from painguide.web.app import Guard, create_app

    catalog, spanish = tmp_path / "c.yaml", tmp_path / "c.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, spanish)
    spanish.chmod(0o644)
    with TestClient(Guard(create_app(str(catalog), 120.0, "https://clinic.example/guide"))) as http:
        assert http.get("/es/index.html").status_code == 200
        language, urls = _links(http, "es")
        assert all(url.startswith("/es/") for url in urls), urls
        # Planted or broken after the server started: the next request is answered in English, not a 500.
        if harm == "writable by others":
            spanish.chmod(0o666)
        else:
            spanish.write_text(SPANISH.read_text(encoding="utf-8") + "topics: [\n", encoding="utf-8")
        language, urls = _links(http, "en")
        assert all(url.startswith("/en/") for url in urls), urls
        assert {http.get(url).status_code for url in urls} == {200}


def test_ehr_links_for_a_language_the_server_does_not_publish_are_its_english_pages(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from painguide.web.app import Guard, create_app

    catalog = tmp_path / "c.yaml"
    shutil.copy(CATALOG, catalog)
    with TestClient(Guard(create_app(str(catalog), 120.0, "https://clinic.example/guide"))) as http:
        language, urls = _links(http, "en")
        assert all(url.startswith("/en/") for url in urls), urls
        assert {http.get(url).status_code for url in urls} == {200}
        assert http.get("/es/index.html").status_code == 404


def test_ehr_services_say_503_when_the_catalog_itself_cannot_be_read(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from painguide.web.app import Guard, create_app

    catalog = tmp_path / "c.yaml"
    shutil.copy(CATALOG, catalog)
    with TestClient(Guard(create_app(str(catalog), 120.0, "https://clinic.example/guide"))) as http:
        catalog.write_text("topics: [\n", encoding="utf-8")
        for answer in (
            http.get(IB),
            http.get("/cds-services"),
            http.post(CDS, content=_spanish_patient(), headers={"Content-Type": "application/json"}),
        ):
            assert (answer.status_code, answer.text) == (
                503,
                "the catalog cannot be read now; its administrator can run painguide check\n",
            )


def test_info_and_welcome_do_not_offer_a_translation_that_is_not_trusted(cli: Cli, tmp_path: Path) -> None:
    catalog, spanish = tmp_path / "c.yaml", tmp_path / "c.es.yaml"
    shutil.copy(CATALOG, catalog)
    shutil.copy(SPANISH, spanish)
    spanish.chmod(0o644)
    assert "translations: español (--lang es)" in cli("info", catalog=catalog).stdout
    assert "En español: painguide --lang es" in cli(catalog=catalog).stdout
    spanish.chmod(0o666)
    info = cli("info", catalog=catalog).stdout
    assert "no translations; not trusted, so not used: español" in " ".join(info.split())
    welcome = cli(catalog=catalog)
    assert welcome.exit_code == 0 and "español" not in welcome.stdout
    # The advice it no longer gives would fail.
    assert cli("--lang", "es", "info", catalog=catalog).exit_code != 0


def test_a_line_break_in_a_file_name_cannot_forge_a_line(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "a\nOK: 0 errors"
    folder.mkdir()
    broken = folder / "c.yaml"
    broken.write_text("topics: [\n", encoding="utf-8")
    parsed = cli("info", catalog=broken)
    shown = str(tmp_path) + "/a\\nOK: 0 errors/c.yaml"
    assert parsed.stderr.splitlines()[0].startswith(f"{shown}:2:1: ")
    assert cli("info", catalog=folder / "none.yaml").stderr == f"painguide: {shown[:-6]}none.yaml: no such file\n"
    catalog = folder / "d.yaml"
    shutil.copy(CATALOG, catalog)
    spanish = folder / "d.es.yaml"
    shutil.copy(SPANISH, spanish)
    spanish.chmod(0o666)
    trust = cli("--lang", "es", "info", catalog=catalog)
    assert trust.stderr.splitlines()[0].startswith(f"{shown[:-6]}d.es.yaml: this translation is not used: ")
    assert not any(line.startswith("OK: 0 errors") for line in (parsed.stderr + trust.stderr).splitlines())


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "https://clinic.example/a b",
            "character 25 (' ') cannot be part of a web address; write it percent-encoded, as %20",
        ),
        (
            "https://clinic.example/\u202egood",
            "character 24 (U+202E) cannot be part of a web address; write it percent-encoded, as %E2%80%AE",
        ),
        (
            "https://clinic.example/#frag",
            "'https://clinic.example/#frag' holds a query (?) or a fragment (#); each page's address is made by "
            "adding its path to it",
        ),
        ("https://clinic.example/" + "a" * 100_000, "it is 100,023 bytes long; it may be at most 1,024"),
        ("https://", "'https://' is not an absolute http(s) address such as https://clinic.example/guide/"),
    ],
)
def test_base_url_is_held_to_the_address_rules(cli: Cli, tmp_path: Path, address: str, message: str) -> None:
    site = cli("site", "-o", str(tmp_path / "site"), "--base-url", address)
    assert (site.exit_code, site.stderr) == (2, f"painguide: --base-url: {message}\n")
    assert not (tmp_path / "site").exists()
    served = cli("serve", "--port", "1", "--base-url", address)
    assert (served.exit_code, served.stderr) == (2, f"painguide: --base-url: {message}\n")


# Glyphs wider than an M: the three- and two-em dashes, per mille and per ten thousand, a syllabary's wide letters,
# emoji. Each as the seventh pass tried it (40 groups of two) and in standard and large print.
WIDE_GLYPHS = {
    "three-em dashes": " ".join(["\u2e3b\u2e3b"] * 40),
    "two-em dashes": " ".join(["\u2e3a\u2e3a\u2e3a"] * 40),
    "per ten thousand": " ".join(["\u2031\u2031"] * 60),
    "syllabics": " ".join(["\u1671\u1672\u1675"] * 40),
    "emoji": " ".join(["\U0001f634\U0001f634"] * 60),
}


@pytest.mark.parametrize("large_print", [False, True], ids=["standard", "large-print"])
@pytest.mark.parametrize("disclaimer", list(WIDE_GLYPHS.values()), ids=list(WIDE_GLYPHS))
def test_wide_glyphs_do_not_push_the_footer_off_the_page(
    cli: Cli, tmp_path: Path, disclaimer: str, large_print: bool
) -> None:
    import pdfplumber

    from printing import need_weasyprint

    need_weasyprint()
    text = CATALOG.read_text(encoding="utf-8")
    old = "disclaimer: This is education, not medical advice. Talk with your care team."
    assert old in text
    catalog = tmp_path / "c.yaml"
    catalog.write_text(text.replace(old, f'disclaimer: "{disclaimer}"'), encoding="utf-8")
    pdf = tmp_path / "h.pdf"
    options = ["--large-print"] if large_print else []
    result = cli("handout", "acupuncture", *options, "-o", str(pdf), catalog=catalog)
    assert result.exit_code == 0, result.stderr
    mm = 72 / 25.4
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            assert max(char["bottom"] for char in page.chars) <= page.height - 1 * mm
            footer = " ".join(page.crop((0, page.height - 40 * mm, page.width, page.height)).extract_text().split())
            assert "(in full on the first page)" in footer, footer


def test_stamping_keeps_a_comment_on_a_fingerprint_line(cli: Cli, tmp_path: Path) -> None:
    catalog, spanish = tmp_path / "c.yaml", tmp_path / "c.es.yaml"
    shutil.copy(CATALOG, catalog)
    text = SPANISH.read_text(encoding="utf-8")
    old = '  fingerprints:\n    title: "63329cca47b4"\n    disclaimer: "f773aa1d6510"\n'
    assert old in text
    spanish.write_text(
        text.replace(
            old,
            '  fingerprints:  # stamped in May\n    title: "000000000000"  # checked by Ana\n'
            '    disclaimer: "f773aa1d6510"   # y por Luis\n',
        ),
        encoding="utf-8",
    )
    assert cli("check", "--stamp-translations", "es", catalog=catalog).exit_code == 0
    stamped = spanish.read_text(encoding="utf-8")
    assert stamped.startswith(
        text[: text.index(old)] + '  fingerprints:  # stamped in May\n    title: "63329cca47b4"  # checked by Ana\n'
        '    disclaimer: "f773aa1d6510"  # y por Luis\n  title: Guía de prueba del dolor\n'
    )


@pytest.mark.parametrize("command", [["info"], ["check"]])
def test_a_file_name_that_is_not_utf8_is_shown_by_its_bytes_with_no_note_on_the_locale(
    tmp_path: Path, command: list[str]
) -> None:
    import os
    import subprocess
    import sys

    name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(name, "wb") as out:
        out.write(CATALOG.read_bytes())
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PAINGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    shown = os.fsdecode(name)
    args = [*command, shown] if command == ["check"] else ["--data", shown, *command]
    done = subprocess.run([sys.executable, "-m", "painguide", *args], capture_output=True, env=env, check=False)
    assert b"caf\\xe9.yaml" in done.stdout and b"caf?.yaml" not in done.stdout
    assert b"encoding" not in done.stderr, done.stderr


def test_a_name_clash_across_the_chain_stops_show_and_site_at_its_place(cli: Cli, tmp_path: Path) -> None:
    """A layer's translation titles its topic with an alias the base translation gives another: as in one file."""
    from conftest import ROOT

    text = (ROOT / "docs" / "clinic.md").read_text(encoding="utf-8")
    layer = tmp_path / "springfield.yaml"
    layer.write_text(
        text[text.index("# Springfield Pain Clinic") : text.index("last_reviewed: 2026-12-01")]
        + "last_reviewed: 2026-12-01\n",
        encoding="utf-8",
    )
    spanish = tmp_path / "springfield.es.yaml"
    spanish.write_text(
        "language: es\ntopics:\n  clinic-insurance:\n    status: draft\n    title: Atención Habitual\n",
        encoding="utf-8",
    )
    problem = (
        f"{spanish}:5:12: topics.clinic-insurance: the name 'Atención Habitual' is already used by topic "
        "'conventional-care'"
    )
    checked = cli("--lang", "es", "check", str(layer), catalog=None)
    assert checked.exit_code == 1 and f"- {problem}" in checked.stdout
    shown = cli("--lang", "es", "show", "atención", "habitual", catalog=layer)
    assert (shown.exit_code, shown.stderr.splitlines()[0]) == (1, problem)
    site = cli("site", "-o", str(tmp_path / "site"), catalog=layer)
    assert (site.exit_code, site.stderr.splitlines()[0]) == (1, problem)
    assert not (tmp_path / "site" / "es").exists()
