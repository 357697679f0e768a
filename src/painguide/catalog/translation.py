"""A catalog in another language: its translation file, read, checked and laid over the catalog.

The translation of `topics.yaml` into Spanish is `topics.es.yaml` beside it
(see docs/catalog-format.md). Its records mirror the catalog's by id, and
each translated field records a fingerprint of the English it was made from.
Laying it over the catalog keeps every id, reference and link, and replaces
the text field by field. A field the translation lacks (missing), or whose
English has changed since it was translated (stale), shows the English with
a note in that very place, never silently.

Domain code: it returns problems, and prints nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

import yaml

from painguide.catalog import schema
from painguide.catalog.beside import translation_path, untrusted
from painguide.catalog.model import Catalog, Faq, Log, Safety
from painguide.catalog.names import names_number
from painguide.catalog.texts import (
    TOPIC_TEXT,
    AlertText,
    CatalogText,
    CategoryText,
    ClinicText,
    CoreText,
    ReferenceText,
    TopicText,
)
from painguide.errors import CatalogError, Problem

if TYPE_CHECKING:
    from painguide.catalog.validate import Reader
from painguide.i18n import MISSING_NOTE, STALE_NOTE
from painguide.languages import get as language_row
from painguide.textsafe import file_name

T = TypeVar("T")


class _Keyed(Protocol):
    @property
    def id(self) -> str: ...


class _Stamped(Protocol):
    """A record of a translation file: its fields, with the fingerprints of the English each translates."""

    @property
    def fingerprints(self) -> tuple[tuple[str, str], ...]: ...


def _replaced(record: T, changes: Mapping[str, object]) -> T:
    """`record` (a NamedTuple) with the fields `changes` names replaced."""
    # The schema names these fields at run time, which no static type can follow (NamedTuple._replace types
    # each field by name), so this one call is untyped; a name that is no field still fails (ValueError).
    untyped: Any = record
    replaced: T = untyped._replace(**changes)
    return replaced


K = TypeVar("K", bound=_Keyed)


def fingerprint(value: object) -> str:
    """12 hex digits of the SHA-256 of the English text of a field, as `_source_text` normalises it.

    Only the words a translation renders count: an evidence item's
    certainty and references, or a link's address, can change without
    making its translation stale. Runs of white space count as one space.
    """
    text = json.dumps(_source_text(value), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _source_text(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Log):
        return [_source_text(value.title), _source_text(value.columns)]
    if isinstance(value, Safety):
        return [_source_text(value.careful), _source_text(value.tell)]
    if isinstance(value, Faq):
        # Its references stay with the English, like an evidence item's.
        return [_source_text(value.q), _source_text(value.a)]
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        # A record that a translation gives as one text: evidence, core element, link.
        return _source_text(getattr(value, "label", None) or value.text)  # type: ignore[attr-defined]
    if isinstance(value, tuple):
        return [_source_text(item) for item in value]
    raise AssertionError(f"no source text for {type(value).__name__}")


def _empty(value: object) -> bool:
    return value in ("", (), None)


class Translated(NamedTuple):
    """The catalog in another language, and what `check` reports about its translation."""

    catalog: Catalog
    path: str
    exists: bool
    # Missing and stale fields (warnings, or errors when translations are required), and the
    # translation file's own warnings.
    problems: tuple[Problem, ...] = ()
    # Topic ids whose translation is still a draft.
    drafts: tuple[str, ...] = ()
    texts: dict[str, TopicText] = {}


class _Parsed(NamedTuple):
    info: CatalogText | None
    clinic: ClinicText | None
    core: CoreText | None
    categories: dict[str, CategoryText]
    references: dict[str, ReferenceText]
    topics: dict[str, TopicText]
    synonyms: tuple[tuple[str, tuple[str, ...]], ...]
    alerts: dict[str, AlertText]
    # Field nodes of each record, and the key node of each keyed record, for positions.
    nodes: dict[tuple[str, str], dict[str, yaml.Node]]
    keys: dict[tuple[str, str], yaml.Node]
    root: yaml.Node
    warnings: list[Problem]
    # The translation file each record was read from (a layered catalog has one per file).
    paths: dict[tuple[str, str], str]


def require_trusted(catalog_path: str, path: str, what: str = "translation") -> None:
    """CatalogError, naming the file and the reason, if `path` (a `what`: a translation, a clinic layer)
    may not speak for the catalog at `catalog_path`."""
    reason = untrusted(catalog_path, path)
    if reason:
        message = (
            f"this {what} is not used: {reason}; a file beside a catalog is trusted only if it belongs "
            "to the catalog's owner or root and no one else can write to it"
        )
        raise CatalogError([Problem(path, None, None, message)])


def _parse(path: str, language: str, catalog: Catalog, data: bytes | None = None) -> _Parsed:
    """Read (or take `data` as the text of) a translation file and validate it against the catalog it translates.

    CatalogError lists every error.
    """
    from painguide.catalog.source import read_catalog_bytes
    from painguide.catalog.validate import Reader, brief, check_phrases, failure, id_entries, problem_order
    from painguide.catalog.yamltree import compose

    require_trusted(catalog.path, path)
    root = compose(read_catalog_bytes(path) if data is None else data, path)
    if root is None:
        raise CatalogError([Problem(path, 1, 1, "the translation file is empty; see docs/catalog-format.md")])
    reader = Reader(path)
    top = reader.mapping(root, "the translation file", ("language",), (*schema.TRANSLATION_TOP, "synonyms"))
    if top is None:
        raise failure(reader, reader.problems)
    code = reader.text(top["language"], "language") if "language" in top else None
    if code is not None and code != language:
        reader.error(top["language"], f"language: {brief(code)} is not '{language}', the language of this file name")
    nodes: dict[tuple[str, str], dict[str, yaml.Node]] = {}
    keys: dict[tuple[str, str], yaml.Node] = {}

    def single(key: str, kind: type[T]) -> T | None:
        if key not in top:
            return None
        built = reader.record(top[key], key, schema.TRANSLATION_TOP[key], kind)
        if built is not None:
            nodes[(key, "")] = reader.fields_of(built)
            keys[(key, "")] = top[key]
        return built

    info = single("catalog", CatalogText)
    clinic = info.clinic if info is not None else None
    if info is not None and clinic is not None:
        nodes[(_CLINIC, "")] = reader.fields_of(clinic)
        keys[(_CLINIC, "")] = nodes[("catalog", "")]["clinic"]
        if set(nodes[("catalog", "")]) == {"clinic"}:
            # A layer's translation that gives only its clinic's hours leaves the catalog's own text alone.
            del nodes[("catalog", "")], keys[("catalog", "")]
            info = None
    core = single("core", CoreText)

    def entries(key: str, kind: type[K], known: Iterable[str], what: str) -> dict[str, K]:
        """The records of one id-keyed section, each of an id the catalog has."""
        ids = set(known)
        out: dict[str, K] = {}
        for built, key_node in id_entries(reader, top.get(key), key, set(), kind, schema.TRANSLATION_KEYED[key]):
            if built.id not in ids:
                hint = reader.hint(built.id, ids)
                reader.error(key_node, f"{key}.{built.id}: the catalog has no {what} of that id{hint}")
                continue
            out[built.id] = built
            nodes[(key, built.id)] = reader.fields_of(built)
            keys[(key, built.id)] = key_node
        return out

    categories = entries("categories", CategoryText, catalog.categories, "category")
    references = entries("references", ReferenceText, catalog.references, "reference")
    topics = entries("topics", TOPIC_TEXT, catalog.topics, "topic")
    alerts = entries("safety_net", AlertText, (alert.id for alert in catalog.safety_net), "safety-net alert")
    keyed: dict[str, Mapping[str, object]] = {
        "categories": categories,
        "references": references,
        "topics": topics,
        "safety_net": alerts,
    }
    check_phrases(
        reader,
        ((key, alert.phrases, nodes[("safety_net", key)].get("phrases")) for key, alert in alerts.items()),
    )
    for (key, entry_id), fields in nodes.items():
        status = fields.get("status")
        values = keyed.get(key, {}).get(entry_id) if entry_id else (info if key == "catalog" else None)
        if status is not None and getattr(values, "status", "") == "reviewed":
            for needed in ("reviewer", "reviewed"):
                if needed not in fields:
                    where = f"{key}.{entry_id}" if entry_id else key
                    reader.error(
                        status, f"{where}: a reviewed translation needs '{needed}' (who reviewed it, and when)"
                    )
    synonyms = (reader.word_map(top["synonyms"], "synonyms") or ()) if "synonyms" in top else ()
    _check_names(reader, catalog, topics, nodes)
    errors = [p for p in reader.problems if p.severity == "error"]
    if errors or reader.unlisted_errors:
        raise failure(reader, sorted(errors, key=problem_order))
    return _Parsed(
        info,
        clinic,
        core,
        categories,
        references,
        topics,
        synonyms,
        alerts,
        nodes,
        keys,
        root,
        sorted(reader.problems, key=problem_order),
        dict.fromkeys(keys, path),
    )


# The place of the clinic's record in a translation file (under `catalog`).
_CLINIC = "catalog.clinic"


def _place_name(place: tuple[str, str]) -> str:
    """`("topics", "yoga")` -> `topics.yoga`, as `Layer.defines` names records."""
    return f"{place[0]}.{place[1]}" if place[1] else place[0]


def _combine(catalog: Catalog, files: list[tuple[int, _Parsed]]) -> _Parsed:
    """The translations of a layered catalog's files as one: each record from the last file that gives it.

    A file's translation of a record counts only if that file or one below
    it set the record: the bundled Spanish of a topic a clinic replaced
    translates text that is no longer shown.
    """
    top = files[-1][1]
    if len(catalog.layers) <= 1:
        return top
    # The file each record is taken from: the last that gives it, in the order they first appear.
    taken: dict[tuple[str, str], _Parsed] = {}
    nodes: dict[tuple[str, str], dict[str, yaml.Node]] = {}
    keys: dict[tuple[str, str], yaml.Node] = {}
    paths: dict[tuple[str, str], str] = {}
    synonyms: dict[str, tuple[str, ...]] = {}
    warnings: list[Problem] = []
    for index, parsed in files:
        for place in parsed.keys:
            if catalog.owner(_place_name(place)) > index:
                continue
            taken[place] = parsed
            nodes[place], keys[place], paths[place] = parsed.nodes[place], parsed.keys[place], parsed.paths[place]
        synonyms.update(parsed.synonyms)
        warnings += parsed.warnings

    def single(key: str, section: Callable[[_Parsed], T | None]) -> T | None:
        parsed = taken.get((key, ""))
        return None if parsed is None else section(parsed)

    def entries(key: str, section: Callable[[_Parsed], dict[str, T]]) -> dict[str, T]:
        return {
            entry_id: section(parsed)[entry_id]
            for (name, entry_id), parsed in taken.items()
            if name == key and entry_id
        }

    return _Parsed(
        single("catalog", lambda parsed: parsed.info),
        single(_CLINIC, lambda parsed: parsed.clinic),
        single("core", lambda parsed: parsed.core),
        entries("categories", lambda parsed: parsed.categories),
        entries("references", lambda parsed: parsed.references),
        entries("topics", lambda parsed: parsed.topics),
        tuple(synonyms.items()),
        entries("safety_net", lambda parsed: parsed.alerts),
        nodes,
        keys,
        top.root,
        warnings,
        paths,
    )


def _check_names(
    reader: Reader, catalog: Catalog, texts: dict[str, TopicText], nodes: dict[tuple[str, str], dict[str, yaml.Node]]
) -> None:
    """Each name a translation gives a topic (title, aliases, keywords) must find only that topic.

    In the translated index a topic answers to its id and its names in that
    language, or the English ones where the translation has none; a name two
    topics share makes `show NAME` ambiguous, as it would in English.
    """
    for node, _topic_id, message in _name_conflicts(catalog, texts, nodes):
        reader.error(node, message)


def _name_conflicts(
    catalog: Catalog, texts: dict[str, TopicText], nodes: dict[tuple[str, str], dict[str, yaml.Node]]
) -> list[tuple[yaml.Node, str, str]]:
    """(where, topic id, message) for each name a translation gives a topic that another topic answers to."""
    from painguide.catalog.names import normalize
    from painguide.catalog.validate import brief, list_nodes

    conflicts: list[tuple[yaml.Node, str, str]] = []
    owners = {normalize(topic_id): topic_id for topic_id in catalog.topics}
    given: list[tuple[str, str, yaml.Node]] = []
    for topic_id, topic in catalog.topics.items():
        text = texts.get(topic_id)
        fields = nodes.get(("topics", topic_id), {})
        if text is not None and text.title:
            given.append((topic_id, text.title, fields["title"]))
        else:
            owners.setdefault(normalize(topic.title), topic_id)
        for name in ("aliases", "keywords"):
            values = getattr(text, name, ()) if text is not None else ()
            if values:
                given += [(topic_id, value, node) for value, node in zip(values, list_nodes(fields.get(name)))]
            else:
                # Untranslated names are still the topic's: keywords are used as they are, and an alias a
                # reader may type in English must not open another topic in this language.
                for value in getattr(topic, name):
                    owners.setdefault(normalize(value), topic_id)
    for topic_id, name, node in given:
        owner = owners.setdefault(normalize(name), topic_id)
        if owner != topic_id:
            message = f"topics.{topic_id}: the name {brief(name)} is already used by topic '{owner}'"
            conflicts.append((node, topic_id, message))
    return conflicts


def translate(catalog: Catalog, language: str, *, require: bool = False) -> Translated:
    """The catalog with its text in `language`, field by field, and the problems of its translation.

    Missing and stale fields are warnings, or errors when `require` is set
    (`check --require-translations`). The notes that mark them are in the
    translation's own language.
    """
    from painguide import i18n

    files = [layer.path for layer in catalog.layers] or [catalog.path]
    paths = [translation_path(file, language) for file in files]
    notes = (i18n.translate(language, MISSING_NOTE), i18n.translate(language, STALE_NOTE))
    overlay = _Overlay(catalog, paths[-1], language, notes, "error" if require else "warning")
    found = [(index, _parse(path, language, catalog)) for index, path in enumerate(paths) if os.path.isfile(path)]
    parsed = _combine(catalog, found) if found else None
    if parsed is not None and len(found) > 1:
        # Each file's names were checked against its own topics; a layer's must also not take
        # a name the translation of the catalog it extends gives another topic. Refused as one file's
        # own clash is, so that no page, `show` or `site` goes on with a name that opens two topics.
        clashes = [
            Problem(
                parsed.paths.get(("topics", topic_id), paths[-1]),
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                message,
            )
            for node, topic_id, message in _name_conflicts(catalog, parsed.topics, parsed.nodes)
        ]
        if clashes:
            raise CatalogError(clashes)
    result = overlay.apply(parsed)
    if parsed is None:
        count = sum(overlay.missing.values())
        overlay.problems.insert(
            0,
            Problem(
                catalog.path,
                None,
                None,
                f"no {language_row(language).name} translation ({os.path.basename(paths[-1])} beside the catalog); "
                f"every page is shown in English ({count} {'field' if count == 1 else 'fields'})",
                overlay.severity,
            ),
        )
    else:
        given = {index for index, _ in found}
        for index, file in enumerate(files):
            count = overlay.missing.get(index, 0)
            if index not in given and count:
                overlay.problems.append(
                    Problem(
                        file,
                        None,
                        None,
                        f"no {language_row(language).name} translation ({os.path.basename(paths[index])} beside it): "
                        f"{count} {'field' if count == 1 else 'fields'} it gives {'is' if count == 1 else 'are'} "
                        "shown in English",
                        overlay.severity,
                    )
                )
    return Translated(
        result,
        paths[-1],
        parsed is not None,
        tuple(overlay.problems),
        tuple(t.id for t in parsed.topics.values() if t.status != "reviewed") if parsed else (),
        dict(parsed.topics) if parsed else {},
    )


class _Overlay:
    """Lays a parsed translation over the catalog, noting each field it cannot use."""

    def __init__(self, catalog: Catalog, path: str, language: str, notes: tuple[str, str], severity: str) -> None:
        self.catalog = catalog
        self.path = path
        self.language = language
        self.missing_note, self.stale_note = notes
        self.severity = severity
        self.problems: list[Problem] = []
        self.parsed: _Parsed | None = None
        # How many fields each file of the catalog's chain sets that are shown in English, by its index.
        self.missing: dict[int, int] = {}

    def apply(self, parsed: _Parsed | None) -> Catalog:
        self.parsed = parsed
        catalog = self.catalog
        if parsed is not None:
            self.problems += parsed.warnings
        info_text = parsed.info if parsed else None
        info = _replaced(
            catalog.info,
            {
                **self.fields("catalog", catalog.info, info_text, ("catalog", "")),
                "language": self.language,
                "translation": (info_text.status if info_text and info_text.status else "draft") if parsed else "",
            },
        )
        if catalog.info.clinic is not None:
            clinic = parsed.clinic if parsed else None
            changed = self.fields("clinic", catalog.info.clinic, clinic, (_CLINIC, ""))
            info = info._replace(clinic=_replaced(catalog.info.clinic, changed))
        core = _replaced(catalog.core, self.fields("core", catalog.core, parsed.core if parsed else None, ("core", "")))
        categories = {
            key: _replaced(
                category,
                self.fields("category", category, parsed.categories.get(key) if parsed else None, ("categories", key)),
            )
            for key, category in catalog.categories.items()
        }
        references = {
            key: _replaced(
                ref, self.fields("reference", ref, parsed.references.get(key) if parsed else None, ("references", key))
            )
            for key, ref in catalog.references.items()
        }
        topics = {}
        for key, topic in catalog.topics.items():
            text = parsed.topics.get(key) if parsed else None
            if parsed is not None and text is None:
                message = f"topics.{key}: no {language_row(self.language).name} translation; it is shown in English"
                file = catalog.layers[catalog.owner(f"topics.{key}")].path if catalog.layers else catalog.path
                self._problem(None, message, line=topic.line, path=file)
            changed = self.fields("topic", topic, text, ("topics", key), report=text is not None)
            names = {
                "aliases": text.aliases if text and text.aliases else self._marked(topic.aliases, self.missing_note),
                "keywords": text.keywords if text and text.keywords else topic.keywords,
            }
            status: dict[str, object] = (
                {"translation": text.status or "draft", "reviewer": text.reviewer} if text else {}
            )
            if text and text.reviewed:
                status["reviewed"] = text.reviewed.isoformat()
            # A translated page is signed off by a review of its own text, never by the English one's.
            reviews = {"reviews": text.reviews if text else ()}
            topics[key] = _replaced(topic, {**changed, **names, **status, **reviews})
        synonyms = parsed.synonyms if parsed else ()
        alerts = []
        for alert in catalog.safety_net:
            given = parsed.alerts.get(alert.id) if parsed else None
            if parsed is not None and given is None:
                message = f"safety_net.{alert.id}: no {language_row(self.language).name} translation"
                self._problem(None, message, line=alert.line)
            changed = self.fields("alert", alert, given, ("safety_net", alert.id), report=given is not None)
            # A person reading this language may still type English: its phrases add to the English ones.
            phrases = tuple(dict.fromkeys((*(given.phrases if given else ()), *alert.phrases)))
            number = schema.ALERT_NUMBERS.get(alert.kind, "")
            message_lines = changed.get("message", ())
            lines = message_lines if isinstance(message_lines, tuple) else ()
            if given is not None and number and lines and not names_number(lines, number):
                # A translation cannot hide the number: its text is not used, the built-in text is.
                nodes = self.parsed.nodes.get(("safety_net", alert.id), {}) if self.parsed else {}
                self._problem(
                    nodes.get("message"),
                    f"safety_net.{alert.id}.message: a {alert.kind} alert must name {number} as a number of its "
                    f"own, one to call ('call or text {number}'; not a room or street number, nor inside "
                    f"another number, as in 1-800-555-{number}0, ({number}) 555-0100 or 555-0100 ext. {number}); "
                    "the built-in text is shown instead",
                    "error",
                )
                changed = {name: getattr(alert, name) for name in schema.TRANSLATED["alert"]}
                given = None
            translated = given is not None and all(
                changed.get(name) == getattr(given, name) for name in schema.TRANSLATED["alert"]
            )
            alerts.append(
                _replaced(alert, {**changed, "phrases": phrases, "translation": "" if translated else "untranslated"})
            )
        return catalog._replace(
            info=info,
            core=core,
            categories=categories,
            references=references,
            topics=topics,
            synonyms=synonyms,
            safety_net=tuple(alerts),
        )

    def fields(
        self, record: str, english: object, text: _Stamped | None, place: tuple[str, str], report: bool = True
    ) -> dict[str, object]:
        """The value of each translated field of one record: the translation, or the English marked."""
        where = _place_name(place)
        stamps = dict(text.fingerprints) if text is not None else {}
        nodes = self.parsed.nodes.get(place, {}) if self.parsed else {}
        key_node = self.parsed.keys.get(place) if self.parsed else None
        owner = self.catalog.owner(where)
        path = (self.parsed.paths.get(place) if self.parsed else None) or self.where_owned(owner)
        out: dict[str, object] = {}
        for name in schema.TRANSLATED[record]:
            source = getattr(english, name)
            given = getattr(text, name, None) if text is not None else None
            if _empty(source):
                if not _empty(given):
                    message = f"{where}.{name}: the English has none, so this is not shown"
                    self._problem(nodes.get(name), message, "warning", path=path)
                continue
            if _empty(given):
                out[name] = self._marked(source, self.missing_note)
                self.missing[owner] = self.missing.get(owner, 0) + 1
                if report and self.parsed is not None:
                    language = language_row(self.language).name
                    message = f"{where}.{name}: no {language} translation; the English is shown"
                    self._problem(key_node, message, path=path)
                continue
            mismatch = _mismatch(source, given)
            command = f"painguide check --stamp-translations {self.language}"
            if mismatch:
                message = f"{where}.{name} {mismatch}; the English is shown"
            elif name not in stamps:
                message = (
                    f"{where}.{name}: no fingerprint of the English it was translated from; check it against "
                    f"the English, then run {command}"
                )
            elif stamps[name] != fingerprint(source):
                message = (
                    f"{where}.{name}: stale: the English has changed since this was translated; update the "
                    f"translation, then run {command}"
                )
            else:
                out[name] = _merge(source, given)
                continue
            out[name] = self._marked(source, self.stale_note)
            self._problem(nodes.get(name), message, path=path)
        return out

    def where_owned(self, owner: int) -> str:
        """Where to report a record of the file `owner` has no translation of: its translation, or itself."""
        if not self.catalog.layers:
            return self.path
        path = translation_path(self.catalog.layers[owner].path, self.language)
        return path if os.path.isfile(path) else self.catalog.layers[owner].path

    def _problem(
        self, node: yaml.Node | None, message: str, severity: str = "", line: int | None = None, path: str = ""
    ) -> None:
        if node is None:
            self.problems.append(Problem(path or self.path, line, None, message, severity or self.severity))
            return
        mark = node.start_mark
        self.problems.append(
            Problem(path or self.path, mark.line + 1, mark.column + 1, message, severity or self.severity)
        )

    def _marked(self, value: object, note: str) -> object:
        """The English, with the note after it: after each item of a list, so that no item
        (in a snippet, say) is ever shown in English without it."""
        if isinstance(value, str):
            return f"{value} {note}"
        if isinstance(value, Log):
            return value._replace(title=f"{value.title} {note}")
        if isinstance(value, Safety):
            return Safety(
                tuple(f"{line} {note}" for line in value.careful), tuple(f"{line} {note}" for line in value.tell)
            )
        if isinstance(value, tuple):
            return tuple(self._marked_item(item, note) for item in value)
        return value

    def _marked_item(self, item: object, note: str) -> object:
        if isinstance(item, str):
            return f"{item} {note}"
        if isinstance(item, Faq):
            return item._replace(q=f"{item.q} {note}", a=f"{item.a} {note}")
        name = "label" if hasattr(item, "label") else "text"
        return _replaced(item, {name: f"{getattr(item, name)} {note}"})


def _mismatch(source: object, given: object) -> str:
    """Why a translation cannot stand for this English item by item, or "" (the schema gave both one shape)."""
    if isinstance(source, Log):
        assert isinstance(given, Log)
        return _count(source.columns, given.columns, "columns")
    if isinstance(source, Safety):
        assert isinstance(given, Safety)
        return _count(source.careful, given.careful, "careful items") or _count(source.tell, given.tell, "tell items")
    if isinstance(source, tuple):
        assert isinstance(given, tuple)
        return _count(source, given, "items")
    return ""


def _count(source: tuple[object, ...], given: tuple[object, ...], what: str) -> str:
    if len(source) == len(given):
        return ""
    return f"has {len(given)} {what}; the English has {len(source)}"


def _merge(source: object, given: object) -> object:
    """The translated value in the English record's shape (evidence keeps its certainty and refs)."""
    if isinstance(source, tuple) and source and isinstance(given, tuple):
        if isinstance(source[0], Faq):
            return tuple(_replaced(item, {"q": _faq(text).q, "a": _faq(text).a}) for item, text in zip(source, given))
        if hasattr(source[0], "_fields"):
            name = "label" if hasattr(source[0], "label") else "text"
            return tuple(_replaced(item, {name: text}) for item, text in zip(source, given))
    return given


def _faq(text: object) -> Faq:
    assert isinstance(text, Faq)
    return text


# --- stamping ----------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"


def stamp(catalog: Catalog, language: str) -> tuple[bytes, int]:
    """The translation file's bytes with a fingerprint for every field it translates, and how many.

    A person stamps after checking the translation against the current
    English: the stamp says "this was made from that English". Fields whose
    item count differs from the English are not stamped. Nothing else in the
    file changes: each record's old `fingerprints` entry is cut out where the
    parser found it and the new one put before the record's first field, in
    the record's own style (block or flow), with the file's line endings and
    byte-order mark. The result is read back, and used only if it holds
    exactly the same translation with exactly the new fingerprints.
    """
    import re

    from painguide.catalog.source import read_catalog_bytes

    path = translation_path(catalog.path, language)
    parsed = _parse(path, language, catalog)
    data = read_catalog_bytes(path)
    bom = data.startswith(_BOM)
    text = data[len(_BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    first_break = re.search("\r\n|\n|\r", text)
    newline = first_break.group() if first_break else "\n"
    # The parser that gives every node its end as well as its start (as a character offset).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    children = _children(yaml.compose(text, Loader=loader))
    edits: list[tuple[int, int, str]] = []
    wanted: dict[tuple[str, str], dict[str, str]] = {}
    for key, entry_id in parsed.keys:
        record, english, translated = _pair(catalog, parsed, key, entry_id)
        if english is None:
            continue
        value = children.get((key, entry_id))
        stamps = {
            name: fingerprint(getattr(english, name))
            for name in schema.TRANSLATED[record]
            if not _empty(getattr(translated, name))
            and not _empty(getattr(english, name))
            and not _mismatch(getattr(english, name), getattr(translated, name))
        }
        if not isinstance(value, yaml.MappingNode) or not value.value:
            continue
        wanted[(key, entry_id)] = stamps
        edits += _record_edits(text, value, stamps, newline)
    out: list[str] = []
    at = 0
    for start, end, replacement in sorted(edits):
        out += [text[at:start], replacement]
        at = max(at, end)
    out.append(text[at:])
    result = (_BOM if bom else b"") + "".join(out).encode("utf-8")
    _check_stamped(path, language, catalog, parsed, result, wanted)
    return result, sum(len(stamps) for stamps in wanted.values())


def _children(root: yaml.Node | None) -> dict[tuple[str, str], yaml.Node]:
    """Each record's node by (section, id), found in one pass (a scan per record was quadratic)."""
    out: dict[tuple[str, str], yaml.Node] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key_node, value in root.value:
        section = str(getattr(key_node, "value", ""))
        out[(section, "")] = value
        if section == "catalog" and isinstance(value, yaml.MappingNode):
            # The clinic's own record sits inside the catalog's (`catalog.clinic`).
            for entry_key, entry in value.value:
                if getattr(entry_key, "value", None) == "clinic":
                    out[(_CLINIC, "")] = entry
        if section in schema.TRANSLATION_KEYED and isinstance(value, yaml.MappingNode):
            for entry_key, entry in value.value:
                out[(section, str(getattr(entry_key, "value", "")))] = entry
    return out


def _record_edits(
    text: str, node: yaml.MappingNode, stamps: dict[str, str], newline: str
) -> list[tuple[int, int, str]]:
    """The edits that put `stamps` in place of a record's old fingerprints: (start, end, replacement)."""
    pairs = node.value
    old = next((n for n, (k, _v) in enumerate(pairs) if getattr(k, "value", None) == "fingerprints"), None)
    first_key = pairs[0][0]
    if node.flow_style:
        new = "fingerprints: {" + ", ".join(f'{name}: "{value}"' for name, value in stamps.items()) + "}"
        if old is None:
            return [(first_key.start_mark.index, first_key.start_mark.index, new + ", ")] if stamps else []
        key, value = pairs[old]
        if old + 1 < len(pairs):
            cut = (key.start_mark.index, pairs[old + 1][0].start_mark.index)
        elif old > 0:
            cut = (pairs[old - 1][1].end_mark.index, value.end_mark.index)
        else:
            cut = (key.start_mark.index, value.end_mark.index)
        if old == 0:
            return [(cut[0], cut[1], (new + (", " if len(pairs) > 1 else "")) if stamps else "")]
        edits = [(cut[0], cut[1], "")]
        if stamps:
            edits.append((first_key.start_mark.index, first_key.start_mark.index, new + ", "))
        return edits
    indent = first_key.start_mark.column
    start = first_key.start_mark.index - indent
    # A comment at the end of an old fingerprint's line ("# checked by Ana") stays on the new one's.
    notes = _line_comments(text, *pairs[old]) if old is not None else {}

    def noted(line: str, name: str) -> str:
        return f"{line}  {notes[name]}{newline}" if name in notes else f"{line}{newline}"

    block = "".join(
        [noted(f"{' ' * indent}fingerprints:", "")]
        + [noted(f'{" " * (indent + 2)}{name}: "{value}"', name) for name, value in stamps.items()]
        # The note of a field no longer stamped is kept as a line of its own.
        + [f"{' ' * (indent + 2)}{note}{newline}" for name, note in notes.items() if name and name not in stamps]
    )
    if not stamps:
        block = ""
    if old is None:
        return [(start, start, block)] if block else []
    key, value = pairs[old]
    cut_start = key.start_mark.index - key.start_mark.column
    # A block value's end mark is the next key's, past any comment between them (a translator's note
    # under the fingerprints): cut at the end of its last value's line instead, so the comment stays.
    last = value
    while isinstance(last, (yaml.MappingNode, yaml.SequenceNode)) and not last.flow_style and last.value:
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    cut_end = _line_end(text, last.end_mark)
    if old == 0:
        return [(cut_start, cut_end, block)]
    return [(start, start, block), (cut_start, cut_end, "")] if block else [(cut_start, cut_end, "")]


def _line_comments(text: str, key: yaml.Node, value: yaml.Node) -> dict[str, str]:
    """The comments at the end of the lines of an old `fingerprints` entry: "" for its key's line (or a
    flow value's), else by the field each line stamps."""
    import re

    after = re.compile("[ \t]*:?[ \t]*(#[^\r\n]*)")
    notes: dict[str, str] = {}
    if isinstance(value, yaml.MappingNode) and not value.flow_style:
        found = after.match(text, key.end_mark.index)
        for name_node, stamp_node in value.value:
            note = after.match(text, stamp_node.end_mark.index)
            if note:
                notes[str(getattr(name_node, "value", ""))] = note.group(1)
    else:
        found = after.match(text, value.end_mark.index)
    if found:
        notes[""] = found.group(1)
    return notes


def _line_end(text: str, mark: yaml.Mark) -> int:
    """Where the lines of a value that ends at `mark` end: a block value ends at the next token,
    at the start of its line; a flow value or scalar ends mid-line, and its line with it."""
    import re

    if not text[mark.index - mark.column : mark.index].strip():
        return mark.index - mark.column
    rest = re.compile("[ \t]*(#[^\r\n]*)?(\r\n|\n|\r|$)").match(text, mark.index)
    return rest.end() if rest else mark.index


def _check_stamped(
    path: str,
    language: str,
    catalog: Catalog,
    before: _Parsed,
    data: bytes,
    wanted: dict[tuple[str, str], dict[str, str]],
) -> None:
    """CatalogError unless `data` holds the same translation as before with exactly the `wanted` fingerprints."""
    reason = _stamped_differs(path, language, catalog, before, data, wanted)
    if reason:
        message = f"cannot stamp this file safely ({reason}); nothing was written. Write the fingerprints by hand"
        raise CatalogError([Problem(path, None, None, message)])


def _stamped_differs(
    path: str,
    language: str,
    catalog: Catalog,
    before: _Parsed,
    data: bytes,
    wanted: dict[tuple[str, str], dict[str, str]],
) -> str:
    try:
        after = _parse(path, language, catalog, data)
    except CatalogError as error:
        return error.problems[0].message if error.problems else "it no longer reads"
    changed = "it would change more than the fingerprints"
    if set(after.keys) != set(before.keys):
        return changed
    for place in before.keys:
        old, new = _pair(catalog, before, *place)[2], _pair(catalog, after, *place)[2]
        assert old is not None and new is not None, "a place read from the file has its record"
        if _content(old) != _content(new) or dict(new.fingerprints) != wanted.get(place, dict(old.fingerprints)):
            return changed
    return ""


def _content(record: object) -> tuple[object, ...]:
    """A record's translation, without its fingerprints or the line it starts on (nor those of a record
    inside it, such as the catalog's clinic, which is stamped as a record of its own)."""
    assert isinstance(record, tuple)
    fields: tuple[str, ...] = getattr(record, "_fields", ())
    return tuple(
        _content(value) if "fingerprints" in getattr(value, "_fields", ()) else value
        for name, value in zip(fields, record)
        if name not in ("fingerprints", "line")
    )


def stamp_file(catalog: Catalog, language: str) -> tuple[str, int]:
    """Stamp the translation file of `catalog` in place (see `stamp`); its name and how many fields.

    The file is found as reading finds it (through a symlink), replaced
    atomically, and keeps its mode and owner. The installed package's own
    catalog is never written: an upgrade would undo it, and others share it.
    """
    from painguide.atomicfile import rewrite_file
    from painguide.catalog.bundled import in_package
    from painguide.errors import UsageError

    path = translation_path(catalog.path, language)
    if in_package(path):
        raise UsageError(
            f"--stamp-translations: {file_name(path)} is part of the installed painguide package; "
            "copy the catalog and its translation elsewhere and stamp the copies"
        )
    data, count = stamp(catalog, language)
    rewrite_file(os.path.realpath(path), data)
    return path, count


def _pair(catalog: Catalog, parsed: _Parsed, key: str, entry_id: str) -> tuple[str, object, _Stamped | None]:
    """The catalog record name, its English record and its translation, for one record of a translation file."""
    if key == "catalog":
        return "catalog", catalog.info, parsed.info
    if key == _CLINIC:
        return "clinic", catalog.info.clinic, parsed.clinic
    if key == "core":
        return "core", catalog.core, parsed.core
    if key == "categories":
        return "category", catalog.categories[entry_id], parsed.categories[entry_id]
    if key == "references":
        return "reference", catalog.references[entry_id], parsed.references[entry_id]
    if key == "safety_net":
        alert = next(a for a in catalog.safety_net if a.id == entry_id)
        return "alert", alert, parsed.alerts[entry_id]
    return "topic", catalog.topics[entry_id], parsed.topics[entry_id]
