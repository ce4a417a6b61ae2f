"""A lab declared as data: its lesson, questions, messages, record fields and presets.

Nothing here imports Panel. A lab's ``plan.py`` builds these objects; its ``app.py`` hands them to
the kit's widgets; the static build, the ledger page and the tests read them directly. Every
sentence that asserts something about numbers either is computed for the track as it is shown or
carries a ``Check``: a predicate over the track that must hold for the sentence to be true. The
truth test (``tests/labs/test_truth.py``) evaluates them all on every track.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Option:
    """One answer to a lock or reflection, with the feedback a student sees if they choose it.

    ``feedback`` may be computed for the track (a function of the track key); ``check`` is the
    predicate that keeps what the option or its feedback claims about numbers true on a track.
    """

    key: str
    label: str
    feedback: Text
    correct: bool = False
    check: Check | None = None


class Choices:
    """A question's options and which one is right on a track: fixed (the option marked ``correct``)
    or computed from pycore (``answer``: track key -> option key)."""

    def __init__(self, what: str, options: list[Option], answer: Callable[[str], str] | None):
        marked = sum(o.correct for o in options)
        if answer is None and marked != 1:
            raise ValueError(f"options: {what} needs exactly one correct option")
        if answer is not None and marked:
            raise ValueError(f"options: {what} computes its answer, so no option may be marked correct")
        self.options = {o.key: o for o in options}
        self._answer = answer

    @property
    def computed(self) -> bool:
        """True when which option is right depends on the track."""
        return self._answer is not None

    def answer(self, track: str) -> str:
        """The key of the right option on ``track``."""
        if self._answer is None:
            return next(o.key for o in self.options.values() if o.correct)
        return self._answer(track)

    def is_correct(self, key: str | None, track: str) -> bool | None:
        if key is None or (self.computed and not track):
            return None
        return key == self.answer(track)

    def feedback(self, option: Option, track: str) -> str:
        return text_for(option.feedback, track)

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        right = self.answer(track)
        if right not in self.options:
            raise ValueError(f"answer: {where} computes {right!r} on {track}, which is not one of its options")
        for o in self.options.values():
            # A wrong option's label is only a guess; the right one's label is a claim, like every feedback.
            text = f"{o.label}: {self.feedback(o, track)}" if o.key == right else self.feedback(o, track)
            yield Statement(where=f"{where}, option {o.key!r}", text=text, check=o.check, answer=o.key == right,
                            computed=callable(o.feedback) and (self.computed or o.key != right))


@dataclass(frozen=True)
class Question:
    """A prediction or a reflection: its key, its text (fixed or per track) and its options. Which option is
    right is the one marked ``correct``, or, where that differs between tracks, ``answer(track)``."""

    key: str
    text: Text
    options: tuple[Option, ...]
    answer: Callable[[str], str] | None = None

    def choices(self) -> Choices:
        return Choices(f"question {self.key!r}", list(self.options), self.answer)

    @property
    def track_specific(self) -> bool:
        return callable(self.text) or self.answer is not None

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        text_for(self.text, track)  # a question computed for the track must render on it
        yield from self.choices().statements(where, track)


@dataclass(frozen=True)
class Blanks:
    """A sentence with blanks to fill: ``template`` holds ``{0}``, ``{1}``... and each blank offers options,
    exactly one of them right."""

    key: str
    template: str
    blanks: tuple[tuple[Option, ...], ...]

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        for i, options in enumerate(self.blanks):
            yield from Choices(f"blank {i + 1} of {self.key!r}", list(options), None).statements(
                f"{where} blank {i + 1}", track)


@dataclass(frozen=True)
class Message:
    """A stakeholder's line: who says it and what, either fixed or per track, with what keeps it true."""

    role: Text
    text: Text
    check: Check | None = None

    def render(self, track: str) -> str:
        return f"**Message from the {text_for(self.role, track)}:** {text_for(self.text, track)}"

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        yield Statement(where=f"{where} stakeholder", text=self.render(track), check=self.check,
                        computed=callable(self.text))


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """What a lab is, for its page header and for the static page shown while Python boots."""

    number: int
    slug: str
    title: str
    chapter: int
    chapter_title: str
    minutes: str
    intro: str


@dataclass(frozen=True)
class Preset:
    """A named starting point an instructor can link to (``?preset=name``): a partial record,
    applied through the same code that restores a saved one."""

    description: str
    settings: dict


@dataclass(frozen=True)
class Outline:
    """One numbered act of a lab: its title (what ``?act=N`` opens) and how long it takes."""

    title: str
    minutes: str


KINDS = ("choice", "bool", "int", "number", "text", "list", "time")
ROLES = ("", "prediction", "reflection", "revision", "answer")


@dataclass(frozen=True)
class Field:
    """One field of a lab's record in the Design Ledger: its name, what it holds, and how a person reads it.

    ``kind`` is one of ``choice`` (one of ``choices``), ``bool``, ``int``, ``number`` (a finite float,
    within ``bounds`` if given), ``text``, ``list`` (``length`` items, each one of ``choices``) or
    ``time`` (an ISO 8601 timestamp). ``unit`` and ``labels`` are for the ledger page.

    A field that holds a student's answer says so: ``role`` is ``prediction``, ``reflection``, ``revision``
    (a reflection answered again) or ``answer`` (a worked number or filled-in blanks); ``verdict`` names
    the bool field that says whether it was right, and ``question`` the plan question it answers.
    """

    name: str
    label: str
    kind: str
    choices: tuple = ()
    labels: dict = field(default_factory=dict)  # choice -> what the student saw
    unit: str = ""
    bounds: tuple[float, float] | None = None
    length: int | None = None
    max_chars: int = 200
    role: str = ""
    verdict: str = ""
    question: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind: field {self.name!r} has kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.role not in ROLES:
            raise ValueError(f"role: field {self.name!r} has role {self.role!r}; known: {', '.join(ROLES)}")

    def problem(self, value) -> str | None:
        """Why ``value`` cannot be this field's, or None if it can. ``None`` itself is always allowed (unset)."""
        if value is None:
            return None
        kind = self.kind
        if kind == "bool":
            return None if isinstance(value, bool) else "it is not true or false"
        if kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            return None if ok and self._in_bounds(value) else "it is not a whole number in range"
        if kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
            return None if ok and self._in_bounds(value) else "it is not a number in range"
        if kind == "choice":
            return None if _hashable(value) and value in self.choices else "it is not one of the lab's choices"
        if kind == "text":
            return None if isinstance(value, str) and len(value) <= self.max_chars else "it is not short text"
        if kind == "time":
            return None if isinstance(value, str) and _is_timestamp(value) else "it is not a timestamp"
        # list
        if not isinstance(value, list) or (self.length is not None and len(value) != self.length):
            return "it is not a list of the right length"
        if self.choices and not all(_hashable(v) and v in self.choices for v in value):
            return "it holds something that is not one of the lab's choices"
        if not self.choices and not all(isinstance(v, str) and len(v) <= self.max_chars for v in value):
            return "it holds something that is not short text"
        if len(value) > 10_000:
            return "it is too long"
        return None

    def _in_bounds(self, value: float) -> bool:
        return self.bounds is None or self.bounds[0] <= value <= self.bounds[1]

    def describe(self) -> dict:
        """The field as JSON-ready data, for the ledger page and the schema the site publishes."""
        out = {"name": self.name, "label": self.label, "kind": self.kind}
        if self.choices:
            out["choices"] = list(self.choices)
        if self.labels:
            out["labels"] = [[k, v] for k, v in self.labels.items()]  # pairs: a number stays a number
        if self.unit:
            out["unit"] = self.unit
        if self.bounds is not None:
            out["bounds"] = list(self.bounds)
        if self.length is not None:
            out["length"] = self.length
        if self.kind == "text":
            out["max_chars"] = self.max_chars
        for key in ("role", "verdict", "question"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


def _hashable(value) -> bool:
    return isinstance(value, (str, int, float, bool))


def _is_timestamp(text: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return len(text) <= 40


def act_name(act: str) -> str:
    """How a person names an act's record prefix: ``part2`` -> "Part 2", ``act1`` -> "Act 1"."""
    match = re.fullmatch(r"([a-z]+)(\d+)", act)
    return f"{match[1].capitalize()} {match[2]}" if match else act.replace("_", " ").capitalize()


def move_fields(act: str, what: str) -> tuple[Field, ...]:
    """The fields ``Lab.record_moves`` writes: how many configurations of ``what`` were tried, and which."""
    return (Field(f"{act}_moves", f"{what.capitalize()} explored", "int", bounds=(0, 10_000)),
            Field(f"{act}_tried", f"{what.capitalize()} tried", "list", max_chars=60))


def answer_fields(act: str, question: Question, reflection: Question | None = None) -> tuple[Field, ...]:
    """The fields ``Lab.record_answers`` writes for an act's prediction (and reflection).

    A reflection keeps the first answer; answering again is recorded beside it, as a revision.
    """
    name = act_name(act)
    out = [Field(f"{act}_prediction", f"{name} prediction", "choice", tuple(o.key for o in question.options),
                 {o.key: o.label for o in question.options}, role="prediction", verdict=f"{act}_correct",
                 question=question.key),
           Field(f"{act}_correct", f"{name} prediction right", "bool")]
    if question.track_specific:
        from pycore import TRACKS

        out.append(Field(f"{act}_asked_track", f"{name} asked for track", "choice", tuple(TRACKS)))
    if reflection is not None:
        keys, labels = tuple(o.key for o in reflection.options), {o.key: o.label for o in reflection.options}
        for suffix, what, role in (("reflection", "reflection", "reflection"),
                                   ("reflection_revised", "reflection, answered again", "revision")):
            out += [Field(f"{act}_{suffix}", f"{name} {what}", "choice", keys, labels, role=role,
                          verdict=f"{act}_{suffix}_correct", question=reflection.key),
                    Field(f"{act}_{suffix}_correct", f"{name} {what}: right", "bool")]
    return tuple(out)


__all__ = ["Blanks", "Check", "Choices", "Field", "Lesson", "Message", "Option", "Outline", "Preset", "Question",
           "Statement", "Text", "act_name", "answer_fields", "move_fields", "text_for"]
