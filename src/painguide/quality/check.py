"""Everything `painguide check` reports about a catalog, as data."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from painguide.errors import CatalogError, Problem, UsageError

_UNITS = {"y": "year", "m": "month", "d": "day"}


class Age(NamedTuple):
    """A review age in calendar units: `Age(18, "m")` is 18 months before a date, whatever their length."""

    number: int
    unit: str = "y"

    @classmethod
    def parse(cls, text: str) -> Age:
        """`2y`, `18m`, `90d` or a bare number of years."""
        match = re.fullmatch(r"\s*(\d{1,4})\s*([ymd]?)\s*", text.lower())
        if not match:
            raise UsageError(f"--max-age '{text}' is not an age; use e.g. 2y, 18m or 90d")
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
    max_age: Age
    # The oldest review date allowed, and how many days before today it is.
    oldest: dt.date
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


def check_catalog(
    path: str, max_grade: float, max_age_days: int | None, today: dt.date, *, max_age: Age | None = None
) -> CheckReport:
    """Validate, then measure each topic: grade, review age, citations.

    The oldest review allowed is `max_age` before `today` by the calendar, or
    else `max_age_days` days before it (the form older callers pass).
    """
    from painguide.catalog.load import load_catalog
    from painguide.quality.readability import grade, patient_text

    if max_age is None:
        max_age = Age(max_age_days or 0, "d")
    oldest = max_age.before(today)
    report = CheckReport(path, max_grade, max_age, oldest, (today - oldest).days)
    try:
        catalog = load_catalog(path)
    except CatalogError as error:
        report.problems = list(error.problems)
        return report
    report.problems = list(catalog.warnings)
    for topic in catalog.topics.values():
        entry = TopicReport(topic.id, topic.line, last_reviewed=topic.last_reviewed.isoformat())
        entry.grade = grade(patient_text(topic))
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
        report.topics.append(entry)
    return report


def _problem(path: str, line: int, message: str, severity: str = "error") -> Problem:
    return Problem(path, line, None, message, severity)
