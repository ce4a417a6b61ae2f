"""Reveal and reflection: compare the student's answer with the computed one, with feedback for every option."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import panel as pn
import param
from panel.viewable import Viewer

from .lock import PredictionLock, when_locked
from .plan import Blanks, Choices, Option, Question, Statement, Text, text_for


def _verdict(right: bool | None) -> str:
    return "✓ Correct." if right else "✗ Not quite."


class Reveal(Viewer):
    """After a lock: the student's answer, the value pycore computed, and feedback on each option.

    ``computed`` returns Markdown stating the computed answer; it is called on every refresh,
    so it can depend on the lab's current state.
    """

    def __init__(self, lock: PredictionLock, computed: Callable[[], str], **params):
        super().__init__(**params)
        self._lock = lock
        self._computed = computed
        self._pane = when_locked(lock, self._render)

    def _render(self, lock: PredictionLock) -> str:
        chosen = lock.option
        lines = [
            "### Reveal",
            f"**You predicted:** {chosen.label}. {_verdict(lock.correct)}",
            "",
            self._computed(),
            "",
            f"> {lock.feedback(chosen)}",
            "",
            "**Every option, explained:**",
            "",
        ]
        lines += [f"- {'**' if o is chosen else ''}{o.label}{'** (your answer)' if o is chosen else ''}: "
                  f"{lock.feedback(o)}" for o in lock.options.values()]
        return "\n".join(lines)

    def render(self) -> str:
        """What the reveal shows now (the lock must be locked)."""
        return self._render(self._lock)

    def __panel__(self):
        return pn.Column(self._pane, sizing_mode="stretch_width", css_classes=["kit-reveal"])


class Reflection(Viewer):
    """A closing question: the student picks an option and gets that option's feedback.

    Which option is right may be computed for the track (``answer``), as for a lock.
    """

    answer = param.String(default=None, allow_None=True, doc="Key of the submitted option.")
    first = param.String(default=None, allow_None=True, doc="Key of the first option submitted (kept on revision).")
    track = param.String(default="", doc="The track the lab is on.")

    def __init__(self, *, key: str, question: Text, options: list[Option],
                 answer: Callable[[str], str] | None = None, **params):
        super().__init__(**params)
        self.key = key
        self.choices = Choices(f"reflection {key!r}", options, answer)
        self.options = self.choices.options
        self._question = question
        self._question_pane = pn.pane.Markdown("")
        self._radio = pn.widgets.RadioBoxGroup(name="Your answer", options={o.label: o.key for o in options})
        self._radio.value = None
        self._submit = pn.widgets.Button(name="Submit reflection", button_type="primary", disabled=True)
        self._feedback = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-reflection-feedback"])
        # Submit is open only for an option other than the one submitted: the server has the new choice
        # before the button can be pressed (a click can otherwise reach Python ahead of the radio's value).
        self._radio.param.watch(lambda e: setattr(self._submit, "disabled", e.new is None or e.new == self.answer),
                                "value")
        self._submit.on_click(lambda _e: self._answer(self._radio.value))
        self.param.watch(self._refresh, "track")
        self._refresh()

    @classmethod
    def of(cls, question: Question, **params) -> Reflection:
        """The reflection that asks a plan's ``question``."""
        return cls(key=question.key, question=question.text, options=list(question.options), answer=question.answer,
                   **params)

    @property
    def correct(self) -> bool | None:
        return self.choices.is_correct(self.answer, self.track)

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        text_for(self._question, track)
        yield from self.choices.statements(f"{where} reflection", track)

    def restore(self, answer: str | None, first: str | None = None) -> None:
        """Show a reflection answer saved in the ledger (unknown keys are ignored); ``first`` is the first
        answer given, when ``answer`` is a later revision of it."""
        if first in self.options:
            self.first = first
        if answer in self.options:
            self._radio.value = answer
            self._answer(answer)

    def _refresh(self, *_) -> None:
        if not self.track and callable(self._question):
            return  # a computed question waits for its track
        self._question_pane.object = f"### Reflect\n{text_for(self._question, self.track)}"
        self._radio.name = text_for(self._question, self.track)
        if self.answer is not None:
            self._answer(self.answer)

    def _answer(self, key: str | None) -> None:
        if key is None:
            return
        option = self.options[key]
        right = self.choices.is_correct(key, self.track)
        if self.first is None:
            self.first = key
        before = self.options[self.first]
        earlier = ("" if self.first == key else
                   f"\n\n*Your first answer, kept in your ledger: {before.label} "
                   f"({'right' if self.choices.is_correct(before.key, self.track) else 'not right'})*")
        self._feedback.object = (f"**{option.label}**: {_verdict(right)} {self.choices.feedback(option, self.track)}"
                                 + earlier)
        self.answer = key
        self._submit.disabled = True

    def __panel__(self):
        return pn.Column(
            self._question_pane, self._radio, self._submit, self._feedback,
            sizing_mode="stretch_width", css_classes=["kit-reflection"],
        )


class FillInBlanks(Viewer):
    """A sentence with dropdown blanks: ``template`` holds ``{0}``, ``{1}``... where the blanks go.

    Each blank is a list of Options with exactly one correct; the answer is right only if every
    blank is, and each blank gets its own feedback.
    """

    answer = param.List(default=None, allow_None=True, doc="Keys chosen for each blank, once submitted.")

    def __init__(self, *, key: str, template: str, blanks: list[list[Option]], **params):
        super().__init__(**params)
        for i, options in enumerate(blanks):
            if sum(o.correct for o in options) != 1:
                raise ValueError(f"blanks: blank {i + 1} of {key!r} needs exactly one correct option")
        self.key = key
        self._choices = [Choices(f"blank {i + 1} of {key!r}", options, None) for i, options in enumerate(blanks)]
        self._template = template
        self._blanks = [{o.key: o for o in options} for options in blanks]
        self._selects = [pn.widgets.Select(name=f"Blank {i + 1}", options={"(choose)": ""} | {o.label: o.key
                                                                                           for o in options},
                                           sizing_mode="stretch_width", tags=["answer"])
                         for i, options in enumerate(blanks)]
        self._submit = pn.widgets.Button(name="Submit answer", button_type="primary", disabled=True)
        self._feedback = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-blanks-feedback"])
        for select in self._selects:
            select.param.watch(self._on_pick, "value")
        self._submit.on_click(lambda _e: self._answer([s.value for s in self._selects]))

    @classmethod
    def of(cls, blanks: Blanks, **params) -> FillInBlanks:
        """The fill-in-the-blanks a plan declares."""
        return cls(key=blanks.key, template=blanks.template, blanks=[list(b) for b in blanks.blanks], **params)

    @property
    def correct(self) -> bool | None:
        if self.answer is None:
            return None
        return all(blank[k].correct for blank, k in zip(self._blanks, self.answer))

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        for i, choices in enumerate(self._choices):
            yield from choices.statements(f"{where} blank {i + 1}", track)

    def restore(self, answer: list | None) -> None:
        """Show answers saved in the ledger (ignored unless every key is known)."""
        if isinstance(answer, list) and len(answer) == len(self._blanks) and all(
                k in blank for blank, k in zip(self._blanks, answer)):
            for select, k in zip(self._selects, answer):
                select.value = k
            self._answer(answer)

    def _on_pick(self, _event) -> None:
        self._submit.disabled = any(not s.value for s in self._selects)

    def _answer(self, keys: list[str]) -> None:
        if any(not k for k in keys):
            return
        chosen = [blank[k] for blank, k in zip(self._blanks, keys)]
        sentence = self._template.format(*(f"**{o.label}**" for o in chosen))
        lines = [sentence, ""] + [f"- Blank {i + 1}: {_verdict(o.correct)} {text_for(o.feedback, '')}"
                                  for i, o in enumerate(chosen)]
        self._feedback.object = "\n".join(lines)
        self.answer = list(keys)

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown("### Complete the sentence\n" + self._template.format(*(f"[blank {i + 1}]" for i in
                                                                                   range(len(self._blanks))))),
            pn.GridBox(*self._selects, ncols=len(self._selects), sizing_mode="stretch_width"), self._submit,
            self._feedback, sizing_mode="stretch_width", css_classes=["kit-blanks"],
        )
