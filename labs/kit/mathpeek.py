"""Math peek: a button that shows typeset equations (MathML, which the browser sets itself) and notes."""

from __future__ import annotations

import panel as pn

from .mathml import to_mathml
from .styles import KIT_CSS


def math_peek(title: str, *, equations: list[str], notes: str = "") -> pn.Column:
    """A toggle button, named "Math peek: <title>", that shows ``equations`` (LaTeX, one display block
    each) and Markdown ``notes``. (A plain button rather than Panel's Card, whose header button
    has no accessible name.)"""
    blocks = [pn.pane.HTML(to_mathml(eq), sizing_mode="stretch_width", css_classes=["kit-math"],
                           stylesheets=[KIT_CSS]) for eq in equations]
    body = pn.Column(*blocks, pn.pane.Markdown(notes, sizing_mode="stretch_width"), visible=False,
                     sizing_mode="stretch_width")
    toggle = pn.widgets.Toggle(name=f"Math peek: {title}", button_type="light", width=360,
                               tags=["view"])  # how the page looks, not the student's work: never saved
    toggle.param.watch(lambda event: setattr(body, "visible", event.new), "value")
    return pn.Column(toggle, body, sizing_mode="stretch_width", css_classes=["kit-math-peek"])
