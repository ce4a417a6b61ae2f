"""Math peek: a collapsed card of typeset equations (MathJax, served from the site) and notes."""

from __future__ import annotations

import panel as pn


def math_peek(title: str, *, equations: list[str], notes: str = "") -> pn.Card:
    """A collapsible card holding ``equations`` (LaTeX, one display block each) and Markdown ``notes``."""
    blocks = [pn.pane.LaTeX(f"$${eq}$$", renderer="mathjax", sizing_mode="stretch_width") for eq in equations]
    return pn.Card(
        *blocks, pn.pane.Markdown(notes, sizing_mode="stretch_width"),
        title=f"Math peek: {title}", collapsed=True, sizing_mode="stretch_width", css_classes=["kit-math-peek"],
    )
