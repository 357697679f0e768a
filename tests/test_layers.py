"""Clinic layers: a clinic file that `extends` a catalog and gives only what it adds or replaces."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, TESTS, Result, line_of, translatable_fields
from painguide.catalog.bundled import bundled_catalog
from painguide.catalog.layers import MAX_CHAIN

Cli = Callable[..., Result]

# The done-when of issue 20: about twenty lines, written by a clinic's IT person.
CLINIC = """\
# Springfield Pain Clinic: our contact details and one topic of our own.
extends: bundled
catalog:
  version: "2026.12-1"
  clinic:
    name: Springfield Pain Clinic
    phone: 555-0100
    hours: Monday to Friday, 8 am to 5 pm
topics:
  clinic-insurance:
    title: Insurance at our clinic
    category: therapies
    main_message: Most plans cover acupuncture here. Ask us before your first visit.
    summary: Our front desk checks your insurance before your first visit.
    key_points: [Bring your insurance card to every visit.]
    evidence: [{text: Acupuncture may ease long-lasting pain., certainty: moderate, refs: [vickers2018]}]
    what_to_expect: [The front desk calls you back within a day.]
    safety: {careful: [You have no insurance; ask about our sliding fee.], tell: [Any change of plan.]}
    questions: [Is acupuncture covered by my plan?]
    last_reviewed: 2026-12-01
"""
CLINIC_ES = """\
language: es
catalog:
  clinic:
    hours: Lunes a viernes, de 8 a 17 h
topics:
  clinic-insurance:
    status: draft
    title: El seguro en nuestra clínica
"""


def _clinic(folder: Path, text: str = CLINIC, spanish: str | None = CLINIC_ES) -> Path:
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    if spanish is not None:
        (folder / "clinic.es.yaml").write_text(spanish, encoding="utf-8")
    return path


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_twenty_line_clinic_file_sets_the_phone_and_hours_in_both_languages_and_adds_a_topic(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = bundled_catalog()
    before = _digest(bundled), _digest(bundled.replace(".yaml", ".es.yaml"))
    clinic = _clinic(tmp_path)
    assert len(CLINIC.splitlines()) <= 22
    # The person who checked the Spanish hours against the English records it.
    stamped = cli("check", str(clinic), "--stamp-translations", "es", catalog=None)
    assert stamped.exit_code == 0, stamped.stderr

    english = cli("handout", "acupuncture", "-o", "-", catalog=clinic)
    assert english.exit_code == 0, english.stderr
    assert "Phone: <strong>555-0100</strong> &middot; Hours: Monday to Friday, 8 am to 5 pm</p>" in english.stdout
    spanish = cli("--lang", "es", "handout", "acupuncture", "-o", "-", catalog=clinic)
    assert spanish.exit_code == 0, spanish.stderr
    assert "Teléfono: <strong>555-0100</strong> &middot; Horario: Lunes a viernes, de 8 a 17 h</p>" in spanish.stdout
    assert "Monday" not in spanish.stdout
    # A bilingual handout gives the contact once, in its first language.
    both = cli("--lang", "es,en", "handout", "acupuncture", "-o", "-", catalog=clinic)
    assert "Teléfono: <strong>555-0100</strong> &middot; Horario: Lunes a viernes, de 8 a 17 h</p>" in both.stdout

    listed = cli("list", catalog=clinic)
    assert "- clinic-insurance - Our front desk checks your insurance before your first" in listed.stdout
    assert "- acupuncture - " in listed.stdout
    assert cli("--lang", "es", "show", "clinic-insurance", catalog=clinic).stdout.startswith(
        "El seguro en nuestra clínica\n"
    )

    # The bundled catalog is untouched, and without the layer nothing of the clinic shows.
    assert (_digest(bundled), _digest(bundled.replace(".yaml", ".es.yaml"))) == before
    assert "clinic-insurance" not in cli("list", catalog=None).stdout
    assert "555-0100" not in cli("handout", "acupuncture", "-o", "-", catalog=None).stdout
    # PAINGUIDE_DATA names a layer as it names any catalog.
    monkeypatch.setenv("PAINGUIDE_DATA", str(clinic))
    assert "- clinic-insurance - " in cli("list", catalog=None).stdout


def test_a_broken_clinic_file_is_reported_at_its_place_in_that_file(cli: Cli, tmp_path: Path) -> None:
    clinic = _clinic(tmp_path, CLINIC.replace("category: therapies", "category: therapys"), None)
    result = cli("list", catalog=clinic)
    assert result.exit_code == 1
    line = line_of("category: therapys", clinic)
    assert (
        f"{clinic}:{line}:15: topics.clinic-insurance.category: no category 'therapys' (did you mean 'therapies'?)"
        in result.stderr
    )
    # A reference the clinic cites resolves against the catalog it extends; one it does not have is an error.
    clinic = _clinic(tmp_path, CLINIC.replace("refs: [vickers2018]", "refs: [vickers2019]"), None)
    result = cli("check", str(clinic), catalog=None)
    assert result.exit_code == 1
    assert f"{clinic}:{line_of('vickers2019', clinic)}:" in result.stdout
    assert "no reference 'vickers2019' (did you mean 'vickers2018'?)" in result.stdout


def test_a_broken_clinic_translation_is_reported_at_its_place(cli: Cli, tmp_path: Path) -> None:
    clinic = _clinic(tmp_path, spanish=CLINIC_ES.replace("    hours:", "    hour:"))
    result = cli("--lang", "es", "list", catalog=clinic)
    assert result.exit_code == 1
    assert f"{tmp_path / 'clinic.es.yaml'}:4:5: catalog.clinic: unknown key 'hour' (did you mean 'hours'?)" in (
        result.stderr
    )


def _small_base(folder: Path, spanish: bool = False) -> Path:
    """The test catalog copied beside the layer (and its Spanish translation)."""
    base = folder / "base.yaml"
    shutil.copy(CATALOG, base)
    if spanish:
        shutil.copy(TESTS / "data" / "catalog.es.yaml", folder / "base.es.yaml")
    return base


REPLACEMENT = """\
extends: base.yaml
topics:
  acupuncture:
    title: Acupuncture at our clinic
    category: therapies
    main_message: Acupuncture may ease back pain. Ask first if you take a blood thinner.
    summary: Our acupuncturists see patients on Tuesdays.
    key_points: [Visits take an hour.]
    evidence: [{text: It may ease back pain., certainty: moderate, refs: [vickers2018]}]
    what_to_expect: [A visit takes about an hour.]
    safety: {careful: [You take a blood thinner.], tell: [Any medicines you take.]}
    questions: [Is it a good fit for me?]
    related: [tai-chi]
    last_reviewed: 2026-12-01
categories:
  clinic:
    title: At our clinic
synonyms:
  needles: [acupuncture]
"""


def test_a_topic_of_the_same_id_replaces_the_whole_topic_in_its_place(cli: Cli, tmp_path: Path) -> None:
    _small_base(tmp_path)
    clinic = _clinic(tmp_path, REPLACEMENT, None)
    shown = cli("show", "acupuncture", catalog=clinic).stdout
    assert "Acupuncture at our clinic" in shown
    assert "Our acupuncturists see patients on Tuesdays." in shown
    # Nothing of the replaced topic is kept: its aliases and steps are gone.
    assert "needling" not in shown and "Check that the acupuncturist is licensed." not in shown
    listed = cli("list", catalog=clinic).stdout
    assert listed.index("acupuncture") < listed.index("massage-therapy")
    assert "Also searched for: acupuncture (for needles)" in cli("search", "needles", catalog=clinic).stdout


def test_an_edit_to_any_file_of_the_chain_rebuilds_the_index(cli: Cli, tmp_path: Path) -> None:
    base = _small_base(tmp_path, spanish=True)
    clinic = _clinic(tmp_path, REPLACEMENT, None)
    spanish = cli("--lang", "es", "show", "acupuncture", catalog=clinic).stdout
    # The clinic replaced it, so the base's Spanish (of other text) is not used.
    assert spanish.startswith("Acupuncture at our clinic (en inglés)\n")
    base_es = tmp_path / "base.es.yaml"
    assert "Terapias con las manos" in cli("--lang", "es", "list", catalog=clinic).stdout
    base_es.write_text(base_es.read_text(encoding="utf-8").replace("con las manos", "manuales"), "utf-8")
    assert "Terapias manuales" in cli("--lang", "es", "list", catalog=clinic).stdout
    assert cli("show", "tai-chi", catalog=clinic).stdout.startswith("Tai chi\n")
    base.write_text(base.read_text(encoding="utf-8").replace("title: Tai chi", "title: Tai chi class"), "utf-8")
    assert cli("show", "tai-chi", catalog=clinic).stdout.startswith("Tai chi class\n")


def test_check_warns_with_the_count_when_a_layer_has_no_translation_in_a_language_in_use(
    cli: Cli, tmp_path: Path
) -> None:
    _small_base(tmp_path, spanish=True)
    clinic = _clinic(tmp_path, REPLACEMENT, None)
    result = cli("check", str(clinic), catalog=None)
    assert (
        f"- {clinic}: warning: no Spanish translation (clinic.es.yaml beside it): 9 fields it gives are shown "
        "in English" in result.stdout
    )
    assert f"- {clinic}:3:1: warning: topics.acupuncture: no Spanish translation; it is shown in English" in (
        result.stdout
    )
    assert result.exit_code == 0, result.stdout
    required = cli("check", str(clinic), "--require-translations", "es", catalog=None)
    assert required.exit_code == 1
    assert f"- {clinic}: no Spanish translation (clinic.es.yaml beside it): 9 fields" in required.stdout


def test_extends_loops_and_too_long_chains_are_clear_errors(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("# A\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    result = cli("list", catalog=tmp_path / "a.yaml")
    assert result.exit_code == 1
    assert (
        f"{tmp_path / 'b.yaml'}:1:10: extends: 'a.yaml' makes a loop (a.yaml -> b.yaml -> a.yaml); "
        "a layer cannot extend itself"
    ) in result.stderr
    _small_base(tmp_path)
    for index in range(MAX_CHAIN):
        below = "base.yaml" if index == 0 else f"layer{index - 1}.yaml"
        (tmp_path / f"layer{index}.yaml").write_text(f"extends: {below}\n", encoding="utf-8")
    assert cli("list", catalog=tmp_path / f"layer{MAX_CHAIN - 2}.yaml").exit_code == 0
    result = cli("list", catalog=tmp_path / f"layer{MAX_CHAIN - 1}.yaml")
    assert result.exit_code == 1
    # Reported where the chain grows too long: the file whose `extends` would be one too many.
    message = f"extends: 'base.yaml' would make a chain of more than {MAX_CHAIN} catalog files; fold some layers"
    assert f"{tmp_path / 'layer0.yaml'}:1:10: {message}" in result.stderr
    (tmp_path / "gone.yaml").write_text("extends: nowhere.yaml\n", encoding="utf-8")
    result = cli("list", catalog=tmp_path / "gone.yaml")
    assert "gone.yaml:1:10: extends: no catalog file 'nowhere.yaml'" in result.stderr


def test_extends_must_come_first(cli: Cli, tmp_path: Path) -> None:
    _small_base(tmp_path)
    clinic = _clinic(tmp_path, "synonyms:\n  needles: [acupuncture]\nextends: base.yaml\n", None)
    result = cli("list", catalog=clinic)
    assert result.exit_code == 1
    assert f"{clinic}:3:10: extends must be the first key of the file" in result.stderr


def test_info_and_the_welcome_page_say_which_catalog_and_layers_are_in_use(cli: Cli, tmp_path: Path) -> None:
    clinic = _clinic(tmp_path)
    info = cli("info", catalog=clinic).stdout
    assert f"- Bundled catalog: {bundled_catalog()}, version " in info
    assert f"- Clinic layer: {clinic}, version 2026.12-1; translations: español (--lang es)" in " ".join(
        info.split("\n  ")
    )
    assert "Language: English (en)." in info
    welcome = " ".join(cli(catalog=clinic).stdout.split())
    bundled = re.search(r'^  version: "(.+)"$', Path(bundled_catalog()).read_text(encoding="utf-8"), re.MULTILINE)
    assert bundled is not None
    assert (
        f"In use: Bundled catalog topics.yaml (version {bundled.group(1)}); clinic layer clinic.yaml (version 2026.12-1). "
        in (welcome)
    )
    assert "Contact: Springfield Pain Clinic; phone 555-0100" in welcome
    alone = cli("info", catalog=CATALOG).stdout
    assert f"- Catalog: {CATALOG}, version " in alone and "Clinic layer" not in alone


def test_the_example_in_docs_clinic_md_works_as_written(cli: Cli, tmp_path: Path) -> None:
    text = (TESTS.parent / "docs" / "clinic.md").read_text(encoding="utf-8")
    english, spanish = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)[:2]
    clinic = tmp_path / "springfield.yaml"
    clinic.write_text(english, encoding="utf-8")
    (tmp_path / "springfield.es.yaml").write_text(spanish, encoding="utf-8")
    assert cli("check", str(clinic), "--stamp-translations", "es", catalog=None).exit_code == 0
    checked = cli("check", str(clinic), catalog=None)
    assert checked.exit_code == 0, checked.stdout
    assert "- clinic-insurance - Our front desk checks your insurance" in cli("list", catalog=clinic).stdout
    spanish_page = cli("--lang", "es", "handout", "acupuncture", "-o", "-", catalog=clinic).stdout
    assert "Teléfono: <strong>555-0100</strong>" in spanish_page
    assert "Horario: Lunes a viernes, de 8 a 17 h" in spanish_page


def test_a_fifo_given_as_the_catalog_is_refused_without_hanging(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = cli("list", catalog=fifo)
    assert result.exit_code == 1
    assert f"{fifo}: not a regular file" in result.stderr


def test_extends_may_be_quoted_commented_and_written_with_windows_line_ends(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "my catalogs"
    folder.mkdir()
    shutil.copy(CATALOG, folder / "base.yaml")
    layer = '\ufeff# Our layer\r\n\r\nextends: "my catalogs/base.yaml"   # the system catalog\r\nsynonyms:\r\n'
    layer += "  needles: [acupuncture]\r\n"
    clinic = tmp_path / "clinic.yaml"
    clinic.write_bytes(layer.encode("utf-8"))
    result = cli("search", "needles", catalog=clinic)
    assert result.exit_code == 0, result.stderr
    assert "Also searched for: acupuncture (for needles)" in result.stdout
    plain = tmp_path / "plain.yaml"
    plain.write_text("extends: my catalogs/base.yaml # a comment\n", encoding="utf-8")
    assert cli("list", catalog=plain).exit_code == 0


def test_check_in_spanish_warns_with_the_count_when_the_catalog_has_no_translation(cli: Cli, tmp_path: Path) -> None:
    # A clinic that copied only the English file, checking it as its Spanish-speaking patients will read it.
    copy = tmp_path / "ours.yaml"
    shutil.copy(CATALOG, copy)
    english = cli("check", str(copy), catalog=None).stdout
    assert "no Spanish translation" not in english
    spanish = cli("--lang", "es", "check", str(copy), catalog=None).stdout
    assert (
        f"- {copy}: warning: no Spanish translation (ours.es.yaml beside the catalog); every page is shown in "
        f"English ({translatable_fields(copy)} fields)" in " ".join(spanish.split("\n  "))
    )


def test_a_base_catalog_others_can_write_is_not_pulled_in(cli: Cli, tmp_path: Path) -> None:
    """A layer's `extends: PATH` is trusted on the layer's terms, like a translation beside it."""
    import os

    base = tmp_path / "base.yaml"
    shutil.copy(CATALOG, base)
    layer = tmp_path / "clinic.yaml"
    layer.write_text("extends: base.yaml\ncatalog:\n  version: '1'\n", encoding="utf-8")
    os.chmod(base, 0o666)
    result = cli("list", catalog=layer)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{layer}:1:10: extends: 'base.yaml' is not used: others can write to it (mode 0666)\n"
        "painguide: the catalog has 1 error; nothing was shown.\n"
    )
    os.chmod(base, 0o644)
    assert cli("list", catalog=layer).exit_code == 0


def test_a_layers_spanish_name_may_not_take_one_the_base_translation_gives_another_topic(
    cli: Cli, tmp_path: Path
) -> None:
    """Names stay unique across the whole chain in Spanish too (adversarial pass F8)."""
    from conftest import ROOT

    text = (ROOT / "docs" / "clinic.md").read_text(encoding="utf-8")
    layer_text = text[text.index("# Springfield Pain Clinic") : text.index("last_reviewed: 2026-12-01")]
    layer = tmp_path / "springfield.yaml"
    layer.write_text(layer_text + "last_reviewed: 2026-12-01\n", encoding="utf-8")
    spanish = tmp_path / "springfield.es.yaml"
    spanish.write_text(
        "language: es\ntopics:\n  clinic-insurance:\n    status: draft\n    title: El seguro en nuestra clínica\n"
        "    aliases: [Acupuntura]\n",
        encoding="utf-8",
    )
    checked = cli("--lang", "es", "check", str(layer), catalog=None)
    assert checked.exit_code == 1
    assert (
        f"- {spanish}:6:15: topics.clinic-insurance: the name 'Acupuntura' is already used by topic 'acupuncture'"
        in checked.stdout
    )


def test_a_base_layers_untrusted_translation_leaves_spanish_out_of_the_site(cli: Cli, tmp_path: Path) -> None:
    """Not only the top file's: any translation of the chain that may not speak stops nothing (second pass F3)."""
    import os

    base = tmp_path / "base.yaml"
    shutil.copy(CATALOG, base)
    shutil.copy(CATALOG.with_name("catalog.es.yaml"), tmp_path / "base.es.yaml")
    os.chmod(tmp_path / "base.es.yaml", 0o666)
    layer = tmp_path / "clinic.yaml"
    layer.write_text("extends: base.yaml\ncatalog:\n  version: '1'\n", encoding="utf-8")
    shutil.copy(CATALOG.with_name("catalog.es.yaml"), tmp_path / "clinic.es.yaml")
    (tmp_path / "clinic.es.yaml").write_text("language: es\n", encoding="utf-8")
    site = cli("site", "-o", str(tmp_path / "site"), "--no-pdf", catalog=layer)
    assert site.exit_code == 0, site.stderr
    assert (tmp_path / "site" / "en" / "index.html").is_file() and not (tmp_path / "site" / "es").exists()


def test_check_measures_a_layer_s_translation_of_a_base_topic_as_its_handout_prints_it(
    cli: Cli, tmp_path: Path
) -> None:
    """Sixth adversarial pass #2: `check` passed what `--lang es handout` then refused."""
    _small_base(tmp_path, spanish=True)
    # Each field within its own limit (5,000 characters); together more than a handout prints for a topic.
    long = "Mueva el cuerpo despacio. " * 190
    spanish = CLINIC_ES + (
        f"  tai-chi:\n    status: draft\n    summary: {long}\n    key_points: [{long}]\n    evidence: [{long}]\n"
        f"    what_to_expect: [{long}]\n    safety: {{careful: [{long}], tell: [{long}]}}\n"
    )
    clinic = _clinic(tmp_path, CLINIC.replace("extends: bundled", "extends: base.yaml"), spanish)
    # Stamped, the translation is shown (unstamped, each field would fall back to the English).
    assert cli("check", "--stamp-translations", "es", str(clinic), catalog=None).exit_code == 0
    printed = cli("--lang", "es", "handout", "tai-chi", "-o", str(tmp_path / "h.html"), catalog=clinic)
    assert printed.exit_code == 2 and "el tema 'tai-chi' se imprime como " in printed.stderr
    checked = cli("check", str(clinic), catalog=None)
    assert checked.exit_code == 1
    assert (
        f"{tmp_path / 'clinic.es.yaml'}: topics.tai-chi (from the catalog this one extends): a handout would print"
    ) in " ".join(checked.stdout.split())


def _size(result: Result, after: str) -> int:
    """The size a handout's refusal names, read from the message itself."""
    return int(result.stderr.split(after, 1)[1].split(" ", 1)[0].replace(",", ""))


def test_check_measures_each_language_with_its_own_headings_and_clinic_text(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seventh adversarial pass #3 and #4: Spanish headings and Spanish clinic hours are longer than the
    English; `check` measured both in the language it ran in, so it passed what `--lang es handout` refused."""
    from painguide.render import handout

    _small_base(tmp_path, spanish=True)
    long_hours = "Lunes a viernes, " + ", ".join(f"en la sede {i} de 8 a 17 horas" for i in range(12))
    spanish = CLINIC_ES.replace("Lunes a viernes, de 8 a 17 h", long_hours)
    spanish += "  tai-chi:\n    status: draft\n    summary: " + "Mueva el cuerpo despacio. " * 60 + "\n"
    clinic = _clinic(tmp_path, CLINIC.replace("extends: bundled", "extends: base.yaml"), spanish)
    assert cli("check", "--stamp-translations", "es", str(clinic), catalog=None).exit_code == 0
    # Each size as the handout measures it, in each language.
    monkeypatch.setattr(handout, "MAX_TOPIC_CHARS", 1)
    monkeypatch.setattr(handout, "MAX_CLINIC_CHARS", 1)
    out = str(tmp_path / "h.html")
    clinic_en = _size(cli("handout", "tai-chi", "-o", out, catalog=clinic), " print as ")
    clinic_es = _size(cli("--lang", "es", "handout", "tai-chi", "-o", out, catalog=clinic), " se imprimen como ")
    monkeypatch.setattr(handout, "MAX_CLINIC_CHARS", 100_000)
    topic_es = _size(cli("--lang", "es", "handout", "tai-chi", "-o", out, catalog=clinic), " se imprime como ")
    assert clinic_en < clinic_es
    monkeypatch.setattr(handout, "MAX_CLINIC_CHARS", clinic_es - 1)
    monkeypatch.setattr(handout, "MAX_TOPIC_CHARS", topic_es - 1)
    assert cli("--lang", "es", "handout", "tai-chi", "-o", out, catalog=clinic).exit_code == 2
    for flags in ((), ("--lang", "es")):
        checked = " ".join(cli(*flags, "check", str(clinic), catalog=None).stdout.split())
        spanish_file = tmp_path / "clinic.es.yaml"
        assert f"{spanish_file}: catalog.clinic: a handout would print {clinic_es:,} characters" in checked
        assert f"{spanish_file}: topics.tai-chi (from the catalog this one extends): a handout would print " in checked
        assert f"{clinic}: catalog.clinic:" not in checked
