"""Math peek: a button that shows typeset equations (MathJax, served from the site) and notes."""

from __future__ import annotations

import panel as pn


def math_peek(title: str, *, equations: list[str], notes: str = "") -> pn.Column:
    """A toggle button, named "Math peek: <title>", that shows ``equations`` (LaTeX, one display block
    each) and Markdown ``notes``. (A plain button rather than Panel's Card, whose header button
    has no accessible name.)"""
    blocks = [pn.pane.LaTeX(f"$${eq}$$", renderer="mathjax", sizing_mode="stretch_width") for eq in equations]
    body = pn.Column(*blocks, pn.pane.Markdown(notes, sizing_mode="stretch_width"), visible=False,
                     sizing_mode="stretch_width")
    toggle = pn.widgets.Toggle(name=f"Math peek: {title}", button_type="light", width=360)
    toggle.param.watch(lambda event: setattr(body, "visible", event.new), "value")
    return pn.Column(toggle, body, sizing_mode="stretch_width", css_classes=["kit-math-peek"])
