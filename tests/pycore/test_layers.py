"""Per-layer costs: exact counts for small shapes, and the intensity behaviour the labs teach."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pycore import Precision as P
from pycore.layers import (
    attention,
    attention_decode,
    conv2d,
    depthwise_conv2d,
    depthwise_separable,
    elementwise_chain,
    gemm,
    gemm_intensity,
    linear,
    separable_mac_ratio,
    total,
)

dims = st.integers(min_value=1, max_value=4096)


@given(m=dims, n=dims, k=dims, p=st.sampled_from(list(P)))
def test_gemm_intensity_is_the_formula(m, n, k, p):
    layer = gemm(m=m, n=n, k=k, precision=p)
    assert layer.flops == 2 * m * n * k
    assert layer.intensity == pytest.approx(2 * m * n * k / ((m * k + k * n + m * n) * p.bytes_per_element))
    assert layer.intensity == pytest.approx(gemm_intensity(m, n, k, p))


def test_conv_counts_by_hand():
    # 8x8x3 -> 8x8x4 with 3x3 kernels: 8*8*4*3*9 = 6,912 MACs; 108 weights.
    layer = conv2d(batch=1, height=8, width=8, c_in=3, c_out=4, kernel=3, precision=P.INT8)
    assert layer.macs == 6912 and layer.weight_bytes == 108
    assert layer.input_bytes == 192 and layer.output_bytes == 256
    strided = conv2d(batch=2, height=8, width=8, c_in=3, c_out=4, kernel=3, stride=2, precision=P.FP32)
    assert strided.macs == 2 * 4 * 4 * 4 * 3 * 9
    assert strided.output_bytes == 2 * 4 * 4 * 4 * 4


def test_conv_beats_linear_on_weight_reuse():
    # Batch 1: a linear layer uses each weight once; a 56x56 conv uses each weight 3,136 times.
    fc = linear(tokens=1, d_in=4096, d_out=4096, precision=P.FP16)
    conv = conv2d(batch=1, height=56, width=56, c_in=64, c_out=64, kernel=3, precision=P.FP16)
    assert fc.intensity < 1.0 < 50 < conv.intensity


def test_depthwise_separable_trades_flops_for_intensity():
    kw = dict(batch=1, height=56, width=56, kernel=3, precision=P.INT8)
    std = conv2d(c_in=256, c_out=256, **kw)
    sep = depthwise_separable(c_in=256, c_out=256, **kw)
    assert std.macs / sep.macs == pytest.approx(separable_mac_ratio(256, 3))
    assert sep.intensity < std.intensity / 3
    assert sep.kernels == 2
    dw = depthwise_conv2d(channels=256, **kw)
    assert dw.intensity < 20  # a depthwise conv alone is starved of reuse


def test_naive_attention_intensity_saturates_and_flash_grows():
    naive = [attention(batch=1, seq=s, d_model=768, heads=12, precision=P.FP16).intensity for s in (512, 2048, 8192)]
    flash = [attention(batch=1, seq=s, d_model=768, heads=12, precision=P.FP16, flash=True).intensity
             for s in (512, 2048, 8192)]
    assert naive[2] / naive[1] < 1.05  # bounded by the S x S score traffic
    assert flash[2] / flash[1] == pytest.approx(4, rel=0.01)  # ideal tiling: intensity grows with S
    a = attention(batch=1, seq=1024, d_model=768, heads=12, precision=P.FP16)
    f = attention(batch=1, seq=1024, d_model=768, heads=12, precision=P.FP16, flash=True)
    assert a.flops == f.flops and a.bytes_moved / f.bytes_moved > 10


@given(batch=st.integers(1, 256), context=st.integers(1, 32768))
def test_decode_attention_gains_nothing_from_batch(batch, context):
    one = attention_decode(batch=1, context=context, d_model=8192, heads=64, kv_heads=8, precision=P.FP16)
    many = attention_decode(batch=batch, context=context, d_model=8192, heads=64, kv_heads=8, precision=P.FP16)
    assert many.intensity == pytest.approx(one.intensity)
    assert one.intensity < 2 * 64 / 8 / 2 + 1  # about 2 * (heads / kv_heads) / bytes


def test_elementwise_chain_traffic():
    unfused = elementwise_chain(elements=1000, flops_per_element=[8, 2, 1], precision=P.FP16, fused=False)
    fused = elementwise_chain(elements=1000, flops_per_element=[8, 2, 1], precision=P.FP16, fused=True)
    assert unfused.bytes_moved == 2 * 3 * 1000 * 2 and fused.bytes_moved == 2 * 1000 * 2
    assert unfused.kernels == 3 and fused.kernels == 1
    assert unfused.flops == fused.flops == 11_000


def test_total_and_repeat_add_up():
    a = gemm(m=2, n=3, k=4, precision=P.FP32)
    both = total([a, a], "pair")
    assert both.macs == 48 and both.kernels == 2 and both.name == "pair"
    assert a.repeated(3).bytes_moved == 3 * a.bytes_moved


@pytest.mark.parametrize(
    "call, arg",
    [(lambda: gemm(m=0, n=1, k=1, precision=P.FP16), "m"),
     (lambda: conv2d(batch=1, height=8, width=8, c_in=3, c_out=4, kernel=3, stride=-1, precision=P.FP16), "stride"),
     (lambda: attention(batch=1, seq=8, d_model=10, heads=3, precision=P.FP16), "heads"),
     (lambda: attention_decode(batch=1, context=8, d_model=64, heads=8, kv_heads=3, precision=P.FP16), "kv_heads"),
     (lambda: elementwise_chain(elements=10, flops_per_element=[], precision=P.FP16, fused=True),
      "flops_per_element"),
     (lambda: linear(tokens=2.5, d_in=4, d_out=4, precision=P.FP16), "m"),
     (lambda: total([], "x"), "layers")],
)
def test_bad_shapes_name_the_argument(call, arg):
    with pytest.raises(ValueError, match=f"^{arg}:"):
        call()
