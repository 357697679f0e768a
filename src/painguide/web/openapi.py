"""The OpenAPI 3.0 document of the JSON API, served at /openapi.json.

The response shapes are the CLI's (`--format json`): their full JSON Schema
is schema/painguide-output.schema.json; here each is described by the
fields every client relies on.
"""

from __future__ import annotations

from painguide import __version__
from painguide.languages import CODES, SOURCE
from painguide.limits import MAX_QUERY_CHARS

_ERROR = {
    "description": "A JSON error: what was wrong, in one line.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {
                    "error": {"type": "string"},
                    "status": {"type": "integer"},
                    "safety_net": {
                        "type": "object",
                        "description": "On /api/search with a question too long to search: the crisis and "
                        "emergency alerts and the 988/911 reminder for what was typed, as in a search's answer.",
                    },
                },
            }
        }
    },
}
_LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of the answer.",
    "schema": {"type": "string", "enum": list(CODES), "default": SOURCE},
}


def _json_ok(description: str, required: list[str]) -> dict[str, object]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"type": "object", "required": required}}},
    }


def document() -> dict[str, object]:
    envelope = ["schema_version", "command", "language", "catalog"]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "painguide",
            "version": __version__,
            "description": "Plain-language patient education about integrative chronic pain care. Read-only; "
            "answers are the same JSON as the command line's --format json.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search every section of every topic; best answers first.",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "description": "The words or question to search for.",
                            "example": "is massage safe if I take warfarin",
                            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
                        },
                        _LANG,
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
                        },
                    ],
                    "responses": {
                        "200": _json_ok("As `painguide search WORDS --format json`.", [*envelope, "results"]),
                        "400": _ERROR,
                    },
                }
            },
            "/api/topics/{topic_id}": {
                "get": {
                    "operationId": "topic",
                    "summary": "One topic in full.",
                    "parameters": [
                        {
                            "name": "topic_id",
                            "in": "path",
                            "required": True,
                            "description": "Topic id (or another of its names).",
                            "example": "acupuncture",
                            "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                        },
                        _LANG,
                    ],
                    "responses": {
                        "200": _json_ok("As `painguide show TOPIC --format json`.", [*envelope, "topic"]),
                        "400": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/handout": {
                "get": {
                    "operationId": "handout",
                    "summary": "A printable handout: PDF with the pdf extra installed, else HTML.",
                    "parameters": [
                        {
                            "name": "topics",
                            "in": "query",
                            "required": True,
                            "description": "Topic ids separated by commas.",
                            "example": "acupuncture,tai-chi",
                            "schema": {"type": "string", "minLength": 1, "maxLength": 1000},
                        },
                        _LANG,
                        {
                            "name": "large_print",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["0", "1"], "default": "0"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The handout.",
                            "content": {
                                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                                "text/html": {"schema": {"type": "string"}},
                            },
                        },
                        "400": _ERROR,
                        "404": _ERROR,
                        "422": {**_ERROR, "description": "The handout would print more text than one handout holds."},
                        "503": {
                            **_ERROR,
                            "description": "The handout took longer than the timeout, or as many handouts as "
                            "this worker makes at once are being made (then with Retry-After).",
                            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        },
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether this replica answers.",
                    "responses": {"200": _json_ok("The replica is up.", ["status", "version"])},
                }
            },
        },
    }
