"""Charts for the labs, built on bokeh.models directly so that no path imports pandas.

Pyodide here has no pandas, and in Bokeh 3.6 ``bokeh.plotting.figure`` and
``ColumnDataSource(data=...)`` import it, as does the ``box_zoom`` tool through the
datetime check in serialization. This module is the one place that works around them:
plots are assembled from ``bokeh.models`` with explicit ranges, sources are made by
:func:`column_source`, labels are ``Text`` glyphs (``LabelSet``'s default source is a
ColumnDataSource), and no zoom tools are added. ``tests/labs/test_no_pandas.py``
builds every lab with pandas blocked to keep it that way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import panel as pn
from bokeh.models import (
    CategoricalAxis,
    CategoricalScale,
    ColumnarDataSource,
    ColumnDataSource,
    FactorRange,
    HBar,
    LogAxis,
    LogScale,
    Plot,
    Range1d,
    Text,
    Title,
    VBar,
)
from panel.viewable import Viewer

MUTED = "#9db4c8"
HIGHLIGHT = "#0b6e4f"
ALERT = "#b3261e"


def column_source(data: dict[str, list]) -> ColumnDataSource:
    """A ColumnDataSource holding ``data``, made without ColumnDataSource.__init__ (which imports pandas)."""
    source = ColumnDataSource.__new__(ColumnDataSource)
    ColumnarDataSource.__init__(source)
    source.data = dict(data)
    return source


def log_range(values: Sequence[float]) -> tuple[float, float]:
    """A log axis range framing every value with room to spare, at least three decades wide.

    Bokeh's LogTicker falls back to linear ticks below two decades and fails on tiny ranges there.
    """
    lo = math.floor(math.log10(min(values))) - 1
    hi = max(math.ceil(math.log10(max(values)) + 0.5), lo + 3)
    return 10.0**lo, 10.0**hi


class LogBarChart(Viewer):
    """Bars on a log axis, one per category, with one category highlighted and a value label on each.

    ``horizontal=True`` draws horizontal bars (categories down the side).
    """

    def __init__(self, *, title: str, categories: Sequence[str], axis_label: str, horizontal: bool = False,
                 height: int = 260, **params):
        super().__init__(**params)
        self._categories = list(categories)
        self._horizontal = horizontal
        self.source = column_source({"cat": self._categories, "value": [1.0] * len(categories),
                                     "color": [MUTED] * len(categories), "label": [""] * len(categories)})
        factor_range = FactorRange(factors=self._categories)
        self._value_range = Range1d(start=0.1, end=10)
        if horizontal:
            plot = Plot(x_range=self._value_range, y_range=factor_range, x_scale=LogScale(), y_scale=CategoricalScale(),
                        height=height,
                        sizing_mode="stretch_width", toolbar_location=None, min_border_left=10)
            glyph = HBar(y="cat", right="value", left=0.1, height=0.7, fill_color="color", line_color=None)
            plot.add_layout(LogAxis(axis_label=axis_label), "below")
            plot.add_layout(CategoricalAxis(), "left")
            labels = Text(x="value", y="cat", text="label", x_offset=4, text_baseline="middle", text_font_size="11px")
        else:
            plot = Plot(x_range=factor_range, y_range=self._value_range, x_scale=CategoricalScale(), y_scale=LogScale(),
                        height=height,
                        sizing_mode="stretch_width", toolbar_location=None)
            glyph = VBar(x="cat", top="value", bottom=0.1, width=0.7, fill_color="color", line_color=None)
            plot.add_layout(CategoricalAxis(), "below")
            plot.add_layout(LogAxis(axis_label=axis_label), "left")
            labels = Text(x="cat", y="value", text="label", y_offset=-3, text_align="center", text_baseline="bottom",
                          text_font_size="11px")
        self._glyph = glyph
        plot.add_glyph(self.source, glyph)
        plot.add_glyph(self.source, labels)  # a Text glyph, not LabelSet: LabelSet's default source imports pandas
        plot.add_layout(Title(text=title, text_font_size="13px"), "above")
        self.plot = plot
        self._pane = pn.pane.Bokeh(plot, sizing_mode="stretch_width")

    def update(self, values: Sequence[float], labels: Sequence[str], colors: Sequence[str]) -> None:
        """Redraw with new ``values`` (all > 0), their text ``labels`` and bar ``colors``."""
        lo, hi = log_range(values)
        # Never let the range invert in between (Bokeh's log ticker throws on start > end).
        if lo >= self._value_range.end:
            self._value_range.end, self._value_range.start = hi, lo
        else:
            self._value_range.start, self._value_range.end = lo, hi
        if self._horizontal:
            self._glyph.left = lo
        else:
            self._glyph.bottom = lo
        self.source.data = {"cat": self._categories, "value": [float(v) for v in values],
                            "color": list(colors), "label": list(labels)}

    def __panel__(self):
        return self._pane


def highlight(categories: Sequence[str], chosen: str | None, color: str = HIGHLIGHT) -> list[str]:
    """Bar colors: ``color`` for the chosen category, muted for the rest."""
    return [color if c == chosen else MUTED for c in categories]
