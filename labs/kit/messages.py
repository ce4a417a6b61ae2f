"""Failure banners and stakeholder messages."""

from __future__ import annotations

import panel as pn
from panel.viewable import Viewer


class FailureBanner(Viewer):
    """A danger banner for a failure state (OOM, SLA missed); hidden until ``show`` is called."""

    def __init__(self, title: str, **params):
        super().__init__(**params)
        self.title = title
        self.pane = pn.pane.Alert("", alert_type="danger", visible=False, sizing_mode="stretch_width",
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


def stakeholder(role: str, message: str) -> pn.pane.Markdown:
    """A message from someone the student's design answers to."""
    return pn.pane.Markdown(stakeholder_text(role, message), sizing_mode="stretch_width",
                            css_classes=["kit-stakeholder"])
