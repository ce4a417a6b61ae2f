"""Lighthouse models built layer by layer, against their papers."""

import pytest

from pycore import GPT2_SMALL, H100_SXM5, LLAMA3_70B, fits_in_memory
from pycore import Precision as P
from pycore.layers import total
from pycore.models import ds_cnn_kws, mobilenet_v2, resnet_stem


def test_mobilenet_v2_matches_the_paper():
    layers = mobilenet_v2()
    net = total(layers, "MobileNetV2")
    assert net.macs == pytest.approx(300e6, rel=0.01)
    assert net.weight_bytes == pytest.approx(3.4e6, rel=0.03)  # INT8: one byte per parameter
    assert len(layers) == 53  # stem, 17 bottlenecks (16 with expansion), head, classifier


def test_mobilenet_scales_with_resolution_squared():
    small, big = (total(mobilenet_v2(resolution=r), "m").macs for r in (224, 448))
    assert big / small == pytest.approx(4, rel=0.05)


def test_ds_cnn_matches_hello_edge():
    assert total(ds_cnn_kws(), "kws").flops == pytest.approx(5.4e6, rel=0.03)


def test_high_resolution_makes_the_stem_compute_heavy():
    hd, uhd = resnet_stem(resolution=224), resnet_stem(resolution=2160)
    assert uhd.macs / hd.macs == pytest.approx((1080 / 112) ** 2, rel=0.01)
    assert uhd.intensity > hd.intensity


def test_llama_kv_cache_and_fit():
    # 2 (K and V) x 80 layers x 8 KV heads x 128 dims x 2 bytes = 327,680 B per token.
    assert LLAMA3_70B.kv_cache_bytes(batch=1, context=1, precision=P.BF16) == 327_680
    assert LLAMA3_70B.param_count == pytest.approx(70.6e9, rel=0.005)
    assert not fits_in_memory(LLAMA3_70B.weight_bytes(P.BF16), H100_SXM5.mem_capacity_bytes)
    assert fits_in_memory(LLAMA3_70B.weight_bytes(P.INT8), H100_SXM5.mem_capacity_bytes)


def test_decode_is_memory_bound_and_batching_helps_only_the_weights():
    one = LLAMA3_70B.decode_step(batch=1, context=8192, precision=P.BF16)
    many = LLAMA3_70B.decode_step(batch=64, context=8192, precision=P.BF16)
    assert one.intensity < 2
    assert many.intensity > 10 * one.intensity
    assert many.intensity < LLAMA3_70B.n_heads / LLAMA3_70B.n_kv_heads * 8  # the KV cache caps it


def test_gpt2_block():
    block = total(GPT2_SMALL.block_prefill(batch=1, seq=1024, precision=P.FP16), "block")
    assert block.weight_bytes == 12 * 768**2 * 2
    assert GPT2_SMALL.param_count == pytest.approx(124e6, rel=0.01)
