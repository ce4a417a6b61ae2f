"""Progress gates: a move counter (the 'five-move rule') and a checked numeric answer."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import panel as pn
import param
from panel.viewable import Viewer

from labs.client.internals import Markdown

from .styles import KIT_CSS


class MoveCounter(Viewer):
    """Counts distinct configurations the student has tried; panels join the page after ``needed``.

    Like a prediction lock's gate, the gated panels are absent from the page until unlocked.
    """

    count = param.Integer(default=0, doc="Distinct configurations seen so far.")
    unlocked = param.Boolean(default=False)

    def __init__(self, *, needed: int, what: str, **params):
        super().__init__(**params)
        self.needed = needed
        self._what = what
        self._seen: set[str] = set()
        self._status = Markdown("", css_classes=["kit-moves"])
        self._gated_panels: list = []
        self._gated = pn.Column(sizing_mode="stretch_width")
        self._refresh()

    def move(self, config: Hashable) -> None:
        """Note one configuration (repeats do not count); it is kept as text, to be saved and restored."""
        self._seen.add(" · ".join(map(str, config)) if isinstance(config, tuple) else str(config))
        self._count()

    @property
    def tried(self) -> list[str]:
        """The configurations seen, as text, in a stable order (what the ledger keeps)."""
        return sorted(self._seen)

    def restore(self, tried) -> None:
        """Count again the configurations a saved record says were tried (anything but text is ignored)."""
        if isinstance(tried, list):
            self._seen.update(t for t in tried if isinstance(t, str))
            self._count()

    def _count(self) -> None:
        self.count = len(self._seen)
        if self.count >= self.needed and not self.unlocked:
            self.unlock()
        self._refresh()

    def unlock(self) -> None:
        self.unlocked = True
        self._gated.objects = list(self._gated_panels)
        self._refresh()

    @property
    def gated_panels(self) -> tuple:
        """What this counter opens, in order."""
        return tuple(self._gated_panels)

    def gate(self, *panels) -> None:
        self._gated_panels.extend(panels)
        if self.unlocked:
            self._gated.objects = list(self._gated_panels)

    def _refresh(self) -> None:
        if self.unlocked:
            self._status.object = f"**Explored:** {self.count} {self._what}. The reflection is open."
        else:
            self._status.object = (f"**Explored:** {self.count} of {self.needed} distinct {self._what}. "
                                   f"Try {self.needed - self.count} more to open the reflection.")

    def __panel__(self):
        return pn.Column(self._status, self._gated, sizing_mode="stretch_width", stylesheets=[KIT_CSS])


class NumericAnswer(Viewer):
    """A number the student works out, checked against ``expected()`` within ``tolerance``.

    ``expected`` returns the right value for the lab's current state, or None when no value
    exists (the target is unreachable). After ``max_attempts`` wrong tries the answer is shown.
    """

    value = param.Number(default=None, allow_None=True, doc="The last value submitted.")
    correct = param.Boolean(default=False)
    attempts = param.Integer(default=0)

    def __init__(self, *, label: str, expected: Callable[[], float | None], tolerance: float,
                 describe: Callable[[float], str], max_attempts: int = 15, start: float = 0.5,
                 bounds: tuple[float, float] = (0.0, 1.0), step: float = 0.001, **params):
        super().__init__(**params)
        self._expected = expected
        self._tolerance = tolerance
        self._describe = describe
        self.max_attempts = max_attempts
        self._input = pn.widgets.FloatInput(name=label, value=start, start=bounds[0], end=bounds[1], step=step,
                                            css_classes=["kit-numeric-input"], sizing_mode="stretch_width",
                                            max_width=520,
                                            tags=["answer"])  # saved as the answer, by restore()
        self._check = pn.widgets.Button(name="Check my answer", button_type="primary")
        self._feedback = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-numeric-feedback"])
        self._entered = pn.pane.Markdown("", css_classes=["kit-numeric-entered"])
        self._input.param.watch(self._echo, "value")
        self._check.on_click(lambda _e: self.submit(self._input.value))
        self._echo()

    def _echo(self, *_) -> None:
        value = self._input.value
        self._entered.object = "" if value is None else f"Your answer: **{value:g}**"

    def restore(self, value: float | None, attempts: int) -> None:
        """Show an answer saved in the ledger, checked against the current state, without counting a new try."""
        if isinstance(value, (int, float)) and isinstance(attempts, int) and attempts > 0:
            self._input.value = float(value)
            self.attempts = attempts - 1
            self.submit(float(value))

    def submit(self, value: float | None) -> None:
        """Check ``value``; ``value``, ``correct`` and ``attempts`` change together, once the verdict is known."""
        if value is None:
            self._feedback.object = "Enter a number first."
            return
        attempts = self.attempts + 1
        truth = self._expected()
        ok = truth is not None and abs(value - truth) <= self._tolerance
        if truth is None:
            text = ("No value works in the current setting: the target cannot be reached. Change the serial "
                    "overhead or fusion first.")
        elif ok:
            text = f"✓ Correct after {attempts} attempt(s). {self._describe(truth)}"
        elif attempts >= self.max_attempts:
            text = f"✗ Not yet, and that was attempt {attempts}. Here is the worked answer: {self._describe(truth)}"
        else:
            text = f"✗ {value:g} is {'too high' if value > truth else 'too low'}. Attempt {attempts} of " \
                   f"{self.max_attempts}."
        self._feedback.object = text
        self.param.update(value=value, correct=ok, attempts=attempts)

    def __panel__(self):
        # The input on a line of its own: a long label then has the row's width, not the input's.
        return pn.Column(self._input, pn.Row(self._check, self._entered), self._feedback,
                         sizing_mode="stretch_width", stylesheets=[KIT_CSS])
