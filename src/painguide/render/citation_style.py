"""One citation style everywhere (NLM/Vancouver, as PubMed and MedlinePlus use)."""

from __future__ import annotations

from painguide.catalog.model import Reference


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


# Characters a DOI may hold that would end or change a URL (DOI Handbook 2.5.2.4);
# old SICI-style DOIs contain "<", ">" and "#".
_DOI_ESCAPES = str.maketrans({"%": "%25", '"': "%22", "#": "%23", " ": "%20", "?": "%3F", "<": "%3C", ">": "%3E"})


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi.translate(_DOI_ESCAPES)}"


def pubmed_url(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def citation_parts(ref: Reference) -> list[tuple[str, str]]:
    """The citation as (text, link) pieces, link "" where there is none.

    Concatenated they are `format_citation`; HTML and Markdown output turn
    the DOI, PMID and web address into links.
    """
    title = ref.title if ref.title.endswith(("?", "!", ".")) else ref.title + "."
    parts = [(f"{authors_text(ref)} {title} {source_text(ref)}", "")]
    if ref.doi:
        parts += [(" doi:", ""), (ref.doi, doi_url(ref.doi)), (".", "")]
    if ref.pmid:
        parts += [(" PMID: ", ""), (ref.pmid, pubmed_url(ref.pmid)), (".", "")]
    if ref.url:
        parts += [(" ", ""), (ref.url, ref.url)]
    if ref.note:
        parts.append((f" ({ref.note})", ""))
    return parts


def format_citation(ref: Reference) -> str:
    """The full citation as one line of plain text."""
    return "".join(text for text, _ in citation_parts(ref))
