"""A printable packet of topics: one self-contained HTML file.

The cover names the clinic and its locations; each topic starts on a new
printed page and carries its own references, the date the packet was made
and the disclaimer, so a page handed over on its own still says where it
came from. The file needs nothing else: styles are inline, there are no
images, fonts or scripts, and the Content-Security-Policy forbids loading
any of them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import NamedTuple

from painguide.catalog.model import CatalogInfo, Reference, Topic
from painguide.render.html import BASE_CSS, blocks, page, text
from painguide.render.pages import topic_page


class HandoutTopic(NamedTuple):
    topic: Topic
    references: dict[str, Reference]
    related: dict[str, str]


PRINT_CSS = """
.cover .clinic { font-size: 2.2rem; font-weight: 700; margin: 0 0 0.25rem; line-height: 1.2; }
.cover .locations { font-size: 1.1rem; margin: 0 0 2rem; }
.cover h1 { font-size: 1.5rem; font-weight: 600; }
.made { color: #555; font-size: 0.9rem; }
section.topic { border-top: 3px double #999; margin-top: 2.5rem; padding-top: 1.5rem; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
li { break-inside: avoid; page-break-inside: avoid; }
@page {
  margin: 15mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #555; }
}
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; margin: 0; padding: 0; font-size: 1rem; line-height: 1.35; }
  h2 { margin: 1rem 0 0.3rem; }
  a { color: inherit; text-decoration: none; }
  mark { background: none; font-weight: 700; }
  section.topic { border-top: 0; margin-top: 0; padding-top: 0; break-before: page; page-break-before: always; }
  .cover { padding-top: 25mm; }
}
"""


def made_on() -> dt.date:
    """Today, or the date in SOURCE_DATE_EPOCH (for reproducible builds and tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            from painguide.errors import UsageError
            from painguide.textsafe import shorten

            # A reproducible build must not quietly print another date.
            raise UsageError(
                f"SOURCE_DATE_EPOCH={shorten(epoch, 20)} is past the last date painguide can print "
                "(9999-12-31); give seconds since 1970, or unset it."
            ) from None
    return dt.date.today()


def handout(items: Sequence[HandoutTopic], info: CatalogInfo, made: dt.date) -> str:
    """The whole packet as one HTML document."""
    day = made.isoformat()
    sections = [_cover(items, info, day)]
    for item in items:
        document = topic_page(item.topic, item.references, item.related, info, commands=False)
        sections.append(
            f'<section class="topic" id="topic-{text(item.topic.id)}">\n{blocks(document)}\n'
            f'<p class="made">Handout made {day} from {_source(info)}.</p>\n</section>'
        )
    titles = ", ".join(item.topic.title for item in items)
    return page(f"Handout: {titles}", "\n".join(sections), BASE_CSS + PRINT_CSS)


def _source(info: CatalogInfo) -> str:
    return f"{text(info.title)} (catalog version {text(info.version)})"


def _cover(items: Sequence[HandoutTopic], info: CatalogInfo, day: str) -> str:
    lines = ['<section class="cover">']
    if info.clinic is not None:
        lines.append(f'<p class="clinic">{text(info.clinic.name)}</p>')
        if info.clinic.locations:
            places = " &middot; ".join(text(place) for place in info.clinic.locations)
            lines.append(f'<p class="locations">{places}</p>')
    lines += [
        f"<h1>{text(info.title)}</h1>",
        "<p>Information about the topics below, to read at home and to bring to your next visit.</p>",
        "<h2>In this packet</h2>",
        "<ol>",
        *(f"<li>{text(item.topic.title)}</li>" for item in items),
        "</ol>",
        f'<p class="made">Made {day} from {_source(info)}.</p>',
        "<hr>",
        f"<p><em>{text(info.disclaimer)}</em></p>",
        "</section>",
    ]
    return "\n".join(lines)
