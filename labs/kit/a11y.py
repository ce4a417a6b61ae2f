"""Accessibility fixes Bokeh's widgets need, applied once per lab page."""

from __future__ import annotations

from pathlib import Path

from panel.custom import JSComponent


class SliderLabels(JSComponent):
    """Gives every slider handle on the page an accessible name and value text (see a11y.js)."""

    _esm = Path(__file__).with_name("a11y.js")
