"""The opening lock: a lab's first prediction, answerable on its static page before Python starts.

Python takes seconds to start a lab, and the first thing a lab asks is a prediction. The page
offers that lock at once, in plain HTML; opening.js writes the answer to the Design Ledger, and the
lab restores it from there when it starts, as it restores any saved answer. What the page writes is
what the lab itself writes: the build locks each option in the real lab and keeps the fields that
changed in its record.
"""

from __future__ import annotations


class OpeningLockError(ValueError):
    pass


def opening_lock(create) -> dict | None:
    """What the page needs to offer ``create()``'s opening lock, or None if its first act has none.

    ``{"chapter", "act", "question", "options": [{"key", "label"}], "fields": {key: {field: value}}}``:
    ``fields[key]`` is what locking option ``key`` changes in the chapter's ledger record. A lock's
    question and options are fixed when it is made, before any track or saved record is applied,
    so one page serves every student.
    """
    lab = create()
    lock = lab.opening_lock
    if lock is None:
        return None
    if lock.track_specific:
        raise OpeningLockError(f"lock {lock.key!r} computes its question or answer per track, but the page asks it "
                               "before the track is known: a lab's first question must be the same on every track")
    fields = {}
    for key in lock.options:
        trial = create()  # a fresh lab for each option: locking cannot be undone
        before = dict(trial.record)
        trial.opening_lock.restore(key)
        changed = {k: v for k, v in trial.record.items() if before.get(k, object()) != v}
        if not changed:
            raise OpeningLockError(f"locking option {key!r} of lock {lock.key!r} saved nothing to the ledger: "
                                   "record its answers with Lab.record_answers")
        fields[key] = changed
    return {
        "chapter": lab.ledger.chapter,
        "act": lab.act_titles[0],
        "question": lock.question,
        "options": [{"key": o.key, "label": o.label} for o in lock.options.values()],
        "fields": fields,
    }
