"""The ledger schema: validation, migration v1 -> v2 and the import merge."""

import pytest

from labs.kit.ledger_schema import JSON_SCHEMA, MAX_CHAPTERS, SCHEMA_NAME, VERSION, merge, migrate, problem_with

V1 = {"schema": SCHEMA_NAME, "version": 1, "chapters": {"1": {"act1_correct": True, "updated": "2026-11-01T00:00Z"}}}


@pytest.mark.parametrize(
    "doc, words",
    [([], "not a JSON object"), ({"schema": "x", "version": 1, "chapters": {}}, "not a Design Ledger"),
     ({"schema": SCHEMA_NAME, "version": 99, "chapters": {}}, "version 99"),
     ({"schema": SCHEMA_NAME, "version": True, "chapters": {}}, "version True"),
     ({"schema": SCHEMA_NAME, "version": 2, "chapters": []}, "chapter list is damaged"),
     ({"schema": SCHEMA_NAME, "version": 2, "chapters": {"3": 7}}, "chapter 3 is damaged")],
)
def test_unreadable_documents_say_why(doc, words):
    assert words in problem_with(doc)


def test_v1_migrates_to_v2_keeping_every_record():
    assert problem_with(V1) is None
    new = migrate(V1)
    assert new["version"] == VERSION == 2 and new["created"] is None
    assert new["chapters"] == V1["chapters"] and V1["version"] == 1  # the input is not modified
    assert migrate(new) == new
    with pytest.raises(ValueError, match="^doc:"):
        migrate({"schema": "x"})


def test_merge_keeps_the_newer_record_per_chapter_and_reports_it():
    mine = {"schema": SCHEMA_NAME, "version": 2, "created": "2026-10-01T00:00Z", "chapters": {
        "1": {"a": 1, "updated": "2026-11-05T00:00Z"}, "2": {"b": 1, "updated": "2026-11-01T00:00Z"},
        "5": {"c": 1, "updated": "2026-11-01T00:00Z"}}}
    theirs = {"schema": SCHEMA_NAME, "version": 1, "chapters": {
        "1": {"a": 0, "updated": "2026-11-04T00:00Z"}, "2": {"b": 2, "updated": "2026-11-02T00:00Z"},
        "5": {"c": 1, "updated": "2026-11-01T00:00Z"}, "7": {"d": 1, "updated": "2026-11-03T00:00Z"}}}
    merged, changes = merge(mine, theirs)
    assert changes == {"1": "kept", "2": "replaced", "5": "same", "7": "added"}
    assert merged["chapters"]["1"]["a"] == 1 and merged["chapters"]["2"]["b"] == 2 and "7" in merged["chapters"]
    assert merged["created"] == "2026-10-01T00:00Z"


def test_json_schema_names_the_current_version():
    assert JSON_SCHEMA["properties"]["version"] == {"const": VERSION}
    assert JSON_SCHEMA["properties"]["schema"] == {"const": SCHEMA_NAME}


def test_only_chapter_keys_merge_and_a_ledger_has_at_most_a_hundred_chapters():
    mine = {"schema": SCHEMA_NAME, "version": 2, "created": None, "chapters": {"1": {"a": 1, "updated": "2026"}}}
    theirs = {"schema": SCHEMA_NAME, "version": 2,
              "chapters": {"constructor": {"a": 2}, "__proto__": {"a": 2}, "course": {"track": "edge"}, "0": {},
                           "100": {}, "7": {"d": 1}}}
    merged, changes = merge(mine, theirs)
    assert changes == {"constructor": "refused", "__proto__": "refused", "course": "added", "0": "refused",
                       "100": "refused", "7": "added"}
    assert set(merged["chapters"]) == {"1", "course", "7"}
    crowded = {"schema": SCHEMA_NAME, "version": 2, "chapters": {str(n): {} for n in range(MAX_CHAPTERS + 1)}}
    assert f"more than {MAX_CHAPTERS} chapters" in problem_with(crowded)
