"""Failure banners and stakeholder messages."""

from __future__ import annotations

from collections.abc import Iterator

import panel as pn
import param
from panel.viewable import Viewer

from labs.client.internals import Alert

from .plan import Check, Message, Statement, Text, text_for


class FailureBanner(Viewer):
    """A danger banner for a failure state (OOM, SLA missed); hidden until ``show`` is called."""

    def __init__(self, title: str, **params):
        super().__init__(**params)
        self.title = title
        self.pane = Alert("", alert_type="danger", visible=False, sizing_mode="stretch_width",
                                  css_classes=["kit-failure"])

    @property
    def shown(self) -> bool:
        return self.pane.visible

    def show(self, detail: str) -> None:
        self.pane.object = f"**{self.title}.** {detail}"
        self.pane.visible = True

    def hide(self) -> None:
        self.pane.visible = False

    def __panel__(self):
        return self.pane


def stakeholder_text(role: str, message: str) -> str:
    return f"**Message from the {role}:** {message}"


class Stakeholder(Viewer):
    """A message from someone the student's design answers to. ``role`` and ``message`` may be computed
    for the track; ``check`` keeps what the message claims about numbers true on every track."""

    track = param.String(default="", doc="The track the lab is on.")

    def __init__(self, role: Text, message: Text, *, check: Check | None = None, **params):
        super().__init__(**params)
        self._role, self._message, self.check = role, message, check
        self._pane = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-stakeholder"])
        self.param.watch(self._refresh, "track")
        self._refresh()

    def text(self, track: str) -> str:
        return stakeholder_text(text_for(self._role, track), text_for(self._message, track))

    def statements(self, where: str, track: str) -> Iterator[Statement]:
        yield Statement(where=f"{where} stakeholder", text=self.text(track), check=self.check,
                        computed=callable(self._message))

    def _refresh(self, *_) -> None:
        if self.track or not (callable(self._role) or callable(self._message)):  # computed text waits for its track
            self._pane.object = self.text(self.track)

    def __panel__(self):
        return self._pane


def stakeholder(role: Text | Message, message: Text = "", *, check: Check | None = None) -> Stakeholder:
    """A message from someone the student's design answers to: a plan's ``Message``, or its parts."""
    if isinstance(role, Message):
        return Stakeholder(role.role, role.text, check=role.check)
    return Stakeholder(role, message, check=check)
