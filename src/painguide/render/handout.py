"""A printable packet of topics: one self-contained HTML file.

Printed, every page carries the clinic's name, phone and website, the
disclaimer, the page number and the date at its foot (CSS page-margin
boxes), so a page handed over on its own still says where it came from and
whom to call. Several topics get a compact cover (contact, QR code, the
list of topics) at the top of the first page; one topic gets a short
masthead instead. Each further topic starts on a new page; its title,
other names and main message run across the page and the rest is printed
in two columns (one in large print). The last lines of a topic (its
references, and at least TAIL_WORDS words) are kept together so that no
page is left holding a few stray lines.

The file needs nothing else: styles are inline, QR codes are inline SVG,
there are no scripts or fonts, and the Content-Security-Policy forbids
loading anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from painguide.catalog.model import Catalog, CatalogInfo, Clinic, Topic
from painguide.i18n import N_, _, language, long_date, using
from painguide.queries import HandoutTopic
from painguide.render.document import Block, Bullets, Heading, Paragraph, spans
from painguide.render.document import Document as Doc
from painguide.render.html import BASE_CSS, blocks, css_string, page, safe_href, text
from painguide.render.pages import references_heading, topic_page
from painguide.render.qr import qr_svg
from painguide.textsafe import draws_nothing, visible

# A topic's last lines are kept together until they hold this many words, so
# if they are pushed to a new page it is not near-empty (under 40 words, the
# limit the print tests hold every page to; 5 more for safety).
TAIL_WORDS = 45
# A handout is a few topics for one person: a PDF costs one to two seconds a
# page, and 200 topics did not finish in five minutes.
MAX_TOPICS = 20
# What a handout prints, in characters of text (markup aside), each block at
# least a line (LINE_CHARS). The longest bundled topic costs 15,000 (17,000 in
# Spanish) and all 17 of them 155,000 (180,000; 88 s as a PDF). Neither the topic count nor the field lengths
# bound this on their own: 10,000 key points made a 358-page PDF of one
# topic (311 s, 692 MB).
# Layout is counted too, not only characters: each paragraph, heading, list item and table row
# takes at least a line, so each costs at least LINE_CHARS (14,000 one-letter key points printed
# 160 pages; fourth adversarial pass #4).
MAX_TOPIC_CHARS = 30_000
MAX_HANDOUT_CHARS = 200_000
LINE_CHARS = 60
# The clinic's name, contact, hours and locations (each at least a line), printed on the front and
# again (the phones) on the plan: 2,000 locations made a 24-page handout of one topic.
MAX_CLINIC_CHARS = 6_000
# A note from the clinician is a few lines on the plan page.
MAX_NOTE_CHARS = 1000
LOG_ROWS = 7
PLAN_LINES = 3
TEACH_BACK = (
    N_("In your own words, what is one thing you will try?"),
    N_("How will you know if it is helping?"),
    N_("What will you do if your pain gets worse, or if you have a question?"),
)
LOG_INTRO = N_(
    "Fill in one row each day for a week, even on good days. Bring this page to your next visit, "
    "so that you and your care team can look for patterns together."
)


class HandoutOptions(NamedTuple):
    large_print: bool = False
    plan: bool = False
    note: str = ""
    logs: bool = False
    # "letter", "a4", or "" for the printer's own paper.
    paper: str = ""


HANDOUT_CSS = """
body { font-family: Arial, "Liberation Sans", Helvetica, "Nimbus Sans", sans-serif; color: #1a1a1a; }
/* A word longer than its line (a field may hold 5,000 characters) wraps instead of running off the page. */
body { overflow-wrap: break-word; }
table.log th { overflow-wrap: anywhere; }
.front { margin: 0 0 1.5rem; }
.front p { margin: 0.15rem 0; }
.front .clinic { font-size: 1.5rem; font-weight: 700; line-height: 1.2; }
.front h1 { margin-top: 0.75rem; }
.card { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem; }
.card .who { flex: 1 1 auto; min-width: 0; }
.made { color: #555; }
.disclaimer { font-style: italic; }
.contents { columns: 2; column-gap: 2rem; }
article.topic ~ article.topic, section.plan, section.log {
  border-top: 3px double #999; margin-top: 2.5rem; padding-top: 1.5rem;
}
.contents li { break-inside: avoid; }
.qr { display: block; width: 8rem; height: 8rem; flex: none; }
.qr-link { display: flex; align-items: center; gap: 1rem; margin: 0.4rem 0; break-inside: avoid; }
.qr-link p { margin: 0; }
.url { overflow-wrap: anywhere; }
.references { font-size: 0.875rem; line-height: 1.35; }
.plan .note { border: 2px solid #000; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
.plan .note p { margin: 0.25rem 0; }
.line { border-bottom: 1px solid #000; height: 1.9em; }
.talked { columns: 3; }
.plan-end { display: flex; gap: 2rem; }
.plan-end > div { flex: 1 1 0; min-width: 0; }
.blank { display: inline-block; min-width: 10em; border-bottom: 1px solid #000; }
.fill p { margin: 0.6rem 0; }
.teach-back li { margin-bottom: 0.5rem; }
table.log { width: 100%; border-collapse: collapse; margin-top: 0.75rem; }
table.log th, table.log td { border: 1px solid #000; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
table.log td { height: 2.6rem; }
"""

PRINT_CSS = """
@media print {
  html { font-size: 12pt; }
  body { max-width: none; margin: 0; padding: 0; font-size: 1rem; line-height: 1.3; color: #000; }
  h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1.15rem; line-height: 1.2; margin: 0.4rem 0 0.1rem; }
  h3 { font-size: 1.05rem; line-height: 1.2; margin: 0.3rem 0 0.05rem; }
  p { margin: 0.15rem 0 0.25rem; }
  ul, ol { margin: 0 0 0.2rem; padding-left: 1.3rem; }
  li { margin: 0; }
  h1, h2, h3, .callout-title { break-after: avoid; page-break-after: avoid; }
  p, li { orphans: 2; widows: 2; }
  tr, .qr-link, .note, .plan-help, .contents li, .teach-back li, .references li {
    break-inside: avoid; page-break-inside: avoid;
  }
  .tail { break-inside: avoid; page-break-inside: avoid; }
  article.topic ~ article.topic, section.plan, section.log {
    break-before: page; page-break-before: always; border: 0; margin-top: 0; padding-top: 0;
  }
  .front { margin-bottom: 0.5rem; padding-bottom: 0.3rem; border-bottom: 2px solid #000; }
  .front p { margin: 0.05rem 0; }
  .front .clinic { font-size: 1.3rem; }
  .front .made, .front .disclaimer { font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  mark { background: none; font-weight: 700; }
  .callout { margin: 0.4rem 0; padding: 0.2rem 0.6rem; border-left-width: 6px; }
  .callout p { margin: 0.1rem 0; }
  .callout ul { margin: 0; }
  .callout.main .callout-title { float: left; margin: 0.1rem 0.4em 0 0; }
  .topic-body { columns: 2; column-gap: 8mm; }
  .references, .tail p.muted { font-size: 10pt; line-height: 1.25; }
  .plan h2 { margin-top: 0.55rem; }
  .cover h1 { font-size: 1.4rem; margin: 0.5rem 0 0.1rem; }
  .cover h2 { font-size: 1.05rem; border: 0; margin: 0.2rem 0 0; }
  .contents { columns: 3; margin-bottom: 0.2rem; }
  .qr { width: 25mm; height: 25mm; }
  table.log td { height: 16mm; }
}
"""

LARGE_CSS = """
html { font-size: 135%; }
body { font-size: 1rem; max-width: 52rem; color: #000; line-height: 1.55; }
.muted, .made { color: #333; }
@media screen { a { color: #00308f; } }
h2 { border-bottom: 2px solid #000; }
@media print {
  html { font-size: 16pt; }
  body { line-height: 1.5; }
  .topic-body { columns: auto; }
  h1 { font-size: 1.55rem; }
  h2 { font-size: 1.3rem; }
  h3 { font-size: 1.12rem; }
  .references, .tail p.muted, .front .made, .front .disclaimer { font-size: 14pt; line-height: 1.35; }
  .qr { width: 30mm; height: 30mm; }
  table.log td { height: 20mm; }
}
"""


STANDARD = HandoutOptions()


def handout(items: Sequence[HandoutTopic], info: CatalogInfo, made: dt.date, options: HandoutOptions = STANDARD) -> str:
    """The whole packet as one HTML document; UsageError for more topics or a longer note than a handout holds."""
    _check_size(items, options)
    _check_clinic(info)
    day = long_date(made)
    parts = [_front(items, info, day, options), "<main>"]
    printed = 0
    for item in items:
        parts.append(_topic(item, info))
        printed = _check_printed(item.topic, parts[-1], printed)
        for code, other in item.also:
            with using(code):
                parts.append(_topic(other, info, code))
            printed = _check_printed(other.topic, parts[-1], printed)
        log = _log(item.topic) if options.logs else None
        if log is not None:
            parts.append(_log_page(item.topic, *log))
    if options.plan or options.note:
        parts.append(_plan(items, info, options))
    parts.append("</main>")
    titles = ", ".join(item.topic.title for item in items)
    css = BASE_CSS + HANDOUT_CSS + PRINT_CSS + (LARGE_CSS if options.large_print else "")
    css += _page_css(info, day, options)
    meta = {"author": info.clinic.name if info.clinic else info.title, "dcterms.created": made.isoformat()}
    return page(_("Handout: {titles}").format(titles=titles), "\n".join(parts), css, meta, language())


def _check_size(items: Sequence[HandoutTopic], options: HandoutOptions) -> None:
    from painguide.errors import UsageError

    # A bilingual handout prints each topic once per language: each counts.
    printed = sum(1 + len(item.also) for item in items)
    if printed > MAX_TOPICS:
        named = (
            f"{len(items)} were named"
            if printed == len(items)
            else f"each language counts: {len(items)} in {printed // len(items)} languages make {printed}"
        )
        raise UsageError(f"a handout holds at most {MAX_TOPICS} topics ({named}); print the others in a second handout")
    if options.note and draws_nothing(options.note):
        raise UsageError("--note is blank; write the note, or leave the option out")
    if any(0xD800 <= ord(char) <= 0xDFFF for char in options.note):
        # A byte that is not UTF-8 on the command line arrives as a lone surrogate, which no file can hold.
        raise UsageError("--note has a byte that is not UTF-8; type it again in UTF-8")
    # Each line prints as a line: a thousand line breaks were 24 pages of an empty box (eighth pass #3).
    size = sum(max(len(line), LINE_CHARS) for line in options.note.splitlines())
    if size > MAX_NOTE_CHARS:
        raise UsageError(
            f"--note prints as {size:,} characters (each line counts as at least {LINE_CHARS}); a note may hold at "
            f"most {MAX_NOTE_CHARS:,}"
        )


# A topic whose text (each piece at least a line) costs less than half the limit cannot print more
# than a handout holds (headings and labels add far less than as much again), so only a costlier one
# is laid out to be measured.
_SURELY_FITS_SHARE = 0.5


def too_long(topic: Topic, catalog: Catalog) -> str:
    """Why `handout` and `site` would refuse `topic` of `catalog` as longer than a handout prints, or "" if not."""
    references = {ref: catalog.references[ref] for ref in topic.cited_refs() if ref in catalog.references}
    titles = {topic_id: catalog.topics[topic_id].title for topic_id in topic.related if topic_id in catalog.topics}
    # Everything the topic's page prints: its own fields, the references it cites and the titles it links to.
    if _text_length((topic, tuple(references.values()), tuple(titles.values()))) < MAX_TOPIC_CHARS * _SURELY_FITS_SHARE:
        return ""
    size = _cost(_topic(HandoutTopic(topic, references, titles), catalog.info))
    if size <= MAX_TOPIC_CHARS:
        return ""
    return (
        f"a handout would print {size:,} characters of it (each line at least {LINE_CHARS}), more than it prints "
        f"for one topic ({MAX_TOPIC_CHARS:,}); handout and site refuse it, so shorten it"
    )


def clinic_too_long(info: CatalogInfo) -> str:
    """Why `handout` and `site` would refuse every handout of a catalog whose clinic is `info.clinic`, or "" if not."""
    size = _clinic_cost(info.clinic)
    if size <= MAX_CLINIC_CHARS:
        return ""
    return (
        f"a handout would print {size:,} characters of the clinic's details and locations (each line at least "
        f"{LINE_CHARS}), more than it prints for them ({MAX_CLINIC_CHARS:,}); handout and site refuse it, "
        "so shorten them or list fewer locations"
    )


def _clinic_cost(clinic: Clinic | None) -> int:
    """What the front page and the plan print of `clinic`: each line, and each location, at least a line."""
    if clinic is None:
        return 0
    lines = [clinic.name, clinic.phone, clinic.hours, clinic.website]
    for place in clinic.locations:
        lines.append(" ".join(part for part in (place.name, place.address, place.phone) if part))
        if place.phone:
            lines.append(f"{place.name}: {place.phone}")
    return sum(max(len(line), LINE_CHARS) for line in lines if line)


def _check_clinic(info: CatalogInfo) -> None:
    from painguide.errors import HandoutTooLarge

    size = _clinic_cost(info.clinic)
    if size > MAX_CLINIC_CHARS:
        raise HandoutTooLarge(
            _(
                "the clinic's details and locations print as {size} characters (each line counts as at least "
                "{line}), more than a handout prints for them ({limit}); shorten them or list fewer locations in the "
                "catalog"
            ).format(size=f"{size:,}", line=LINE_CHARS, limit=f"{MAX_CLINIC_CHARS:,}")
        )


def _text_length(value: object) -> int:
    """The characters of every string in `value`, each at least a line (a short list item still takes one)."""
    if isinstance(value, str):
        return max(len(value), LINE_CHARS)
    if isinstance(value, tuple):
        return sum(_text_length(part) for part in value)
    return 0


def _text_size(html: str) -> int:
    return len(html) - sum(len(tag) for tag in _TAG.findall(html))


def _cost(html: str) -> int:
    """The characters `html` prints, each paragraph, heading, list item and table row counted as at least a line."""
    return sum(
        max(_text_size(piece), LINE_CHARS) if _BLOCK_START.match(piece) else _text_size(piece)
        for piece in _BLOCK.split(html)
    )


def _check_printed(topic: Topic, html: str, before: int) -> int:
    """The characters printed so far with this topic's `html`; HandoutTooLarge past a handout's bounds."""
    from painguide.errors import HandoutTooLarge

    size = _cost(html)
    if size > MAX_TOPIC_CHARS:
        raise HandoutTooLarge(
            _(
                "topic '{topic}' prints as {size} characters (each line counts as at least {line}), more than a "
                "handout prints for one topic ({limit}); shorten it in the catalog"
            ).format(topic=topic.id, size=f"{size:,}", line=LINE_CHARS, limit=f"{MAX_TOPIC_CHARS:,}")
        )
    if before + size > MAX_HANDOUT_CHARS:
        raise HandoutTooLarge(
            _(
                "with topic '{topic}' the handout prints as {size} characters (each line counts as at least "
                "{line}), more than one handout prints ({limit}); print the topics from '{topic}' on in a "
                "second handout"
            ).format(topic=topic.id, size=f"{before + size:,}", line=LINE_CHARS, limit=f"{MAX_HANDOUT_CHARS:,}")
        )
    return before + size


_TAG = re.compile(r"<[^>]*>")
# Where a printed block starts: the HTML is cut before each, so each piece is one block's own text.
_BLOCK = re.compile(r"(?=<(?:p|li|h[1-6]|tr)[\s>])")
_BLOCK_START = re.compile(r"<(?:p|li|h[1-6]|tr)[\s>]")


def _page_css(info: CatalogInfo, day: str, options: HandoutOptions) -> str:
    """Page size, margins and the footer every printed page carries."""
    who, disclaimer = _footer_text(info, options.large_print)
    left = " ".join((css_string(who), css_string("\n"), css_string(disclaimer)))
    page_of = _("Page {number} of {total}")
    before, _sep, rest = page_of.partition("{number}")
    between, _sep, after = rest.partition("{total}")
    made = _("Made {date}").format(date=day)
    pieces = [css_string(before), "counter(page)", css_string(between), "counter(pages)", css_string(after)]
    right = " ".join(piece for piece in pieces if piece != '""') + f" {css_string(chr(10))} {css_string(made)}"
    size = f"size: {options.paper}; " if options.paper else ""
    large = options.large_print
    font = "12pt" if large else "9.5pt"
    bottom = "32mm" if large else "21mm"
    box = (
        f"font: {font}/1.3 Arial, 'Liberation Sans', Helvetica, sans-serif; color: #000; vertical-align: top; "
        "overflow-wrap: anywhere;"
    )
    # Two boxes side by side whose widths add up to less than the page: each
    # wraps inside its own share, so no language's words (Spanish dates are
    # long) can run into the other box at any size.
    return (
        f"@page {{ {size}margin: 12mm 13mm {bottom}; "
        f"@bottom-left {{ content: {left}; white-space: pre-wrap; {box} width: 64%; padding-top: 2mm; }} "
        f"@bottom-right {{ content: {right}; white-space: pre-wrap; text-align: right; {box} width: 32%; "
        "padding-top: 2mm; } }\n"
    )


# What the footer's left box holds: its width (78% of the narrower paper,
# A4, less its margins) in ems of the footer's size, and the lines the
# bottom margin has room for, for standard and large print. The footer is a
# reminder on every page; the front page has the contact and the disclaimer
# in full, so a footer that would not fit in the margin is shortened.
FOOTER_LINE_EMS = {False: 42.0, True: 33.0}
FOOTER_LINES = {False: 4, True: 5}
FOOTER_MORE = N_("(in full on the first page)")


def _footer_text(info: CatalogInfo, large: bool) -> tuple[str, str]:
    """The footer's contact line and disclaimer, each cut to what the bottom margin holds."""
    line, lines = FOOTER_LINE_EMS[large], FOOTER_LINES[large]
    clinic = info.clinic
    # Measured as printed: an invisible character (a soft hyphen, a zero-width space) is printed as a
    # mark eight letters wide (<U+00AD>), so the text is marked before it is measured and cut.
    parts = [visible(part) for part in ([clinic.name, *_contact_parts(clinic)] if clinic else [info.title])]
    # A line breaks at a word, so it holds a little less than its width: count 90% of it.
    who_room = 2 * line * 0.9
    who = " \u00b7 ".join(parts)
    if _ems(who) > who_room and clinic is not None and clinic.website:
        # Two lines at most; the website is on the front page too, with its QR code.
        parts = [part for part in parts if part != visible(clinic.website)]
        who = " \u00b7 ".join(parts)
    who = _cut(who, who_room, "")
    left = lines - (1 if _ems(who) <= line * 0.9 else 2)
    return who, _cut(visible(info.disclaimer), left * line * 0.8, " " + _(FOOTER_MORE))


def _ems(value: str) -> float:
    """About how wide `value` is set in the footer's font, in ems, erring wide (M and W are the widest letters)."""
    return sum(_char_ems(char) for char in value)


# Dashes a font draws as wide as their names say (the seventh adversarial pass's three-em dashes ran the footer
# 22 points off the page when counted as one em).
_EM_DASHES = {"\u2e3a": 2.0, "\u2e3b": 3.0}


def _char_ems(char: str) -> float:
    if char in "MWmw@%":
        return 0.95
    if char.isascii():
        return 0.75 if char.isupper() else 0.3 if char == " " else 0.6
    if char in _EM_DASHES:
        return _EM_DASHES[char]
    import unicodedata

    code = ord(char)
    if (0xC0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF) and char.isalpha():
        # A Latin letter is as wide as the letters it is made of: "é" as "e", the digraph "ǅ" as "D" and "ž".
        letters = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
        return sum(_char_ems(c) if c.isascii() else 1.0 for c in letters) or 1.0
    if code <= 0xFF or 0x370 <= code <= 0x52F or 0x2010 <= code <= 0x2027:
        # Latin-1's signs, Greek, Cyrillic, dashes, quotes and the ellipsis: none wider than an M in the
        # footer's fonts (the fourth pass's em dashes and Cyrillic capitals are as wide as one).
        return 1.0
    if unicodedata.east_asian_width(char) in ("W", "F") and not unicodedata.category(char).startswith("S"):
        return 1.0  # CJK ideographs, kana, Hangul and full-width forms are set one em wide
    # Anything else (other scripts, symbols, emoji, per mille and per ten thousand) may be nearly two ems wide
    # in the fonts a printer falls back to (U+2031 is 1.74 in DejaVu Sans, Canadian syllabics up to 2).
    return 2.0


def _cut(value: str, room: float, more: str) -> str:
    """`value` if it is at most `room` ems wide, else its first words, an ellipsis and `more`."""
    value = " ".join(value.split())
    if _ems(value) <= room:
        return value
    budget = room - _ems(more) - 1
    end = 0
    width = 0.0
    while end < len(value) and width + _ems(value[end]) <= budget:
        width += _ems(value[end])
        end += 1
    keep = value[: max(end, 1)]
    if " " in keep and end < len(value) and value[end] != " ":
        keep = keep.rsplit(" ", 1)[0]
    return keep.rstrip() + "\u2026" + more


def _contact_parts(clinic: Clinic) -> list[str]:
    phone = _("Phone {number}").format(number=clinic.phone) if clinic.phone else ""
    return [part for part in (phone, clinic.website) if part]


def _front(items: Sequence[HandoutTopic], info: CatalogInfo, day: str, options: HandoutOptions) -> str:
    """A compact cover for several topics, a masthead for one: who to call, and what this is."""
    cover = len(items) > 1
    lines = [f'<header class="front {"cover" if cover else "masthead"}">']
    clinic = info.clinic
    if clinic is not None:
        lines += ['<div class="card">', '<div class="who">', f'<p class="clinic">{text(clinic.name)}</p>']
        reach = [_("Phone:") + f" <strong>{text(clinic.phone)}</strong>"] if clinic.phone else []
        reach += [_("Hours:") + f" {text(clinic.hours)}"] if clinic.hours else []
        if reach:
            lines.append(f"<p>{' &middot; '.join(reach)}</p>")
        if clinic.website:
            lines.append("<p>" + _("Website:") + f" {_web(clinic.website)}</p>")
        lines += _places(clinic)
        lines.append("</div>")
        if clinic.website:
            lines.append(qr_svg(clinic.website, _("QR code for the clinic website")))
        lines.append("</div>")
    if cover:
        extra = ([_("My plan")] if options.plan or options.note else []) + _log_titles(items, options)
        lines += [
            f"<h1>{text(info.title)}</h1>",
            ("<h2>" + _("In this packet") + '</h2>\n<ol class="contents">'),
            *(f"<li>{text(title)}</li>" for title in [item.topic.title for item in items] + extra),
            "</ol>",
        ]
    made = _("Made {date} from {title} (catalog version {version}).")
    lines += [
        f'<p class="made">{made.format(date=day, title=text(info.title), version=text(info.version))}</p>',
        f'<p class="disclaimer">{text(info.disclaimer)}</p>',
        "</header>",
    ]
    return "\n".join(lines)


def _places(clinic: Clinic) -> list[str]:
    """Every location on one line: a name, with its address and phone where the catalog has them."""
    places = []
    for place in clinic.locations:
        details = [text(value) for value in (place.address, f"phone {place.phone}" if place.phone else "") if value]
        places.append(text(place.name) + (f" ({', '.join(details)})" if details else ""))
    return [f'<p class="places">{" &middot; ".join(places)}</p>'] if places else []


def _topic(item: HandoutTopic, info: CatalogInfo, code: str = "") -> str:
    """One topic; `code` names its language when it differs from the handout's (the second of a bilingual one)."""
    topic = item.topic
    document = topic_page(topic._replace(links=()), item.references, item.related, info, commands=False, footer=False)
    body, tail = _split(document.blocks)
    ident = f"topic-{text(topic.id)}" + (f"-{code}" if code else "")
    lang = f' lang="{code}"' if code else ""
    head = _head(body, topic)
    parts = [
        f'<article class="topic" id="{ident}"{lang}>',
        '<div class="topic-head">',
        blocks(Doc("", body[:head])),
        "</div>",
        '<div class="topic-body">',
        blocks(Doc("", body[head:])),
    ]
    if topic.links:
        parts += [("<h2>" + _("Learn more") + "</h2>"), *(_qr_link(link.label, link.url) for link in topic.links)]
    parts += ['<div class="tail">', *_tail(tail), "</div>", "</div>", "</article>"]
    return "\n".join(part for part in parts if part)


def _head(content: tuple[Block, ...], topic: Topic) -> int:
    """How many blocks open the topic across the page: those before its summary.

    That is the title, the other names and the main message, in the order
    `topic_page` gives them; the summary and everything after are printed
    in columns.
    """
    summary = Paragraph(spans(topic.summary))
    return next((i for i, block in enumerate(content) if block == summary), min(1, len(content)))


def _split(content: tuple[Block, ...]) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """(body, tail): the tail, from the references on, is kept in one column (so on one page).

    If that is fewer than TAIL_WORDS words, the sections (or sub-sections)
    before it join it, so a topic never ends on a page of its own with a few
    lines.
    """
    heading = references_heading()
    refs = next((i for i, b in enumerate(content) if isinstance(b, Heading) and b.text == heading), None)
    start = len(content) - 1 if refs is None else refs
    while start > 1 and _words(content[start:]) < TAIL_WORDS:
        start = next((i for i in range(start - 1, 0, -1) if isinstance(content[i], Heading)), 1)
    return content[:start], content[start:]


def _tail(content: tuple[Block, ...]) -> list[str]:
    """The tail's HTML, with the reference list set in smaller type."""
    out: list[str] = []
    for index, block in enumerate(content):
        after_refs = index > 0 and content[index - 1] == Heading(references_heading())
        if after_refs and isinstance(block, Bullets):
            out.append(f'<div class="references">\n{blocks(Doc("", (block,)))}\n</div>')
        else:
            out.append(blocks(Doc("", (block,))))
    return out


def _words(content: Sequence[Block]) -> int:
    """Words as printed: the spans of a line are joined first ("doi:" and its link are one word)."""
    lines: list[str] = []
    for block in content:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            lines.append("".join(span.text for span in block.content))
        elif isinstance(block, Bullets):
            lines += ["".join(span.text for span in item) for item in block.items]
    return sum(len(line.split()) for line in lines)


def _qr_link(label: str, url: str) -> str:
    qr_label = _("QR code for {label}").format(label=label)
    return f'<div class="qr-link">{qr_svg(url, qr_label)}<p><strong>{text(label)}</strong><br>\n{_web(url)}</p></div>'


def _web(url: str) -> str:
    """A web address printed whole; a link on screen and in a PDF."""
    href = safe_href(url)
    return f'<a class="url" href="{href}">{text(url)}</a>' if href else f'<span class="url">{text(url)}</span>'


def _log(topic: Topic) -> tuple[str, tuple[str, ...]] | None:
    """A topic's printable log (title and column names), if its catalog entry has one."""
    return None if topic.log is None else (topic.log.title, topic.log.columns)


def _log_titles(items: Sequence[HandoutTopic], options: HandoutOptions) -> list[str]:
    if not options.logs:
        return []
    return [log[0] for log in (_log(item.topic) for item in items) if log is not None]


def _log_page(topic: Topic, title: str, columns: tuple[str, ...]) -> str:
    head = "".join(f'<th scope="col">{text(column)}</th>' for column in columns)
    row = "<tr>" + "<td></td>" * len(columns) + "</tr>"
    return "\n".join(
        [
            f'<section class="log" aria-labelledby="log-{text(topic.id)}">',
            f'<h1 id="log-{text(topic.id)}">{text(title)}</h1>',
            "<p>" + _("From the topic: {title}.").format(title=text(topic.title)) + " " + _(LOG_INTRO) + "</p>",
            f'<table class="log">\n<thead><tr>{head}</tr></thead>\n<tbody>',
            *([row] * LOG_ROWS),
            "</tbody>\n</table>",
            "</section>",
        ]
    )


def _plan(items: Sequence[HandoutTopic], info: CatalogInfo, options: HandoutOptions) -> str:
    lines = [
        '<section class="plan" aria-labelledby="plan-title">',
        ('<h1 id="plan-title">' + _("My plan") + "</h1>"),
        "<p>"
        + _(
            "Fill this in with your care team before you leave. Keep it where you will see it, "
            "and bring it to your next visit."
        )
        + "</p>",
    ]
    if options.note:
        note = "<br>\n".join(text(line) for line in options.note.strip().splitlines())
        lines += [
            '<div class="note">',
            ("<h2>" + _("A note from your care team") + "</h2>"),
            f"<p>{note}</p>",
            "</div>",
        ]
    lines += [
        ("<h2>" + _("What we talked about") + "</h2>"),
        '<ul class="talked">',
        *(f"<li>{text(item.topic.title)}</li>" for item in items),
        "</ul>",
        ("<h2>" + _("What I will try this week") + "</h2>"),
        _writing_lines(PLAN_LINES),
        ("<h2>" + _("Say it in your own words") + "</h2>"),
        '<ol class="teach-back">',
        *("<li>" + _(prompt) + f"\n{_writing_lines(1)}</li>" for prompt in TEACH_BACK),
        "</ol>",
        # Kept on one page: if the plan runs over, this moves whole, so the
        # second page is never a few stray lines.
        '<div class="plan-help">',
        ("<h2>" + _("Get help right away") + "</h2>"),
    ]
    urgent = _urgent(items)
    if urgent:
        lines += ["<ul>", *(f"<li>{text(sign)}</li>" for sign in urgent), "</ul>"]
    else:
        ask = _("Ask your care team which signs mean you should get help right away, and write them here.")
        lines += [f"<p>{ask}</p>"]
        lines.append(_writing_lines(2))
    lines += ['<div class="plan-end">', "<div>", ("<h2>" + _("Who to call") + "</h2>"), *_who_to_call(info.clinic)]
    lines += [
        ("<p>" + _("Call with any question about this plan, or if something new worries you.") + "</p>"),
        "</div>",
    ]
    lines += [
        "<div>",
        ("<h2>" + _("My next visit") + "</h2>"),
        '<div class="fill">',
        ("<p>" + _("Date:") + ' <span class="blank"></span></p>'),
        ("<p>" + _("Time:") + ' <span class="blank"></span></p>'),
        ("<p>" + _("With:") + ' <span class="blank"></span></p>'),
        "</div>",
        "</div>",
        "</div>",
        "</div>",
        "</section>",
    ]
    return "\n".join(lines)


def _urgent(items: Sequence[HandoutTopic]) -> list[str]:
    """Every topic's "get help right away" signs, each once, in topic order."""
    seen: dict[str, None] = {}
    for item in items:
        for sign in getattr(item.topic, "urgent", ()) or ():
            if isinstance(sign, str) and sign.strip():
                seen.setdefault(sign.strip(), None)
    return list(seen)


def _who_to_call(clinic: Clinic | None) -> list[str]:
    if clinic is None or not (clinic.phone or any(place.phone for place in clinic.locations)):
        name = f"<p>{text(clinic.name)}</p>" if clinic is not None else ""
        return [
            name,
            '<div class="fill">',
            ("<p>" + _("Name:") + ' <span class="blank"></span></p>'),
            ("<p>" + _("Phone:") + ' <span class="blank"></span></p>'),
            "</div>",
        ]
    lines = [f"<p><strong>{text(clinic.name)}</strong>"]
    if clinic.phone:
        lines[0] += f": <strong>{text(clinic.phone)}</strong>"
    lines[0] += "</p>"
    if clinic.hours:
        lines.append("<p>" + _("Hours:") + f" {text(clinic.hours)}</p>")
    phones = [place for place in clinic.locations if place.phone]
    if phones:
        lines += ["<ul>", *(f"<li>{text(p.name)}: {text(p.phone)}</li>" for p in phones), "</ul>"]
    return lines


def _writing_lines(count: int) -> str:
    # Ruled lines to write on; they carry no text, so assistive technology skips them.
    return '<div class="lines" aria-hidden="true">' + '<div class="line"></div>' * count + "</div>"
