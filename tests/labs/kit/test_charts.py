"""Every chart's text alternative carries the numbers the chart draws (no browser needed)."""

import re

import pycore as pc
from labs.kit.charts import (
    CeilingChart,
    GraphView,
    Heatmap,
    LogBarChart,
    LogLineChart,
    Meter,
    RooflineChart,
    StackedBar,
    TimelineChart,
)
from labs.kit.format import rate, sig


def cells(html: str) -> list[str]:
    return re.findall(r"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", html)


def test_bar_chart_table_lists_every_category_with_its_label():
    chart = LogBarChart(title="Memory bandwidth", categories=["H100", "ESP32-S3"], axis_label="bytes per second")
    chart.update([pc.H100_SXM5.mem_bw_bytes_per_s, pc.ESP32_S3.mem_bw_bytes_per_s], ["3.35 TB/s", ""], ["a", "b"],
                 marks=["your context"])
    found = cells(chart.text.object)
    assert found[:2] == ["", "bytes per second"]
    # A bar without a label shows its value.
    assert found[2:] == ["H100", "3.35 TB/s (your context)", "ESP32-S3", sig(pc.ESP32_S3.mem_bw_bytes_per_s)]
    assert "<caption>Memory bandwidth</caption>" in chart.text.object


def test_roofline_caption_gives_ridge_point_and_regime():
    a100 = pc.device("a100")
    peak, bw = a100.peak(pc.Precision.FP16).ops_per_s, a100.mem_bw_bytes_per_s
    ridge = pc.roofline.ridge_point(peak, bw)
    chart = RooflineChart(title="Roofline")
    chart.update(roof=pc.roofline.curve(peak, bw, points=9), ridge=ridge, intensity=2.0,
                 attainable=pc.roofline.attainable(2.0, peak, bw), title="A100 roofline", compute_bound=False)
    text = chart.text.object
    assert f"ridge point (dashed) is at {sig(ridge)} ops per byte" in text
    assert f"attaining {rate(pc.roofline.attainable(2.0, peak, bw), 'ops/s')}: memory-bound" in text
    assert f"peak of {rate(peak, 'ops/s')}" in text


def test_heatmap_table_is_laid_out_as_drawn_and_marks_the_current_cell():
    chart = Heatmap(title="Amdahl", x_factors=["2×", "100×"], y_factors=["0.5", "0.9"], x_label="S", y_label="p")
    grid = [(f"{s}×", str(p), pc.amdahl.speedup(p, s), sig(pc.amdahl.speedup(p, s)))
            for p in (0.5, 0.9) for s in (2, 100)]
    chart.update(grid, current=("100×", "0.9"))
    found = cells(chart.text.object)
    # Top row first, as on the plot (its y axis runs upwards).
    assert found == ["p", "2×", "100×",
                     "0.9", grid[2][3], grid[3][3] + " (current)",
                     "0.5", grid[0][3], grid[1][3]]


def test_line_chart_table_has_a_row_per_x_and_marks_the_selected_one():
    chart = LogLineChart(title="Intensity trajectory", series=["intensity"], x_label="tokens", y_label="FLOP/byte")
    chart.update([128, 1024], {"intensity": [10.0, 80.0]}, point=(1024, 80.0), line=156.0)
    found = cells(chart.text.object)
    assert found == ["tokens", "intensity", "128", "10.0", "1,024 (selected)", "80.0"]
    assert "dashed line at 156" in chart.text.object


def test_captions_of_the_other_charts_carry_their_numbers():
    bar = StackedBar(title="Waterfall", segments=["memory", "compute"], axis_label="ms", colors=["#1f77b4", "#ff7f0e"])
    bar.update([2.0, 6.0], ["2 ms", "6 ms"])
    assert cells(bar.text.object) == ["segment", "value", "memory", "2 ms", "compute", "6 ms"]
    assert "total 8.00" in bar.text.object

    ceiling = CeilingChart(title="Ceiling")
    ceiling.update(curve=[(1, 1.0), (100, 1.8)], s=10, speedup=1.6, ceiling=2.0, needed=3.0)
    assert "10.0× faster, the overall speedup is 1.60×" in ceiling.text.object
    assert "ceiling of 2.00×, and 3.00× is needed" in ceiling.text.object

    meter = Meter(title="GPU utilisation", threshold=0.8)
    meter.update(0.33, "33%", marker=0.5)
    assert "33%, below the target of 80.0%; the prediction marked is 50.0%" in meter.text.object

    timeline = TimelineChart(title="Break-even", series=["saved", "cost"], colors=["#1f77b4", "#ff7f0e"],
                             x_label="inferences", y_label="seconds")
    timeline.update([1, 1000], {"saved": [0.1, 100.0], "cost": [30.0, 30.0]}, marker=300.0, title="Break-even")
    assert "saved goes from 0.100 to 100; cost goes from 30.0 to 30.0; they cross (marked) at 300" in \
        timeline.text.object

    graph = GraphView(title="Graph trace")
    graph.update(["embed", "if x.sum() > 0", "mlp"], [False, True, False], [(0, 0, "graph 1"), (2, 2, "graph 2")],
                 title="Graph trace")
    assert "embed → if x.sum() &gt; 0 (graph break) → mlp" in graph.text.object
    assert "graph 1: embed to embed; graph 2: mlp to mlp" in graph.text.object


def test_text_from_labels_is_escaped():
    chart = LogBarChart(title="t", categories=["<img src=x onerror=alert(1)>"], axis_label="s")
    chart.update([1.0], ["<b>1</b>"], ["red"])
    assert "<img" not in chart.text.object and "&lt;img" in chart.text.object


def test_a_before_and_after_share_one_axis():
    """Lab 07's fused bar is drawn on the unfused bar's axis, the unfused total outlined (issue 21)."""
    bar = StackedBar(title="Traffic", segments=["a", "b", "c"], axis_label="MB")
    bar.update([67.0, 0.0, 0.0], ["67 MB", "", ""], reference=201.0, reference_label="unfused")
    assert bar._x.end >= 201.0 and bar.ghost.data["right"] == [201.0] and bar.ghost.data["alpha"] == [1.0]
    bar.update([67.0, 67.0, 67.0], ["", "", ""])
    assert bar.ghost.data["alpha"] == [0.0]


def test_the_heatmap_outlines_the_exact_cell_never_the_nearest():
    heat = Heatmap(title="Amdahl", x_factors=["1×", "10×"], y_factors=["p = 0.5", "p = 0.9"], x_label="S",
                   y_label="p")
    rows = ["p = 0.5", "p = 0.6", "p = 0.9"]
    heat.update([(x, y, 1.5, "1.5×") for x in ("1×", "10×") for y in rows], current=("10×", "p = 0.6"),
                y_factors=rows)
    assert heat.plot.y_range.factors == rows and heat.current.data == {"x": ["10×"], "y": ["p = 0.6"]}


def test_timeline_ticks_read_as_times_and_counts():
    timeline = TimelineChart(title="Break-even", series=["saved", "cost"], colors=["#1f77b4", "#ff7f0e"],
                             x_label="inferences", y_label="time")
    timeline.update([1, 1e7], {"saved": [0.001, 1e4], "cost": [30.0, 30.0]}, marker=3e4, title="t",
                    marker_label="break-even: 30 thousand")
    assert set(timeline._y_axis.major_label_overrides.values()) <= {"1 ms", "1 s", "1 min", "1 h", "1 day"}
    assert "1 million" in timeline._x_axis.major_label_overrides.values()
    assert timeline.crossing.data["label"] == ["break-even: 30 thousand"]
