"""Clinical review sign-offs: what a reviewer covered, whether it still holds, what changed since.

A sign-off (a topic's `reviews`, or a translated topic's) records, for each
field the schema marks `clinical`, a fingerprint of every item of it as the
reviewer read it: each key point, step, evidence item (its text, certainty
and references), safety sentence, urgent sign. Comparing those with the
topic as it is now says which field changed and which item first, so
`check` can point at its line and `painguide review` can show the reviewer
what is new since the last sign-off. The old wording itself is not kept:
the catalog's own history (version control) has it.

Imported by every page that shows a topic, so only the standard library
here; editing the catalog file (YAML) is imported when a sign-off is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import zlib
from typing import TYPE_CHECKING, NamedTuple

from painguide.catalog.model import Evidence, Review, Topic
from painguide.catalog.schema import CLINICAL
from painguide.textsafe import file_name

if TYPE_CHECKING:
    import yaml

# A place inside a topic: ("safety", "careful", 1) is the second careful sentence.
Where = tuple[str | int, ...]


class Item(NamedTuple):
    where: Where
    value: object
    print: str


class Change(NamedTuple):
    """A covered field that differs from what the reviewer signed, and where it first differs."""

    field: str
    where: Where
    # "changed" (an item is new or reworded: `where` is it) or "removed" (`where` is the field).
    kind: str


class SignOff(NamedTuple):
    """A topic's latest sign-off and what changed since it; `review` is None when it has none."""

    review: Review | None
    changes: tuple[Change, ...] = ()

    @property
    def valid(self) -> bool:
        return self.review is not None and not self.changes


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_norm(part) for part in value]
    return value


def _print(where: Where, value: object) -> str:
    # The names on the way (safety.careful) count, so moving a sentence from
    # "careful" to "tell" is a change; list positions do not, so adding an
    # item changes only that item.
    names = [part for part in where if isinstance(part, str)]
    text = json.dumps([names, _norm(value)], ensure_ascii=False, separators=(",", ":"))
    # A check for edits, not a seal: whoever can edit the text can edit the
    # sign-off beside it, so a cryptographic hash would add nothing but
    # OpenSSL (several milliseconds and megabytes) to every `show`.
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def _items(value: object, where: Where) -> list[Item]:
    """Every item of a field: a text is one, a list has one per entry, a record (safety) those of its fields."""
    if value is None or value == "" or value == ():
        return []
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [item for name in value._fields for item in _items(getattr(value, name), (*where, name))]
    if isinstance(value, tuple):
        return [Item((*where, index), entry, _print((*where, index), entry)) for index, entry in enumerate(value)]
    return [Item(where, value, _print(where, value))]


def items(topic: Topic, name: str) -> list[Item]:
    return _items(getattr(topic, name), (name,))


def fingerprints(topic: Topic) -> tuple[tuple[str, str], ...]:
    """What a sign-off of `topic` records: each covered field, its items' fingerprints."""
    return tuple((name, " ".join(item.print for item in items(topic, name))) for name in CLINICAL)


def latest(reviews: tuple[Review, ...]) -> Review | None:
    """The most recent sign-off (by date; of two on one day, the one written later)."""
    return max(reversed(reviews), key=lambda review: review.date, default=None)


def changes(topic: Topic, review: Review) -> tuple[Change, ...]:
    """Each covered field that is not as `review` signed it, at its first changed item."""
    signed = dict(review.fingerprints)
    out = []
    for name in CLINICAL:
        now = items(topic, name)
        before = signed.get(name, "").split()
        for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, before, [i.print for i in now]).get_opcodes():
            if tag == "equal":
                continue
            if j2 > j1:
                out.append(Change(name, now[j1].where, "changed"))
            else:
                out.append(Change(name, (name,), "removed"))
            break
    return tuple(out)


def state(topic: Topic) -> SignOff:
    review = latest(topic.reviews)
    return SignOff(review, changes(topic, review) if review is not None else ())


def label(where: Where) -> str:
    """`safety.careful[2]`: a place as a person counts (from 1)."""
    out = ""
    for part in where:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def shown(value: object) -> str:
    """An item's words, as a reviewer should read them (an evidence item with its certainty and references)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Evidence):
        refs = ", ".join(value.refs)
        return f"{value.text} [certainty: {value.certainty or '-'}; refs: {refs or '-'}]"
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return " / ".join(shown(part) for part in value if isinstance(part, (str, tuple)) and part)
    return str(value)


class DiffLine(NamedTuple):
    """One line of what changed since the last sign-off: a place, what happened to it, and its words now."""

    where: str
    kind: str  # "new", "changed", "removed", "unchanged"
    text: str = ""


def diff(topic: Topic, review: Review | None) -> list[DiffLine]:
    """Every covered item that is new or changed since `review` (all of them when there is none), in page order."""
    signed = dict(review.fingerprints) if review is not None else {}
    out: list[DiffLine] = []
    for name in CLINICAL:
        now = items(topic, name)
        before = signed.get(name, "").split() if review is not None else []
        matcher = difflib.SequenceMatcher(None, before, [i.print for i in now])
        opcodes = matcher.get_opcodes()
        if review is not None and all(tag == "equal" for tag, *_ in opcodes):
            out.append(DiffLine(name, "unchanged"))
            continue
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                continue
            for item in now[j1:j2]:
                out.append(DiffLine(label(item.where), "new" if tag == "insert" else "changed", shown(item.value)))
            if i2 - i1 > j2 - j1:
                out.append(DiffLine(name, "removed", str(i2 - i1 - (j2 - j1))))
    return out


# --- writing a sign-off into the catalog file ----------------------------------


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly (line breaks and controls escaped)."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or char in "\u2028\u2029\ufeff" or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def record_lines(review: Review, dash: int) -> list[str]:
    """A sign-off as YAML list-item lines, its dash at column `dash`."""
    pad, inner = " " * dash, " " * (dash + 2)
    lines = [
        f"{pad}- reviewer: {quoted(review.reviewer)}\n",
        f"{inner}role: {quoted(review.role)}\n",
        f"{inner}date: {review.date.isoformat()}\n",
        f"{inner}fingerprints:\n",
        *(f'{inner}  {name}: "{prints}"\n' for name, prints in review.fingerprints),
    ]
    if review.note:
        lines.append(f"{inner}note: {quoted(review.note)}\n")
    return lines


def add_review(text: str, path: str, topic_id: str, review: Review) -> str:
    """`text` (a catalog or translation file) with `review` added to the end of the topic's `reviews`.

    Only the lines of that block change: the rest of the file, its comments
    and its layout are kept as written. A topic written in flow style
    (`{...}`) cannot be edited this way and is refused.
    """
    import yaml

    from painguide.catalog.yamltree import compose
    from painguide.errors import CatalogError, Problem

    root = compose(text, path)
    topics = _child(root, "topics")
    entry = next(((k, v) for k, v in _pairs(topics) if k.value == topic_id), None)
    if entry is None:
        raise CatalogError([Problem(path, None, None, f"topics.{topic_id}: not in this file")])
    key, value = entry
    if not isinstance(value, yaml.MappingNode) or value.flow_style or not value.value:
        mark = value.start_mark
        message = f"topics.{topic_id} is not a block mapping; write it one key a line to add a sign-off"
        raise CatalogError([Problem(path, mark.line + 1, mark.column + 1, message)])
    lines = text.splitlines(keepends=True)
    # The file's own line ends, as stamping keeps them (a CRLF file stays CRLF).
    first_break = re.search("\r\n|\n|\r", text)
    newline = first_break.group() if first_break else "\n"
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    field_indent = value.value[0][0].start_mark.column
    old = next(((k, v) for k, v in value.value if k.value == "reviews"), None)
    if old is None:
        end = _block_end(lines, key.start_mark.line, key.start_mark.column)
        block = [" " * field_indent + "reviews:\n", *record_lines(review, field_indent + 2)]
    else:
        reviews_key, sequence = old
        if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style or not sequence.value:
            mark = sequence.start_mark
            message = f"topics.{topic_id}.reviews is not a block list; write one item a line to add a sign-off"
            raise CatalogError([Problem(path, mark.line + 1, mark.column + 1, message)])
        first = sequence.value[0].start_mark
        dash = lines[first.line].rfind("-", 0, first.column)
        end = _block_end(lines, reviews_key.start_mark.line, reviews_key.start_mark.column, dash)
        block = record_lines(review, dash)
    lines[end:end] = [line[:-1] + newline for line in block]
    return "".join(lines)


def _block_end(lines: list[str], start: int, indent: int, dash: int = -1) -> int:
    """The index after the last line of the block whose key is on line `start` at column `indent`."""
    end = start + 1
    last = end
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        width = len(line) - len(line.lstrip(" "))
        if stripped.startswith("#"):
            # A comment, at any column, neither ends the block nor belongs to it: what follows decides.
            end += 1
            continue
        if stripped and not (width > indent or (width == indent == dash and stripped.startswith("-"))):
            break
        end += 1
        if stripped:
            last = end
    return last


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
    import yaml

    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    return next((v for k, v in _pairs(node) if getattr(k, "value", None) == key), None)


# --- recording a sign-off -------------------------------------------------------


class Plan(NamedTuple):
    """A sign-off ready to write: the file, the topic as the reviewer reads it, the last sign-off, the new one."""

    path: str
    topic: Topic
    previous: Review | None
    review: Review
    text: str


def plan(
    catalog_path: str, language: str, topic_id: str, reviewer: str, role: str, date: dt.date, today: dt.date
) -> Plan:
    """The sign-off of `topic_id` in `language` by `reviewer` on `date` (not after `today`), and its file text.

    A translation is signed only when every covered field of the topic is
    translated from the current English: a sign-off covers what a patient
    reads, and English shown in its place is not that.
    """
    from painguide import i18n
    from painguide.catalog.load import load_catalog
    from painguide.catalog.source import decode_catalog_bytes, read_catalog_bytes
    from painguide.errors import UsageError
    from painguide.textsafe import draws_nothing

    for option, value in (("--reviewer", reviewer), ("--role", role)):
        if draws_nothing(value):
            # A name of only invisible characters (U+200B, U+2800) would record a sign-off by no one.
            raise UsageError(f"{option} is blank; give a name of 1 to 200 characters on one line")
        if len(value) > 200 or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
            raise UsageError(f"{option}: give a name of 1 to 200 characters on one line")
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            # A byte that is not UTF-8 on the command line arrives as a lone surrogate, which YAML cannot hold.
            raise UsageError(f"{option}: the name has a byte that is not UTF-8; type it again in UTF-8")
    if date > today:
        raise UsageError(f"--date {date.isoformat()} is in the future")
    catalog = load_catalog(catalog_path)
    path, topic = catalog_path, catalog.topics[topic_id]
    if language != i18n.ENGLISH:
        from painguide.catalog.translation import translate

        translated = translate(catalog, language)
        path, topic = translated.path, translated.catalog.topics[topic_id]
        if topic_id not in translated.texts:
            raise UsageError(f"topics.{topic_id} has no translation in {file_name(path)}; there is nothing to sign")
        notes = tuple(i18n.translate(language, note) for note in (i18n.MISSING_NOTE, i18n.STALE_NOTE))
        untranslated = [
            label(item.where)
            for name in CLINICAL
            for item in items(topic, name)
            if any(text.endswith(notes) for text in _texts(item.value))
        ]
        if untranslated:
            raise UsageError(
                f"topics.{topic_id}: {', '.join(untranslated)} not translated from the current English; translate "
                "and stamp them (painguide check --stamp-translations) before a sign-off"
            )
    review = Review(reviewer.strip(), role.strip(), date, fingerprints(topic))
    data = read_catalog_bytes(path)
    text = add_review(decode_catalog_bytes(data, path), path, topic_id, review)
    if _read_back(text, path, topic_id) != review:
        from painguide.errors import OutputError, Problem

        # Never written: a sign-off that would be read as another one (or not at all) signs nothing.
        message = (
            f"topics.{topic_id}.reviews: the sign-off would not read back as written (the list's layout is one "
            "painguide cannot add to); nothing was written. Add it by hand, or write the list one item a line"
        )
        raise OutputError(str(Problem(path, topic.line or None, None, message)))
    # A byte-order mark is kept, as stamping keeps it: the file changes only where the sign-off goes.
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return Plan(path, topic, latest(topic.reviews), review, bom + text)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for part in value for text in _texts(part)]
    return []


def _read_back(text: str, path: str, topic_id: str) -> Review | None:
    """The last sign-off of `topic_id` in `text`, read as `check` will read it."""
    import yaml

    from painguide.catalog.validate import Reader
    from painguide.catalog.yamltree import compose
    from painguide.errors import CatalogError

    try:
        topic = _child(_child(compose(text, path), "topics"), topic_id)
    except CatalogError:
        return None
    reviews = _child(topic, "reviews")
    if not isinstance(reviews, yaml.SequenceNode) or not reviews.value:
        return None
    return Reader(path).record(reviews.value[-1], f"topics.{topic_id}.reviews", "review", Review)
