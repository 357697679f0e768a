"""Check a YAML node tree against the catalog schema and build the model.

Every problem is collected with its line and column, so that an editor sees
all of them at once rather than one per run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import yaml

from painguide.catalog.model import (
    Catalog,
    CatalogInfo,
    Category,
    Clinic,
    Core,
    CoreElement,
    Evidence,
    Reference,
    Safety,
    Topic,
)
from painguide.catalog.names import normalize
from painguide.errors import CatalogError, Problem
from painguide.textsafe import mark_private_use

T = TypeVar("T")

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_KINDS = {
    _TAG + "int": "a number",
    _TAG + "float": "a number",
    _TAG + "bool": "true/false",
    _TAG + "null": "empty (null)",
    _TAG + "timestamp": "a date",
    # A bare "=" or "<<" is not text to YAML 1.1 either.
    _TAG + "value": "a special symbol",
    _TAG + "merge": "a merge key",
}
_ALLOWED_TAGS = {_STR, _MAP, _SEQ, *_KINDS}
_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TOP_KEYS = ("catalog", "core", "categories", "references", "topics")

# The longest field of the bundled catalog has 333 characters; a field ten
# times the longest summary anyone should write is a mistake (or an attack
# on the cost of searching and rendering it).
MAX_FIELD_CHARS = 5_000

# Past this many, problems are counted instead of kept: a 9 MB file of
# 740,000 broken entries would otherwise need 750 MB for its messages.
MAX_PROBLEMS = 10_000

# Each suggestion compares a word with every known name. Thousands of broken
# links against thousands of ids (every reference renamed, say) would take
# minutes, so once this many comparisons are spent (well under a second),
# the remaining messages come without a suggestion.
_HINT_BUDGET = 50_000


class _Reader:
    """Walks nodes, converting values and recording problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._hint_budget = _HINT_BUDGET
        self.unlisted = self.unlisted_errors = 0

    def error(self, node: yaml.Node, message: str, severity: str = "error") -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.unlisted += 1
            self.unlisted_errors += severity == "error"
            return
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, severity))

    def hint(self, word: str, known: Iterable[str]) -> str:
        """A "did you mean" suggestion while the budget for them lasts."""
        candidates = list(known)
        self._hint_budget -= len(candidates)
        return _hint(word, candidates) if self._hint_budget >= 0 else ""

    def usable(self, node: yaml.Node, where: str) -> bool:
        """Reject any tag beyond plain data (aliases never get here: yamltree refuses them)."""
        if not _tag_fits(node):
            self.error(node, f"{where}: the tag {node.tag.replace(_TAG, '!!')} is not allowed; a catalog is plain data")
            return False
        return True

    def mapping(
        self, node: yaml.Node, where: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, yaml.Node] | None:
        """Return key -> value node, reporting unknown, duplicate and missing keys."""
        if not self.usable(node, where):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of keys to values, not {_describe(node)}")
            return None
        required = tuple(required)
        known = (*required, *optional)
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, where)
            if key is None:
                continue
            if key in values:
                self.error(key_node, f"{where}: duplicate key {_short(key)} (each key may appear once)")
                continue
            if key not in known:
                self.error(key_node, f"{where}: unknown key {_short(key)}{self.hint(key, known)}")
                continue
            values[key] = value_node
        for key in required:
            if key not in values:
                self.error(node, f"{where}: missing required key '{key}'")
        return values

    def key(self, node: yaml.Node, where: str) -> str | None:
        if node.tag == _TAG + "merge":
            self.error(node, f"{where}: merge keys (<<) are not allowed")
            return None
        if not isinstance(node, yaml.ScalarNode) or not self.usable(node, where):
            if isinstance(node, yaml.ScalarNode):
                return None
            self.error(node, f"{where}: a key must be a plain word, not {_describe(node)}")
            return None
        return str(node.value)

    def id_mapping(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """A mapping whose keys are ids (categories, references, topics)."""
        if not self.usable(node, where):
            return []
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of ids to entries, not {_describe(node)}")
            return []
        entries: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, where)
            if key is None:
                continue
            if key in seen:
                self.error(key_node, f"{where}: duplicate id {_short(key)} (first defined on line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            if not _ID.match(key):
                self.error(
                    key_node,
                    f"{where}: id {_short(key)} must be lower-case letters, digits and dashes, starting with a letter",
                )
                continue
            entries.append((key, key_node, value_node))
        return entries

    def text(self, node: yaml.Node, where: str, allow_empty: bool = False) -> str | None:
        if not self.usable(node, where):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{where} must be text, not {_describe(node)}")
            return None
        if node.tag != _STR:
            if node.tag == _TAG + "null" and not node.value:
                self.error(node, f"{where} is empty")
            else:
                self.error(
                    node,
                    f"{where} must be text, but YAML reads {_short(node.value)} as {_KINDS[node.tag]}; "
                    + _quote_hint(str(node.value)),
                )
            return None
        value = str(node.value)
        if not allow_empty and not value.strip():
            self.error(node, f"{where} is empty")
            return None
        # Private-use characters mean nothing outside a private agreement, and
        # two of them mark search matches inside painguide: shown as marks,
        # catalog text can never pose as a highlighted match.
        value = mark_private_use(value.strip())
        if len(value) > MAX_FIELD_CHARS:
            self.error(
                node,
                f"{where} is {len(value):,} characters long; a field may hold at most {MAX_FIELD_CHARS:,} "
                "(shorten it, or split it into key points)",
            )
            return None
        return value

    def sequence(self, node: yaml.Node, where: str) -> list[yaml.Node] | None:
        if not self.usable(node, where):
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{where} must be a list, not {_describe(node)}")
            return None
        return list(node.value)

    def items(
        self, node: yaml.Node, where: str, convert: Callable[[yaml.Node, str], T | None], required: bool = True
    ) -> tuple[T, ...]:
        values = self.sequence(node, where)
        if values is None:
            return ()
        if required and not values:
            self.error(node, f"{where} is empty; add at least one item")
        out: list[T] = []
        for index, item in enumerate(values, start=1):
            value = convert(item, f"{where}[{index}]")
            if value is not None:
                out.append(value)
        return tuple(out)

    def texts(self, node: yaml.Node, where: str, required: bool = True) -> tuple[str, ...]:
        return self.items(node, where, self.text, required)

    def ident(self, node: yaml.Node, where: str) -> str | None:
        value = self.text(node, where)
        if value is not None and not _ID.match(value):
            self.error(node, f"{where}: {_short(value)} is not a valid id")
            return None
        return value

    def ids(self, node: yaml.Node, where: str) -> tuple[str, ...]:
        return self.items(node, where, self.ident, required=False)

    def year(self, node: yaml.Node, where: str) -> int | None:
        if not self.usable(node, where):
            return None
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if not re.fullmatch(r"\d{4}", value):
            self.error(node, f"{where} must be a four-digit year")
            return None
        return int(value)

    def flag(self, node: yaml.Node, where: str) -> bool | None:
        if not self.usable(node, where):
            return None
        if node.tag != _TAG + "bool":
            self.error(node, f"{where} must be true or false")
            return None
        return str(node.value).lower() in ("true", "yes", "on", "y")

    def date(self, node: yaml.Node, where: str) -> dt.date | None:
        if not self.usable(node, where):
            return None
        value = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(node, f"{where} must be a date written YYYY-MM-DD, e.g. 2026-11-20")
        return None


def build_catalog(root: yaml.Node | None, path: str) -> Catalog:
    """Validate the whole tree; raise CatalogError listing every error found."""
    reader = _Reader(path)
    if root is None:
        raise CatalogError([Problem(path, 1, 1, "the catalog is empty; see docs/catalog-format.md")])
    top = reader.mapping(root, "the catalog file", TOP_KEYS)
    if top is None:
        raise _failure(reader, reader.problems)

    info = _info(reader, top.get("catalog"))
    categories: dict[str, Category] = {}
    if "categories" in top:
        for key, _, node in reader.id_mapping(top["categories"], "categories"):
            fields = _category(reader, node, f"categories.{key}")
            if fields is not None:
                categories[key] = Category(key, **fields)
    # Ids defined at all, even by an entry with its own errors, so that one
    # mistake does not also show up as a dangling link everywhere it is used.
    ref_ids: set[str] = set()
    topic_ids: set[str] = set()
    references = _references(reader, top.get("references"), ref_ids)
    topics = _topics(reader, top.get("topics"), topic_ids)
    core = _core(reader, top.get("core"))
    _cross_check(reader, categories, (references, ref_ids), (topics, topic_ids), core, top)

    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or reader.unlisted_errors or info is None or core is None:
        raise _failure(reader, sorted(errors, key=_order) or reader.problems)
    warnings = tuple(sorted(reader.problems, key=_order))
    refs = {key: ref for key, (ref, _) in references.items()}
    return Catalog(path, info, core, categories, refs, {t.id: t for t, _ in topics}, warnings)


def _failure(reader: _Reader, problems: list[Problem]) -> CatalogError:
    if not reader.unlisted:
        return CatalogError(problems)
    more = Problem(
        reader.path,
        None,
        None,
        f"{reader.unlisted:,} more problems are not listed (only the first {MAX_PROBLEMS:,} are); fix these first",
        "note",
    )
    return CatalogError([*problems, more], unlisted=reader.unlisted_errors)


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _info(reader: _Reader, node: yaml.Node | None) -> CatalogInfo | None:
    if node is None:
        return None
    fields = reader.mapping(node, "catalog", ("title", "version", "disclaimer"), ("clinic",))
    if fields is None:
        return None
    title = _get(reader, fields, "title", "catalog.title", reader.text)
    version = _get(reader, fields, "version", "catalog.version", reader.text)
    disclaimer = _get(reader, fields, "disclaimer", "catalog.disclaimer", reader.text)
    clinic = None
    if "clinic" in fields:
        clinic_fields = reader.mapping(fields["clinic"], "catalog.clinic", ("name",), ("locations",))
        if clinic_fields is not None:
            name = _get(reader, clinic_fields, "name", "catalog.clinic.name", reader.text)
            locations: tuple[str, ...] = ()
            if "locations" in clinic_fields:
                locations = reader.texts(clinic_fields["locations"], "catalog.clinic.locations", required=False)
            if name is not None:
                clinic = Clinic(name, locations)
    if title is None or version is None or disclaimer is None:
        return None
    return CatalogInfo(title, version, disclaimer, clinic)


def _get(
    reader: _Reader, fields: dict[str, yaml.Node], key: str, where: str, convert: Callable[[yaml.Node, str], T | None]
) -> T | None:
    node = fields.get(key)
    return None if node is None else convert(node, where)


def _category(reader: _Reader, node: yaml.Node, where: str) -> dict[str, str] | None:
    fields = reader.mapping(node, where, ("title",), ("description",))
    if fields is None:
        return None
    title = _get(reader, fields, "title", f"{where}.title", reader.text)
    description = _get(reader, fields, "description", f"{where}.description", reader.text) or ""
    return None if title is None else {"title": title, "description": description}


_REF_TEXT = ("volume", "issue", "pages", "doi", "pmid", "url", "note")

# What a web address may hold as written: RFC 3986's unreserved and reserved
# characters (less the brackets, which only an IPv6 host needs) and % for
# escapes, plus letters and digits of any script. Anything else (spaces,
# quotes, <, >, backslashes, braces, invisible characters) could end the
# address early in Markdown, HTML or BibTeX, or hide part of it.
_URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$&'()*+,;=%")
# A DOI suffix may be almost any printable character (old SICI DOIs hold <, >,
# # and brackets), but not what would end a BibTeX or Markdown field.
_DOI_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F)) - set('"\\{}^`|')


def _check_chars(reader: _Reader, node: yaml.Node, where: str, value: str, allowed: frozenset[str], what: str) -> None:
    for index, char in enumerate(value, start=1):
        if char in allowed or (what == "a web address" and not char.isascii() and char.isalnum()):
            continue
        shown = f"'{char}'" if char.isascii() and char.isprintable() else f"U+{ord(char):04X}"
        encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        reader.error(
            node,
            f"{where}: character {index} ({shown}) cannot be part of {what}; write it percent-encoded, as {encoded}",
        )
        return


def _references(reader: _Reader, node: yaml.Node | None, defined: set[str]) -> dict[str, tuple[Reference, yaml.Node]]:
    out: dict[str, tuple[Reference, yaml.Node]] = {}
    if node is None:
        return out
    for key, key_node, value in reader.id_mapping(node, "references"):
        defined.add(key)
        where = f"references.{key}"
        fields = reader.mapping(value, where, ("authors", "year", "title", "journal"), ("et_al", *_REF_TEXT))
        if fields is None:
            continue
        authors = _get(reader, fields, "authors", f"{where}.authors", reader.texts)
        year = _get(reader, fields, "year", f"{where}.year", reader.year)
        title = _get(reader, fields, "title", f"{where}.title", reader.text)
        journal = _get(reader, fields, "journal", f"{where}.journal", reader.text)
        et_al = _get(reader, fields, "et_al", f"{where}.et_al", reader.flag) or False
        extra = {name: _get(reader, fields, name, f"{where}.{name}", reader.text) or "" for name in _REF_TEXT}
        if extra["pmid"] and not extra["pmid"].isdigit():
            reader.error(fields["pmid"], f"{where}.pmid must be digits only")
        if extra["doi"] and not re.match(r"^10\.\d{4,9}/\S+$", extra["doi"]):
            reader.error(fields["doi"], f"{where}.doi must be a bare DOI such as 10.1001/jama.2016.2323")
        elif extra["doi"]:
            _check_chars(reader, fields["doi"], f"{where}.doi", extra["doi"], _DOI_CHARS, "a DOI")
        if extra["url"] and not re.match(r"^https?://\S+$", extra["url"]):
            reader.error(fields["url"], f"{where}.url must start with http:// or https://")
        elif extra["url"]:
            _check_chars(reader, fields["url"], f"{where}.url", extra["url"], _URL_CHARS, "a web address")
        if authors and year is not None and title is not None and journal is not None:
            out[key] = (Reference(key, authors, year, title, journal, et_al, **extra), key_node)
    return out


_TOPIC_REQUIRED = (
    "title",
    "category",
    "summary",
    "key_points",
    "evidence",
    "what_to_expect",
    "safety",
    "questions",
    "last_reviewed",
)


def _topics(reader: _Reader, node: yaml.Node | None, defined: set[str]) -> list[tuple[Topic, dict[str, yaml.Node]]]:
    out: list[tuple[Topic, dict[str, yaml.Node]]] = []
    if node is None:
        return out
    entries = reader.id_mapping(node, "topics")
    defined.update(key for key, _, _ in entries)
    if isinstance(node, yaml.MappingNode) and not node.value:
        reader.error(node, "topics is empty; add at least one topic")
    for key, key_node, value in entries:
        where = f"topics.{key}"
        fields = reader.mapping(value, where, _TOPIC_REQUIRED, ("aliases", "keywords", "related"))
        if fields is None:
            continue
        got = {
            "title": _get(reader, fields, "title", f"{where}.title", reader.text),
            "category": _get(reader, fields, "category", f"{where}.category", reader.ident),
            "summary": _get(reader, fields, "summary", f"{where}.summary", reader.text),
            "key_points": _get(reader, fields, "key_points", f"{where}.key_points", reader.texts),
            "evidence": _get(reader, fields, "evidence", f"{where}.evidence", _evidence_list(reader)),
            "what_to_expect": _get(reader, fields, "what_to_expect", f"{where}.what_to_expect", reader.texts),
            "safety": _get(reader, fields, "safety", f"{where}.safety", _safety(reader)),
            "questions": _get(reader, fields, "questions", f"{where}.questions", reader.texts),
            "last_reviewed": _get(reader, fields, "last_reviewed", f"{where}.last_reviewed", reader.date),
            "aliases": _get(reader, fields, "aliases", f"{where}.aliases", _optional_texts(reader)) or (),
            "related": _get(reader, fields, "related", f"{where}.related", reader.ids) or (),
            "keywords": _get(reader, fields, "keywords", f"{where}.keywords", _optional_texts(reader)) or (),
        }
        if any(value is None for value in got.values()):
            continue
        topic = Topic(id=key, line=key_node.start_mark.line + 1, **got)  # type: ignore[arg-type]
        out.append((topic, fields))
    return out


def _optional_texts(reader: _Reader) -> Callable[[yaml.Node, str], tuple[str, ...] | None]:
    return lambda node, where: reader.texts(node, where, required=False)


def _evidence_list(reader: _Reader) -> Callable[[yaml.Node, str], tuple[Evidence, ...] | None]:
    def one(node: yaml.Node, where: str) -> Evidence | None:
        fields = reader.mapping(node, where, ("text", "refs"))
        if fields is None:
            return None
        text = _get(reader, fields, "text", f"{where}.text", reader.text)
        refs = _get(reader, fields, "refs", f"{where}.refs", reader.ids)
        return None if text is None or refs is None else Evidence(text, refs)

    return lambda node, where: reader.items(node, where, one)


def _safety(reader: _Reader) -> Callable[[yaml.Node, str], Safety | None]:
    def convert(node: yaml.Node, where: str) -> Safety | None:
        fields = reader.mapping(node, where, ("careful", "tell"))
        if fields is None:
            return None
        careful = _get(reader, fields, "careful", f"{where}.careful", reader.texts)
        tell = _get(reader, fields, "tell", f"{where}.tell", reader.texts)
        return None if careful is None or tell is None else Safety(careful, tell)

    return convert


def _core(reader: _Reader, node: yaml.Node | None) -> Core | None:
    if node is None:
        return None
    fields = reader.mapping(node, "core", ("title", "summary", "elements"))
    if fields is None:
        return None

    def element(item: yaml.Node, where: str) -> CoreElement | None:
        parts = reader.mapping(item, where, ("text",), ("topics",))
        if parts is None:
            return None
        text = _get(reader, parts, "text", f"{where}.text", reader.text)
        topics = _get(reader, parts, "topics", f"{where}.topics", reader.ids) or ()
        return None if text is None else CoreElement(text, topics)

    title = _get(reader, fields, "title", "core.title", reader.text)
    summary = _get(reader, fields, "summary", "core.summary", reader.text)
    elements = _get(reader, fields, "elements", "core.elements", lambda n, w: reader.items(n, w, element))
    if title is None or summary is None or elements is None:
        return None
    return Core(title, summary, elements)


def _cross_check(
    reader: _Reader,
    categories: dict[str, Category],
    refs: tuple[dict[str, tuple[Reference, yaml.Node]], set[str]],
    topic_list: tuple[list[tuple[Topic, dict[str, yaml.Node]]], set[str]],
    core: Core | None,
    top: dict[str, yaml.Node],
) -> None:
    """Links between parts: categories, citations, related topics, unique names."""
    references, ref_ids = refs
    topics, topic_ids = topic_list
    cited: set[str] = set()
    names: dict[str, str] = {}
    for topic, fields in topics:
        where = f"topics.{topic.id}"
        if categories and topic.category not in categories:
            reader.error(
                fields["category"],
                f"{where}.category: no category '{topic.category}'{reader.hint(topic.category, categories)}",
            )
        for index, item in enumerate(topic.evidence, start=1):
            ref_nodes = _list_nodes(_list_nodes(fields["evidence"])[index - 1], "refs")
            for ref, ref_node in zip(item.refs, ref_nodes):
                cited.add(ref)
                if ref not in ref_ids:
                    hint = reader.hint(ref, ref_ids)
                    reader.error(ref_node, f"{where}.evidence[{index}]: no reference '{ref}'{hint}")
        listed: dict[str, int] = {}
        for ref_node, related in zip(_list_nodes(fields.get("related")), topic.related):
            if related not in topic_ids:
                reader.error(ref_node, f"{where}.related: no topic '{related}'{reader.hint(related, topic_ids)}")
            elif related == topic.id:
                reader.error(ref_node, f"{where}.related: '{related}' is this topic itself", severity="warning")
            elif related in listed:
                message = f"{where}.related: '{related}' is listed twice (first on line {listed[related]})"
                reader.error(ref_node, message, severity="warning")
            listed.setdefault(related, ref_node.start_mark.line + 1)
        name_nodes = [(topic.id, None), (topic.title, fields["title"])]
        name_nodes += list(zip(topic.aliases, _list_nodes(fields.get("aliases"))))
        name_nodes += list(zip(topic.keywords, _list_nodes(fields.get("keywords"))))
        for name, node in name_nodes:
            key = normalize(name)
            owner = names.get(key)
            if owner is None:
                names[key] = topic.id
            elif owner != topic.id and node is not None:
                reader.error(node, f"{where}: the name {_short(name)} is already used by topic '{owner}'")
    if core is not None and "core" in top:
        elements = _list_nodes(top["core"], "elements")
        for element, element_node in zip(core.elements, elements):
            for topic_id, node in zip(element.topics, _list_nodes(element_node, "topics")):
                if topic_id not in topic_ids:
                    reader.error(node, f"core.elements: no topic '{topic_id}'{reader.hint(topic_id, topic_ids)}")
    for ref_id, (_, key_node) in references.items():
        if ref_id not in cited:
            reader.error(key_node, f"references.{ref_id} is not cited by any topic", severity="warning")


def _list_nodes(node: yaml.Node | None, key: str | None = None) -> list[yaml.Node]:
    """The item nodes of a list, optionally found under `key` of a mapping."""
    if key is not None and isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _tag_fits(node: yaml.Node) -> bool:
    """A plain-data tag that matches the node's kind: `!!seq abc` or `!!int [1]` is not data."""
    if isinstance(node, yaml.MappingNode):
        return node.tag == _MAP
    if isinstance(node, yaml.SequenceNode):
        return node.tag == _SEQ
    return node.tag in _ALLOWED_TAGS and node.tag not in (_MAP, _SEQ)


def _hint(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _STR:
        return f"the text {_short(node.value)}"
    return _KINDS.get(node.tag, "a value")


def _short(value: object, quote: bool = True) -> str:
    """A value as it can appear inside a one-line message."""
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    # One problem per line: a value with line breaks must not split its message.
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return f"'{text}'" if quote else text


def _quote_hint(value: str) -> str:
    # A shortened value in quotes would be a wrong suggestion, so long ones get none.
    if len(value) > 40 or not value.isprintable():
        return "put it in quotes"
    return f'put it in quotes: "{value}"'
