"""The Design Ledger's schema, defined once: its name and version, a JSON Schema document,
validation, migration from older versions, and the merge used by import.

The browser implements the same rules in ``labs/kit/ledger.js``; tests run the same
documents through both and require the same answers, and check that the constants match.

Version history:
- 1: ``{"schema", "version", "chapters": {chapter: record}}``.
- 2: adds ``"created"``, the ISO 8601 time the ledger was started (``null`` if unknown,
  as for a ledger migrated from version 1).
"""

from __future__ import annotations

import copy
import re
from typing import Any

SCHEMA_NAME = "mlsysbook.ledger"
VERSION = 2
STORAGE_KEY = "mlsysbook.ledger.v1"  # the localStorage key predates versioning and never changes
# What a ledger may hold: a chapter key is a lab's number (1 to 99) or "course" (the course track), and no
# ledger has more than MAX_CHAPTERS of them; a file to import is at most MAX_IMPORT_CHARS long.
MAX_CHAPTERS = 100
MAX_IMPORT_CHARS = 1_000_000
CHAPTER_KEY = re.compile(r"(?:[1-9][0-9]?|course)\Z")


def is_chapter_key(key: str) -> bool:
    return bool(CHAPTER_KEY.match(key))

JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Design Ledger",
    "type": "object",
    "required": ["schema", "version", "chapters"],
    "properties": {
        "schema": {"const": SCHEMA_NAME},
        "version": {"const": VERSION},
        "created": {"type": ["string", "null"], "description": "When the ledger was started (ISO 8601)."},
        "exported": {"type": "string", "description": "When the file was exported (ISO 8601); files only."},
        "student": {"type": "string", "maxLength": 100,
                    "description": "The name the student gave for exports and reports (optional)."},
        "chapters": {
            "type": "object",
            "description": "One record per chapter, keyed by chapter number (or 'course' for course-wide "
                           "choices such as the track).",
            "additionalProperties": {
                "type": "object",
                "properties": {"updated": {"type": "string", "description": "Last write (ISO 8601)."},
                               "track": {"enum": ["cloud", "edge", "mobile", "tiny"]}},
            },
        },
    },
}


def problem_with(doc: object) -> str | None:
    """Why ``doc`` is not a readable ledger (of any known version), or None if it is one."""
    if not isinstance(doc, dict):
        return "it is not a JSON object"
    if doc.get("schema") != SCHEMA_NAME:
        return "it is not a Design Ledger"
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= VERSION:
        return f"it has version {version!r}, and this site reads versions 1 to {VERSION}"
    chapters = doc.get("chapters")
    if not isinstance(chapters, dict):
        return "its chapter list is damaged"
    if len(chapters) > MAX_CHAPTERS:
        return f"it holds more than {MAX_CHAPTERS} chapters, which no Design Ledger does"
    for chapter, record in chapters.items():
        if not isinstance(record, dict):
            return f"its record for chapter {chapter} is damaged"
    return None


def migrate(doc: dict) -> dict:
    """Bring a readable ledger of any older version up to ``VERSION`` (a new object; records untouched)."""
    problem = problem_with(doc)
    if problem:
        raise ValueError(f"doc: cannot migrate: {problem}")
    out = copy.deepcopy(doc)
    if out["version"] == 1:
        out["created"] = None
        out["version"] = 2
    return out


def merge(current: dict, incoming: dict) -> tuple[dict, dict[str, str]]:
    """Merge an imported ledger into the current one, keeping the newer record per chapter.

    Both must be readable (they are migrated first). Returns the merged ledger and, per
    chapter, what happened: 'added', 'replaced' (the import was newer), 'kept' (yours was
    newer or the same age), 'same', or 'refused' (not a chapter key: see ``is_chapter_key``).
    """
    mine, theirs = migrate(current), migrate(incoming)
    merged = copy.deepcopy(mine)
    changes: dict[str, str] = {}
    for chapter, record in theirs["chapters"].items():
        if not is_chapter_key(chapter):
            changes[chapter] = "refused"
            continue
        have = mine["chapters"].get(chapter)
        if have is None:
            merged["chapters"][chapter] = copy.deepcopy(record)
            changes[chapter] = "added"
        elif have == record:
            changes[chapter] = "same"
        elif str(record.get("updated", "")) > str(have.get("updated", "")):
            merged["chapters"][chapter] = copy.deepcopy(record)
            changes[chapter] = "replaced"
        else:
            changes[chapter] = "kept"
    if merged.get("created") is None:
        merged["created"] = theirs.get("created")
    if not merged.get("student") and isinstance(theirs.get("student"), str):
        merged["student"] = theirs["student"][:100]
    return merged, changes
