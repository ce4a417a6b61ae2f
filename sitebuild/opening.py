"""The opening lock: a lab's first prediction, answerable on its static page before Python starts.

Python takes seconds to start a lab, and the first thing a lab asks is a prediction. The page
offers that lock at once, in plain HTML; opening.js writes the answer to the Design Ledger, and the
lab restores it from there when it starts, as it restores any saved answer. What the page offers and
writes comes from the lab's plan (``OPENING``, the first act's question, and the fields
``Lab.record_answers`` writes for it): nothing is learned by running the lab.
"""

from __future__ import annotations

from labs.kit.plan import Question


class OpeningLockError(ValueError):
    pass


def opening_lock(plan) -> dict | None:
    """What the page needs to offer a lab's opening question, from its ``plan`` module, or None if it has none.

    ``{"chapter", "act", "question", "options": [{"key", "label"}], "fields": {key: {field: value}}}``:
    ``fields[key]`` is what locking option ``key`` writes to the chapter's ledger record.
    """
    question: Question | None = getattr(plan, "OPENING", None)
    if question is None:
        return None
    if question.track_specific:
        raise OpeningLockError(f"question {question.key!r} computes its text or answer per track, but the page asks "
                               "it before the track is known: a lab's first question must be the same on every track")
    right = question.choices().answer("")
    declared = {f.name for f in plan.FIELDS}
    fields = {o.key: {f"{question.key}_prediction": o.key, f"{question.key}_correct": o.key == right}
              for o in question.options}
    missing = {name for written in fields.values() for name in written} - declared
    if missing:
        raise OpeningLockError(f"the opening question writes {sorted(missing)}, which the plan does not declare: "
                               "record its answers with Lab.record_answers and declare them with answer_fields")
    return {
        "chapter": str(plan.LESSON.chapter),
        "act": plan.ACTS[0].title,
        "question": question.text,
        "options": [{"key": o.key, "label": o.label} for o in question.options],
        "fields": fields,
    }
