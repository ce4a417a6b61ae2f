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


def test_resnet50_on_h100_is_memory_bound():
    terms = iron_law_for(RESNET50, H100_SXM5)
    assert terms.memory_s == pytest.approx(29.85e-6, rel=1e-3)  # 0.1 GB / 3,350 GB/s
    assert terms.compute_s == pytest.approx(4.0445e-6, rel=1e-4)  # 4 GFLOP / 989 TFLOP/s
    assert terms.overhead_s == pytest.approx(10e-6)
    assert terms.binding is Term.MEMORY
    assert terms.memory_to_compute == pytest.approx(7.38, rel=1e-3)
    assert terms.total_s == pytest.approx(terms.memory_s + terms.compute_s + terms.overhead_s)


def test_first_draft_errors_are_corrected():
    """The draft claimed ~4 ns of compute and memory '7,500x longer'; the physics says otherwise."""
    terms = iron_law_for(RESNET50, H100_SXM5)
    draft_compute_s, draft_ratio = 4e-9, 7500
    assert terms.compute_s / draft_compute_s == pytest.approx(1011, rel=1e-2)  # off by ~3 orders
    assert terms.memory_to_compute < draft_ratio / 1000


def test_resnet50_on_mcu_does_not_fit():
    terms = iron_law_for(RESNET50, CORTEX_M7_MCU)
    assert terms.memory_s == pytest.approx(2.0)
    assert terms.compute_s == pytest.approx(4.0)
    assert terms.overhead_s == pytest.approx(2e-3)
    assert not fits_in_memory(RESNET50.footprint_bytes, CORTEX_M7_MCU.mem_capacity_bytes)
    assert oversubscription(RESNET50.footprint_bytes, CORTEX_M7_MCU.mem_capacity_bytes) == pytest.approx(195.3, rel=1e-3)
    assert bottleneck(RESNET50, CORTEX_M7_MCU) is Bottleneck.OOM
    assert bottleneck(RESNET50, H100_SXM5) is Bottleneck.MEMORY


def test_int8_weights_still_overflow_sram():
    int8_bytes = RESNET50.weight_bytes(Precision.INT8)
    assert int8_bytes == pytest.approx(25.6e6, rel=1e-2)
    assert not fits_in_memory(int8_bytes, CORTEX_M7_MCU.mem_capacity_bytes)


def test_device_without_overhead_figure_names_device():
    with pytest.raises(ValueError, match="^device:"):
        iron_law_for(RESNET50, dataclasses.replace(A17_PRO_NPU, dispatch_overhead_s=None))


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


@given(d=positive, bw=positive, o=positive, r=positive, l=st.floats(0, 10), eta=st.floats(0.01, 1))
def test_terms_are_consistent(d, bw, o, r, l, eta):
    t = iron_law(data_bytes=d, mem_bw_bytes_per_s=bw, ops=o, peak_ops_per_s=r, overhead_s=l, efficiency=eta)
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
