"""Reveal and reflection: compare the student's answer with the computed one, with feedback for every option."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import param
from panel.viewable import Viewer

from .lock import Option, PredictionLock, when_locked


def _verdict(option: Option) -> str:
    return "✓ Correct." if option.correct else "✗ Not quite."


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
            f"**You predicted:** {chosen.label}. {_verdict(chosen)}",
            "",
            self._computed(),
            "",
            f"> {chosen.feedback}",
            "",
            "**Every option, explained:**",
            "",
        ]
        lines += [f"- {'**' if o is chosen else ''}{o.label}{'** (your answer)' if o is chosen else ''}: "
                  f"{o.feedback}" for o in lock.options.values()]
        return "\n".join(lines)

    def __panel__(self):
        return pn.Column(self._pane, sizing_mode="stretch_width", css_classes=["kit-reveal"])


class Reflection(Viewer):
    """A closing question: the student picks an option and gets that option's feedback."""

    answer = param.String(default=None, allow_None=True, doc="Key of the submitted option.")

    def __init__(self, *, key: str, question: str, options: list[Option], **params):
        super().__init__(**params)
        if sum(o.correct for o in options) != 1:
            raise ValueError(f"options: reflection {key!r} needs exactly one correct option")
        self.key = key
        self.options = {o.key: o for o in options}
        self._question = question
        self._radio = pn.widgets.RadioBoxGroup(name=question, options={o.label: o.key for o in options})
        self._radio.value = None
        self._submit = pn.widgets.Button(name="Submit reflection", button_type="primary", disabled=True)
        self._feedback = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-reflection-feedback"])
        self._radio.param.watch(lambda e: setattr(self._submit, "disabled", e.new is None), "value")
        self._submit.on_click(lambda _e: self._answer(self._radio.value))

    @property
    def correct(self) -> bool | None:
        return None if self.answer is None else self.options[self.answer].correct

    def restore(self, answer: str | None) -> None:
        """Show a reflection answer saved in the ledger (unknown keys are ignored)."""
        if answer in self.options:
            self._radio.value = answer
            self._answer(answer)

    def _answer(self, key: str | None) -> None:
        if key is None:
            return
        option = self.options[key]
        self.answer = key
        self._feedback.object = f"**{option.label}**: {_verdict(option)} {option.feedback}"

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown(f"### Reflect\n{self._question}"), self._radio, self._submit, self._feedback,
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
        self._template = template
        self._blanks = [{o.key: o for o in options} for options in blanks]
        self._selects = [pn.widgets.Select(name=f"Blank {i + 1}", options={"(choose)": ""} | {o.label: o.key
                                                                                           for o in options},
                                           sizing_mode="stretch_width") for i, options in enumerate(blanks)]
        self._submit = pn.widgets.Button(name="Submit answer", button_type="primary", disabled=True)
        self._feedback = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-blanks-feedback"])
        for select in self._selects:
            select.param.watch(self._on_pick, "value")
        self._submit.on_click(lambda _e: self._answer([s.value for s in self._selects]))

    @property
    def correct(self) -> bool | None:
        if self.answer is None:
            return None
        return all(blank[k].correct for blank, k in zip(self._blanks, self.answer))

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
        lines = [sentence, ""] + [f"- Blank {i + 1}: {_verdict(o)} {o.feedback}" for i, o in enumerate(chosen)]
        self._feedback.object = "\n".join(lines)
        self.answer = list(keys)

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown("### Complete the sentence\n" + self._template.format(*(f"[blank {i + 1}]" for i in
                                                                                   range(len(self._blanks))))),
            pn.GridBox(*self._selects, ncols=len(self._selects), sizing_mode="stretch_width"), self._submit,
            self._feedback, sizing_mode="stretch_width", css_classes=["kit-blanks"],
        )
