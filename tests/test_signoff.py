"""Clinical review sign-offs: recorded by `painguide review`, voided by an edit or by age, shown on every page."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, Result, clean, line_of
from painguide.catalog import schema

Cli = Callable[..., Result]

SIGNER = ("--reviewer", "Dr. Ana Ruiz", "--role", "physician, pain medicine", "--date", "2026-12-07")
BLOCK = """    reviews:
      - reviewer: "Dr. Ana Ruiz"
        role: "physician, pain medicine"
        date: 2026-12-07
        fingerprints:
          main_message: "ae5724c8"
          key_points: "574f4e96 a1392b4f"
          steps: "e0810373 df043ea0"
          evidence: "c19cabeb 8e5487cb"
          what_to_expect: "218a9f69"
          safety: "dc6141af 718022df"
          urgent: "0cf3ea85"
          faq: "954715ca 9d93dab5"
"""
SAFETY = "        - You take a blood thinner.\n"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """The test catalog (with the main messages `check` requires) and its Spanish translation."""
    path = tmp_path / "catalog.yaml"
    path.write_text(clean(CATALOG.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(CATALOG.with_name("catalog.es.yaml"), tmp_path / "catalog.es.yaml")
    return path


def _check(cli: Cli, path: Path, *more: str) -> Result:
    return cli("check", str(path), "--max-age", "100y", "--review-max-age", "100y", "--format", "plain", *more)


def _problems(result: Result) -> list[str]:
    return [line for line in result.stdout.split("Problems\n--------\n", 1)[-1].splitlines() if line.startswith("- ")]


def test_the_covered_fields_come_from_the_schema_flag() -> None:
    assert schema.CLINICAL == (
        "main_message",
        "key_points",
        "steps",
        "evidence",
        "what_to_expect",
        "safety",
        "urgent",
        "faq",
    )
    assert schema.field("review", "fingerprints").choices == schema.CLINICAL


def test_review_adds_only_the_topics_review_block(cli: Cli, catalog: Path) -> None:
    before = catalog.read_text(encoding="utf-8")
    result = cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Recorded the sign-off of acupuncture by Dr. Ana Ruiz (physician, pain medicine) on 2026-12-07 in {catalog}.\n"
    )
    assert "No earlier sign-off: every item it covers is listed." in result.stdout
    assert "- safety.careful[1] (new): You take a blood thinner.\n" in result.stdout
    end = "    last_reviewed: 2026-11-20\n  tai-chi:"
    assert catalog.read_text(encoding="utf-8") == before.replace(
        end, end.replace("\n  tai-chi:", "\n" + BLOCK + "  tai-chi:"), 1
    )


def test_an_edited_safety_sentence_voids_the_sign_off_until_it_is_signed_again(cli: Cli, catalog: Path) -> None:
    assert cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog).exit_code == 0
    assert not [
        p
        for p in _problems(_check(cli, catalog, "--require-review"))
        if p.startswith(f"- {catalog}:") and "topics.acupuncture:" in p
    ]

    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace(SAFETY, SAFETY.replace("thinner.", "thinner such as warfarin.")), encoding="utf-8")
    line = line_of("You take a blood thinner such as warfarin.", catalog)
    expected = (
        f"- {catalog}:{line}:11: topics.acupuncture: safety.careful[1] changed after its sign-off of 2026-12-07 by "
        "Dr. Ana Ruiz (physician, pain medicine); have it reviewed, then run painguide review acupuncture"
    )
    required = _check(cli, catalog, "--require-review")
    assert required.exit_code == 1
    assert expected in _problems(required)
    # Without --require-review it is a warning: the catalog still passes.
    relaxed = _check(cli, catalog)
    assert relaxed.exit_code == 0
    assert expected.replace(":11: ", ":11: warning: ") in _problems(relaxed)
    assert (
        "- acupuncture: unreviewed: changed after the sign-off by Dr. Ana Ruiz (physician, pain medicine) on "
        f"2026-12-07: safety.careful[1] ({catalog}:{line})\n" in relaxed.stdout
    )
    assert cli("show", "acupuncture", catalog=catalog).stdout.count("Not yet reviewed") == 1

    again = cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog)
    assert again.stdout.split("\n\n", 2)[2] == (
        "Changed since the sign-off of 2026-12-07 by Dr. Ana Ruiz (physician, pain\n"
        "medicine):\n"
        "\n"
        "- safety.careful[1] (new or changed): You take a blood thinner such as warfarin.\n"
        "\n"
        "Unchanged: main_message, key_points, steps, evidence, what_to_expect, urgent,\nfaq\n"
    )
    assert not [
        p
        for p in _problems(_check(cli, catalog, "--require-review"))
        if p.startswith(f"- {catalog}:") and "topics.acupuncture:" in p
    ]


def test_a_sign_off_older_than_the_clinic_allows_is_unreviewed(cli: Cli, catalog: Path) -> None:
    old = ("--reviewer", "Dr. Ana Ruiz", "--role", "physician", "--date", "2000-01-05")
    assert cli("review", "acupuncture", *old, "--yes", catalog=catalog).exit_code == 0
    result = cli("check", str(catalog), "--max-age", "100y", "--require-review", catalog=None)
    assert result.exit_code == 1
    assert (
        f"- {catalog}:{line_of('  acupuncture:', catalog)}:1: topics.acupuncture: the sign-off of 2000-01-05 by "
        "Dr. Ana Ruiz (physician) is more than 24 months old; have it reviewed again, then run painguide review "
        "acupuncture"
    ) in _problems(result)
    assert cli("check", "--review-max-age", "soon", catalog=catalog).stderr == (
        "painguide: --review-max-age 'soon' is not an age; use e.g. 2y, 18m or 90d\n"
    )


def test_the_sign_off_shows_in_show_handout_and_json_in_both_languages(cli: Cli, catalog: Path) -> None:
    english, spanish = "Reviewed by Dr. Ana Ruiz (physician, pain medicine) on 2026-12-07", "Todavía sin revisar"
    assert cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog).exit_code == 0
    assert english in cli("show", "acupuncture", catalog=catalog).stdout
    assert english in cli("handout", "acupuncture", "-o", "-", catalog=catalog).stdout
    data = json.loads(cli("show", "acupuncture", "--format", "json", catalog=catalog).stdout)
    assert data["review"] == {
        "status": "reviewed",
        "reviewer": "Dr. Ana Ruiz",
        "role": "physician, pain medicine",
        "date": "2026-12-07",
        "changed": [],
        "text": english,
    }
    # The English sign-off does not cover the Spanish text: it has its own.
    page = cli("--lang", "es", "show", "acupuncture", catalog=catalog).stdout
    notice = (
        "Aviso: Un profesional de salud bilingüe todavía no ha revisado esta traducción. Si algo no está claro, "
        "pregunte a su equipo de salud o pida un intérprete (es gratis)."
    )
    assert spanish in page
    assert notice in " ".join(page.split())
    signed = cli(
        "--lang",
        "es",
        "review",
        "acupuncture",
        "--reviewer",
        "Lucía Gómez",
        "--role",
        "enfermera bilingüe",
        "--date",
        "2026-12-07",
        "--yes",
        catalog=catalog,
    )
    assert signed.exit_code == 0, signed.stderr
    assert signed.stderr.startswith("Se registró la aprobación de acupuncture por Lucía Gómez (enfermera bilingüe)")
    translation = catalog.with_name("catalog.es.yaml").read_text(encoding="utf-8")
    assert '      - reviewer: "Lucía Gómez"\n' in translation
    page = cli("--lang", "es", "show", "acupuncture", catalog=catalog).stdout
    assert "Revisado por Lucía Gómez (enfermera bilingüe) el 7 de diciembre de 2026" in page
    assert "Aviso:" not in page
    handout = cli("--lang", "es", "handout", "acupuncture", "-o", "-", catalog=catalog).stdout
    assert "Revisado por Lucía Gómez (enfermera bilingüe) el 7 de diciembre de 2026" in handout
    data = json.loads(cli("--lang", "es", "show", "acupuncture", "--format", "json", catalog=catalog).stdout)
    assert (data["review"]["text"], data["translation"]["notice"]) == (
        "Revisado por Lucía Gómez (enfermera bilingüe) el 7 de diciembre de 2026",
        None,
    )
    assert (
        json.loads(cli("--lang", "es", "show", "tai-chi", "--format", "json", catalog=catalog).stdout)["translation"][
            "notice"
        ]
        == notice
    )


def test_a_translation_is_signed_only_when_it_is_there(cli: Cli, catalog: Path) -> None:
    result = cli("--lang", "es", "review", "massage", *SIGNER, "--yes", catalog=catalog)
    assert result.exit_code == 2
    assert result.stderr == (
        f"painguide: topics.massage-therapy has no translation in {catalog.with_name('catalog.es.yaml')}; "
        "there is nothing to sign\n"
    )


def test_answering_no_records_nothing_and_spanish_asks_for_si(
    cli: Cli, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = catalog.read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    result = cli("review", "acupuncture", *SIGNER, catalog=catalog)
    assert result.exit_code == 1
    assert result.stderr == "Record this sign-off? [y/N] Nothing recorded.\n"
    assert catalog.read_text(encoding="utf-8") == before
    monkeypatch.setattr("sys.stdin", io.StringIO("sí\n"))
    spanish = cli("--lang", "es", "review", "acupuncture", *SIGNER, catalog=catalog)
    assert spanish.exit_code == 0
    assert spanish.stderr == (
        "¿Registrar esta aprobación? [s/N] Se registró la aprobación de acupuncture por Dr. Ana Ruiz (physician, pain "
        f"medicine) el 7 de diciembre de 2026 en {catalog.with_name('catalog.es.yaml')}.\n"
    )


def test_a_bad_fingerprint_is_an_error_at_its_value(cli: Cli, catalog: Path) -> None:
    assert cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog).exit_code == 0
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"0cf3ea85"', '"not-hex"'), encoding="utf-8")
    result = cli("check", str(catalog), catalog=None)
    line = line_of('urgent: "not-hex"', catalog)
    assert (
        f"- {catalog}:{line}:19: topics.acupuncture.reviews[1].fingerprints.urgent: 'not-hex' is not a list of "
        "fingerprints (8 hex digits each, separated by spaces)"
    ) in result.stdout


def test_a_reviews_list_in_flow_style_is_refused_at_its_place(cli: Cli, catalog: Path) -> None:
    end = "    last_reviewed: 2026-11-20\n  tai-chi:"
    text = catalog.read_text(encoding="utf-8").replace(end, "    reviews: []\n" + end, 1)
    catalog.write_text(text, encoding="utf-8")
    result = cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog)
    assert result.exit_code == 1
    line = line_of("    reviews: []", catalog)
    assert (
        f"{catalog}:{line}:14: topics.acupuncture.reviews is not a block list; write one item a line to add a sign-off"
    ) in result.stderr
    assert catalog.read_text(encoding="utf-8") == text


def test_a_sign_off_keeps_the_files_mode_and_writes_where_a_symlink_leads(cli: Cli, catalog: Path) -> None:
    """One reviewer's sign-off never takes a shared catalog from its team (adversarial pass F4)."""
    import os
    import stat

    os.chmod(catalog, 0o640)
    link = catalog.with_name("link.yaml")
    link.symlink_to(catalog.name)
    result = cli("review", "acupuncture", *SIGNER, "--yes", catalog=link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and BLOCK in catalog.read_text(encoding="utf-8")
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o640


def test_a_sign_off_never_writes_into_the_installed_package(
    cli: Cli, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from painguide.catalog import bundled

    # As if this catalog were the installed package's own (a checkout's data/ is the developers' source).
    monkeypatch.setattr(bundled, "in_package", lambda path: True)
    before = catalog.read_bytes()
    result = cli("review", "acupuncture", *SIGNER, "--yes", catalog=catalog)
    assert result.exit_code == 2
    assert "is part of the installed painguide package" in result.stderr
    assert catalog.read_bytes() == before
