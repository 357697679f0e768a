"""The handout as a tagged PDF (PDF/UA-1), laid out by WeasyPrint.

WeasyPrint is the optional `pdf` extra (`pip install ".[pdf]"` in a checkout): it is
imported here only, and its absence is a one-line error, not a traceback.
The PDF is tagged (headings, lists, tables, figures with alternative text),
has its language and title set, embeds its fonts, and carries the same page
footer as a printed HTML handout, with no browser headers.
"""

from __future__ import annotations

from types import ModuleType

from painguide.errors import MissingExtra

# "painguide[pdf]" would name a PyPI package that does not exist (and invite name-squatting).
INSTALL = 'pip install weasyprint (or, in a checkout of painguide: pip install ".[pdf]")'


def require_weasyprint() -> None:
    """Raise MissingExtra now, before any work, if a PDF cannot be made."""
    _weasyprint()


def pdf_bytes(html: str) -> bytes:
    """The PDF for one handout page (as made by render.handout)."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching(weasyprint))
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if not isinstance(pdf, bytes):
        raise TypeError("WeasyPrint returned no PDF")
    return pdf


def _weasyprint() -> ModuleType:
    try:
        import weasyprint
    except ImportError:
        raise MissingExtra(f"writing a PDF needs WeasyPrint; install it with: {INSTALL}") from None
    except OSError as error:
        # Installed, but the Pango libraries it loads at import are missing.
        raise MissingExtra(
            f"WeasyPrint cannot start ({' '.join(str(error).split())}); "
            "install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from None
    module: ModuleType = weasyprint
    return module


def _no_fetching(weasyprint: ModuleType) -> object:
    """A URL fetcher that loads nothing: a handout is self-contained, so any fetch is a mistake."""
    fetcher_class = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if fetcher_class is not None:
        return fetcher_class(allowed_protocols=())

    def refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"a handout loads nothing, not even {url}")

    return refuse
