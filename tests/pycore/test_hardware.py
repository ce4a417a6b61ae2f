"""The hardware catalog: sanity bounds over every device, and spec values checked by hand."""

import dataclasses

import pytest

from pycore import DEVICES, TIERS, Precision, Tier, device, tier_device
from pycore.hardware import CORTEX_M7_MCU, H100_SXM5, JETSON_ORIN_NX_16GB, PeakRate


@pytest.mark.parametrize("spec", DEVICES.values(), ids=lambda d: d.key)
def test_physical_sanity_bounds(spec):
    assert 1e8 <= spec.headline.ops_per_s <= 1e16
    assert 1e6 <= spec.mem_bw_bytes_per_s <= 1e13
    assert 1e4 <= spec.mem_capacity_bytes <= 1e12
    assert 0.001 <= spec.tdp_W <= 2000
    assert 0 < spec.ridge_point() < 5000, "ridge point in ops/byte"
    # One precision's field never holds another's figure.
    for rate in spec.peaks:
        assert spec.peak(rate.precision, sparse=rate.sparse) is rate


def test_each_tier_has_one_reference_device():
    assert set(TIERS) == set(Tier)
    assert tier_device("cloud") is H100_SXM5
    assert tier_device(Tier.EDGE) is JETSON_ORIN_NX_16GB


@pytest.mark.parametrize(
    "key, ops_per_s, bw, capacity, watts",
    [
        ("h100", 989e12, 3.35e12, 80e9, 700),
        ("orin_nx", 100e12, 102.4e9, 16e9, 25),
        ("a17_npu", 35e12, 68.264e9, 8e9, 5),
        ("cortex_m7", 1e9, 0.05e9, 512e3, 0.1),
    ],
)
def test_spec_values(key, ops_per_s, bw, capacity, watts):
    spec = device(key)
    assert spec.headline.ops_per_s == pytest.approx(ops_per_s)
    assert spec.mem_bw_bytes_per_s == pytest.approx(bw, rel=1e-3)
    assert spec.mem_capacity_bytes == pytest.approx(capacity)
    assert spec.tdp_W == pytest.approx(watts)


def test_precision_is_always_named():
    assert H100_SXM5.headline.label == "FP16 dense"
    assert H100_SXM5.headline.unit == "FLOP/s"
    # The Orin's 100 TOPS is INT8 with sparsity: labelled as such, in OP/s, not FLOP/s.
    assert JETSON_ORIN_NX_16GB.headline.label == "INT8 sparse"
    assert JETSON_ORIN_NX_16GB.headline.unit == "OP/s"
    assert JETSON_ORIN_NX_16GB.peak(Precision.INT8).ops_per_s == pytest.approx(50e12)


def test_h100_memory_is_hbm3_not_hbm3e():
    assert H100_SXM5.memory_kind == "HBM3"


def test_missing_precision_names_the_argument():
    with pytest.raises(ValueError, match="^precision:.*FP16"):
        CORTEX_M7_MCU.peak(Precision.FP16)  # the M7 has no half-precision arithmetic
    with pytest.raises(ValueError, match="^precision:.*sparse FP32"):
        JETSON_ORIN_NX_16GB.peak(Precision.FP32, sparse=True)


def test_unknown_device_names_the_argument():
    with pytest.raises(ValueError, match="^key:"):
        device("tpu_v9")
    with pytest.raises(ValueError, match="^tier:"):
        tier_device("orbital")


@pytest.mark.parametrize("field", ["mem_bw_bytes_per_s", "mem_capacity_bytes", "tdp_W"])
@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), "3"])
def test_bad_fields_raise_naming_the_field(field, bad):
    with pytest.raises(ValueError, match=f"^{field}:"):
        dataclasses.replace(H100_SXM5, **{field: bad})


def test_unsourced_field_is_rejected():
    sources = dict(H100_SXM5.sources)
    del sources["tdp_W"]
    with pytest.raises(ValueError, match=r"^sources: h100\.tdp_W"):
        dataclasses.replace(H100_SXM5, sources=sources)


def test_peak_rate_rejects_non_positive():
    with pytest.raises(ValueError, match="^ops_per_s:"):
        PeakRate(precision=Precision.FP32, ops_per_s=0, sparse=False, source=H100_SXM5.headline.source)
