"""Prediction lock: a question whose instruments stay hidden until the student commits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import panel as pn
import param
from panel.viewable import Viewer

from .styles import KIT_CSS
from .truth import Check, Statement, Text, text_for


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


class PredictionLock(Viewer):
    """Ask for a prediction; reveal the gated panels only once it is locked in.

    ``question`` may be computed for the track, and so may which option is right (``answer``);
    the lock then keeps the track it was answered on (``asked_track``), so its verdict and
    feedback stay those of the question the student saw.

    :Example:

    >>> lock = PredictionLock(key="q1", question="Which term dominates?",
    ...     options=[Option("mem", "Memory", "Right.", correct=True), Option("cpu", "Compute", "No.")])
    >>> lock.gate(pn.pane.Markdown("instrument"))
    """

    choice = param.String(default=None, allow_None=True, doc="Key of the locked option, or None before locking.")
    locked = param.Boolean(default=False, doc="True once the student has committed to an answer.")
    track = param.String(default="", doc="The track the lab is on (for track-specific questions).")
    asked_track = param.String(default="", doc="The track the locked question was asked for.")

    def __init__(self, *, key: str, question: Text, options: list[Option],
                 answer: Callable[[str], str] | None = None, **params):
        super().__init__(**params)
        self.key = key
        self.choices = Choices(f"lock {key!r}", options, answer)
        self.options = self.choices.options
        self._question = question
        self._question_pane = pn.pane.Markdown("", css_classes=["kit-lock-question"])
        self._radio = pn.widgets.RadioBoxGroup(
            name="Your prediction", options={o.label: o.key for o in options}, css_classes=["kit-lock-options"]
        )
        self._radio.value = None  # a lock starts unanswered, never on the first option
        self._button = pn.widgets.Button(
            name="Lock in my prediction", button_type="primary", disabled=True, css_classes=["kit-lock-button"],
        )
        self._status = pn.pane.Markdown("", css_classes=["kit-lock-status"])
        self._radio.param.watch(self._on_pick, "value")
        self._button.on_click(self._on_lock)
        self.param.watch(self._ask, "track")
        # Gated panels join the page only once the lock is answered: hidden they would still be laid
        # out (Bokeh's log axes throw at zero width), and absent they cannot be peeked at.
        self._gated_panels: list = []
        self._gated = pn.Column(sizing_mode="stretch_width", css_classes=["kit-gated"])
        self._ask()

    @property
    def question(self) -> str:
        """The question as the student reads it (for the track it was, or is being, asked on)."""
        return text_for(self._question, self.asked_track or self.track)

    @property
    def track_specific(self) -> bool:
        """True when the question or its answer depends on the track."""
        return callable(self._question) or self.choices.computed

    @property
    def option(self) -> Option | None:
        return self.options.get(self.choice) if self.choice else None

    @property
    def correct(self) -> bool | None:
        return self.choices.is_correct(self.choice, self.asked_track or self.track)

    def feedback(self, option: Option) -> str:
        return self.choices.feedback(option, self.asked_track or self.track)

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        text_for(self._question, track)  # a question computed for the track must render on it
        yield from self.choices.statements(f"{where} lock", track)

    @property
    def gated_panels(self) -> tuple:
        """What this lock opens, in order."""
        return tuple(self._gated_panels)

    def gate(self, *panels) -> None:
        """Add ``panels`` to what this lock keeps off the page until it is answered."""
        self._gated_panels.extend(panels)
        if self.locked:
            self._gated.extend(panels)

    def restore(self, choice: str | None, asked_track: str | None = None) -> None:
        """Re-lock a prediction saved in the ledger (unknown keys are ignored); ``asked_track`` is the
        track a track-specific question was answered on."""
        if choice in self.options:
            self._radio.value = choice
            self._lock(choice, asked_track if isinstance(asked_track, str) and asked_track else None)

    def _ask(self, *_) -> None:
        if self.track or not callable(self._question):  # a computed question waits for its track
            self._question_pane.object = f"### Predict first\n{self.question}"
            self._radio.name = self.question

    def _on_pick(self, event) -> None:
        self._button.disabled = self.locked or event.new is None

    def _on_lock(self, _event) -> None:
        if self._radio.value is not None:
            self._lock(self._radio.value)

    def _lock(self, choice: str, asked_track: str | None = None) -> None:
        self.asked_track = asked_track or self.track
        self.choice = choice
        self.locked = True
        self._radio.disabled = True
        self._button.disabled = True
        self._button.name = "Prediction locked"
        self._status.object = f"**Locked:** {self.options[choice].label}"
        self._gated.objects = list(self._gated_panels)
        self._ask()

    def __panel__(self):
        return pn.Column(
            self._question_pane, self._radio, pn.Row(self._button, self._status), self._gated,
            sizing_mode="stretch_width", css_classes=["kit-lock"], stylesheets=[KIT_CSS],
        )


def when_locked(lock: PredictionLock, render: Callable[[PredictionLock], str]) -> pn.pane.Markdown:
    """A Markdown pane whose text is ``render(lock)``, refreshed each time the lock changes."""
    pane = pn.pane.Markdown("", sizing_mode="stretch_width")

    def refresh(*_):
        pane.object = render(lock) if lock.locked else ""

    lock.param.watch(refresh, ["choice", "locked", "track"])
    refresh()
    return pane
