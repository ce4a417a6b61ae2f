"""The Iron Law: lab 01's worked values, the first draft's errors, and properties."""

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import (
    CORTEX_M7_MCU,
    H100_SXM5,
    RESNET50,
    Bottleneck,
    Precision,
    Term,
    bottleneck,
    fits_in_memory,
    iron_law,
    iron_law_for,
    oversubscription,
)
from pycore.hardware import A17_PRO_NPU

FP16, INT8 = Precision.FP16, Precision.INT8


def test_resnet50_on_h100_is_memory_bound_at_fp16():
    terms = iron_law_for(RESNET50, H100_SXM5, precision=FP16)
    # D: 25.5 M weights and 28.4 M feature-map elements through memory, 2 B each.
    assert RESNET50.data_bytes(precision=FP16) == pytest.approx(107.9e6, rel=1e-3)
    assert terms.memory_s == pytest.approx(107.9e6 / 3.35e12, rel=1e-3)
    assert terms.compute_s == pytest.approx(8.18e9 / 989.4e12, rel=1e-3)  # 4.09 G MAC = 8.18 GFLOP
    assert terms.overhead_s == pytest.approx(10e-6)
    assert terms.binding is Term.MEMORY
    assert terms.memory_to_compute == pytest.approx(3.9, rel=1e-2)


def test_the_spec_mixed_fp32_bytes_with_the_fp16_peak():
    """The spec's 29.9 us / 4.04 us divides FP32-sized data by the FP16 rate and counts a MAC as one FLOP."""
    terms = iron_law_for(RESNET50, H100_SXM5, precision=FP16)
    spec_memory_s, spec_compute_s = 0.1e9 / 3.35e12, 4e9 / 989.4e12
    assert terms.compute_s / spec_compute_s == pytest.approx(2.04, rel=1e-2)  # 2 FLOP per MAC, 4.09 G MAC
    assert terms.memory_to_compute < spec_memory_s / spec_compute_s / 1.8


def test_the_api_takes_bytes_and_peak_at_one_precision():
    with pytest.raises(TypeError, match="precision"):
        iron_law_for(RESNET50, H100_SXM5)  # no default precision to mix with a headline peak
    fp16, int8 = (iron_law_for(RESNET50, H100_SXM5, precision=p) for p in (FP16, INT8))
    assert fp16.memory_s == pytest.approx(2 * int8.memory_s)
    assert fp16.compute_s == pytest.approx(H100_SXM5.peak(INT8).ops_per_s / H100_SXM5.peak(FP16).ops_per_s
                                           * int8.compute_s)
    with pytest.raises(ValueError, match="^precision:"):
        iron_law_for(RESNET50, CORTEX_M7_MCU, precision=FP16)  # the MCU has no FP16 peak


def test_resnet50_on_mcu_does_not_fit_even_at_int8():
    terms = iron_law_for(RESNET50, CORTEX_M7_MCU, precision=INT8)
    assert terms.compute_s == pytest.approx(8.18e9 / 1.92e9, rel=1e-2)
    assert terms.overhead_s == pytest.approx(2e-3)
    need = RESNET50.footprint(precision=INT8)
    assert need == pytest.approx(25.5e6 + 1.81e6, rel=1e-2)  # weights plus the largest layer's buffers
    assert not fits_in_memory(need, CORTEX_M7_MCU.mem_capacity_bytes)
    assert oversubscription(need, CORTEX_M7_MCU.mem_capacity_bytes) == pytest.approx(53.3, rel=1e-2)
    assert bottleneck(RESNET50, CORTEX_M7_MCU, precision=INT8) is Bottleneck.OOM
    assert bottleneck(RESNET50, H100_SXM5, precision=FP16) is Bottleneck.MEMORY


def test_int8_weights_still_overflow_sram():
    int8_bytes = RESNET50.weight_bytes(Precision.INT8)
    assert int8_bytes == pytest.approx(25.6e6, rel=1e-2)
    assert not fits_in_memory(int8_bytes, CORTEX_M7_MCU.mem_capacity_bytes)


def test_device_without_overhead_figure_names_device():
    with pytest.raises(ValueError, match="^device:"):
        iron_law_for(RESNET50, dataclasses.replace(A17_PRO_NPU, dispatch_overhead_s=None), precision=INT8)


@pytest.mark.parametrize(
    "arg, bad",
    [("data_bytes", -1), ("mem_bw_bytes_per_s", 0), ("ops", float("nan")), ("peak_ops_per_s", -5),
     ("overhead_s", -1e-6), ("efficiency", 0), ("efficiency", 1.5)],
)
def test_bad_arguments_name_themselves(arg, bad):
    kwargs = dict(data_bytes=1e6, mem_bw_bytes_per_s=1e9, ops=1e9, peak_ops_per_s=1e12, overhead_s=0.0)
    kwargs[arg] = bad
    with pytest.raises(ValueError, match=f"^{arg}:"):
        iron_law(**kwargs)


positive = st.floats(min_value=1e-3, max_value=1e15, allow_nan=False, allow_infinity=False)


@given(d=positive, bw=positive, o=positive, r=positive, overhead=st.floats(0, 10), eta=st.floats(0.01, 1))
def test_terms_are_consistent(d, bw, o, r, overhead, eta):
    t = iron_law(data_bytes=d, mem_bw_bytes_per_s=bw, ops=o, peak_ops_per_s=r, overhead_s=overhead, efficiency=eta)
    assert t.total_s >= max(t.memory_s, t.compute_s, t.overhead_s)
    assert math.isclose(sum(t.share(term) for term in Term), 1.0, rel_tol=1e-9)
    assert t.seconds(t.binding) == max(t.memory_s, t.compute_s, t.overhead_s)


@given(d=positive, bw=positive, o=positive, r=positive, k=st.floats(1.5, 100))
def test_more_bandwidth_never_slows_and_lower_efficiency_never_speeds(d, bw, o, r, k):
    base = iron_law(data_bytes=d, mem_bw_bytes_per_s=bw, ops=o, peak_ops_per_s=r, overhead_s=0)
    faster = iron_law(data_bytes=d, mem_bw_bytes_per_s=bw * k, ops=o, peak_ops_per_s=r, overhead_s=0)
    worse = iron_law(data_bytes=d, mem_bw_bytes_per_s=bw, ops=o, peak_ops_per_s=r, overhead_s=0, efficiency=1 / k)
    assert faster.total_s <= base.total_s
    assert worse.total_s >= base.total_s
