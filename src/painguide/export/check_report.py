"""The check report as JSON for scripts (schema_version 1)."""

from __future__ import annotations

import json
from typing import Any

from painguide.errors import Problem
from painguide.quality.check import CheckReport


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "message": problem.message,
    }


def check_json(report: CheckReport) -> str:
    data = {
        "schema_version": 1,
        "catalog": report.path,
        "ok": report.errors == 0,
        "errors": report.errors,
        "warnings": report.warnings,
        "max_grade": report.max_grade,
        "max_age_days": report.max_age_days,
        "problems": [_problem(p) for p in report.problems],
        "topics": [
            {
                "id": t.id,
                "grade": t.grade,
                "last_reviewed": t.last_reviewed,
                "ok": t.ok,
                "problems": [_problem(p) for p in t.problems],
            }
            for t in report.topics
        ],
    }
    from painguide.textsafe import valid_unicode

    # A catalog path that is not UTF-8 holds lone surrogates; JSON must not.
    return json.dumps(valid_unicode(data), indent=2, ensure_ascii=True) + "\n"
