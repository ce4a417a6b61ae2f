"""Tier-to-tier ratios: the magnitude gap lab 01 asks students to estimate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import CORTEX_M7_MCU, H100_SXM5, Metric, nearest_power_of_ten, orders_of_magnitude, orders_off, ratio


@pytest.mark.parametrize(
    "metric, expected",
    [
        (Metric.PEAK_COMPUTE, 989_000),
        (Metric.MEM_BW, 67_000),
        (Metric.MEM_CAPACITY, 156_250),
        (Metric.POWER, 7_000),
    ],
)
def test_h100_vs_mcu_gaps(metric, expected):
    assert ratio(H100_SXM5, CORTEX_M7_MCU, metric) == pytest.approx(expected, rel=1e-6)


def test_compute_gap_is_about_a_million():
    assert nearest_power_of_ten(ratio(H100_SXM5, CORTEX_M7_MCU, Metric.PEAK_COMPUTE)) == 6


def test_orders_off_is_signed():
    assert orders_off(1e4, 989_000) == pytest.approx(-1.995, abs=1e-3)
    assert orders_off(1e9, 989_000) == pytest.approx(3.005, abs=1e-3)


def test_non_positive_ratio_names_argument():
    with pytest.raises(ValueError, match="^value:"):
        orders_of_magnitude(0)
    with pytest.raises(ValueError, match="^predicted:"):
        orders_off(-1, 10)


@given(st.integers(-20, 20))
def test_powers_of_ten_round_trip(k):
    assert nearest_power_of_ten(10.0**k) == k
