"""`refs --format bibtex|ris|csl-json`, loaded by the real library for each format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import CATALOG, Result, assert_golden

Cli = Callable[..., Result]

# A bibliography's order: first author, then year (docs/formats.md).
IDS = ["crawford2016", "vickers2018", "wang2018"]
EXTENSION = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_refs_export_matches_golden(cli: Cli, fmt: str) -> None:
    result = cli("refs", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"{fmt}/refs.{EXTENSION[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_refs_export_for_one_topic_has_only_its_references(cli: Cli, fmt: str) -> None:
    result = cli("refs", "--topic", "tai chi", "--format", fmt)
    assert result.exit_code == 0
    assert "wang2018" in result.stdout
    assert "vickers2018" not in result.stdout and "crawford2016" not in result.stdout


def _bibtex(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert library.failed_blocks == []
    return library


def test_bibtex_loads_in_bibtexparser(cli: Cli) -> None:
    library = _bibtex(cli("refs", "--format", "bibtex").stdout)
    assert [entry.key for entry in library.entries] == IDS
    first = library.entries[1]
    fields = {field.key: field.value for field in first.fields}
    assert first.entry_type == "article"
    assert fields["author"] == ["Vickers, A. J.", "Vertosick, E. A.", "Lewith, G.", "others"]
    assert fields["title"] == "Acupuncture for chronic pain: update of an individual patient data meta-analysis"
    assert fields["journal"] == "The Journal of Pain"
    assert (fields["year"], fields["volume"], fields["number"]) == ("2018", "19", "5")
    assert fields["pages"] == "455–474"  # "--" read as a range
    assert fields["doi"] == "10.1016/j.jpain.2017.11.005"
    wang = {field.key: field.value for field in library.entries[2].fields}
    assert "number" not in wang and wang["pages"] == "k851"


def test_ris_loads_in_rispy(cli: Cli) -> None:
    entries = rispy.loads(cli("refs", "--format", "ris").stdout)
    assert [entry["id"] for entry in entries] == IDS
    first = entries[1]
    assert first["type_of_reference"] == "JOUR"
    assert first["authors"] == ["Vickers, A.J.", "Vertosick, E.A.", "Lewith, G."]
    assert first["title"] == "Acupuncture for chronic pain: update of an individual patient data meta-analysis"
    assert first["secondary_title"] == "The Journal of Pain"
    assert (first["year"], first["volume"], first["number"]) == ("2018", "19", "5")
    assert (first["start_page"], first["end_page"]) == ("455", "474")
    assert first["doi"] == "10.1016/j.jpain.2017.11.005"
    assert first["accession_number"] == "29198932"
    assert entries[2]["start_page"] == "k851" and "end_page" not in entries[2]


def _bibliography(items: list[dict[str, object]]) -> list[str]:
    """The items rendered by citeproc-py in the Harvard style it ships with."""
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(str(item["id"]))]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_renders_a_bibliography_in_citeproc(cli: Cli) -> None:
    items = json.loads(cli("refs", "--format", "csl-json").stdout)
    assert [item["id"] for item in items] == IDS
    assert _bibliography(items) == [
        "Crawford, C., Boyd, C. and Paat, C.F. (2016) “The impact of massage therapy on function in pain populations”,"
        " Pain Medicine, 17(7), pp. 1353–1375. Available at: https://doi.org/10.1093/pm/pnw099.",
        "Vickers, A.J., Vertosick, E.A. and Lewith, G. (2018) “Acupuncture for chronic pain: update of an individual"
        " patient data meta-analysis”, The Journal of Pain, 19(5), pp. 455–474."
        " Available at: https://doi.org/10.1016/j.jpain.2017.11.005.",
        "Wang, C., Schmid, C.H. and Fielding, R.A. (2018) “Effect of tai chi versus aerobic exercise for fibromyalgia:"
        " comparative effectiveness randomized controlled trial”, BMJ, 360, p. k851."
        " Available at: https://doi.org/10.1136/bmj.k851.",
    ]


TRICKY_TITLE = r"Pain {and} 50% relief & $costs # of pt_ids \ with ~tilde: a Müller–Łukasz study"


@pytest.fixture
def tricky(write_catalog: Callable[..., Path]) -> Path:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    ref = data["references"]["vickers2018"]
    ref["title"] = TRICKY_TITLE
    ref["authors"] = ["Müller HJ", "World Health Organization", "van der Berg J-P"]
    ref["journal"] = "Line one\nER  - injected\nTY  - BOOK"
    ref["url"] = "https://example.org/a_b?x=1&y=%7B2%7D"  # braces themselves are refused by validation
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "tricky.yaml")


def test_bibtex_escapes_latex_specials_and_reads_back_the_same_text(cli: Cli, tricky: Path) -> None:
    out = cli("refs", "--format", "bibtex", catalog=tricky).stdout
    assert r"title = {Pain \{and\} 50\% relief \& \$costs \# of pt\_ids \textbackslash{} with" in out
    assert "author = {Müller, H. J. and {World Health Organization} and van der Berg, J.-P. and others}" in out
    library = _bibtex(out)
    assert [entry.key for entry in library.entries] == IDS
    fields = {field.key: field.value for field in library.entries[1].fields}
    assert fields["title"] == TRICKY_TITLE
    assert fields["author"] == ["Müller, H. J.", "World Health Organization", "van der Berg, J.-P.", "others"]
    # biblatex reads url verbatim, so it is not LaTeX-escaped.
    (raw,) = [entry for entry in bibtexparser.parse_string(out).entries if entry.key == "vickers2018"]
    assert raw.fields_dict["url"].value == "https://example.org/a_b?x=1&y=%7B2%7D"


def test_ris_values_stay_on_one_line_so_text_cannot_inject_records(cli: Cli, tricky: Path) -> None:
    entries = rispy.loads(cli("refs", "--format", "ris", catalog=tricky).stdout)
    assert [entry["id"] for entry in entries] == IDS
    assert entries[1]["type_of_reference"] == "JOUR"
    assert entries[1]["secondary_title"] == "Line one ER - injected TY - BOOK"
    assert entries[1]["title"] == TRICKY_TITLE
    assert entries[1]["authors"] == ["Müller, H.J.", "World Health Organization", "van der Berg, J.-P."]


def test_csl_json_keeps_organisations_whole(cli: Cli, tricky: Path) -> None:
    items = json.loads(cli("refs", "--format", "csl-json", catalog=tricky).stdout)
    assert items[1]["author"] == [
        {"family": "Müller", "given": "H. J."},
        {"literal": "World Health Organization"},
        {"family": "van der Berg", "given": "J.-P."},
    ]
    assert items[1]["title"] == TRICKY_TITLE
    (vickers,) = [entry for entry in _bibliography(items) if TRICKY_TITLE[:20] in entry]
    assert vickers.startswith("Müller, H.J., World Health Organization and van der Berg, J.-P. (2018)")
