"""What a lab's sentences claim about numbers, declared beside them so a test can hold them to pycore.

A lab teaches through its statements: an option marked correct, the feedback under each
option, a stakeholder's line. Each statement that asserts something about numbers either is
computed from pycore as it is shown (its text is a function of the track) or carries a
``Check``: a predicate over the track that must be true for the sentence to be. The truth
test (``tests/labs/test_truth.py``) builds every lab on every track and evaluates them all.

No Panel here: the declarations are data, and the test reads them in plain CPython.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Text = str | Callable[[str], str]
"""A sentence, fixed or computed for a track (a function of the track key)."""


def text_for(text: Text, track: str) -> str:
    """The sentence as a student on ``track`` reads it."""
    return text(track) if callable(text) else text


@dataclass(frozen=True)
class Check:
    """What a sentence asserts, in a few words, and the predicate that says whether it holds on a track."""

    claim: str
    holds: Callable[[str], bool]


@dataclass(frozen=True)
class Statement:
    """One sentence a lab shows, where it is shown, and what keeps it true."""

    where: str
    text: str
    check: Check | None = None
    answer: bool = False  # the option a lock or reflection marks right on this track
    computed: bool = False  # its text, or which option is right, is computed from pycore as it is shown


__all__ = ["Check", "Statement", "Text", "text_for"]
