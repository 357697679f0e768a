"""Keep the interface translations in step with the code (Babel).

    python tools/messages.py          # extract, merge into each .po, compile each .mo
    python tools/messages.py --check  # exit 1 if a .po or .mo is not what the code needs

Interface text is marked `_("...")` or `ngettext("...", "...", n)` in
src/painguide. This extracts every marked message, adds new ones to
src/painguide/locale/LANG/LC_MESSAGES/painguide.po (with an empty
translation for a person to fill in), drops ones the code no longer uses,
and compiles the .mo that painguide reads at run time.

The .mo is committed rather than compiled by the wheel build: an editable
install (how painguide is developed and tested) runs from src/, where a
build hook's output never lands, and a build hook would make Babel a build
requirement of every install. tests/test_i18n.py compiles each .po again
and fails if the committed .mo differs, so it cannot go stale.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "painguide"
LOCALE = PACKAGE / "locale"
DOMAIN = "painguide"


def template() -> Catalog:
    """Every message the code marks, in the order it first appears."""
    pot = Catalog(project="painguide", domain=DOMAIN)
    extracted = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in extracted:
        pot.add(message, None, [(f"painguide/{filename}", lineno)], auto_comments=comments, context=context)
    # Command help (docstrings and option help) is read from the command tree
    # Typer builds, exactly as `painguide --lang es COMMAND --help` translates it.
    import typer

    from painguide.cli import app
    from painguide.clickwords import help_texts
    from painguide.i18n import messages_of

    for text in help_texts(typer.main.get_command(app)):
        # A help text that lists languages or formats is translated by its template (i18n.listed).
        for message in messages_of(text):
            pot.add(message, None, [("painguide/cli.py", 0)], auto_comments=["command-line help"])
    return pot


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(path.name for path in LOCALE.iterdir() if po_path(path.name).is_file())


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def merged(language: str) -> Catalog:
    """The .po updated to the code's messages; translations of unchanged messages kept."""
    catalog = read(language)
    created = catalog.creation_date
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    # The same .po for the same messages: no date that changes with every run.
    catalog.creation_date = created
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # No line numbers: a .po that changes with every edited line is noise in review.
    write_po(out, catalog, width=120, no_location=True, omit_header=False, sort_output=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            out.append(str(message.id if isinstance(message.id, str) else message.id[0]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    args = parser.parse_args()
    stale = False
    for language in languages():
        catalog = merged(language)
        po, mo = po_bytes(catalog), mo_bytes(catalog)
        mo_path = po_path(language).with_suffix(".mo")
        missing = untranslated(catalog)
        for message in missing:
            print(f"{po_path(language).relative_to(ROOT)}: not translated: {message!r}", file=sys.stderr)
        changed = po != po_path(language).read_bytes() or not mo_path.is_file() or mo != mo_path.read_bytes()
        stale = stale or changed or bool(missing)
        if not args.check and changed:
            po_path(language).write_bytes(po)
            mo_path.write_bytes(mo)
            print(f"wrote {po_path(language).relative_to(ROOT)} and its .mo", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
