"""QR codes for web addresses printed on a handout, drawn offline as inline SVG.

The code holds the address exactly as the catalog has it: nothing is added
(no tracking parameters), so what a phone opens is what the page prints
beside the code. segno is imported here only, so that `show` and the other
commands never pay for it.
"""

from __future__ import annotations

from painguide.render.html import text

# catalog/validate.py refuses a web address longer than a QR code holds at the
# error correction used here (MAX_URL_BYTES), so every address it admits can be drawn.


def qr_svg(url: str, description: str) -> str:
    """An <svg> element for `url`; `description` is its accessible name (and a PDF's alt text)."""
    import segno

    # Medium error correction survives a fold or a smudge; a fixed level (no
    # boost) keeps the same address drawing the same code on every run.
    code = segno.make(url, error="m", micro=False, boost_error=False)
    svg = code.svg_inline(omitsize=True, svgclass=None, lineclass=None, dark="#000", light="#fff")
    head, _, rest = svg.partition(">")
    if not head.startswith("<svg "):
        raise ValueError("segno did not draw an <svg> element")
    return f'<svg class="qr" role="img" {head[5:]}><title>{text(description)}</title>{rest}'
