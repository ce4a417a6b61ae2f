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
from html import escape

import panel as pn
from bokeh.models import (
    CategoricalAxis,
    CategoricalScale,
    ColumnarDataSource,
    ColumnDataSource,
    FactorRange,
    FixedTicker,
    HBar,
    Legend,
    LegendItem,
    Line,
    LinearAxis,
    LinearScale,
    LogAxis,
    LogScale,
    Plot,
    Range1d,
    Rect,
    Scatter,
    Segment,
    Span,
    Text,
    VBar,
)
from panel.viewable import Viewer

from labs.client.internals import HTML

from .format import rate, sig
from .styles import KIT_CSS

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


def set_log_range(axis: Range1d, lo: float, hi: float) -> None:
    """Move a log axis to [lo, hi] without it ever inverting in between (Bokeh's log ticker throws
    on start > end)."""
    if lo >= axis.end:
        axis.end, axis.start = hi, lo
    else:
        axis.start, axis.end = lo, hi


def caption_html(text: str) -> str:
    return f'<p class="kit-chart-text">{escape(text)}</p>'


def table_html(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table (its cells escaped) with a caption: a chart's numbers as text, folded under a
    native disclosure (keyboard and screen readers work it; the table stays in the page)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join("<tr>" + f'<th scope="row">{escape(r[0])}</th>' + "".join(f"<td>{escape(c)}</td>" for c in r[1:])
                   + "</tr>" for r in rows)
    return (f'<details class="kit-chart-numbers"><summary>The numbers in this chart</summary>'
            f'<table class="kit-chart-table"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></details>")


class ChartTitle:
    """A chart's title as page text above the plot, not a Bokeh Title: a title drawn on the canvas does
    not wrap, and a long one was cut off on a narrow screen. ``text`` reads and sets it, as Title's does."""

    def __init__(self, text: str):
        self.pane = HTML("", sizing_mode="stretch_width", margin=(5, 10, 0, 10), stylesheets=[KIT_CSS])
        self.text = text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value
        self.pane.object = f'<p class="kit-chart-title">{escape(value)}</p>'


class Chart(Viewer):
    """A Bokeh plot with its title above it and its text alternative below it: a caption or a table holding
    the same numbers, rewritten by each ``update`` (a canvas says nothing to a screen reader)."""

    _title: ChartTitle

    def _finish(self, plot: Plot) -> None:
        self.plot = plot
        self._pane = pn.pane.Bokeh(plot, sizing_mode="stretch_width")
        self.text = HTML("", sizing_mode="stretch_width", margin=(0, 10), stylesheets=[KIT_CSS])

    def __panel__(self):
        return pn.Column(self._title.pane, self._pane, self.text, sizing_mode="stretch_width", margin=0)


class LogBarChart(Chart):
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
        self._axis_label = axis_label
        plot.add_glyph(self.source, glyph)
        plot.add_glyph(self.source, labels)  # a Text glyph, not LabelSet: LabelSet's default source imports pandas
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, values: Sequence[float], labels: Sequence[str], colors: Sequence[str],
               marks: Sequence[str] = (), title: str | None = None) -> None:
        """Redraw with new ``values`` (all > 0), their text ``labels`` and bar ``colors``. ``marks`` say in
        words what a bar's colour says (one per bar, "" for none): they go into the chart's table."""
        if title is not None:
            self._title.text = title
        lo, hi = log_range(values)
        set_log_range(self._value_range, lo, hi)
        if self._horizontal:
            self._glyph.left = lo
        else:
            self._glyph.bottom = lo
        self.source.data = {"cat": self._categories, "value": [float(v) for v in values],
                            "color": list(colors), "label": list(labels)}
        self.text.object = table_html(self._title.text, ["", self._axis_label],
                                      [[c, (lab or sig(v)) + (f" ({mark})" if mark else "")] for c, v, lab, mark
                                       in zip(self._categories, values, labels, [*marks, *[""] * len(values)])])


def highlight(categories: Sequence[str], chosen: str | None, color: str = HIGHLIGHT) -> list[str]:
    """Bar colors: ``color`` for the chosen category, muted for the rest."""
    return [color if c == chosen else MUTED for c in categories]


TERM_COLORS = ("#1f77b4", "#ff7f0e", "#6f42c1")  # memory, compute, overhead


class StackedBar(Chart):
    """One horizontal bar split into named segments (a latency waterfall), on a linear axis from zero, with a
    legend naming each segment's colour: the longest segment looks as dominant as it is.

    ``update(..., reference=)`` keeps the axis at least as long as a "before" total and draws it as a
    dashed outline, so that an "after" bar is compared on the same axis.
    """

    def __init__(self, *, title: str, segments: Sequence[str], axis_label: str,
                 colors: Sequence[str] = TERM_COLORS, height: int = 170, **params):
        super().__init__(**params)
        self._segments = list(segments)
        n = len(segments)
        self._colors = list(colors)[:n]
        self.source = column_source({"row": ["total"] * n, "left": [0.0] * n, "right": [0.0] * n,
                                     "mid": [0.0] * n, "color": self._colors, "label": [""] * n})
        self.ghost = column_source({"row": ["total"], "right": [0.0], "alpha": [0.0]})
        self._x = Range1d(start=0, end=1)
        plot = Plot(x_range=self._x, y_range=FactorRange(factors=["total"]), x_scale=LinearScale(),
                    y_scale=CategoricalScale(), height=height, sizing_mode="stretch_width", toolbar_location=None,
                    min_border_right=16)
        plot.add_glyph(self.ghost, HBar(y="row", left=0, right="right", height=0.8, fill_alpha=0, line_color="#555555",
                                        line_dash="dashed", line_width=2, line_alpha="alpha"))
        bars = plot.add_glyph(self.source, HBar(y="row", left="left", right="right", height=0.6, fill_color="color",
                                                line_color="white"))
        plot.add_glyph(self.source, Text(x="mid", y="row", text="label", text_align="center", text_baseline="middle",
                                         text_color="white", text_font_size="11px"))
        plot.add_layout(Legend(items=[LegendItem(label=name, renderers=[bars], index=i)
                                      for i, name in enumerate(self._segments)],
                               orientation="horizontal", location="center", border_line_alpha=0,
                               label_text_font_size="11px", glyph_height=12, glyph_width=12, padding=2), "above")
        self._axis = LinearAxis(axis_label=axis_label)
        plot.add_layout(self._axis, "below")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, values: Sequence[float], labels: Sequence[str], axis_label: str | None = None, *,
               reference: float | None = None, reference_label: str = "", title: str | None = None) -> None:
        """Redraw with segment ``values`` (>= 0, same units as the axis) and their text ``labels``; ``reference``
        is a total to compare with (same units), drawn as a dashed outline (say so in the title) and named by
        ``reference_label`` in the chart's table."""
        if axis_label is not None:
            self._axis.axis_label = axis_label
        if title is not None:
            self._title.text = title
        lefts, x = [], 0.0
        for v in values:
            lefts.append(x)
            x += v
        rights = [left + v for left, v in zip(lefts, values)]
        total = max(x, reference or 0.0, 1e-30)
        # A label only where its segment is wide enough to hold it.
        shown = [lab if v / total > 0.12 else "" for v, lab in zip(values, labels)]
        compared = f"; {reference_label}: {sig(reference)}" if reference else ""
        self.text.object = table_html(f"{self._title.text} ({self._axis.axis_label}; total {sig(x)}{compared})",
                                      ["segment", "value"],
                                      [[name, lab or sig(v)] for name, v, lab in zip(self._segments, values, labels)])
        self._x.end = total * 1.02
        self.ghost.data = {"row": ["total"], "right": [reference or 0.0], "alpha": [1.0 if reference else 0.0]}
        self.source.data = {"row": ["total"] * len(values), "left": lefts, "right": rights,
                            "mid": [(a + b) / 2 for a, b in zip(lefts, rights)], "color": self._colors,
                            "label": shown}


class RooflineChart(Chart):
    """A log-log roofline: the roof, the ridge point and one operating point."""

    def __init__(self, *, title: str, height: int = 300, **params):
        super().__init__(**params)
        self.roof = column_source({"x": [1.0, 10.0], "y": [1.0, 1.0]})
        self.point = column_source({"x": [1.0], "y": [1.0], "color": [ALERT]})
        self._x, self._y = Range1d(start=0.01, end=1e4), Range1d(start=1e6, end=1e16)
        plot = Plot(x_range=self._x, y_range=self._y, x_scale=LogScale(), y_scale=LogScale(), height=height,
                    sizing_mode="stretch_width", toolbar_location=None)
        plot.add_glyph(self.roof, Line(x="x", y="y", line_color="#0b3d5c", line_width=3))
        plot.add_glyph(self.point, Scatter(x="x", y="y", size=14, fill_color="color", line_color="black",
                                           marker="circle"))
        self.ridge = Span(location=1.0, dimension="height", line_dash="dashed", line_color="#555555")
        plot.add_layout(self.ridge)
        plot.add_layout(LogAxis(axis_label="arithmetic intensity (ops per byte)"), "below")
        plot.add_layout(LogAxis(axis_label="attainable ops per second"), "left")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, *, roof: Sequence[tuple[float, float]], ridge: float, intensity: float, attainable: float,
               title: str, compute_bound: bool) -> None:
        """Draw ``roof`` (intensity, attainable) pairs spanning the x range, the ridge and one point."""
        xs, ys = [x for x, _ in roof], [y for _, y in roof]
        self._x.start, self._x.end = xs[0], xs[-1]
        set_log_range(self._y, *log_range([*ys, attainable]))
        self.roof.data = {"x": xs, "y": ys}
        self.point.data = {"x": [intensity], "y": [attainable], "color": [HIGHLIGHT if compute_bound else ALERT]}
        self.ridge.location = ridge
        self._title.text = title
        self.text.object = caption_html(
            f"{title}. The roof rises at the memory bandwidth to a peak of {rate(max(ys), 'ops/s')}; the ridge point "
            f"(dashed) is at {sig(ridge)} ops per byte. The operating point is at {sig(intensity)} ops per byte, "
            f"attaining {rate(attainable, 'ops/s')}: {'compute-bound' if compute_bound else 'memory-bound'}.")


def heat_color(value: float, lo: float, hi: float) -> str:
    """A light-to-dark blue for ``value`` on a log scale between ``lo`` and ``hi``."""
    t = 0.0 if hi <= lo else (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    t = min(1.0, max(0.0, t))
    r, g, b = (round(a + (c - a) * t) for a, c in ((239, 8), (243, 48), (255, 107)))
    return f"#{r:02x}{g:02x}{b:02x}"


class Heatmap(Chart):
    """A grid of labelled cells over two categorical axes, with one cell outlined."""

    def __init__(self, *, title: str, x_factors: Sequence[str], y_factors: Sequence[str], x_label: str,
                 y_label: str, height: int = 320, **params):
        super().__init__(**params)
        self._factors = (list(x_factors), list(y_factors), x_label, y_label)
        self.cells = column_source({"x": [], "y": [], "color": [], "label": [], "text_color": []})
        self.current = column_source({"x": [x_factors[0]], "y": [y_factors[0]]})
        plot = Plot(x_range=FactorRange(factors=list(x_factors)), y_range=FactorRange(factors=list(y_factors)),
                    x_scale=CategoricalScale(), y_scale=CategoricalScale(), height=height,
                    sizing_mode="stretch_width", toolbar_location=None)
        plot.add_glyph(self.cells, Rect(x="x", y="y", width=1, height=1, fill_color="color", line_color="white"))
        plot.add_glyph(self.cells, Text(x="x", y="y", text="label", text_align="center", text_baseline="middle",
                                        text_font_size="10px", text_color="text_color"))
        plot.add_glyph(self.current, Rect(x="x", y="y", width=0.95, height=0.95, fill_alpha=0, line_color=ALERT,
                                          line_width=3))
        plot.add_layout(CategoricalAxis(axis_label=x_label), "below")
        plot.add_layout(CategoricalAxis(axis_label=y_label), "left")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, cells: Sequence[tuple[str, str, float, str]], current: tuple[str, str] | None,
               x_factors: Sequence[str] | None = None, y_factors: Sequence[str] | None = None) -> None:
        """``cells`` are (x, y, value, label); colors follow value on a log scale. ``current`` is outlined:
        a cell of the grid, never the nearest one (a setting between the grid's rows gets a row of its own,
        passed in ``y_factors``; likewise columns), or None for no outline."""
        values = [v for _, _, v, _ in cells]
        lo, hi = min(values), max(values)
        colors = [heat_color(v, lo, hi) for v in values]
        dark = [math.log10(v) - math.log10(lo) > 0.55 * (math.log10(hi) - math.log10(lo)) for v in values]
        base_x, base_y, x_label, y_label = self._factors
        x_factors, y_factors = list(x_factors or base_x), list(y_factors or base_y)
        self.plot.x_range.factors, self.plot.y_range.factors = x_factors, y_factors
        self.cells.data = {"x": [c[0] for c in cells], "y": [c[1] for c in cells], "color": colors,
                           "label": [c[3] for c in cells], "text_color": ["white" if d else "black" for d in dark]}
        self.current.data = {"x": [current[0]] if current else [], "y": [current[1]] if current else []}
        here = tuple(current) if current else None
        label = {(x, y): (lab + " (current)" if (x, y) == here else lab) for x, y, _, lab in cells}
        self.text.object = table_html(f"{self._title.text} (rows: {y_label}; columns: {x_label})",
                                      [y_label, *x_factors],
                                      [[y, *(label.get((x, y), "") for x in x_factors)] for y in reversed(y_factors)])


class CeilingChart(Chart):
    """Speedup against accelerator factor (log x): the Amdahl curve, its ceiling (dashed) and the speedup
    needed (solid green)."""

    def __init__(self, *, title: str, height: int = 280, **params):
        super().__init__(**params)
        self.curve = column_source({"x": [1.0, 10.0], "y": [1.0, 1.0]})
        self.point = column_source({"x": [1.0], "y": [1.0]})
        self._x, self._y = Range1d(start=1, end=1e4), Range1d(start=0.5, end=100)
        plot = Plot(x_range=self._x, y_range=self._y, x_scale=LogScale(), y_scale=LogScale(), height=height,
                    sizing_mode="stretch_width", toolbar_location=None)
        plot.add_glyph(self.curve, Line(x="x", y="y", line_color="#0b3d5c", line_width=3))
        plot.add_glyph(self.point, Scatter(x="x", y="y", size=12, fill_color=ALERT, line_color="black"))
        self.ceiling = Span(location=1.0, dimension="width", line_dash="dashed", line_color="#555555", line_width=2)
        self.needed = Span(location=1.0, dimension="width", line_color=HIGHLIGHT, line_width=2)
        plot.add_layout(self.ceiling)
        plot.add_layout(self.needed)
        plot.add_layout(LogAxis(axis_label="accelerator speedup S"), "below")
        plot.add_layout(LogAxis(axis_label="overall speedup"), "left")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, *, curve: Sequence[tuple[float, float]], s: float, speedup: float, ceiling: float,
               needed: float) -> None:
        xs, ys = [x for x, _ in curve], [y for _, y in curve]
        top = max([*ys, needed, min(ceiling, 1e6)])
        self._x.start, self._x.end = xs[0], xs[-1]
        self._y.start, self._y.end = 0.5, 10 ** max(math.ceil(math.log10(top) + 0.3), 2)
        self.curve.data = {"x": xs, "y": ys}
        self.point.data = {"x": [s], "y": [speedup]}
        self.ceiling.location = min(ceiling, 1e6)
        self.needed.location = needed
        self.text.object = caption_html(
            f"{self._title.text}. With the accelerator {sig(s)}× faster, the overall speedup is {sig(speedup)}×; "
            f"no accelerator can take it past the ceiling of {sig(ceiling)}×, and {sig(needed)}× is needed.")


SERIES_COLORS = ("#0b3d5c", "#ff7f0e", "#1f77b4")


class LogLineChart(Chart):
    """Named series against a log x axis (log y), with a highlighted point and an optional horizontal line."""

    def __init__(self, *, title: str, series: Sequence[str], x_label: str, y_label: str, height: int = 280,
                 **params):
        super().__init__(**params)
        self._names = list(series)
        self._labels = (x_label, y_label)
        self.sources = {name: column_source({"x": [1.0, 10.0], "y": [1.0, 1.0]}) for name in series}
        self.point = column_source({"x": [1.0], "y": [1.0], "color": [ALERT]})
        self._x, self._y = Range1d(start=1, end=10), Range1d(start=0.1, end=1e3)
        plot = Plot(x_range=self._x, y_range=self._y, x_scale=LogScale(), y_scale=LogScale(), height=height,
                    sizing_mode="stretch_width", toolbar_location=None)
        for name, color in zip(series, SERIES_COLORS):
            plot.add_glyph(self.sources[name], Line(x="x", y="y", line_color=color, line_width=3))
        plot.add_glyph(self.point, Scatter(x="x", y="y", size=13, fill_color="color", line_color="black"))
        self.line = Span(location=1.0, dimension="width", line_dash="dashed", line_color="#555555", line_width=2)
        plot.add_layout(self.line)
        plot.add_layout(LogAxis(axis_label=x_label), "below")
        plot.add_layout(LogAxis(axis_label=y_label), "left")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, xs: Sequence[float], ys: dict[str, Sequence[float]], *, point: tuple[float, float],
               point_ok: bool = False, line: float | None = None, title: str | None = None) -> None:
        """Redraw every series over ``xs``; ``point`` is highlighted (green if ``point_ok``)."""
        values = [v for name in self._names for v in ys[name]] + ([line] if line else [])
        set_log_range(self._y, *log_range(values))
        self._x.start, self._x.end = min(xs) / 1.2, max(xs) * 1.2
        for name in self._names:
            self.sources[name].data = {"x": list(xs), "y": list(ys[name])}
        self.point.data = {"x": [point[0]], "y": [point[1]], "color": [HIGHLIGHT if point_ok else ALERT]}
        self.line.visible = line is not None
        if line is not None:
            self.line.location = line
        if title is not None:
            self._title.text = title
        x_label, y_label = self._labels
        note = f"; dashed line at {sig(line)}" if line is not None else ""
        rows = [[sig(x) + (" (selected)" if x == point[0] else ""), *(sig(ys[name][i]) for name in self._names)]
                for i, x in enumerate(xs)]
        self.text.object = table_html(f"{self._title.text} ({y_label} against {x_label}{note})",
                                      [x_label, *self._names], rows)


class Meter(Chart):
    """A 0-100% bar with a threshold line and an optional marker (the student's prediction)."""

    def __init__(self, *, title: str, threshold: float, height: int = 120, **params):
        super().__init__(**params)
        self.source = column_source({"row": ["now"], "right": [0.0], "color": [ALERT], "label": [""], "x": [0.0],
                                     "align": ["left"], "ink": ["#1f2328"]})
        plot = Plot(x_range=Range1d(start=0, end=100), y_range=FactorRange(factors=["now"]), x_scale=LinearScale(),
                    y_scale=CategoricalScale(), height=height, sizing_mode="stretch_width", toolbar_location=None)
        plot.add_glyph(self.source, HBar(y="row", left=0, right="right", height=0.6, fill_color="color",
                                         line_color=None))
        plot.add_glyph(self.source, Text(x="x", y="row", text="label", text_align="align", text_baseline="middle",
                                         text_font_size="12px", text_color="ink"))
        plot.add_layout(Span(location=threshold * 100, dimension="height", line_color="#555555", line_width=2,
                             line_dash="dashed"))
        self.marker = Span(location=0, dimension="height", line_color="#6f42c1", line_width=3, visible=False)
        plot.add_layout(self.marker)
        plot.add_layout(LinearAxis(axis_label="percent"), "below")
        self._title = ChartTitle(title)
        self.threshold = threshold
        self._finish(plot)

    def update(self, fraction: float, label: str, *, marker: float | None = None, title: str | None = None) -> None:
        pct = fraction * 100
        inside = pct > 60  # a long bar holds its label; a short one has room after it
        self.source.data = {"row": ["now"], "right": [pct], "color": [HIGHLIGHT if fraction >= self.threshold
                                                                      else ALERT],
                            "label": [label], "x": [pct - 1 if inside else pct + 1],
                            "align": ["right" if inside else "left"], "ink": ["#ffffff" if inside else "#1f2328"]}
        self.marker.visible = marker is not None
        if marker is not None:
            self.marker.location = marker * 100
        if title is not None:
            self._title.text = title
        guess = f"; the prediction marked is {sig(marker * 100)}%" if marker is not None else ""
        verdict = "meets" if fraction >= self.threshold else "below"
        self.text.object = caption_html(f"{self._title.text}: {label}, {verdict} the target of "
                                        f"{sig(self.threshold * 100)}%{guess}.")


# Log-axis ticks a person reads at a glance: times in their own units, counts in words.
TIME_TICKS = {1e-6: "1 µs", 1e-3: "1 ms", 1.0: "1 s", 60.0: "1 min", 3600.0: "1 h", 86400.0: "1 day",
              604800.0: "1 week", 2629800.0: "1 month", 31557600.0: "1 year", 315576000.0: "10 years"}
_THOUSANDS = ("", "thousand", "million", "billion", "trillion")
COUNT_TICKS = {10.0**k: f"{10 ** (k % 3)} {_THOUSANDS[k // 3]}".strip() for k in range(15)}


def readable_ticks(ticks: dict[float, str], lo: float, hi: float, most: int = 7) -> tuple[list[float], dict]:
    """The ticks of ``ticks`` within [lo, hi] (every other one until at most ``most`` remain)."""
    inside = [t for t in ticks if lo <= t <= hi]
    while len(inside) > most:
        inside = inside[::2]
    return inside, {t: ticks[t] for t in inside}


class TimelineChart(Chart):
    """Cumulative times against a count, log-log, with ticks in readable units (seconds to years; counts in
    words) and the crossover marked and labelled."""

    def __init__(self, *, title: str, series: Sequence[str], colors: Sequence[str], x_label: str, y_label: str,
                 height: int = 300, **params):
        super().__init__(**params)
        self._names = list(series)
        self._labels = (x_label, y_label)
        self.sources = {name: column_source({"x": [1.0, 10.0], "y": [1.0, 1.0]}) for name in series}
        self.crossing = column_source({"x": [1.0], "y": [1.0], "label": [""]})
        self._x, self._y = Range1d(start=1, end=10), Range1d(start=0.1, end=10)
        plot = Plot(x_range=self._x, y_range=self._y, x_scale=LogScale(), y_scale=LogScale(), height=height,
                    sizing_mode="stretch_width", toolbar_location=None, min_border_right=20)
        renderers = [plot.add_glyph(self.sources[name], Line(x="x", y="y", line_color=color, line_width=3))
                     for name, color in zip(series, colors)]
        self.marker = Span(location=1, dimension="height", line_color="#555555", line_dash="dashed", line_width=2)
        plot.add_layout(self.marker)
        plot.add_glyph(self.crossing, Scatter(x="x", y="y", size=10, fill_color="white", line_color="black"))
        plot.add_glyph(self.crossing, Text(x="x", y="y", text="label", x_offset=8, y_offset=-6, text_font_size="11px",
                                           text_baseline="bottom"))
        self._x_ticker, self._y_ticker = FixedTicker(ticks=[1.0]), FixedTicker(ticks=[1.0])
        self._x_axis = LogAxis(axis_label=x_label, ticker=self._x_ticker)
        self._y_axis = LogAxis(axis_label=y_label, ticker=self._y_ticker)
        plot.add_layout(self._x_axis, "below")
        plot.add_layout(self._y_axis, "left")
        plot.add_layout(Legend(items=[LegendItem(label=n, renderers=[r]) for n, r in zip(series, renderers)],
                               location="top_left", label_text_font_size="11px", background_fill_alpha=0.8), "center")
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, xs: Sequence[float], ys: dict[str, Sequence[float]], *, marker: float | None, title: str,
               marker_label: str = "") -> None:
        """Redraw; ``marker`` is where the series cross (a count), marked, and named by ``marker_label``."""
        values = [v for name in self._names for v in ys[name] if v > 0]
        lo, hi = min(values) / 3, max(values) * 3
        self._x.start, self._x.end = xs[0], xs[-1]
        set_log_range(self._y, lo, hi)
        self._x_ticker.ticks, self._x_axis.major_label_overrides = readable_ticks(COUNT_TICKS, xs[0], xs[-1])
        self._y_ticker.ticks, self._y_axis.major_label_overrides = readable_ticks(TIME_TICKS, lo, hi)
        for name in self._names:
            self.sources[name].data = {"x": list(xs), "y": [max(v, lo) for v in ys[name]]}
        shown = marker is not None and xs[0] <= marker <= xs[-1]
        self.marker.visible = shown
        if marker is not None:
            self.marker.location = marker
        cross_y = ys[self._names[-1]][0] if shown else lo
        self.crossing.data = {"x": [marker if shown else xs[0]], "y": [cross_y],
                              "label": [marker_label if shown else ""]}
        self._title.text = title
        x_label, y_label = self._labels
        ends = "; ".join(f"{name} goes from {sig(ys[name][0])} to {sig(ys[name][-1])}" for name in self._names)
        cross = (f"; they cross (marked) at {sig(marker)}" + (f", {marker_label}" if marker_label else "")
                 if shown else "; they do not cross here")
        self.text.object = caption_html(f"{title}. As {x_label} goes from {sig(xs[0])} to {sig(xs[-1])}, "
                                        f"in {y_label}: {ends}{cross}.")


class GraphView(Chart):
    """An op graph drawn left to right: boxes for ops, arrows between them, a red box for a graph break
    and shaded bands for the compiled segments."""

    def __init__(self, *, title: str, height: int = 230, **params):
        super().__init__(**params)
        self.nodes = column_source({"x": [], "y": [], "label": [], "color": [], "text_color": []})
        self.edges = column_source({"x0": [], "y0": [], "x1": [], "y1": []})
        self.bands = column_source({"x": [], "width": [], "label": []})
        self._x = Range1d(start=-0.6, end=10)
        plot = Plot(x_range=self._x, y_range=Range1d(start=-1.2, end=1.4), x_scale=LinearScale(),
                    y_scale=LinearScale(), height=height, sizing_mode="stretch_width", toolbar_location=None)
        plot.add_glyph(self.bands, Rect(x="x", y=0, width="width", height=2.0, fill_color="#e3eef7",
                                        line_color="#0b3d5c", line_dash="dashed"))
        plot.add_glyph(self.bands, Text(x="x", y=1.05, text="label", text_align="center", text_font_size="11px"))
        plot.add_glyph(self.edges, Segment(x0="x0", y0="y0", x1="x1", y1="y1", line_color="#555555", line_width=2))
        plot.add_glyph(self.nodes, Rect(x="x", y="y", width=0.92, height=0.55, fill_color="color",
                                        line_color="#333333"))
        plot.add_glyph(self.nodes, Text(x="x", y="y", text="label", text_align="center", text_baseline="middle",
                                        text_font_size="9px", text_color="text_color"))
        self._title = ChartTitle(title)
        self._finish(plot)

    def update(self, labels: Sequence[str], broken: Sequence[bool], segments: Sequence[tuple[int, int, str]],
               title: str, note: str = "") -> None:
        """``labels`` left to right; ``broken`` marks red nodes (white text); ``segments`` are (first, last, label)
        bands. ``title`` is short (a plot title does not wrap); ``note`` goes in the caption below."""
        xs = list(range(len(labels)))
        ys = [0.35 if i % 2 else -0.35 for i in xs]  # zig-zag so that long labels do not collide
        self.nodes.data = {"x": xs, "y": ys, "label": list(labels),
                           "color": [ALERT if b else "#ffffff" for b in broken],
                           "text_color": ["#ffffff" if b else "#1f2328" for b in broken]}
        self.edges.data = {"x0": xs[:-1], "y0": ys[:-1], "x1": xs[1:], "y1": ys[1:]}
        self.bands.data = {"x": [(a + b) / 2 for a, b, _ in segments], "width": [b - a + 0.95 for a, b, _ in segments],
                           "label": [lab for _, _, lab in segments]}
        self._x.end = len(labels) - 0.4
        self._title.text = title
        ops = " → ".join(f"{lab} (graph break)" if b else lab for lab, b in zip(labels, broken))
        bands = "; ".join(f"{lab}: {labels[a]} to {labels[b]}" for a, b, lab in segments)
        said = f" {note.rstrip('.')}." if note else ""
        self.text.object = caption_html(f"{title}.{said} Ops in order: {ops}. Compiled segments: {bands or 'none'}.")
