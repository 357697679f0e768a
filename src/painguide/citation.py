"""One citation style everywhere (NLM/Vancouver, as PubMed and MedlinePlus use)."""

from __future__ import annotations

from painguide.model import Reference


def authors_text(ref: Reference) -> str:
    names = ", ".join(ref.authors)
    return f"{names}, et al." if ref.et_al else f"{names}."


def source_text(ref: Reference) -> str:
    """Journal, year, volume(issue):pages - the part after the title."""
    text = f"{ref.journal}. {ref.year}"
    if ref.volume:
        text += f";{ref.volume}"
        if ref.issue:
            text += f"({ref.issue})"
    if ref.pages:
        text += f":{ref.pages}"
    return text + "."


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def format_citation(ref: Reference) -> str:
    """The full citation as one line of plain text."""
    title = ref.title if ref.title.endswith(("?", "!", ".")) else ref.title + "."
    parts = [authors_text(ref), title, source_text(ref)]
    if ref.doi:
        parts.append(f"doi:{ref.doi}.")
    if ref.pmid:
        parts.append(f"PMID: {ref.pmid}.")
    if ref.url:
        parts.append(f"{ref.url}")
    if ref.note:
        parts.append(f"({ref.note})")
    return " ".join(parts)
