"""Asking before a change replaces what the student has saved: a question with two buttons, in the page."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
from panel.viewable import Viewer

from .styles import KIT_CSS
from .text import plain


class Confirm(Viewer):
    """A question that appears in the page when something would overwrite the student's work.

    ``ask`` shows it; the first button does the change, the second leaves everything as it is. Panel
    has no modal dialog that works the same on a server and in Pyodide, so it sits inline.
    """

    def __init__(self, **params):
        super().__init__(**params)
        self._text = pn.pane.Markdown("", sizing_mode="stretch_width")
        self._yes = pn.widgets.Button(name="Replace", button_type="warning", css_classes=["kit-confirm-yes"])
        self._no = pn.widgets.Button(name="Keep mine", button_type="default", css_classes=["kit-confirm-no"])
        self._action: Callable[[], None] | None = None
        self._yes.on_click(self._do)
        self._no.on_click(lambda _e: self.dismiss())
        self._box = pn.Column(self._text, pn.Row(self._yes, self._no), visible=False, sizing_mode="stretch_width",
                              css_classes=["kit-confirm"], stylesheets=[KIT_CSS])

    @property
    def asking(self) -> bool:
        return self._box.visible

    def ask(self, question: str, action: Callable[[], None], *, yes: str = "Replace", no: str = "Keep mine") -> None:
        """Show ``question`` (plan text and computed numbers: Markdown); ``action`` runs only on ``yes``."""
        self._text.object = question
        self._yes.name, self._no.name = yes, no
        self._action = action
        self._box.visible = True

    def dismiss(self) -> None:
        self._box.visible = False
        self._action = None

    def _do(self, _event) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()

    def __panel__(self):
        return self._box


def confirm_button(name: str, *, ask: Callable[[], str | None], action: Callable[[], None],
                   yes: str = "Replace") -> pn.Column:
    """A button for a change that may replace the student's work: ``ask()`` returns the question to put
    first (or None when nothing would be lost, and the change is made at once)."""
    button = pn.widgets.Button(name=name, button_type="default")
    confirm = Confirm()

    def click(_event) -> None:
        question = ask()
        if question is None:
            action()
        else:
            confirm.ask(question, action, yes=yes)

    button.on_click(click)
    return pn.Column(button, confirm, sizing_mode="stretch_width")


def changes_text(changes: list[tuple[str, str, str]]) -> str:
    """Bulleted "label: saved → new" lines; saved values are shown as text, never as markup."""
    return "\n".join(f"- {plain(label)}: {plain(old)} → {plain(new)}" for label, old, new in changes)


__all__ = ["Confirm", "changes_text", "confirm_button"]
