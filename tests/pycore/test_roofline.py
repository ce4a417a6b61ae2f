"""The roofline, its ridge point and the crossover search."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import A100_80GB, H100_SXM5
from pycore import Precision as P
from pycore.layers import linear
from pycore.roofline import Regime, attainable, crossover, curve, place, regime, ridge_point

positive = st.floats(min_value=1e-3, max_value=1e15, allow_nan=False)


@given(ai=positive, peak=positive, bw=positive)
def test_attainable_never_exceeds_either_roof(ai, peak, bw):
    rate = attainable(ai, peak, bw)
    assert rate <= peak and rate <= ai * bw * (1 + 1e-12)
    assert regime(ai, peak, bw) is (Regime.MEMORY if ai < peak / bw else Regime.COMPUTE)


@given(ai=positive, peak=positive, bw=positive, more=st.floats(min_value=1, max_value=1e3))
def test_more_bandwidth_never_lowers_attainable(ai, peak, bw, more):
    assert attainable(ai, peak, bw * more) >= attainable(ai, peak, bw)


def test_ridge_points():
    assert ridge_point(312e12, 2039e9) == pytest.approx(153.0, rel=1e-3)
    assert place(10, A100_80GB, P.FP32).regime is Regime.COMPUTE  # FP32's ridge is ~9.6
    assert place(10, A100_80GB, P.FP16).regime is Regime.MEMORY
    at_ridge = place(H100_SXM5.ridge_point(), H100_SXM5)
    assert at_ridge.fraction_of_peak == pytest.approx(1.0)


def test_crossover_finds_the_batch_where_a_linear_layer_turns_compute_bound():
    ridge = H100_SXM5.ridge_point(P.FP16)

    def ai(batch: int) -> float:
        return linear(tokens=batch, d_in=8192, d_out=8192, precision=P.FP16).intensity

    b = crossover(ai, ridge, hi=4096)
    assert b is not None and ai(b) >= ridge > ai(b - 1)
    assert crossover(ai, 1e9, hi=4096) is None
    assert crossover(ai, 0.5) == 1


def test_curve_is_log_spaced_and_flat_above_the_ridge():
    pts = curve(989e12, 3.35e12, lo=1, hi=1e4, points=5)
    assert [round(x) for x, _ in pts] == [1, 10, 100, 1000, 10000]
    assert pts[-1][1] == pts[-2][1] == 989e12


@pytest.mark.parametrize("bad", [0, -1, float("nan")])
def test_bad_input_names_the_argument(bad):
    with pytest.raises(ValueError, match="^intensity:"):
        attainable(bad, 1e12, 1e9)
    with pytest.raises(ValueError, match="^mem_bw_bytes_per_s:"):
        ridge_point(1e12, bad)
