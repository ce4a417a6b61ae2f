"""Element-wise fusion: traffic, intensity and wall-clock time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import A100_80GB
from pycore import Precision as P
from pycore.fusion import fuse

A100 = dict(mem_bw_bytes_per_s=A100_80GB.mem_bw_bytes_per_s, peak_ops_per_s=A100_80GB.peak(P.FP16).ops_per_s)


@given(n=st.integers(1, 12), elements=st.integers(1, 1 << 26), bw=st.floats(1e9, 1e13))
def test_n_ops_fuse_to_n_times_less_traffic_and_at_most_n_times_faster(n, elements, bw):
    r = fuse(elements=elements, ops=[("op", 1.0)] * n, mem_bw_bytes_per_s=bw, peak_ops_per_s=1e14)
    assert r.traffic_ratio == pytest.approx(n)
    assert r.intensity_gain == pytest.approx(n)
    assert 1 <= r.speedup <= n + 1e-9
    assert r.launches_removed == n - 1


def test_layernorm_dropout_relu_on_an_a100():
    r = fuse(elements=4096 * 4096, **A100)
    assert r.traffic_ratio == 3
    assert r.unfused.intensity < r.fused.intensity < A100_80GB.ridge_point(P.FP16)  # still memory-bound
    assert 2.5 < r.speedup <= 3


def test_more_bandwidth_helps_the_unfused_chain_more():
    slow = fuse(elements=1 << 20, mem_bw_bytes_per_s=1e12, peak_ops_per_s=312e12)
    fast = fuse(elements=1 << 20, mem_bw_bytes_per_s=3.35e12, peak_ops_per_s=312e12)
    assert slow.unfused_s - fast.unfused_s > slow.fused_s - fast.fused_s


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="^mem_bw_bytes_per_s:"):
        fuse(elements=10, mem_bw_bytes_per_s=0, peak_ops_per_s=1e12)
