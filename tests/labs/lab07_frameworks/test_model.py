"""Lab 07's panel views as pure functions (labs/lab07_frameworks/model.py): plain CPython, no Panel."""

from __future__ import annotations

import math

import pytest

from labs.lab07_frameworks import model as m


@pytest.mark.parametrize("bandwidth", list(m.BANDWIDTHS.values()))
def test_fusion_shows_the_cut_on_the_unfused_axis(bandwidth):
    off, on = m.fusion_view(bandwidth, False), m.fusion_view(bandwidth, True)
    result = m.fusion_at(bandwidth)
    assert sum(off.bars_mb) == pytest.approx(result.unfused.bytes_moved / 1e6) and off.reference_mb is None
    assert on.bars_mb[1:] == [0.0, 0.0] and on.bars_mb[0] == pytest.approx(result.fused.bytes_moved / 1e6)
    assert on.reference_mb == pytest.approx(sum(off.bars_mb))  # the dashed outline is the unfused total
    ridge = m.GPU.peak(m.P.FP16).ops_per_s / bandwidth
    assert on.cards[1][1] == (result.fused.intensity < ridge) == off.cards[1][1]
    assert "1 kernel(s)" in on.cards[0][0] and "3 kernel(s)" in off.cards[0][0]


def test_the_lab05_note_compares_or_says_there_is_nothing_to_compare():
    chain = m.fusion_at(m.GPU.mem_bw_bytes_per_s).fused.intensity
    assert "No lab 05 record" in m.lab05_comparison(None, "earlier", m.GPU.mem_bw_bytes_per_s)
    far = m.lab05_comparison(chain * 100, "2026-11-20", m.GPU.mem_bw_bytes_per_s)
    near = m.lab05_comparison(chain * 2, "2026-11-20", m.GPU.mem_bw_bytes_per_s)
    assert "far below" in far and "saved 2026-11-20" in far and "not far from it" in near


@pytest.mark.parametrize("model", list(m.ROI_MODELS))
@pytest.mark.parametrize("length", list(m.DURATIONS))
def test_the_roi_view_says_pay_or_not_as_the_break_even_decides(model, length):
    _key, _eager, gain, compile_s = m.ROI_MODELS[model]
    view = m.roi_view(model, compile_s, gain, "1M a day", 1e6, length)
    assert (view.badge is not None) == view.roi.positive == (view.banner is None)
    assert view.roi.positive == (view.roi.inferences > view.roi.break_even)
    # The time-saved line meets the compile-cost line at the marked break-even.
    slope = view.saved_s[-1] / view.xs[-1]
    assert slope * view.roi.break_even == pytest.approx(compile_s)
    assert view.xs[-1] == pytest.approx(2 * max(view.roi.inferences, view.roi.break_even))
    assert all(b > a for a, b in zip(view.xs, view.xs[1:])) and math.isclose(view.xs[0], 1.0)
    if view.banner:
        assert f"For a {length} deployment" in view.banner
