"""Build the document for each command's output. No I/O, no formatting."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

from painguide.catalog import schema
from painguide.catalog.model import Alert, CatalogInfo, Category, Clinic, Core, Evidence, Reference, Review, Topic
from painguide.catalog.names import normalize
from painguide.catalog.schema import CERTAINTY_LABELS, NO_CERTAINTY_LABEL, Field
from painguide.i18n import N_, _, keep_note, long_date, ngettext
from painguide.render.citation_style import citation_parts
from painguide.render.document import Block, Bullets, Callout, Document, Heading, Inline, Paragraph, Rule, Span, spans

if TYPE_CHECKING:
    from painguide.index.hits import SearchResult
    from painguide.quality.check import CheckReport, Missed, ReviewStatus, TopicReport
    from painguide.queries import CodeLookup, Source


def topic_page(
    topic: Topic,
    references: dict[str, Reference],
    related: dict[str, str],
    info: CatalogInfo,
    *,
    commands: bool = True,
    footer: bool = True,
) -> Document:
    """Every section of a topic, always in the same order: the schema's `shown`.

    `commands=False` leaves out the "painguide show" hints, which mean
    nothing on a printed handout; `footer=False` leaves out the disclaimer
    and contact lines, which a handout prints at the foot of every page.
    """
    page = _TopicPage(topic, references, related, commands)
    blocks: list[Block] = []
    for spec in schema.shown("topic"):
        build = SECTIONS.get(spec.name)
        blocks += build(page) if build is not None else _plain_section(spec, getattr(topic, spec.name))
        if spec.name == _REFERENCES_AFTER:
            blocks += _references(page)
    if footer:
        blocks += page_footer(info)
    return Document(topic.title, tuple(blocks))


class _TopicPage(NamedTuple):
    """What the sections of one topic page read."""

    topic: Topic
    references: dict[str, Reference]
    related: dict[str, str]
    commands: bool

    @property
    def numbers(self) -> dict[str, int]:
        return {ref_id: n for n, ref_id in enumerate(self.topic.cited_refs(), start=1)}


def _plain_section(spec: Field, value: object) -> list[Block]:
    """A field the schema gives a `heading`: a text as a paragraph, a list of text as bullets."""
    if not value:
        return []
    if isinstance(value, str):
        return [Heading(_(spec.heading)), Paragraph(spans(value))]
    return [Heading(_(spec.heading)), _bullets(cast("Iterable[str]", value))]


def _title(page: _TopicPage) -> list[Block]:
    blocks: list[Block] = [Heading(page.topic.title, 1)]
    draft = translation_notice(page.topic)
    if draft:
        blocks.append(Paragraph(spans(Span(draft, "strong"))))
    return blocks


def _aliases(page: _TopicPage) -> list[Block]:
    if not page.topic.aliases:
        return []
    return [Paragraph(spans(Span(_("Also called: "), "strong"), ", ".join(page.topic.aliases)))]


def _main_message(page: _TopicPage) -> list[Block]:
    return [Callout(_("Main message"), (spans(page.topic.main_message),))] if page.topic.main_message else []


def _steps(page: _TopicPage) -> list[Block]:
    if not page.topic.steps:
        return []
    return [Heading(_("Steps to try")), Bullets(tuple(spans(step) for step in page.topic.steps), numbered=True)]


def _log(page: _TopicPage) -> list[Block]:
    log = page.topic.log
    if log is None:
        return []
    return [
        Paragraph(
            spans(
                Span(f"{log.title}: ", "strong"),
                _("each day, write down {columns}. Bring it to your next visit.").format(
                    columns=", ".join(log.columns)
                ),
            )
        )
    ]


def _research(page: _TopicPage) -> list[Block]:
    numbers = page.numbers
    return [
        Heading(_("What the research shows")),
        Bullets(tuple(_evidence(item, numbers) for item in page.topic.evidence)),
    ]


def _safety(page: _TopicPage) -> list[Block]:
    return [
        Heading(_("Safety")),
        Heading(_("Who should be careful"), 3),
        _bullets(page.topic.safety.careful),
        Heading(_("What to tell your practitioner and care team"), 3),
        _bullets(page.topic.safety.tell),
    ]


def _urgent(page: _TopicPage) -> list[Block]:
    if not page.topic.urgent:
        return []
    return [Callout(_("Get help right away"), tuple(spans(item) for item in page.topic.urgent), "urgent", True)]


def _related(page: _TopicPage) -> list[Block]:
    if not page.topic.related:
        return []
    return [
        Heading(_("Related topics")),
        Bullets(
            tuple(
                spans(page.related.get(r, r), Span(f" (painguide show {r})", "muted"))
                if page.commands
                else spans(page.related.get(r, r))
                for r in page.topic.related
            )
        ),
    ]


def _links(page: _TopicPage) -> list[Block]:
    if not page.topic.links:
        return []
    return [
        Heading(_("Learn more")),
        Bullets(tuple(spans(f"{link.label}: ", Span(link.url, href=link.url)) for link in page.topic.links)),
    ]


def _references(page: _TopicPage) -> list[Block]:
    numbers = page.numbers
    if not numbers:
        return []
    return [
        Heading(references_heading()),
        Bullets(tuple(_reference(page.references[r]) for r in numbers if r in page.references), numbered=True),
    ]


def _last_reviewed(page: _TopicPage) -> list[Block]:
    reviewed = _("Last reviewed: {date}").format(date=long_date(page.topic.last_reviewed))
    return [Paragraph(spans(Span(reviewed, "muted")))]


def _reviews(page: _TopicPage) -> list[Block]:
    return [Paragraph(spans(Span(signoff_line(page.topic), "muted")))]


# The sections the page lays out itself, by field; a field with a `heading` in
# the schema needs none (tests/test_pages.py holds every shown field to one or the other).
SECTIONS: dict[str, Callable[[_TopicPage], list[Block]]] = {
    "title": _title,
    "aliases": _aliases,
    "main_message": _main_message,
    "summary": lambda page: [Paragraph(spans(page.topic.summary))],
    "steps": _steps,
    "log": _log,
    "evidence": _research,
    "faq": lambda page: _faq(page.topic, page.numbers),
    "safety": _safety,
    "urgent": _urgent,
    "related": _related,
    "links": _links,
    "last_reviewed": _last_reviewed,
    "reviews": _reviews,
}
# The numbered references the evidence and answers cite come after the last link.
_REFERENCES_AFTER = "links"


def signoff_diff_page(topic: Topic, previous: Review | None, path: str) -> Document:
    """What a reviewer is about to sign: each covered item that is new or changed since the last sign-off."""
    from painguide.catalog.signoff import diff

    if previous is None:
        intro = _("No earlier sign-off: every item it covers is listed.")
    else:
        intro = _("Changed since the sign-off of {date} by {name} ({role}):").format(
            date=long_date(previous.date), name=previous.reviewer, role=previous.role
        )
    kinds = {"new": _("new"), "changed": _("new or changed")}
    lines: list[Inline] = []
    unchanged: list[str] = []
    for line in diff(topic, previous):
        if line.kind == "unchanged":
            unchanged.append(line.where)
        elif line.kind == "removed":
            count = int(line.text)
            lines.append(
                spans(
                    Span(f"{line.where}: ", "strong"),
                    ngettext("{n} item removed", "{n} items removed", count).format(n=count),
                )
            )
        else:
            lines.append(spans(Span(f"{line.where} ({kinds[line.kind]}): ", "strong"), line.text))
    blocks: list[Block] = [
        Heading(_("Sign-off: {title}").format(title=topic.title), 1),
        Paragraph(spans(_("File: {path}").format(path=shown_path(path)))),
        Paragraph(spans(intro)),
    ]
    if lines:
        blocks.append(Bullets(tuple(lines)))
    else:
        blocks.append(Paragraph(spans(_("Nothing has changed."))))
    if unchanged:
        blocks.append(Paragraph(spans(_("Unchanged: {fields}").format(fields=", ".join(unchanged)))))
    return Document(_("Sign-off"), tuple(blocks))


def references_heading() -> str:
    """The heading of a topic's references, in the active language (the handout finds a topic's tail by it)."""
    return _("References")


def signoff_line(topic: Topic) -> str:
    """What pages say of a topic's sign-off: "Reviewed by NAME (ROLE) on DATE", or "Not yet reviewed"."""
    from painguide.catalog.signoff import state

    signed = state(topic)
    if signed.review is None or not signed.valid:
        return _("Not yet reviewed")
    review = signed.review
    return _("Reviewed by {name} ({role}) on {date}").format(
        name=review.reviewer, role=review.role, date=long_date(review.date)
    )


# M6 of the Spanish review (2026-12): say who has not checked it, and what to do meanwhile.
UNREVIEWED_TRANSLATION = N_(
    "Notice: A bilingual health professional has not yet reviewed this translation. If anything is unclear, "
    "ask your care team or ask for an interpreter (it is free)."
)


def translation_notice(topic: Topic) -> str:
    """The notice a translated topic carries in every format until a sign-off covers its text as it is."""
    from painguide.catalog.signoff import state

    return _(UNREVIEWED_TRANSLATION) if topic.translation and not state(topic).valid else ""


def _catalog_notice(info: CatalogInfo) -> list[Block]:
    if info.translation == "draft":
        return [Paragraph(spans(Span(_(UNREVIEWED_TRANSLATION), "strong")))]
    return []


def list_page(
    categories: Iterable[Category], topics: Iterable[Topic], info: CatalogInfo, *, commands: bool = True
) -> Document:
    """Topics grouped by category, in catalog order, one line each (`commands=False`: no command hints, for the web)."""
    by_category: dict[str, list[Topic]] = {}
    for topic in topics:
        by_category.setdefault(topic.category, []).append(topic)
    blocks: list[Block] = [Heading(info.title, 1), *_catalog_notice(info)]
    shown = 0
    for category in categories:
        members = by_category.get(category.id)
        if not members:
            continue
        shown += 1
        # `list -c` takes the id or the title; the id is shown when typing
        # the title would not give it, so that the short form is discoverable.
        same = normalize(category.title) == normalize(category.id)
        blocks.append(Heading(category.title if same or not commands else f"{category.title} ({category.id})"))
        if category.description:
            blocks.append(Paragraph(spans(Span(category.description, "muted"))))
        blocks.append(Bullets(tuple(spans(Span(t.id, "strong"), f" - {_first_sentence(t.summary)}") for t in members)))
    if commands:
        blocks.append(Paragraph(spans(_("Read one with: painguide show TOPIC"))))
    if commands and shown > 1:
        blocks.append(Paragraph(spans(_("One category only: painguide list -c CATEGORY"))))
    return Document(info.title, tuple(blocks) + tuple(page_footer(info)))


def refs_page(
    references: dict[str, Reference], citing: dict[str, list[str]], info: CatalogInfo, title: str = ""
) -> Document:
    """The bibliography, numbered, with the topics that cite each entry."""
    title = title or _("References")
    items: list[Inline] = []
    for ref in references.values():
        topics = citing.get(ref.id, [])
        used = ", ".join(topics) if topics else _("no topic")
        cited = _("{id}; cited by: {topics}").format(id=ref.id, topics=used)
        items.append((*_reference(ref), Span(f" [{cited}]", "muted")))
    blocks: list[Block] = [Heading(title, 1), Bullets(tuple(items), numbered=True)]
    return Document(title, tuple(blocks) + tuple(page_footer(info)))


def core_page(core: Core, info: CatalogInfo, *, commands: bool = True) -> Document:
    """The overview and its core elements (`commands=False`: no command hint, for the web)."""
    items: list[Inline] = []
    for element in core.elements:
        parts: list[Span] = [Span(element.text)]
        if element.topics:
            parts.append(Span(" " + _("See: {topics}.").format(topics=", ".join(element.topics)), "muted"))
        items.append(tuple(parts))
    blocks: list[Block] = [
        Heading(core.title, 1),
        *_catalog_notice(info),
        Paragraph(spans(core.summary)),
        Heading(_("The core elements")),
        Bullets(tuple(items)),
    ]
    if commands:
        blocks.append(Paragraph(spans(_("Read more with: painguide show TOPIC"))))
    return Document(core.title, tuple(blocks) + tuple(page_footer(info)))


def reminder_paragraph() -> Paragraph:
    """The one line that names 988 and 911 (safety_net.reminds says when)."""
    from painguide.safety_net import reminder_text

    return Paragraph(spans(Span(reminder_text(), "strong")))


def reminder_blocks(result: SearchResult) -> list[Block]:
    return [reminder_paragraph()] if result.reminder else []


def alert_blocks(alerts: Iterable[Alert]) -> list[Block]:
    """The safety net's alerts, each set apart as urgent: they come before anything else on a page."""
    return [Callout(alert.title, tuple(spans(line) for line in alert.message), "urgent", True) for alert in alerts]


def nothing_here(result: SearchResult, categories: Iterable[Category]) -> list[Block]:
    """An honest "nothing here": what painguide does cover, and where else to ask."""
    from painguide.index.search import no_results_message

    covered = ", ".join(category.title for category in categories)
    blocks: list[Block] = [Paragraph(spans(Span(no_results_message(result), "strong")))]
    if covered:
        blocks.append(
            Paragraph(spans(_("painguide covers care for long-lasting pain: {topics}.").format(topics=covered)))
        )
    blocks.append(
        Paragraph(
            spans(
                _(
                    "For other health questions, ask your care team. MedlinePlus (medlineplus.gov), from the "
                    "U.S. National Library of Medicine, explains many other health problems in plain English "
                    "and Spanish."
                )
            )
        )
    )
    return blocks


def search_page(result: SearchResult, info: CatalogInfo, categories: Iterable[Category] = ()) -> Document:
    """Ranked hits, each with the section that answers and a snippet in which the matched words stand out.

    Safety-net alerts come first, before the heading; with no hits, the
    page says plainly that nothing here answers.
    """
    query = result.query
    heading = _("Search: {query}").format(query=query)
    blocks: list[Block] = [*alert_blocks(result.alerts), *reminder_blocks(result), Heading(heading, 1)]
    # With no hits, the words no topic mentions are named once, in the message below.
    notes = search_notes(result._replace(unknown=()) if not result.hits else result)
    if notes:
        blocks.append(Paragraph(spans(" ".join(notes))))
    if not result.hits:
        blocks += nothing_here(result, categories)
        return Document(heading, tuple(blocks) + tuple(page_footer(info)))
    items = []
    for hit in result.hits:
        parts: list[Span] = [Span(hit.topic_id, "strong"), Span(f" - {hit.title}"), Span("\n")]
        if hit.section:
            parts.append(Span(_(hit.section) + ": ", "em"))
        parts += snippet_spans(hit.snippet)
        if hit.missing:
            parts += [Span("\n"), Span(_("Does not mention: {words}").format(words=", ".join(hit.missing)), "muted")]
        items.append(tuple(parts))
    blocks.append(Paragraph(spans(Span(search_count(result), "muted"))))
    blocks += [Bullets(tuple(items), numbered=True), Paragraph(spans(_("Read one with: painguide show TOPIC")))]
    return Document(heading, tuple(blocks) + tuple(page_footer(info)))


def search_notes(result: SearchResult) -> list[str]:
    """What the search did with the words: corrections, other words it used, words it left out."""
    notes = []
    if result.searched_for:
        notes.append(_("Showing results for {words}.").format(words=result.searched_for))
    if result.also:
        used = "; ".join(
            _("{targets} (for {word})").format(targets=", ".join(targets), word=word) for word, targets in result.also
        )
        notes.append(_("Also searched for: {words}.").format(words=used))
    if result.unknown:
        notes.append(_("No topic mentions: {words}.").format(words=", ".join(result.unknown)))
    return notes


def search_count(result: SearchResult) -> str:
    total, shown = result.total, len(result.hits)
    found = ngettext("{count} topic found", "{count} topics found", total).format(count=total)
    if shown < total:
        return _("{found}, the best {shown} shown. See them all with --all.").format(found=found, shown=shown)
    return found


def welcome_page(
    info: CatalogInfo, version: str, topics: Iterable[Topic], sources: Sequence[Source] = (), language: str = "en"
) -> Document:
    """What painguide is and its commands, with examples from the catalog in use.

    A clinic's own catalog may have neither acupuncture nor tai chi, so the
    examples name its own topics: the first one by id, and the first title of
    two plain words to show that names with spaces need no quotes.
    """
    commands = (
        ("list", _("every topic, grouped by category")),
        (_("show TOPIC"), _("one topic in full, by its id or any of its names")),
        (_("search WORDS"), _("find topics that mention some words")),
        ("refs", _("the research behind the topics")),
        ("core", _("the core elements of integrative pain care")),
        (_("handout TOPIC... -o FILE"), _("a printable HTML handout for patients")),
        (_("check [PATH]"), _("check a catalog (for catalog authors)")),
        ("info", _("which catalog and clinic layers are in use")),
        ("cache info", _("where the index cache is; cache clear empties it")),
    )
    blocks: list[Block] = [
        Heading(f"painguide {version}: {info.title}", 1),
        *_catalog_notice(info),
        Paragraph(spans(_("Plain-language answers about chronic pain care, offline in your terminal."))),
    ]
    if info.clinic is not None:
        places = "; ".join(place.name for place in info.clinic.locations)
        where = f" ({places})" if places else ""
        blocks.append(Paragraph(spans(_("Catalog from {clinic}.").format(clinic=f"{info.clinic.name}{where}"))))
    blocks += [
        Heading(_("Commands")),
        Bullets(tuple(spans(Span(f"painguide {name}", "strong"), f" - {text}") for name, text in commands)),
    ]
    examples = [f"painguide show {name}" for name in _example_names(topics)]
    if examples:
        blocks += [Paragraph(spans(_("Examples:"))), Bullets(tuple(spans(example) for example in examples))]
    blocks.append(Paragraph(spans(_("Help for any command: painguide COMMAND --help"))))
    from painguide.languages import REGISTRY

    # Each other language offered in its own words, so that a reader who needs it can read the offer.
    # A language whose translation is not trusted is refused by `--lang`: not offered.
    refused = {code for source in sources for code in source.untrusted}
    blocks += [
        Paragraph(spans(Span(row.offer[0], "strong"), row.offer[1]))
        for row in REGISTRY
        if row.code != language and row.code not in refused
    ]
    if sources:
        blocks.append(Paragraph(sources_line(sources)))
    return Document("painguide", tuple(blocks) + tuple(page_footer(info)))


def sources_line(sources: Sequence[Source]) -> Inline:
    """The catalog and layers in use, by file name, on one line (the welcome page; `info` has the paths)."""
    import os

    parts: list[str] = []
    for index, source in enumerate(sources):
        kind = _source_kind(source) if index == 0 else _("clinic layer")
        name = shown_path(os.path.basename(source.path))
        parts.append(
            f"{kind} {name}" + (" " + _("(version {version})").format(version=source.version) if source.version else "")
        )
    return spans(Span(_("In use: "), "strong"), "; ".join(parts) + ". " + _("Details: painguide info"))


def sources_blocks(sources: Sequence[Source], language: str) -> list[Block]:
    """Which catalog and clinic layers are in use: each file, its version and its translations."""
    from painguide.languages import get as language_row

    items: list[Inline] = []
    for index, source in enumerate(sources):
        kind = _source_kind(source) if index == 0 else _("Clinic layer")
        parts = [Span(kind + ": ", "strong"), Span(shown_path(source.path))]
        if source.version:
            parts.append(Span(", " + _("version {version}").format(version=source.version)))
        names = ", ".join(f"{language_row(code).native} (--lang {code})" for code in source.translations)
        parts.append(
            Span("; " + (_("translations: {languages}").format(languages=names) if names else _("no translations")))
        )
        if source.untrusted:
            refused = ", ".join(language_row(code).native for code in source.untrusted)
            parts.append(Span("; " + _("not trusted, so not used: {languages}").format(languages=refused)))
        items.append(tuple(parts))
    note = _("Language: {language} ({code}).").format(language=language_row(language).native, code=language)
    return [Heading(_("Catalog in use")), Bullets(tuple(items)), Paragraph(spans(note))]


def _source_kind(source: Source) -> str:
    return _("Bundled catalog") if source.bundled else _("Catalog")


def shown_path(path: str) -> str:
    """A file name as a person can read and copy it."""
    from painguide.atomicfile import shown
    from painguide.textsafe import visible

    return visible(shown(path))


def info_page(info: CatalogInfo, version: str, sources: Sequence[Source], language: str) -> Document:
    """`painguide info`: which catalog and clinic layers are in use, their versions and languages."""
    blocks: list[Block] = [Heading(f"painguide {version}: {info.title}", 1), *sources_blocks(sources, language)]
    if len(sources) > 1:
        blocks.append(Paragraph(spans(_("Each clinic layer adds to the catalog before it, or replaces parts of it."))))
    return Document("painguide info", tuple(blocks) + tuple(page_footer(info)))


def _example_names(topics: Iterable[Topic]) -> list[str]:
    """The first topic's id, then the first title of two words that need no shell quoting."""
    names: list[str] = []
    for topic in topics:
        if not names:
            names.append(topic.id)
        words = topic.title.lower().split()
        if len(words) == 2 and all(word.replace("-", "").isalnum() and word.isascii() for word in words):
            names.append(" ".join(words))
            break
    return names


def page_footer(info: CatalogInfo) -> list[Block]:
    blocks: list[Block] = [Rule(), Paragraph(spans(Span(info.disclaimer, "em")))]
    if info.clinic is not None and info.clinic.contact:
        blocks.append(Paragraph(contact_line(info.clinic)))
    return blocks


def contact_line(clinic: Clinic) -> Inline:
    """How to reach the clinic, on one line: name, phone, website, hours (those that are set)."""
    parts: list[Span] = [Span(_("Contact: "), "strong"), Span(clinic.name)]
    if clinic.phone:
        parts.append(Span("; " + _("phone {number}").format(number=clinic.phone)))
    if clinic.website:
        parts += [Span("; "), Span(clinic.website, href=clinic.website)]
    if clinic.hours:
        parts.append(Span("; " + _("hours: {hours}").format(hours=clinic.hours)))
    return tuple(parts)


def _bullets(items: Iterable[str]) -> Bullets:
    return Bullets(tuple(spans(item) for item in items))


def certainty_label(certainty: str) -> str:
    return _(CERTAINTY_LABELS.get(certainty, NO_CERTAINTY_LABEL))


def _evidence(item: Evidence, numbers: dict[str, int]) -> Inline:
    """The certainty label (from the field, never typed in the text), the claim, its reference numbers."""
    label = Span(f"{certainty_label(item.certainty)}: ", "strong")
    if not item.refs:
        return (label, Span(item.text))
    marks = "".join(f"[{numbers[r]}]" for r in item.refs)
    return (label, Span(item.text), Span(f" {marks}", "muted"))


def _faq(topic: Topic, numbers: dict[str, int]) -> list[Block]:
    """Each question in bold, its answer after it, with the numbers of its references."""
    if not topic.faq:
        return []
    items = []
    for item in topic.faq:
        marks = "".join(f"[{numbers[r]}]" for r in item.refs if r in numbers)
        items.append((Span(item.q, "strong"), Span(f" {item.a}"), *((Span(f" {marks}", "muted"),) if marks else ())))
    return [Heading(_("Questions people ask")), Bullets(tuple(items))]


def _reference(ref: Reference) -> Inline:
    return tuple(Span(text, href=link) for text, link in citation_parts(ref))


def _first_sentence(text: str) -> str:
    # A summary shown in English keeps its note, however it is cut.
    return keep_note(_cut_sentence(text), text)


def _cut_sentence(text: str) -> str:
    for end in (". ", "? ", "! "):
        index = text.find(end)
        if 0 < index < 160:
            return text[: index + 1]
    return text if len(text) <= 160 else text[:157].rstrip() + "..."


def snippet_spans(snippet: str) -> list[Span]:
    """Split an index snippet at its match markers into plain and matched spans."""
    from painguide.index.hits import MATCH_END, MATCH_START  # search pages only: `show` never loads hits

    out: list[Span] = []
    rest = " ".join(snippet.split())
    while rest:
        start = rest.find(MATCH_START)
        if start < 0:
            out.append(Span(rest))
            break
        end = rest.find(MATCH_END, start)
        end = len(rest) if end < 0 else end
        if start:
            out.append(Span(rest[:start]))
        out.append(Span(rest[start + 1 : end], "match"))
        rest = rest[end + 1 :]
    return out


def _translations(report: CheckReport) -> list[Block]:
    """Each translation checked: how its gaps count, its drafts, and each topic's Spanish readability."""
    from painguide.languages import get as language_row
    from painguide.quality.readability import inflesz_band

    blocks: list[Block] = []
    for entry in report.translations:
        name = language_row(entry.language).name
        counted = "errors (--require-translations)" if entry.required else "warnings"
        blocks += [
            Heading(f"Translation: {name}"),
            Paragraph(
                spans(
                    f"{shown_path(entry.path)}: {len(entry.topics)} of {len(report.topics)} topics translated; "
                    f"missing and stale fields are {counted}."
                )
            ),
        ]
        if entry.catalog_status == "draft":
            parts = "The catalog's title, disclaimer, categories, core and reference notes: "
            blocks.append(Paragraph(spans(Span(parts, "strong"), "draft awaiting clinical review.")))
        if entry.drafts:
            drafts = f"{len(entry.drafts)} draft{'s' if len(entry.drafts) != 1 else ''} awaiting clinical review: "
            blocks.append(Paragraph(spans(Span(drafts, "strong"), ", ".join(entry.drafts))))
        scored = [t for t in entry.topics if t.inflesz is not None and t.fernandez_huerta is not None]
        if scored:
            blocks += [
                Paragraph(spans(f"Readability in Spanish (INFLESZ {report.min_inflesz:g} or more):")),
                Bullets(
                    tuple(
                        spans(
                            Span(t.id, "strong"),
                            f": INFLESZ {t.inflesz:.1f} ({inflesz_band(t.inflesz or 0.0)}), "
                            f"Fernández-Huerta {t.fernandez_huerta:.1f}; {t.status}",
                        )
                        for t in scored
                    )
                ),
            ]
    return blocks


def item_numbers(ids: Iterable[str]) -> str:
    """Instrument item ids as their numbers, runs shortened: "2, 7, 10, 15-19"."""
    numbers = [int(i.rsplit("-", 1)[1]) for i in ids]
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


def _instrument_scores(report: CheckReport) -> list[Block]:
    """Each topic's PEMAT-P and CCI scores: what a program scored, what a person rated, what is still unscored."""
    from painguide.quality.instruments import AGREE, NOT_APPLICABLE, SCALE_NAMES

    lines: list[Inline] = []
    for t in report.topics:
        if t.ratings:
            who = "; ".join(f"{r.by} ({r.role}), {r.date.isoformat()}" for r in sorted(t.ratings, key=lambda r: r.date))
            lines.append(spans(Span(t.id, "strong"), f": rated by a person: {who}"))
        for scale in t.scales:
            automated = (
                f"automated {scale.automated}% over items {item_numbers(scale.automatable)}"
                if scale.automated is not None
                else f"automated: none of items {item_numbers(scale.automatable)} applies"
            )
            parts = [automated]
            rated = [q for q, by in scale.by.items() if by == "person"]
            if rated:
                person = f"person-rated items {item_numbers(rated)}"
                if scale.overridden:
                    person += f" (the person's rating replaces the automated one for {item_numbers(scale.overridden)}"
                    person += f"; they differ on {item_numbers(scale.differs)})" if scale.differs else ")"
                parts.append(person)
            if scale.unscored:
                parts.append(f"items {item_numbers(scale.unscored)} need a person: unscored")
            if scale.full is None:
                parts.append("no full score until a person rates them")
            else:
                applicable = [v for v in scale.values.values() if v != NOT_APPLICABLE]
                parts.append(
                    f"full score {scale.full}% ({applicable.count(AGREE)} of {len(applicable)} applicable items)"
                )
            lines.append(spans(Span(t.id, "strong"), f", {SCALE_NAMES[scale.scale]}: " + "; ".join(parts) + "."))
    return [
        Heading("PEMAT-P and CDC Clear Communication Index"),
        Paragraph(
            spans(
                "Automated scores count only the items a program can judge. The other items need a person and "
                "stay unscored until a person records ratings (a topic's `ratings`); then the full score is shown."
            )
        ),
        Bullets(tuple(lines)),
    ]


def _signoffs(report: CheckReport) -> list[Block]:
    """Each topic's clinical sign-off (and each translated topic's): valid, changed since, too old, or none."""
    from painguide.languages import get as language_row

    def line(topic_id: str, status: ReviewStatus | None, path: str, language: str = "") -> Inline:
        name = f"{topic_id} ({language_row(language).name})" if language else topic_id
        if status is None or status.status == "none":
            return spans(Span(name, "strong"), ": not yet reviewed")
        who = f"{status.reviewer} ({status.role}) on {status.date}" + (f" [{status.note}]" if status.note else "")
        if status.status == "reviewed":
            return spans(Span(name, "strong"), f": reviewed by {who}")
        if status.status == "expired":
            return spans(
                Span(name, "strong"), f": unreviewed: the sign-off by {who} is older than {report.review_max_age}"
            )
        places = ", ".join(f"{place} ({shown_path(path)}:{ln})" if ln else place for _, place, ln, _ in status.changes)
        return spans(Span(name, "strong"), f": unreviewed: changed after the sign-off by {who}: {places}")

    lines = [line(t.id, t.review, report.path) for t in report.topics]
    for entry in report.translations:
        lines += [line(t.id, t.review, entry.path, entry.language) for t in entry.topics]
    if not lines:
        return []
    counted = (
        "a topic without a valid one is an error (--require-review)"
        if report.require_review
        else "a changed or expired one is a warning (an error with --require-review)"
    )
    return [
        Heading("Clinical sign-offs"),
        Paragraph(
            spans(
                f"A sign-off counts while no field it covers has changed and it is at most {report.review_max_age} "
                f"old; {counted}."
            )
        ),
        Bullets(tuple(lines), wrap=False),
    ]


def check_page(report: CheckReport) -> Document:
    """Per-topic grades, scores and review dates, the items missed, what a person must judge, every problem, a count."""
    from painguide.quality.plain_language import ITEM, TO_JUDGE

    def _topic(t: TopicReport) -> Inline:
        count = len(t.problems)
        return spans(
            Span(t.id, "strong"),
            f": automated understandability {t.understandability}%, actionability {t.actionability}%; "
            f"grade {t.grade:.1f}; "
            f"{t.average_words:.1f} words a sentence, {t.passive_share:.0%} passive; reviewed {t.last_reviewed}; "
            + ("ok" if not count else f"{count} problem{'s' if count != 1 else ''}"),
        )

    def _missed(m: Missed) -> Inline:
        where = shown_path(report.path) + (f":{m.line}:{m.column or 1}" if m.line is not None else "")
        return spans(f"{where}: {m.topic}: {ITEM[m.item].name}: {m.message}")

    problems = [*report.problems, *(p for t in report.topics for p in t.problems)]
    missed = [m for t in report.topics for m in t.missed]
    blocks: list[Block] = [
        Heading(f"Catalog check: {shown_path(report.path)}", 1),
        Paragraph(
            spans(
                f"Limits: reading grade {report.max_grade:.1f} or lower; "
                f"reviewed within the last {report.max_age}; "
                f"understandability {report.min_understandability:g}% or more; "
                f"actionability {report.min_actionability:g}% or more."
            )
        ),
    ]
    if report.topics:
        blocks += [Heading("Topics"), Bullets(tuple(_topic(t) for t in report.topics))]
        if missed:
            blocks += [Heading("Plain-language items missed"), Bullets(tuple(_missed(m) for m in missed), wrap=False)]
        blocks += _instrument_scores(report)
        blocks += [
            Heading("Still for a person to judge"),
            Paragraph(spans("The scores cover only what a program can check. Read each topic for:")),
            Bullets(tuple(spans(item) for item in TO_JUDGE)),
        ]
    blocks += _signoffs(report)
    blocks += _translations(report)
    if problems:
        blocks += [Heading("Problems"), Bullets(tuple(spans(str(p)) for p in problems), wrap=False)]
    errors, warnings = report.errors, report.warnings
    verdict = "OK" if not errors else "FAILED"
    blocks.append(
        Paragraph(
            spans(
                Span(verdict, "strong"),
                f": {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.",
            )
        )
    )
    return Document("Catalog check", tuple(blocks))


def lookup_page(lookup: CodeLookup, info: CatalogInfo) -> Document:
    """The topics a clinical code finds, one line each, with the topic's own code that matched."""
    from painguide.catalog.codes import SYSTEMS

    systems = " / ".join(SYSTEMS[name].label for name in lookup.systems)
    heading = _("Topics for {code} ({systems})").format(code=lookup.code, systems=systems)
    items: list[Inline] = []
    for topic, matched in lookup.topics:
        coded = "; ".join(f"{SYSTEMS[c.system].label} {c.code} {c.display}" for c in matched)
        items.append(
            (
                Span(topic.id, "strong"),
                Span(f" - {topic.title}"),
                Span("\n"),
                Span(_("Coded: {codes}").format(codes=coded), "muted"),
            )
        )
    blocks: list[Block] = [
        Heading(heading, 1),
        Bullets(tuple(items)),
        Paragraph(spans(_("Read one with: painguide show TOPIC"))),
    ]
    return Document(heading, tuple(blocks) + tuple(page_footer(info)))
