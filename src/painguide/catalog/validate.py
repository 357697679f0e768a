"""Check a YAML node tree against the catalog schema and build the model.

Every problem is collected with its line and column, so that an editor sees
all of them at once rather than one per run.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import yaml

from painguide.catalog import schema
from painguide.catalog.addresses import MAX_URL_BYTES, URL_CHARS, char_problem, is_web_address
from painguide.catalog.model import (
    LAYER_TYPES,
    RECORD_TYPES,
    Alert,
    Catalog,
    CatalogInfo,
    Category,
    Core,
    Layer,
    LayerCatalog,
    Location,
    Reference,
    Topic,
)
from painguide.catalog.names import names_number, normalize
from painguide.catalog.schema import Field
from painguide.catalog.texts import TEXT_TYPES
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
_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")
_SIGNED = re.compile(r"^(?:[0-9a-f]{8}(?: [0-9a-f]{8})*)?$")

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


class Reader:
    """Walks nodes, converting values and recording problems as it goes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._hint_budget = _HINT_BUDGET
        # The key -> value nodes of each record built, so that later checks
        # can point at a field's line. The record is kept beside its nodes so
        # that its id() stays unique while the reader lives.
        self._record_nodes: dict[int, tuple[object, dict[str, yaml.Node]]] = {}
        # The node of each (key, word) of a word map, for later checks.
        self.word_nodes: dict[tuple[str, str], yaml.Node] = {}
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
                self.error(key_node, f"{where}: duplicate key {brief(key)} (each key may appear once)")
                continue
            if key not in known:
                self.error(key_node, f"{where}: unknown key {brief(key)}{self.hint(key, known)}")
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
                self.error(key_node, f"{where}: duplicate id {brief(key)} (first defined on line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            if not _ID.match(key):
                self.error(
                    key_node,
                    f"{where}: id {brief(key)} must be lower-case letters, digits and dashes, starting with a letter",
                )
                continue
            entries.append((key, key_node, value_node))
        return entries

    def text(self, node: yaml.Node, where: str, allow_empty: bool = False) -> str | None:
        if not self.usable(node, where):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{where} must be text, not {_describe(node)}{_colon_hint(node)}")
            return None
        if node.tag != _STR:
            if node.tag == _TAG + "null" and not node.value:
                self.error(node, f"{where} is empty")
            else:
                self.error(
                    node,
                    f"{where} must be text, but YAML reads {brief(node.value)} as {_KINDS[node.tag]}; "
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
            self.error(node, f"{where}: {brief(value)} is not a valid id")
            return None
        return value

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
                self.error(node, f"{where}: {value} is not a real date: {_calendar_problem(value)}")
                return None
        self.error(node, f"{where} must be a date written YYYY-MM-DD, e.g. 2026-11-20")
        return None

    def choice(self, node: yaml.Node, where: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(node, where)
        if value is not None and value not in choices:
            self.error(node, f"{where}: {brief(value)} is not one of {', '.join(choices)}{self.hint(value, choices)}")
            return None
        return value

    def value(self, spec: Field, node: yaml.Node, where: str) -> object | None:
        """Convert one field's node by its declared type (see catalog/schema.py)."""
        must_have_items = spec.required and spec.nonempty
        if spec.type == schema.TEXT:
            return self.text(node, where)
        if spec.type == schema.TEXTS:
            return self.texts(node, where, required=must_have_items)
        if spec.type == schema.ID:
            return self.ident(node, where)
        if spec.type == schema.IDS:
            return self.items(node, where, self.ident, required=must_have_items)
        if spec.type == schema.DATE:
            return self.date(node, where)
        if spec.type == schema.YEAR:
            return self.year(node, where)
        if spec.type == schema.FLAG:
            return self.flag(node, where)
        if spec.type == schema.CHOICE:
            return self.choice(node, where, spec.choices)
        if spec.type == schema.WEB:
            return _web_address(self)(node, where)
        if spec.type == schema.PLACES:
            places = self.items(node, where, self.place, required=must_have_items)
            _split_places(self, node, where)
            return places
        if spec.type == schema.RECORD:
            return self.record(node, where, spec.record, object)
        if spec.type == schema.RECORDS:
            return self.items(node, where, lambda item, at: self.record(item, at, spec.record, object), must_have_items)
        if spec.type == schema.WORD_MAP:
            return self.word_map(node, where)
        if spec.type == schema.FINGERPRINTS:
            return self.fingerprints(node, where, spec.choices)
        if spec.type == schema.RATINGS:
            return self.ratings(node, where, spec.choices)
        if spec.type == schema.SIGNED:
            return self.signed(node, where, spec.choices)
        raise AssertionError(f"no converter for field type {spec.type!r}")

    def word_map(self, node: yaml.Node, where: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        """Words mapped to lists of words (the search synonyms), each checked where it is written."""
        if not self.usable(node, where):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where} must be a mapping of words to lists of words, not {_describe(node)}")
            return None
        out: list[tuple[str, tuple[str, ...]]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            phrase = self.key(key_node, where)
            if phrase is None:
                continue
            if key_node.tag != _STR:
                self.error(
                    key_node,
                    f"{where}: YAML reads the key {brief(phrase)} as {_KINDS.get(key_node.tag, 'a value')}; "
                    + _quote_hint(phrase),
                )
                continue
            at = f"{where}.{brief(phrase.strip(), quote=False)}"
            words = _words(phrase)
            if not words:
                self.error(key_node, f"{where}: the key {brief(phrase)} has no letters or digits to search for")
                continue
            if " ".join(words) in seen:
                first = seen[" ".join(words)]
                self.error(key_node, f"{where}: {brief(phrase)} is listed twice (first on line {first})")
                continue
            seen[" ".join(words)] = key_node.start_mark.line + 1
            items = self.sequence(value_node, at)
            if items is None:
                continue
            if not items:
                self.error(value_node, f"{at} is empty; add at least one item")
            kept: dict[str, None] = {}
            for index, item in enumerate(items, start=1):
                target = self.text(item, f"{at}[{index}]")
                if target is None:
                    continue
                if not _words(target):
                    self.error(item, f"{at}[{index}]: {brief(target)} has no letters or digits to search for")
                elif _words(target) == words:
                    self.error(item, f"{at}[{index}]: {brief(target)} is the key itself", "warning")
                else:
                    kept.setdefault(target)
                    self.word_nodes[(phrase.strip(), target)] = item
            if kept:
                out.append((phrase.strip(), tuple(kept)))
        return tuple(out)

    def fingerprints(self, node: yaml.Node, where: str, names: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        """Field names mapped to fingerprints (12 lower-case hex digits), as `--stamp-translations` writes them."""
        values = self.mapping(node, where, (), names)
        if values is None:
            return None
        out = []
        for name in names:
            if name not in values:
                continue
            value = self.text(values[name], f"{where}.{name}")
            if value is not None and not _FINGERPRINT.match(value):
                self.error(values[name], f"{where}.{name}: {brief(value)} is not a fingerprint (12 hex digits)")
            elif value is not None:
                out.append((name, value))
        return tuple(out)

    def ratings(self, node: yaml.Node, where: str, names: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        """Instrument items mapped to a person's rating, in the instruments' order."""
        values = self.mapping(node, where, (), names)
        if values is None:
            return None
        out = []
        for name in names:
            if name in values:
                rating = self.choice(values[name], f"{where}.{name}", schema.RATING_VALUES)
                if rating is not None:
                    out.append((name, rating))
        return tuple(out)

    def signed(self, node: yaml.Node, where: str, names: tuple[str, ...]) -> tuple[tuple[str, str], ...] | None:
        """Covered fields mapped to their items' fingerprints, as `painguide review` writes them."""
        values = self.mapping(node, where, (), names)
        if values is None:
            return None
        out = []
        for name in names:
            if name not in values:
                continue
            value = self.text(values[name], f"{where}.{name}", allow_empty=True)
            if value is not None and not _SIGNED.match(value):
                self.error(
                    values[name],
                    f"{where}.{name}: {brief(value)} is not a list of fingerprints (8 hex digits each, "
                    "separated by spaces)",
                )
            elif value is not None:
                out.append((name, value))
        return tuple(out)

    def place(self, node: yaml.Node, where: str) -> Location | None:
        """A location is a place name, or a mapping with its name, address and phone."""
        if isinstance(node, yaml.MappingNode):
            return self.record(node, where, "location", Location)
        name = self.text(node, where)
        return None if name is None else Location(name)

    def record(self, node: yaml.Node, where: str, name: str, kind: type[T], /, **known: object) -> T | None:
        """A mapping checked against a schema record and built into its model type (`kind`, or a base of it).

        Returns None if a required field is missing or unusable; every problem
        is recorded either way. `known` supplies fields that come from outside
        the mapping (an entry's id and line).
        """
        specs = schema.fields(name)
        nodes = self.mapping(
            node, where, [s.name for s in specs if s.required], [s.name for s in specs if not s.required]
        )
        if nodes is None:
            return None
        values: dict[str, object] = dict(known)
        complete = True
        for spec in specs:
            field_node = nodes.get(spec.name)
            value = None if field_node is None else self.value(spec, field_node, f"{where}.{spec.name}")
            if value is None:
                complete = complete and not spec.required
                value = _EMPTY[spec.type]
            values[spec.name] = value
        if not complete:
            return None
        built = _record_type(name)(**values)
        if not isinstance(built, kind):
            raise TypeError(f"the {name} record is a {type(built).__name__}, not a {kind.__name__}")
        self._record_nodes[id(built)] = (built, nodes)
        return built

    def fields_of(self, built: object) -> dict[str, yaml.Node]:
        """The field nodes a record was built from."""
        return self._record_nodes[id(built)][1]


def _record_type(name: str) -> Callable[..., object]:
    """The typed record of a catalog, translation or layer record."""
    if name in RECORD_TYPES:
        return RECORD_TYPES[name]
    return TEXT_TYPES[name] if name in TEXT_TYPES else LAYER_TYPES[name]


# What an optional field holds when it is left out.
_EMPTY: dict[str, object] = {
    schema.TEXT: "",
    schema.TEXTS: (),
    schema.ID: "",
    schema.IDS: (),
    schema.DATE: None,
    schema.YEAR: None,
    schema.FLAG: False,
    schema.CHOICE: "",
    schema.RECORD: None,
    schema.RECORDS: (),
    schema.WORD_MAP: (),
    schema.WEB: "",
    schema.PLACES: (),
    schema.FINGERPRINTS: (),
    schema.RATINGS: (),
    schema.SIGNED: (),
}


def build_catalog(
    root: yaml.Node | None, path: str, base: Catalog | None = None, extends: str | None = None
) -> Catalog:
    """Validate the whole tree; raise CatalogError listing every error found.

    With `base`, the tree is a layer over that catalog (catalog/layers.py)
    whose first key is `extends: EXTENDS`: it is checked in its own file,
    its links resolved against the merged catalog.
    """
    if base is not None:
        return _build_layer(root, path, base, extends or "")
    reader = Reader(path)
    if root is None:
        raise CatalogError([Problem(path, 1, 1, "the catalog is empty; see docs/catalog-format.md")])
    top = reader.mapping(root, "the catalog file", tuple(schema.TOP), (*schema.OPTIONAL_TOP, "extends"))
    if top is None:
        raise failure(reader, reader.problems)
    if "extends" in top:
        reader.error(top["extends"], _EXTENDS_FIRST)

    info = reader.record(top["catalog"], "catalog", "catalog", CatalogInfo) if "catalog" in top else None
    categories = {c.id: c for c, _ in id_entries(reader, top.get("categories"), "categories", set(), Category)}
    # Ids defined at all, even by an entry with its own errors, so that one
    # mistake does not also show up as a dangling link everywhere it is used.
    ref_ids: set[str] = set()
    topic_ids: set[str] = set()
    references = {
        r.id: (r, key_node)
        for r, key_node in id_entries(reader, top.get("references"), "references", ref_ids, Reference)
    }
    for ref, _ in references.values():
        _check_reference(reader, ref)
    topics = [
        (t, _with_key(reader, t, key)) for t, key in id_entries(reader, top.get("topics"), "topics", topic_ids, Topic)
    ]
    for topic, _ in topics:
        _check_codes(reader, topic)
    core = reader.record(top["core"], "core", "core", Core) if "core" in top else None
    _cross_check(reader, categories, (references, ref_ids), (topics, topic_ids), core, top)
    synonyms = (reader.word_map(top["synonyms"], "synonyms") or ()) if "synonyms" in top else ()
    _check_synonyms(reader, synonyms, [t for t, _ in topics])
    alerts = id_entries(reader, top.get("safety_net"), "safety_net", set(), Alert, "alert")
    _check_alerts(reader, alerts, topic_ids)

    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or reader.unlisted_errors or info is None or core is None:
        raise failure(reader, sorted(errors, key=problem_order) or reader.problems)
    warnings = tuple(sorted(reader.problems, key=problem_order))
    refs = {key: ref for key, (ref, _) in references.items()}
    layers = (Layer(path, info.version),)
    return Catalog(
        path,
        info,
        core,
        categories,
        refs,
        {t.id: t for t, _ in topics},
        warnings,
        synonyms,
        safety_net=tuple(a for a, _ in alerts),
        layers=layers,
    )


_EXTENDS_FIRST = (
    "extends must be the first key of the file, on a line of its own (only comments may come before it): "
    "extends: bundled"
)


def _build_layer(root: yaml.Node | None, path: str, base: Catalog, extends: str) -> Catalog:
    """A layer's additions and replacements, checked where they are written, merged over `base`."""
    reader = Reader(path)
    if root is None:
        raise CatalogError([Problem(path, 1, 1, "the layer is empty; see docs/clinic.md")])
    top = reader.mapping(root, "the layer", (), schema.LAYER_TOP)
    if top is None:
        raise failure(reader, reader.problems)
    first = root.value[0] if isinstance(root, yaml.MappingNode) and root.value else None
    if first is None or getattr(first[0], "value", None) != "extends":
        reader.error(root, _EXTENDS_FIRST)
    elif reader.text(first[1], "extends") not in (None, extends):
        reader.error(first[1], "extends: write it plainly, as `extends: bundled` or `extends: PATH`")
    own = reader.record(top["catalog"], "catalog", "layer-catalog", LayerCatalog) if "catalog" in top else None
    own_categories = {c.id: c for c, _ in id_entries(reader, top.get("categories"), "categories", set(), Category)}
    categories = {**base.categories, **own_categories}
    ref_ids = set(base.references)
    topic_ids = set(base.topics)
    references = {
        r.id: (r, key_node)
        for r, key_node in id_entries(reader, top.get("references"), "references", ref_ids, Reference)
    }
    for ref, _ in references.values():
        _check_reference(reader, ref)
    topics = [
        (t, _with_key(reader, t, key)) for t, key in id_entries(reader, top.get("topics"), "topics", topic_ids, Topic)
    ]
    replaced = {t.id for t, _ in topics}
    kept = tuple(t for t in base.topics.values() if t.id not in replaced)
    _cross_check(reader, categories, (references, ref_ids), (topics, topic_ids), None, top, (kept, _files_of(base)))
    synonyms = (reader.word_map(top["synonyms"], "synonyms") or ()) if "synonyms" in top else ()
    merged_topics = {**base.topics, **{t.id: t for t, _ in topics}}
    _check_synonyms(reader, synonyms, list(merged_topics.values()))
    # A layer's alerts replace the base's of the same id and add new ones (they were once checked, then
    # dropped: a clinic's own emergency alert never fired; sixth adversarial pass).
    alerts = id_entries(reader, top.get("safety_net"), "safety_net", set(), Alert, "alert")
    _check_alerts(reader, alerts, set(merged_topics))
    own_alerts = {a.id: a for a, _ in alerts}
    safety_net = (
        *(own_alerts.pop(a.id, a) for a in base.safety_net),
        *own_alerts.values(),
    )

    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or reader.unlisted_errors:
        raise failure(reader, sorted(errors, key=problem_order) or reader.problems)
    clinic = own.clinic if own is not None else None
    defines = (
        *(f"categories.{key}" for key in own_categories),
        *(f"references.{key}" for key in references),
        *(f"topics.{t.id}" for t, _ in topics),
        *(("catalog.clinic",) if clinic is not None else ()),
    )
    layer = Layer(path, own.version if own is not None else "", defines)
    return base._replace(
        path=path,
        info=base.info._replace(clinic=clinic) if clinic is not None else base.info,
        categories=categories,
        references={**base.references, **{key: ref for key, (ref, _) in references.items()}},
        topics=merged_topics,
        warnings=(*base.warnings, *sorted(reader.problems, key=problem_order)),
        synonyms=tuple({**dict(base.synonyms), **dict(synonyms)}.items()),
        safety_net=safety_net,
        layers=(*base.layers, layer),
    )


# Bounds on the safety net's phrases: every search compares what was typed with each of them.
MAX_ALERT_PHRASES = 2000
MAX_PHRASE_WORDS = 10
MAX_PHRASE_CHARS = 120


def check_phrases(reader: Reader, alerts: Iterable[tuple[str, tuple[str, ...], yaml.Node | None]]) -> None:
    """Safety-net phrases are few and short, in a catalog and in each translation: every search compares
    what was typed with each of them. `alerts` gives each alert's id, phrases and the node of its list."""
    total = 0
    for alert_id, phrases, list_node in alerts:
        for phrase, node in zip(phrases, list_nodes(list_node)):
            total += 1
            if len(phrase) > MAX_PHRASE_CHARS or len(phrase.split()) > MAX_PHRASE_WORDS:
                reader.error(
                    node,
                    f"safety_net.{alert_id}.phrases: a phrase has at most {MAX_PHRASE_WORDS} words and "
                    f"{MAX_PHRASE_CHARS} characters",
                )
            elif total == MAX_ALERT_PHRASES + 1:
                reader.error(node, f"safety_net: at most {MAX_ALERT_PHRASES} phrases in all")


def _check_alerts(reader: Reader, alerts: list[tuple[Alert, yaml.Node]], topic_ids: set[str]) -> None:
    """Each alert names its number (988 or 911) and only topics that exist; its phrases are few and short."""
    check_phrases(reader, ((a.id, a.phrases, reader.fields_of(a).get("phrases")) for a, _ in alerts))
    for alert, key_node in alerts:
        fields = reader.fields_of(alert)
        where = f"safety_net.{alert.id}"
        kind = schema.BUILTIN_ALERT_KINDS.get(alert.id, alert.kind)
        if kind != alert.kind:
            reader.error(
                fields.get("kind", key_node),
                f"{where}.kind: the built-in '{alert.id}' alert is a {kind} alert and stays one",
            )
        number = schema.ALERT_NUMBERS.get(kind, "")
        if number and not names_number(alert.message, number):
            reader.error(
                fields.get("message", key_node),
                f"{where}.message: a {kind} alert must name {number} as a number of its own, one to call "
                f"('call or text {number}'; not a room or street number, nor inside another number, as in "
                f"1-800-555-{number}0, ({number}) 555-0100 or 555-0100 ext. {number}), so that no catalog can hide it",
            )
        for topic_id, node in zip(alert.topics, list_nodes(fields.get("topics"))):
            if topic_id not in topic_ids:
                reader.error(node, f"{where}.topics: no topic '{topic_id}'{reader.hint(topic_id, topic_ids)}")


def _with_key(reader: Reader, topic: Topic, key: yaml.Node) -> dict[str, yaml.Node]:
    """A topic's field nodes, with its key's node as "id" (a topic's id is its key)."""
    return {**reader.fields_of(topic), "id": key}


def _files_of(base: Catalog) -> dict[str, str]:
    """The file that set each topic of a (layered) catalog: the highest layer that defines it, else the bottom."""
    bottom = base.layers[0].path if base.layers else base.path
    files = dict.fromkeys(base.topics, bottom)
    for layer in base.layers:
        files.update((entry.partition(".")[2], layer.path) for entry in layer.defines if entry.startswith("topics."))
    return files


def failure(reader: Reader, problems: list[Problem]) -> CatalogError:
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


def problem_order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def id_entries(
    reader: Reader, node: yaml.Node | None, key: str, defined: set[str], kind: type[T], record: str = ""
) -> list[tuple[T, yaml.Node]]:
    """The records of one id-keyed section (categories, references, topics), with their key nodes."""
    if node is None:
        return []
    entries = reader.id_mapping(node, key)
    defined.update(entry_id for entry_id, _, _ in entries)
    if key == "topics" and not record and isinstance(node, yaml.MappingNode) and not node.value:
        reader.error(node, "topics is empty; add at least one topic")
    record = record or {**schema.KEYED, **schema.OPTIONAL_KEYED}[key]
    known: dict[str, object] = {}
    out = []
    for entry_id, key_node, value in entries:
        known = {"id": entry_id}
        if "line" in getattr(_record_type(record), "_fields", ()):
            known["line"] = key_node.start_mark.line + 1
        built = reader.record(value, f"{key}.{entry_id}", record, kind, **known)
        if built is not None:
            out.append((built, key_node))
    return out


# A DOI suffix may be almost any printable character (old SICI DOIs hold <, >,
# # and brackets), but not what would end a BibTeX or Markdown field.
_DOI_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F)) - set('"\\{}^`|')


def _check_chars(reader: Reader, node: yaml.Node, where: str, value: str, allowed: frozenset[str], what: str) -> bool:
    wrong = char_problem(value, allowed, what)
    if wrong:
        reader.error(node, f"{where}: {wrong}")
    return not wrong


def _check_address(reader: Reader, node: yaml.Node, where: str, value: str) -> bool:
    """The rules every web address field shares: its characters, and a length that fits a QR code.

    A reference's `url`, the clinic's `website` and a topic's links may all be
    printed beside a QR code, so each must fit in one.
    """
    if not _check_chars(reader, node, where, value, URL_CHARS, "a web address"):
        return False
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_URL_BYTES:
        reader.error(
            node,
            f"{where} is {size:,} bytes long; a web address may be at most {MAX_URL_BYTES:,}, the most a QR code holds",
        )
        return False
    return True


def _check_reference(reader: Reader, ref: Reference) -> None:
    """Rules beyond types: identifiers a reader will follow must be well formed."""
    nodes = reader.fields_of(ref)
    where = f"references.{ref.id}"
    if ref.pmid and not ref.pmid.isdigit():
        reader.error(nodes["pmid"], f"{where}.pmid must be digits only")
    if ref.doi and not re.match(r"^10\.\d{4,9}/\S+$", ref.doi):
        reader.error(nodes["doi"], f"{where}.doi must be a bare DOI such as 10.1001/jama.2016.2323")
    elif ref.doi:
        _check_chars(reader, nodes["doi"], f"{where}.doi", ref.doi, _DOI_CHARS, "a DOI")
    if ref.url and not re.match(r"^https?://\S+$", ref.url):
        reader.error(nodes["url"], f"{where}.url must start with http:// or https://")
    elif ref.url:
        _check_address(reader, nodes["url"], f"{where}.url", ref.url)


def _check_codes(reader: Reader, topic: Topic) -> None:
    """Each code shaped as its system writes it (ICD-10-CM, SNOMED CT check digit, numeric RxCUI), listed once."""
    from painguide.catalog.codes import SYSTEMS, problem

    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(topic.codes, start=1):
        nodes = reader.fields_of(item)
        where = f"topics.{topic.id}.codes[{index}].code"
        wrong = problem(item.system, item.code)
        if wrong:
            reader.error(
                nodes["code"],
                f"{where}: {brief(item.code)} is not a well-formed {SYSTEMS[item.system].label} code: {wrong}",
            )
            continue
        key = (item.system, item.code)
        if key in seen:
            message = f"{where}: {item.system} {item.code} is listed twice (first on line {seen[key]})"
            reader.error(nodes["code"], message, severity="warning")
        seen.setdefault(key, nodes["code"].start_mark.line + 1)


def _web_address(reader: Reader) -> Callable[[yaml.Node, str], str | None]:
    def convert(node: yaml.Node, where: str) -> str | None:
        value = reader.text(node, where)
        if value is None:
            return None
        if not is_web_address(value):
            reader.error(node, f"{where} must be a web address starting with http:// or https://, not {brief(value)}")
            return None
        return value if _check_address(reader, node, where, value) else None

    return convert


# A flow list splits at every comma, so `[Cedar Falls, Iowa]` is two places.
# US state names and postal codes are what such a split leaves behind.
_STATE_NAMES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|district of columbia|florida|"
    "georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|"
    "michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|"
    "new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|"
    "south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming"
)
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_US_STATES = frozenset(_STATE_NAMES.split("|"))
_US_STATE_CODES = frozenset(_STATE_CODES.split())


def _is_state(node: yaml.Node) -> bool:
    value = str(node.value).strip()
    return value.lower() in _US_STATES or value in _US_STATE_CODES


def _split_places(reader: Reader, node: yaml.Node, where: str) -> None:
    """Warn where a flow list cut "City, State" into two places.

    Pairs are taken left to right, so Washington, Missouri (a city named
    like a state) is still one place; a list of nothing but states is left alone.
    """
    if not (isinstance(node, yaml.SequenceNode) and node.flow_style):
        return
    items = node.value
    plain = [isinstance(item, yaml.ScalarNode) and item.tag == _STR and not item.style for item in items]
    states = [ok and _is_state(item) for ok, item in zip(plain, items)]
    if all(states):
        return
    index = 1
    while index < len(items):
        city, state = items[index - 1], items[index]
        if plain[index - 1] and states[index]:
            reader.error(
                state,
                f"{where}[{index + 1}]: {brief(state.value)} looks like a state split from its city "
                f"{brief(city.value)}; in a [...] list every comma starts a new place, "
                f"so {_quote_hint(f'{city.value}, {state.value}')}",
                severity="warning",
            )
            index += 1
        index += 1


def _cross_check(
    reader: Reader,
    categories: dict[str, Category],
    refs: tuple[dict[str, tuple[Reference, yaml.Node]], set[str]],
    topic_list: tuple[list[tuple[Topic, dict[str, yaml.Node]]], set[str]],
    core: Core | None,
    top: dict[str, yaml.Node],
    below: tuple[tuple[Topic, ...], dict[str, str]] = ((), {}),
) -> None:
    """Links between parts: categories, citations, related topics, unique names.

    For a layer, `below` holds the topics of the catalog it extends that it
    does not replace (their names are taken and their citations count) and
    the file that set each one.
    """
    references, ref_ids = refs
    topics, topic_ids = topic_list
    kept, files = below
    cited: set[str] = {ref for topic in kept for ref in topic.cited_refs()}
    names: dict[str, str] = {}
    places: dict[str, str] = {}
    for topic in kept:
        places[topic.id] = f"{files.get(topic.id, '')}:{topic.line}"
        for name in (topic.id, topic.title, *topic.aliases, *topic.keywords):
            names.setdefault(normalize(name), topic.id)
    # Ids first: an id is the name `show` and every page's links use, so another topic's id, title or
    # alias that compares equal to it ("taichi" and "tai-chi") would make it unreachable.
    for topic, fields in topics:
        key = normalize(topic.id)
        first = names.setdefault(key, topic.id)
        places.setdefault(topic.id, f"line {topic.line}")
        if first != topic.id:
            reader.error(
                fields["id"],
                f"topics.{topic.id}: the id '{topic.id}' is the same name as topic '{first}' ({places[first]}) "
                "once case, accents, spaces and dashes are set aside, so `show` could not tell them apart; "
                "rename one",
            )
    for topic, fields in topics:
        where = f"topics.{topic.id}"
        if categories and topic.category not in categories:
            reader.error(
                fields["category"],
                f"{where}.category: no category '{topic.category}'{reader.hint(topic.category, categories)}",
            )
        for index, item in enumerate(topic.evidence, start=1):
            ref_nodes = list_nodes(list_nodes(fields["evidence"])[index - 1], "refs")
            for ref, ref_node in zip(item.refs, ref_nodes):
                cited.add(ref)
                if ref not in ref_ids:
                    hint = reader.hint(ref, ref_ids)
                    reader.error(ref_node, f"{where}.evidence[{index}]: no reference '{ref}'{hint}")
        faq_nodes = list_nodes(fields.get("faq"))
        for index, faq in enumerate(topic.faq, start=1):
            ref_nodes = list_nodes(faq_nodes[index - 1] if index <= len(faq_nodes) else None, "refs")
            for ref, ref_node in zip(faq.refs, ref_nodes):
                cited.add(ref)
                if ref not in ref_ids:
                    reader.error(ref_node, f"{where}.faq[{index}]: no reference '{ref}'{reader.hint(ref, ref_ids)}")
        listed: dict[str, int] = {}
        for ref_node, related in zip(list_nodes(fields.get("related")), topic.related):
            if related not in topic_ids:
                reader.error(ref_node, f"{where}.related: no topic '{related}'{reader.hint(related, topic_ids)}")
            elif related == topic.id:
                reader.error(ref_node, f"{where}.related: '{related}' is this topic itself", severity="warning")
            elif related in listed:
                message = f"{where}.related: '{related}' is listed twice (first on line {listed[related]})"
                reader.error(ref_node, message, severity="warning")
            listed.setdefault(related, ref_node.start_mark.line + 1)
        name_nodes = [(topic.title, fields["title"])]
        name_nodes += list(zip(topic.aliases, list_nodes(fields.get("aliases"))))
        name_nodes += list(zip(topic.keywords, list_nodes(fields.get("keywords"))))
        for name, node in name_nodes:
            key = normalize(name)
            owner = names.get(key)
            if owner is None:
                names[key] = topic.id
            elif owner != topic.id and node is not None:
                reader.error(node, f"{where}: the name {brief(name)} is already used by topic '{owner}'")
    if core is not None and "core" in top:
        elements = list_nodes(top["core"], "elements")
        for element, element_node in zip(core.elements, elements):
            for topic_id, node in zip(element.topics, list_nodes(element_node, "topics")):
                if topic_id not in topic_ids:
                    reader.error(node, f"core.elements: no topic '{topic_id}'{reader.hint(topic_id, topic_ids)}")
    for ref_id, (_, key_node) in references.items():
        if ref_id not in cited:
            reader.error(key_node, f"references.{ref_id} is not cited by any topic", severity="warning")


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _rough_stem(word: str) -> str:
    # Only for a warning: "bruising" and "bruise" are the same word here.
    for suffix in ("ing", "ed", "es", "ly", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _check_synonyms(reader: Reader, synonyms: tuple[tuple[str, tuple[str, ...]], ...], topics: list[Topic]) -> None:
    """Warn about catalog words no topic uses: a synonym for them finds nothing."""
    if not synonyms:
        return
    used: set[str] = set()
    for topic in topics:
        for value in topic:
            for text in _all_text(value):
                used.update(_rough_stem(word) for word in _words(text))
    for phrase, targets in synonyms:
        for target in targets:
            missing = [word for word in _words(target) if _rough_stem(word) not in used]
            if missing:
                where = f"synonyms.{brief(phrase, quote=False)}"
                found_nothing = f"no topic has the word {brief(missing[0])}, so {brief(target)} finds nothing"
                reader.error(reader.word_nodes[(phrase, target)], f"{where}: {found_nothing}", "warning")


def _all_text(value: object) -> list[str]:
    """Every piece of text inside a topic's field value (lists and records included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in _all_text(item)]
    return []


def list_nodes(node: yaml.Node | None, key: str | None = None) -> list[yaml.Node]:
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
        return f"the text {brief(node.value)}"
    return _KINDS.get(node.tag, "a value")


def brief(value: object, quote: bool = True) -> str:
    """A value as it can appear inside a one-line message."""
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    # One problem per line: a value with line breaks must not split its message.
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return f"'{text}'" if quote else text


# Not calendar.month_name, which follows the locale: messages are in English.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _calendar_problem(value: str) -> str:
    """Why a date written YYYY-MM-DD is not in the calendar: which part is out of range."""
    year, month, day = (int(part) for part in value.split("-"))
    if year < dt.MINYEAR:
        return f"the year must be {dt.MINYEAR} or later"
    if not 1 <= month <= 12:
        return "month must be 1 to 12"
    days = calendar.monthrange(year, month)[1]
    return f"{_MONTHS[month - 1]} {year} has {days} days" if day else f"day must be 1 to {days}"


def _colon_hint(node: yaml.Node) -> str:
    """For text that YAML read as a key and value (`- Note: it should not hurt.`), the quoted text."""
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    plain = all(isinstance(part, yaml.ScalarNode) and not part.style and part.value for part in (key, value))
    if not plain:
        return ""
    return f"; a colon and a space make YAML read a key, so {_quote_hint(f'{key.value}: {value.value}', 80)}"


def _quote_hint(value: str, longest: int = 40) -> str:
    # A shortened value in quotes would be a wrong suggestion, so long ones get none.
    if len(value) > longest or not value.isprintable() or '"' in value:
        return "put it in quotes"
    return f'put it in quotes: "{value}"'
