"""Citation export for reference managers: BibTeX, RIS and CSL-JSON.

Each writer takes the catalog's references in order and returns the whole
file. Catalog text is made safe for each format: LaTeX specials are escaped
in BibTeX, RIS values are kept to one line (a newline would start a bogus
tag), and CSL-JSON is plain JSON. Authors are stored as "Family AB"; they
are split into family name and initials where that form is clear, and kept
whole (as an organisation) otherwise.

None of the three formats can say "the author list is cut short"
(`et_al`): BibTeX gets the conventional `and others`, RIS and CSL-JSON
list the authors the catalog has.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from painguide.catalog.model import Reference
from painguide.textsafe import visible

_INITIALS = re.compile(r"[^\W\d_](?:-?[^\W\d_]){0,5}")


def split_name(name: str) -> tuple[str, str] | None:
    """("Vickers", "A. J.") from "Vickers AJ"; None when the name is not in that form.

    A family name with the word "and" in it is an organisation's name
    ("Department of Health and Social Care UK"), never a person's.
    """
    family, _, initials = name.strip().rpartition(" ")
    if not family or not _INITIALS.fullmatch(initials) or not initials.replace("-", "").isupper():
        return None
    if "and" in family.casefold().split():
        return None
    given = ""
    for char in initials:
        given = given.rstrip() + "-" if char == "-" else given + f"{char}. "
    return family, given.strip()


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())


# LaTeX specials.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
# Classic BibTeX ends a field at the brace that balances its opening one, and
# counts an escaped brace (\\{) like any other: "x} @misc(..." in a title would
# close it and start an entry of its own, and a lone "{" would swallow every
# entry after it. Braces that pair up, in order, are written \\{ and \\} (a
# balanced pair to BibTeX); otherwise each is written $\\lbrace$ or $\\rbrace$,
# which hold no brace at all.
_PAIRED = str.maketrans({**_SPECIALS, "{": r"\{", "}": r"\}"})
_UNPAIRED = str.maketrans({**_SPECIALS, "{": r"$\lbrace$", "}": r"$\rbrace$"})
_PAGE_RANGE = re.compile(r"^(\w+)-(\w+)$")


def _tex(text: str) -> str:
    text = _one_line(text)
    return text.translate(_PAIRED if _braces_pair_up(text) else _UNPAIRED)


def _braces_pair_up(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _verbatim(text: str) -> str:
    """DOIs and URLs are read verbatim by biblatex: only what would break the entry is percent-encoded."""
    return _one_line(text).replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bibtex_author(name: str) -> str:
    split = split_name(name)
    if split is None:
        # In braces, an organisation stays one name: BibTeX splits authors at
        # " and " (and reads a bare "others" as et al.) only outside braces.
        return "{" + _tex(name) + "}"
    family, given = split
    return f"{_tex(family)}, {_tex(given)}"


def bibtex(references: Iterable[Reference]) -> str:
    entries = []
    for ref in references:
        authors = [_bibtex_author(a) for a in ref.authors] + (["others"] if ref.et_al else [])
        fields = [
            ("author", " and ".join(authors)),
            ("title", _tex(ref.title)),
            ("journal", _tex(ref.journal)),
            ("year", str(ref.year)),
            ("volume", _tex(ref.volume)),
            ("number", _tex(ref.issue)),
            ("pages", _PAGE_RANGE.sub(r"\1--\2", _tex(ref.pages))),
            ("doi", _verbatim(ref.doi)),
            ("pmid", _tex(ref.pmid)),
            ("url", _verbatim(ref.url)),
            ("note", _tex(ref.note)),
        ]
        body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields if value)
        entries.append(f"@article{{{ref.id},\n{body}\n}}\n")
    return "\n".join(entries)


def _ris_author(name: str) -> str:
    split = split_name(name)
    if split is None:
        return _one_line(name)
    family, given = split
    return f"{_one_line(family)}, {given.replace(' ', '')}"


def ris(references: Iterable[Reference]) -> str:
    records = []
    for ref in references:
        start, _, end = ref.pages.partition("-")
        tags = [("TY", "JOUR"), ("ID", ref.id)]
        tags += [("AU", _ris_author(a)) for a in ref.authors]
        tags += [
            ("TI", ref.title),
            ("T2", ref.journal),
            ("PY", str(ref.year)),
            ("VL", ref.volume),
            ("IS", ref.issue),
            ("SP", start),
            ("EP", end),
            ("DO", ref.doi),
            ("AN", ref.pmid),
            ("UR", ref.url),
            ("N1", ref.note),
        ]
        lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags if value.strip()]
        records.append("\n".join([*lines, "ER  - "]) + "\n")
    return "\n".join(records)


def _csl_author(name: str) -> dict[str, str]:
    split = split_name(name)
    if split is None:
        return {"literal": name}
    family, given = split
    return {"family": family, "given": given}


def csl_items(references: Iterable[Reference]) -> list[dict[str, object]]:
    items = []
    for ref in references:
        item: dict[str, object] = {
            "id": ref.id,
            "type": "article-journal",
            "author": [_csl_author(a) for a in ref.authors],
            "issued": {"date-parts": [[ref.year]]},
            "title": ref.title,
            "container-title": ref.journal,
        }
        optional = {
            "volume": ref.volume,
            "issue": ref.issue,
            "page": ref.pages,
            "DOI": ref.doi,
            "PMID": ref.pmid,
            "URL": ref.url,
            "note": ref.note,
        }
        item.update({key: value for key, value in optional.items() if value})
        items.append(item)
    return items


def csl_json(references: Iterable[Reference]) -> str:
    # ASCII escapes, as for --format json: safe in any locale. Unlike
    # --format json (data for scripts), this is read into a reference
    # manager, where hidden characters would stay hidden: they are marked
    # as in RIS and BibTeX.
    return json.dumps(_marked(csl_items(references)), indent=2, ensure_ascii=True) + "\n"


def _marked(value: object) -> object:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {key: _marked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_marked(item) for item in value]
    return value


def export(fmt: str, references: Iterable[Reference]) -> str:
    writers = {"bibtex": bibtex, "ris": ris, "csl-json": csl_json}
    return writers[fmt](references)
