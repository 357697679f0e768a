"""Everything `painguide check` reports about a catalog, as data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from painguide.errors import CatalogError, Problem, UsageError


@dataclass
class TopicReport:
    id: str
    line: int
    grade: float | None = None
    last_reviewed: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass
class CheckReport:
    path: str
    max_grade: float
    max_age_days: int
    topics: list[TopicReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        every = [*self.problems, *(p for t in self.topics for p in t.problems)]
        return sum(1 for p in every if p.severity == "error")

    @property
    def warnings(self) -> int:
        every = [*self.problems, *(p for t in self.topics for p in t.problems)]
        return sum(1 for p in every if p.severity == "warning")


def parse_age(text: str) -> int:
    """`2y`, `18m`, `90d` or a bare number of years, as a number of days."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([ymd]?)\s*", text.lower())
    if not match:
        raise UsageError(f"--max-age '{text}' is not an age; use e.g. 2y, 18m or 90d")
    number, unit = int(match.group(1)), match.group(2) or "y"
    return number * {"y": 365, "m": 30, "d": 1}[unit]


def check_catalog(path: str, max_grade: float, max_age_days: int, today: dt.date) -> CheckReport:
    """Validate, then measure each topic: grade, review age, citations."""
    from painguide.catalog.load import load_catalog
    from painguide.quality.readability import grade, patient_text

    report = CheckReport(path, max_grade, max_age_days)
    try:
        catalog = load_catalog(path)
    except CatalogError as error:
        report.problems = list(error.problems)
        return report
    report.problems = list(catalog.warnings)
    oldest = today - dt.timedelta(days=max_age_days)
    for topic in catalog.topics.values():
        entry = TopicReport(topic.id, topic.line, last_reviewed=topic.last_reviewed.isoformat())
        entry.grade = grade(patient_text(topic))
        if entry.grade > max_grade:
            entry.problems.append(
                _problem(path, topic.line, f"reading grade {entry.grade} is above the maximum {max_grade}")
            )
        if topic.last_reviewed < oldest:
            entry.problems.append(
                _problem(
                    path,
                    topic.line,
                    f"last reviewed {topic.last_reviewed.isoformat()}, more than {describe_age(max_age_days)} ago",
                )
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
        report.topics.append(entry)
    return report


def _problem(path: str, line: int, message: str, severity: str = "error") -> Problem:
    return Problem(path, line, None, message, severity)


def describe_age(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
