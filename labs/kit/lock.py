"""Prediction lock: a question whose instruments stay hidden until the student commits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import panel as pn
import param
from panel.viewable import Viewer

from .styles import KIT_CSS


@dataclass(frozen=True)
class Option:
    """One answer to a lock or reflection, with the feedback a student sees if they choose it."""

    key: str
    label: str
    feedback: str
    correct: bool = False


class PredictionLock(Viewer):
    """Ask for a prediction; reveal the gated panels only once it is locked in.

    :Example:

    >>> lock = PredictionLock(key="q1", question="Which term dominates?",
    ...     options=[Option("mem", "Memory", "Right.", correct=True), Option("cpu", "Compute", "No.")])
    >>> lock.gate(pn.pane.Markdown("instrument"))
    """

    choice = param.String(default=None, allow_None=True, doc="Key of the locked option, or None before locking.")
    locked = param.Boolean(default=False, doc="True once the student has committed to an answer.")

    def __init__(self, *, key: str, question: str, options: list[Option], **params):
        super().__init__(**params)
        if sum(o.correct for o in options) != 1:
            raise ValueError(f"options: lock {key!r} needs exactly one correct option")
        self.key = key
        self.question = question
        self.options = {o.key: o for o in options}
        self._radio = pn.widgets.RadioBoxGroup(
            name=question, options={o.label: o.key for o in options}, css_classes=["kit-lock-options"]
        )
        self._radio.value = None  # a lock starts unanswered, never on the first option
        self._button = pn.widgets.Button(
            name="Lock in my prediction", button_type="primary", disabled=True, css_classes=["kit-lock-button"],
        )
        self._status = pn.pane.Markdown("", css_classes=["kit-lock-status"])
        self._radio.param.watch(self._on_pick, "value")
        self._button.on_click(self._on_lock)
        # Gated panels join the page only once the lock is answered: hidden they would still be laid
        # out (Bokeh's log axes throw at zero width), and absent they cannot be peeked at.
        self._gated_panels: list = []
        self._gated = pn.Column(sizing_mode="stretch_width", css_classes=["kit-gated"])

    @property
    def option(self) -> Option | None:
        return self.options.get(self.choice) if self.choice else None

    @property
    def correct(self) -> bool | None:
        return None if self.option is None else self.option.correct

    @property
    def gated_panels(self) -> tuple:
        """What this lock opens, in order."""
        return tuple(self._gated_panels)

    def gate(self, *panels) -> None:
        """Add ``panels`` to what this lock keeps off the page until it is answered."""
        self._gated_panels.extend(panels)
        if self.locked:
            self._gated.extend(panels)

    def restore(self, choice: str | None) -> None:
        """Re-lock a prediction saved in the ledger (unknown keys are ignored)."""
        if choice in self.options:
            self._radio.value = choice
            self._lock(choice)

    def _on_pick(self, event) -> None:
        self._button.disabled = self.locked or event.new is None

    def _on_lock(self, _event) -> None:
        if self._radio.value is not None:
            self._lock(self._radio.value)

    def _lock(self, choice: str) -> None:
        self.choice = choice
        self.locked = True
        self._radio.disabled = True
        self._button.disabled = True
        self._button.name = "Prediction locked"
        self._status.object = f"**Locked:** {self.options[choice].label}"
        self._gated.objects = list(self._gated_panels)

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown(f"### Predict first\n{self.question}", css_classes=["kit-lock-question"]),
            self._radio, pn.Row(self._button, self._status), self._gated,
            sizing_mode="stretch_width", css_classes=["kit-lock"], stylesheets=[KIT_CSS],
        )


def when_locked(lock: PredictionLock, render: Callable[[PredictionLock], str]) -> pn.pane.Markdown:
    """A Markdown pane whose text is ``render(lock)``, refreshed each time the lock changes."""
    pane = pn.pane.Markdown("", sizing_mode="stretch_width")

    def refresh(*_):
        pane.object = render(lock) if lock.locked else ""

    lock.param.watch(refresh, ["choice", "locked"])
    refresh()
    return pane
