"""Prediction lock: a question whose instruments stay hidden until the student commits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import panel as pn
import param
from panel.viewable import Viewer

from .plan import Choices, Option, Question, Statement, Text, text_for
from .styles import KIT_CSS


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

    @classmethod
    def of(cls, question: Question, **params) -> PredictionLock:
        """The lock that asks a plan's ``question``."""
        return cls(key=question.key, question=question.text, options=list(question.options), answer=question.answer,
                   **params)

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
