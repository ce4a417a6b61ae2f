"""MFU and operating points, energy, and the four tracks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import (
    A100_80GB,
    H100_SXM5,
    HEARABLE_MCU,
    KWS_DSCNN,
    LLAMA3_70B_DECODE,
    RESNET50,
    TRACKS,
    iron_law_for,
    track,
)
from pycore import (
    Precision as P,
)
from pycore.efficiency import best_operating_point, mfu, operating_point, operating_points
from pycore.energy import J_PER_BYTE, MemoryLevel, budget_ratio, energy, j_per_op, power_W


@given(batch=st.sampled_from([1, 2, 8, 64, 256]))
def test_mfu_is_a_fraction(batch):
    pt = operating_point(RESNET50, A100_80GB, batch=batch, precision=P.FP16, sla_s=1.0)
    assert 0 < pt.mfu <= 1


def test_batching_raises_mfu_toward_the_feature_map_limit():
    mfus = [operating_point(RESNET50, H100_SXM5, batch=b, precision=P.FP16, sla_s=1).mfu for b in (1, 8, 64, 256)]
    assert mfus[0] < mfus[1] < mfus[2] < mfus[3]
    # Every image streams its feature maps through HBM, so intensity tends to O / D_activations, below the ridge:
    limit = RESNET50.intensity_limit(precision=P.FP16)
    assert limit == pytest.approx(8.18e9 / 56.8e6, rel=1e-2)
    assert limit < H100_SXM5.ridge_point(P.FP16)
    assert mfus[3] < limit / H100_SXM5.ridge_point(P.FP16)


def test_batch_amortises_weights_not_feature_maps():
    one = iron_law_for(RESNET50, H100_SXM5, precision=P.FP16)
    big = iron_law_for(RESNET50, H100_SXM5, batch=64, precision=P.FP16)
    weights = RESNET50.weight_bytes(P.FP16)
    assert big.memory_s * H100_SXM5.mem_bw_bytes_per_s == pytest.approx(
        weights + 64 * (one.memory_s * H100_SXM5.mem_bw_bytes_per_s - weights))
    assert big.compute_s == pytest.approx(64 * one.compute_s)


def test_footprint_grows_by_one_samples_live_activations():
    """The batch-1 footprint and each further sample count the same live buffers (issue 19)."""
    for w in (RESNET50, KWS_DSCNN, LLAMA3_70B_DECODE):
        step = w.footprint(2, precision=P.INT8) - w.footprint(1, precision=P.INT8)
        assert step == pytest.approx(w.footprint(1, precision=P.INT8) - w.weight_bytes(P.INT8), rel=1e-6)
    # The tiny track's hearable fits the keyword spotter up to batch 7, not 3.
    fits = [b for b in range(1, 16) if KWS_DSCNN.footprint(b, precision=P.INT8) <= HEARABLE_MCU.mem_capacity_bytes]
    assert max(fits) == 7


def test_best_point_respects_the_sla_and_memory():
    tight = best_operating_point(RESNET50, H100_SXM5, sla_s=100e-6)
    assert tight is not None and tight.latency_s <= 100e-6
    assert best_operating_point(RESNET50, H100_SXM5, sla_s=1e-9) is None
    best = best_operating_point(RESNET50, H100_SXM5, sla_s=5e-3, min_mfu=0.2)
    assert best.precision is P.INT8 and best.mfu >= 0.2
    others = [pt for pt in operating_points(RESNET50, H100_SXM5, sla_s=5e-3) if pt.feasible and pt.mfu >= 0.2]
    assert all(pt.throughput_per_s <= best.throughput_per_s for pt in others)
    bf16 = operating_point(LLAMA3_70B_DECODE, H100_SXM5, batch=1, precision=P.BF16, sla_s=1)
    assert not bf16.fits and not bf16.feasible
    assert len(operating_points(RESNET50, H100_SXM5, sla_s=1)) == 9 * 4  # FP32, FP16, BF16, INT8 dense


def test_mfu_rejects_impossible_inputs():
    with pytest.raises(ValueError, match="^flops:"):
        mfu(flops=2e15, seconds=1, peak_ops_per_s=1e15)
    with pytest.raises(ValueError, match="^seconds:"):
        mfu(flops=1, seconds=0, peak_ops_per_s=1)


def test_energy_ratios_by_precision_and_memory_level():
    assert j_per_op(P.FP32) / j_per_op(P.INT8) == pytest.approx(4.6 / 0.23)
    assert J_PER_BYTE[MemoryLevel.DRAM] / j_per_op(P.INT8) > 1000  # a DRAM byte costs >1,000 INT8 ops
    e = energy(ops=1e6, precision=P.INT8, bytes_moved=1e3, level=MemoryLevel.SRAM_8KB)
    assert e.total_J == pytest.approx(1e6 * 0.115e-12 + 1e3 * 1.25e-12)


def test_tiny_pioneer_fits_its_milliwatt_from_sram_not_from_dram():
    kws = KWS_DSCNN
    rate = 1 / 10e-3  # one inference per 10 ms
    sram = energy(ops=kws.flops_per_inference, precision=P.INT8, bytes_moved=kws.bytes_moved_per_inference,
                  level=MemoryLevel.SRAM_32KB)
    dram = energy(ops=kws.flops_per_inference, precision=P.INT8, bytes_moved=kws.bytes_moved_per_inference,
                  level=MemoryLevel.DRAM)
    assert budget_ratio(power_W(energy_J=sram.total_J, rate_per_s=rate), HEARABLE_MCU) < 1
    assert budget_ratio(power_W(energy_J=dram.total_J, rate_per_s=rate), HEARABLE_MCU) > 1


def test_tracks():
    assert set(TRACKS) == {"cloud", "edge", "mobile", "tiny"}
    assert track("mobile").target_latency_s == pytest.approx(16.67e-3, rel=1e-3)
    assert track("tiny").power_budget_W == 1e-3 and track("edge").target_latency_s == 10e-3
    for t in TRACKS.values():
        assert t.target_source.note or t.target_source.url
    with pytest.raises(ValueError, match="^track:"):
        track("orbital")


def test_every_track_starts_slower_than_its_target():
    # Part 2 of lab 02 asks how much of this pipeline must be accelerated; it must need some.
    for t in TRACKS.values():
        assert t.baseline_s > t.target_latency_s
        assert t.baseline_source.note


def test_scaled_workload():
    big = RESNET50.scaled(4)
    assert big.flops() == 4 * RESNET50.flops()
    assert big.data_bytes(8, precision=P.FP16) == pytest.approx(4 * RESNET50.data_bytes(8, precision=P.FP16))
    assert RESNET50.scaled(1) is RESNET50
    with pytest.raises(ValueError, match="^factor:"):
        RESNET50.scaled(0)
