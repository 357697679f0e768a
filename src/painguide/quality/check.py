"""Everything `painguide check` reports about a catalog, as data."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from painguide.errors import CatalogError, Problem, UsageError
from painguide.i18n import using
from painguide.languages import SOURCE

if TYPE_CHECKING:
    from collections.abc import Callable

    import yaml

    from painguide.catalog.model import Catalog, CatalogInfo, Rating, Topic
    from painguide.quality.plain_language import Finding, ScaleScore

_UNITS = {"y": "year", "m": "month", "d": "day"}


class Age(NamedTuple):
    """A review age in calendar units: `Age(18, "m")` is 18 months before a date, whatever their length."""

    number: int
    unit: str = "y"

    @classmethod
    def parse(cls, text: str, option: str = "--max-age") -> Age:
        """`2y`, `18m`, `90d` or a bare number of years."""
        match = re.fullmatch(r"\s*(\d{1,4})\s*([ymd]?)\s*", text.lower())
        if not match:
            raise UsageError(f"{option} '{text}' is not an age; use e.g. 2y, 18m or 90d")
        return cls(int(match.group(1)), match.group(2) or "y")

    def before(self, today: dt.date) -> dt.date:
        """The date this age before `today`, by the calendar: a month back from 31 March is 28 or 29 February."""
        if self.unit == "d":
            days = min(self.number, today.toordinal() - 1)
            return today - dt.timedelta(days=days)
        months = self.number * (12 if self.unit == "y" else 1)
        index = today.year * 12 + today.month - 1 - months
        year, month = divmod(index, 12)
        if year < dt.MINYEAR:
            # Older than the calendar goes: every review date is recent enough.
            return dt.date.min
        day = min(today.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day)

    def __str__(self) -> str:
        name = _UNITS[self.unit]
        return f"{self.number} {name}{'s' if self.number != 1 else ''}"


# How long a clinical sign-off counts unless the clinic says otherwise (`check --review-max-age`).
REVIEW_MAX_AGE = Age(24, "m")


class Missed(NamedTuple):
    """A plain-language item a topic missed, with the place that shows why."""

    topic: str
    item: str
    message: str
    line: int | None
    column: int | None


@dataclass
class ReviewStatus:
    """A topic's clinical sign-off as `check` sees it: valid, changed since, too old, or none."""

    status: str  # "reviewed", "changed", "expired" or "none"
    reviewer: str = ""
    role: str = ""
    date: str = ""
    note: str = ""
    # Each covered field changed since the sign-off: its place (`safety.careful[2]`), line and column.
    changes: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)


@dataclass
class TopicReport:
    id: str
    line: int
    grade: float | None = None
    last_reviewed: str = ""
    problems: list[Problem] = field(default_factory=list)
    understandability: int | None = None
    actionability: int | None = None
    # Item id -> met (True), missed (False) or not applicable (None).
    items: dict[str, bool | None] = field(default_factory=dict)
    missed: list[Missed] = field(default_factory=list)
    average_words: float | None = None
    passive_share: float | None = None
    # PEMAT-P and CCI, scale by scale: automated, person-rated, unscored (quality/plain_language.py).
    scales: tuple[ScaleScore, ...] = ()
    ratings: tuple[Rating, ...] = ()
    review: ReviewStatus | None = None

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass
class TranslatedTopic:
    """One topic of a translation: where it is, and how easy its text is to read."""

    id: str
    line: int | None
    status: str
    inflesz: float | None = None
    fernandez_huerta: float | None = None
    review: ReviewStatus | None = None


@dataclass
class TranslationReport:
    language: str
    path: str
    exists: bool
    required: bool
    drafts: list[str] = field(default_factory=list)
    # The review status of the catalog's own text (title, disclaimer, categories, core, reference notes).
    catalog_status: str = ""
    topics: list[TranslatedTopic] = field(default_factory=list)


@dataclass
class CheckReport:
    path: str
    max_grade: float
    max_age: Age
    # The oldest review date allowed, and how many days before today it is.
    oldest: dt.date
    max_age_days: int
    min_understandability: float = 0.0
    min_actionability: float = 0.0
    topics: list[TopicReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    min_inflesz: float = 0.0
    translations: list[TranslationReport] = field(default_factory=list)
    # Sign-offs: how old one may be, the oldest date allowed, and whether an unreviewed topic is an error.
    review_max_age: Age = REVIEW_MAX_AGE
    review_oldest: dt.date = dt.date.min
    require_review: bool = False

    @property
    def errors(self) -> int:
        every = [*self.problems, *(p for t in self.topics for p in t.problems)]
        return sum(1 for p in every if p.severity == "error")

    @property
    def warnings(self) -> int:
        every = [*self.problems, *(p for t in self.topics for p in t.problems)]
        return sum(1 for p in every if p.severity == "warning")


def check_catalog(
    path: str,
    max_grade: float,
    max_age_days: int | None,
    today: dt.date,
    *,
    max_age: Age | None = None,
    min_understandability: float = 0.0,
    min_actionability: float = 0.0,
    require_translations: tuple[str, ...] = (),
    min_inflesz: float = 65.0,
    review_max_age: Age = REVIEW_MAX_AGE,
    require_review: bool = False,
    too_long: Callable[[Topic, Catalog], str] | None = None,
    clinic_too_long: Callable[[CatalogInfo], str] | None = None,
) -> CheckReport:
    """Validate, then measure each topic: grade, review age, citations, plain language.

    The oldest review allowed is `max_age` before `today` by the calendar, or
    else `max_age_days` days before it (the form older callers pass).
    `too_long` says why a topic is too long for a handout, or "" if it is
    not (the handout's own measure, render/handout.py, which this layer may
    not import: `painguide check` passes it); `clinic_too_long` says the same
    of the clinic's details and locations, which every handout prints.
    """
    from painguide.catalog.layers import chain, extends_of
    from painguide.catalog.load import load_catalog
    from painguide.catalog.source import read_catalog_text
    from painguide.catalog.validate import build_catalog
    from painguide.catalog.yamltree import compose
    from painguide.quality.readability import grades, patient_text

    if max_age is None:
        max_age = Age(max_age_days or 0, "d")
    oldest = max_age.before(today)
    report = CheckReport(
        path, max_grade, max_age, oldest, (today - oldest).days, min_understandability, min_actionability
    )
    report.min_inflesz = min_inflesz
    report.review_max_age, report.review_oldest = review_max_age, review_max_age.before(today)
    report.require_review = require_review
    try:
        # A layer is checked over the catalog it extends: only what it sets is its own to fix.
        files = chain(path)
        base = load_catalog(files[-2]) if len(files) > 1 else None
        text = read_catalog_text(path)
        root = compose(text, path)
        catalog = build_catalog(root, path, base, extends_of(path) if base else None)
    except CatalogError as error:
        report.problems = list(error.problems)
        return report
    report.problems = list(catalog.warnings)
    with using(SOURCE):
        reason = clinic_too_long(catalog.info) if clinic_too_long else ""
    if reason:
        # At the `locations:` key when there is one (a block list's own node starts at its first item).
        clinic = _child(_child(root, "catalog"), "clinic")
        keys = [key for key, _value in getattr(clinic, "value", ()) if key.value == "locations"]
        node = keys[0] if keys else clinic
        line = node.start_mark.line + 1 if node is not None else None
        report.problems.append(Problem(path, line, None, f"catalog.clinic: {reason}"))
    places = _Places(text, root)
    log_titles = [t.log.title for t in catalog.topics.values() if t.log is not None]
    # A layer reports on the topics it sets; those of the catalog it extends are reported by their own check.
    top = len(catalog.layers) - 1
    own = [topic for topic in catalog.topics.values() if catalog.owner(f"topics.{topic.id}") == top]
    # All at once: the syllable dictionary is read in one pass for every topic's words.
    topic_grades = grades([patient_text(topic) for topic in own])
    for topic, topic_grade in zip(own, topic_grades):
        entry = TopicReport(topic.id, topic.line, last_reviewed=topic.last_reviewed.isoformat())
        entry.grade = topic_grade
        if entry.grade > max_grade:
            entry.problems.append(
                _problem(path, topic.line, f"reading grade {entry.grade} is above the maximum {max_grade}")
            )
        if topic.last_reviewed < oldest:
            entry.problems.append(
                _problem(path, topic.line, f"last reviewed {topic.last_reviewed.isoformat()}, more than {max_age} ago")
            )
        if topic.last_reviewed > today:
            entry.problems.append(_problem(path, topic.line, f"last_reviewed {topic.last_reviewed} is in the future"))
        if not topic.cited_refs():
            entry.problems.append(_problem(path, topic.line, "cites no reference; evidence needs at least one"))
        for index, item in enumerate(topic.evidence, start=1):
            if not item.refs:
                entry.problems.append(
                    _problem(path, topic.line, f"evidence[{index}] cites no reference", severity="warning")
                )
        with using(SOURCE):
            # The English handout's headings, whatever language `check` speaks (seventh pass #3).
            reason = too_long(topic, catalog) if too_long else ""
        if reason:
            entry.problems.append(_problem(path, topic.line, f"topics.{topic.id}: {reason}"))
        _plain_language(entry, topic, entry.grade, places, report, log_titles)
        entry.review = _review(topic, places, report, path, "", entry.problems)
        report.topics.append(entry)
    if too_long and top:
        # A layer's clinic details print on every handout, the extended catalog's topics too (sixth pass #2).
        with using(SOURCE):
            report.problems += _too_long_elsewhere(catalog, {t.id for t in own}, too_long, path)
    _translations(catalog, report, require_translations, too_long, clinic_too_long)
    return report


def _too_long_elsewhere(
    shown: Catalog, own: set[str], too_long: Callable[[Topic, Catalog], str], path: str
) -> list[Problem]:
    """The topics a layer does not set, measured as its handouts print them: with its clinic details and,
    in another language, its translation (reported at the layer's file: the topic's text is not there)."""
    problems = []
    for topic in shown.topics.values():
        if topic.id in own:
            continue
        reason = too_long(topic, shown)
        if reason:
            message = f"topics.{topic.id} (from the catalog this one extends): {reason}"
            problems.append(Problem(path, None, None, message))
    return problems


def _translations(
    catalog: Catalog,
    report: CheckReport,
    required: tuple[str, ...],
    too_long: Callable[[Topic, Catalog], str] | None = None,
    clinic_too_long: Callable[[CatalogInfo], str] | None = None,
) -> None:
    """Each language in use (a translation beside any file of the catalog, the language asked for, or
    one required): missing and stale fields, drafts, readability."""
    import os

    from painguide import languages, safety_net
    from painguide.catalog.beside import translation_path
    from painguide.catalog.translation import translate
    from painguide.i18n import language as current
    from painguide.languages import translations
    from painguide.quality import plain_language
    from painguide.quality.readability import INFLESZ, patient_text, spanish_scores

    for row in translations():
        language = row.code
        files = [layer.path for layer in catalog.layers]
        in_use = language == current() or any(os.path.isfile(translation_path(file, language)) for file in files)
        if language not in required and not in_use:
            continue
        try:
            translated = translate(catalog, language, require=language in required)
        except CatalogError as error:
            report.problems += error.problems
            continue
        entry = TranslationReport(language, translated.path, translated.exists, language in required)
        # A layer reports on the topics it sets; those of the catalog it extends are reported by their own check.
        top = len(catalog.layers) - 1
        own = {t for t in catalog.topics if catalog.owner(f"topics.{t}") == top}
        entry.drafts = [topic_id for topic_id in translated.drafts if topic_id in own]
        entry.catalog_status = translated.catalog.info.translation
        report.problems += translated.problems
        report.translations.append(entry)
        # A layered catalog's top file may have no translation of its own even when the base has one.
        places = _translation_places(translated.path) if os.path.isfile(translated.path) else None
        # Evidence-wording rules are written per language; a language without them is said to be unchecked.
        wording = places is not None and language in plain_language.NO_EVIDENCE
        if places is not None and not wording:
            message = (
                f"evidence wording is not checked in {row.name}: quality/plain_language.py has no rules for "
                f"'{language}'"
            )
            report.problems.append(Problem(translated.path, None, None, message, severity="warning"))
        # The safety net's phrases are per language too: without its own, other languages' set its alerts off.
        if places is not None and language not in safety_net.PHRASES:
            known = languages.listing(tuple(languages.get(code).name for code in safety_net.PHRASES))
            message = (
                f"the safety net has no phrases in {row.name}: only {known} ones set off its alerts "
                f"(safety_net.py PHRASES has none for '{language}')"
            )
            report.problems.append(Problem(translated.path, None, None, message, severity="warning"))
        # Measured as this language's handouts print: its headings, its clinic text (seventh pass #3, #4).
        with using(language):
            reason = clinic_too_long(translated.catalog.info) if clinic_too_long else ""
            if reason:
                report.problems.append(Problem(translated.path, None, None, f"catalog.clinic: {reason}"))
            if too_long and top:
                report.problems += _too_long_elsewhere(translated.catalog, own, too_long, translated.path)
        for topic_id, text in translated.texts.items():
            if topic_id not in own:
                continue
            if places is not None and wording:
                topic = translated.catalog.topics[topic_id]
                for finding in plain_language.evidence_wording(topic, language):
                    # A translation gives each evidence item as its text alone.
                    line, column = places.of(topic, finding._replace(where=finding.where[:2]))
                    message = f"topics.{topic_id}: {wording_message(topic, finding)}"
                    report.problems.append(Problem(translated.path, line, column, message))
            scored = row.readability == INFLESZ
            scores = spanish_scores(patient_text(translated.catalog.topics[topic_id])) if scored else None
            item = TranslatedTopic(topic_id, text.line or None, text.status, *(scores or (None, None)))
            # A handout in this language prints the translation: it must fit too (fifth pass #3).
            with using(language):
                reason = too_long(translated.catalog.topics[topic_id], translated.catalog) if too_long else ""
            if reason:
                report.problems.append(Problem(translated.path, item.line, None, f"topics.{topic_id}: {reason}"))
            if places is not None:
                flag = f"--lang {language} "
                # Positions in the translation file, where its sign-offs are.
                shown = translated.catalog.topics[topic_id]._replace(line=text.line)
                item.review = _review(shown, places, report, translated.path, flag)
            entry.topics.append(item)
            if item.inflesz is not None and item.inflesz < report.min_inflesz:
                message = (
                    f"topics.{topic_id}: Spanish readability (INFLESZ) {item.inflesz} is below the minimum "
                    f"{report.min_inflesz:g}; use shorter sentences and shorter words"
                )
                report.problems.append(Problem(translated.path, item.line, None, message))


def _review(
    topic: Topic, places: _Places, report: CheckReport, path: str, flag: str, problems: list[Problem] | None = None
) -> ReviewStatus:
    """The topic's sign-off: still valid, or changed since (each field at its first changed item), or too old."""
    from painguide.catalog.signoff import label, state

    problems = report.problems if problems is None else problems
    severity = "error" if report.require_review else "warning"
    signed = state(topic)
    record = f"painguide {flag}review {topic.id}"
    if signed.review is None:
        if report.require_review:
            message = f"topics.{topic.id}: not yet reviewed: no sign-off; after a clinical review, run {record}"
            problems.append(Problem(path, topic.line or None, None, message))
        return ReviewStatus("none")
    review = signed.review
    who = f"{review.reviewer} ({review.role})"
    out = ReviewStatus("reviewed", review.reviewer, review.role, review.date.isoformat(), review.note)
    for change in signed.changes:
        from painguide.quality.plain_language import Finding

        line, column = places.of(topic, Finding("", "", change.where))
        place = label(change.where)
        out.changes.append((change.field, place, line, column))
        what = "changed" if change.kind == "changed" else "lost an item"
        message = (
            f"topics.{topic.id}: {place} {what} after its sign-off of {review.date.isoformat()} by {who}; "
            f"have it reviewed, then run {record}"
        )
        problems.append(Problem(path, line, column, message, severity))
    if out.changes:
        out.status = "changed"
    elif review.date < report.review_oldest:
        out.status = "expired"
        message = (
            f"topics.{topic.id}: the sign-off of {review.date.isoformat()} by {who} is more than "
            f"{report.review_max_age} old; have it reviewed again, then run {record}"
        )
        problems.append(Problem(path, topic.line or None, None, message, severity))
    return out


def _translation_places(path: str) -> _Places | None:
    """Positions in a translation file, which `translate` has already read and validated."""
    from painguide.catalog.source import read_catalog_text
    from painguide.catalog.yamltree import compose

    text = read_catalog_text(path)
    return _Places(text, compose(text, path))


def _plain_language(
    entry: TopicReport, topic: Topic, grade: float, places: _Places, report: CheckReport, log_titles: list[str]
) -> None:
    """Scores, the items missed, and the errors for what must not pass."""
    from painguide.catalog.schema import CERTAINTY, CERTAINTY_LABELS
    from painguide.quality import plain_language

    path = report.path
    score = plain_language.score(topic, grade=grade, max_grade=report.max_grade, log_titles=log_titles)
    entry.understandability, entry.actionability = score.understandability, score.actionability
    entry.items, entry.average_words, entry.passive_share = score.items, score.average_words, score.passive_share
    entry.scales, entry.ratings = plain_language.instrument_scores(score.items, topic.ratings), topic.ratings
    missed = [Missed(topic.id, f.item, f.message, *places.of(topic, f)) for f in score.findings]
    # In file order, so an author can work down the topic.
    entry.missed = sorted(missed, key=lambda m: (m.line or 0, m.column or 0))

    if not topic.main_message:
        message = "no main_message; add one or two sentences with the main benefit and the main caution"
        entry.problems.append(_problem(path, topic.line, message))
    for index, item in enumerate(topic.evidence):
        if not item.certainty:
            line, column = places.of(topic, plain_language.Finding("certainty", "", ("evidence", index)))
            levels = ", ".join(CERTAINTY[:-1]) + f" or {CERTAINTY[-1]}"
            entry.problems.append(
                Problem(path, line, column, f"evidence[{index + 1}] has no certainty; add certainty: {levels}")
            )
    for finding in plain_language.overstatements(topic):
        index = int(finding.where[1])
        certainty = topic.evidence[index].certainty
        line, column = places.of(topic, finding)
        entry.problems.append(
            Problem(
                path,
                line,
                column,
                f'evidence[{index + 1}] is graded {certainty} ("{CERTAINTY_LABELS[certainty]}") but says '
                f'"{finding.message}"; say "may help", or raise the certainty only if the source supports it',
            )
        )
    for finding in plain_language.evidence_wording(topic):
        line, column = places.of(topic, finding)
        entry.problems.append(Problem(path, line, column, wording_message(topic, finding)))
    for scale, value, minimum in (
        (plain_language.UNDERSTANDABILITY, score.understandability, report.min_understandability),
        (plain_language.ACTIONABILITY, score.actionability, report.min_actionability),
    ):
        if value < minimum:
            names = [
                item.name for item in plain_language.ITEMS if item.scale == scale and score.items.get(item.id) is False
            ]
            entry.problems.append(
                _problem(
                    path,
                    topic.line,
                    f"{scale} {value}% is below the minimum {minimum:g}% (missed: {', '.join(names)})",
                )
            )


def wording_message(topic: Topic, finding: Finding) -> str:
    """What `check` says about a finding of `plain_language.evidence_wording`, in either language."""
    from painguide.catalog.schema import CERTAINTY_LABELS

    index = int(finding.where[1])
    if finding.item == "no-evidence-graded":
        certainty = topic.evidence[index].certainty
        return (
            f'evidence[{index + 1}] is graded {certainty} ("{CERTAINTY_LABELS[certainty]}") but says '
            f'"{finding.message}": a statement that there is no evidence is not a graded finding; use '
            "certainty: not-graded, or say what the research found"
        )
    return (
        f'evidence[{index + 1}] says "{finding.message}" but compares groups: the number is a difference '
        "between the groups, not how much pain fell; say how much less (or more) than the comparison group"
    )


class _Places:
    """Turns a finding's field path and words into a line and column of the file.

    The catalog model keeps only each topic's line, so the tree is walked once
    more for the nodes of the fields a finding names.
    """

    def __init__(self, text: str, root: yaml.Node | None) -> None:
        import yaml

        self._lines = text.splitlines()
        self._nodes: dict[tuple[str | int, ...], yaml.Node] = {}
        topics = _child(root, "topics")
        if isinstance(topics, yaml.MappingNode):
            for key, value in topics.value:
                self._walk(value, (str(key.value),))

    def _walk(self, node: yaml.Node, where: tuple[str | int, ...]) -> None:
        import yaml

        self._nodes[where] = node
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._walk(value, (*where, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*where, index))

    def of(self, topic: Topic, finding: Finding) -> tuple[int | None, int | None]:
        node = self._nodes.get((topic.id, *finding.where)) if finding.where else None
        if node is None:
            return topic.line, None
        return self._find(node, finding.needle) or (node.start_mark.line + 1, node.start_mark.column + 1)

    def _find(self, node: yaml.Node, needle: str) -> tuple[int, int] | None:
        """The first place of `needle` in the node's own text, if it is written on one line."""
        if not needle:
            return None
        start = node.start_mark
        # A pattern rather than lower(): lowering can change a line's length and so its columns.
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        # Composed nodes keep only where they start (catalog/yamltree.py), so
        # the text runs from there to the end of its line and on through the
        # lines indented deeper than the line it starts on.
        first = self._lines[start.line] if start.line < len(self._lines) else ""
        indent = len(first) - len(first.lstrip())
        for number in range(start.line, len(self._lines)):
            line = self._lines[number]
            if number > start.line and (not line.strip() or len(line) - len(line.lstrip()) <= indent):
                break
            found = pattern.search(line, start.column if number == start.line else 0)
            if found:
                return number + 1, found.start() + 1
        return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if key_node.value == key:
                return value  # type: ignore[no-any-return]
    return None


def _problem(path: str, line: int, message: str, severity: str = "error") -> Problem:
    return Problem(path, line, None, message, severity)
