"""The check report as JSON for scripts (schema_version 1)."""

from __future__ import annotations

import json

from painguide.errors import Problem
from painguide.quality.check import CheckReport, Missed, ReviewStatus, TopicReport
from painguide.quality.plain_language import ScaleScore


def _problem(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "message": problem.message,
    }


def _missed(missed: Missed) -> dict[str, object]:
    from painguide.quality.plain_language import ITEM

    item = ITEM[missed.item]
    return {
        "item": item.id,
        "scale": item.scale,
        "name": item.name,
        "line": missed.line,
        "column": missed.column,
        "message": missed.message,
    }


def _scale(scale: ScaleScore) -> dict[str, object]:
    """One PEMAT-P or CCI scale: automated over what a program can score, full once nothing is unscored."""
    return {
        "automated": scale.automated,
        "automatable": list(scale.automatable),
        "needs_person": list(scale.needs_person),
        "unscored": list(scale.unscored),
        "overridden": list(scale.overridden),
        "differs": list(scale.differs),
        "full": scale.full,
        "values": {q: {"value": v, "by": scale.by[q]} for q, v in scale.values.items()},
    }


def _review(review: ReviewStatus | None) -> dict[str, object] | None:
    if review is None:
        return None
    return {
        "status": review.status,
        "reviewer": review.reviewer or None,
        "role": review.role or None,
        "date": review.date or None,
        "note": review.note or None,
        "changes": [
            {"field": name, "place": place, "line": line, "column": column}
            for name, place, line, column in review.changes
        ],
    }


def _topic(topic: TopicReport) -> dict[str, object]:
    return {
        "id": topic.id,
        "grade": topic.grade,
        "last_reviewed": topic.last_reviewed,
        "ok": topic.ok,
        "understandability": topic.understandability,
        "actionability": topic.actionability,
        "average_sentence_words": topic.average_words,
        "passive_share": topic.passive_share,
        "items": topic.items,
        "scores": {scale.scale: _scale(scale) for scale in topic.scales},
        "review": _review(topic.review),
        "ratings": [
            {"by": r.by, "role": r.role, "date": r.date.isoformat(), "items": dict(r.items)} for r in topic.ratings
        ],
        "missed": [_missed(m) for m in topic.missed],
        "problems": [_problem(p) for p in topic.problems],
    }


def check_json(report: CheckReport) -> str:
    from painguide.quality.instruments import QUESTIONS
    from painguide.quality.plain_language import ITEMS, TO_JUDGE

    data = {
        "schema_version": 1,
        "catalog": report.path,
        "ok": report.errors == 0,
        "errors": report.errors,
        "warnings": report.warnings,
        "max_grade": report.max_grade,
        "max_age": str(report.max_age),
        "max_age_days": report.max_age_days,
        "oldest_review_allowed": report.oldest.isoformat(),
        "min_understandability": report.min_understandability,
        "min_actionability": report.min_actionability,
        "items": [{**item._asdict(), "source": item.source} for item in ITEMS],
        "questions": [question._asdict() for question in QUESTIONS],
        "to_judge": list(TO_JUDGE),
        "problems": [_problem(p) for p in report.problems],
        "topics": [_topic(t) for t in report.topics],
        "min_inflesz": report.min_inflesz,
        "review_max_age": str(report.review_max_age),
        "require_review": report.require_review,
        "translations": [
            {
                "language": t.language,
                "file": t.path,
                "exists": t.exists,
                "required": t.required,
                "drafts": t.drafts,
                "catalog_status": t.catalog_status,
                "topics": [
                    {
                        "id": topic.id,
                        "line": topic.line,
                        "status": topic.status,
                        "inflesz": topic.inflesz,
                        "fernandez_huerta": topic.fernandez_huerta,
                        "review": _review(topic.review),
                    }
                    for topic in t.topics
                ],
            }
            for t in report.translations
        ],
    }
    from painguide.textsafe import valid_unicode

    # A catalog path that is not UTF-8 holds lone surrogates; JSON must not.
    return json.dumps(valid_unicode(data), indent=2, ensure_ascii=True) + "\n"
