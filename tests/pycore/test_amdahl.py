"""Amdahl's law."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore.amdahl import ceiling, critical_fraction, grid, latency_s, speedup

fractions = st.floats(min_value=0, max_value=1)
factors = st.floats(min_value=1e-3, max_value=1e9)


@given(p=fractions, s=factors)
def test_speedup_is_at_most_the_ceiling(p, s):
    assert speedup(p, s) <= ceiling(p) * (1 + 1e-9)


@given(p=fractions, s1=st.floats(1, 1e6), more=st.floats(1, 1e3))
def test_more_acceleration_never_slows_down(p, s1, more):
    assert speedup(p, s1 * more) >= speedup(p, s1) * (1 - 1e-12)


def test_by_hand():
    assert speedup(0.9, 10) == pytest.approx(1 / (0.1 + 0.09))
    assert ceiling(0.95) == pytest.approx(20)
    assert ceiling(1.0) == math.inf
    assert latency_s(serial_s=5e-3, parallel_s=20e-3, s=1e6) > 4e-3


@given(base=st.floats(1e-3, 10), frac=st.floats(0.01, 0.99), s=st.floats(1.5, 1e6))
def test_critical_fraction_meets_the_target_exactly(base, frac, s):
    target = base * frac
    p = critical_fraction(baseline_s=base, target_s=target, s=s)
    if p is None:
        assert base * (1 / s) > target  # even p = 1 misses
    else:
        assert base * ((1 - p) + p / s) == pytest.approx(target, rel=1e-9)


def test_grid_shape():
    g = grid([0.5, 0.9], [1, 10, 100])
    assert len(g) == 2 and len(g[0]) == 3 and g[0][0] == pytest.approx(1)


@pytest.mark.parametrize("p", [-0.1, 1.1, float("nan")])
def test_bad_fraction_names_p_and_the_range(p):
    with pytest.raises(ValueError, match=r"^p: expected a number in \[0.0, 1.0\]"):
        speedup(p, 2)
