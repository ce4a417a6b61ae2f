"""Per-layer cost: multiply-accumulates, bytes moved and arithmetic intensity.

Every function returns a ``LayerCost`` for one layer at a given batch, size and
precision. Counts are exact for the stated shapes: MACs are multiply-accumulates,
FLOP = 2 x MACs + any non-MAC work (softmax, element-wise ops), and bytes count one
read of every input and weight and one write of every output to off-chip memory.
Intermediates a kernel keeps on chip cost nothing; intermediates it spills count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import _checks
from .hardware import Precision

# Non-MAC FLOP per attention score: max, subtract, exp, sum and divide of the softmax.
SOFTMAX_FLOP_PER_SCORE = 5


@dataclass(frozen=True, kw_only=True)
class LayerCost:
    """The cost of one layer (or a sum of layers), in MACs, FLOP and bytes.

    ``weight_bytes``, ``input_bytes`` and ``output_bytes`` are one pass each;
    ``spill_bytes`` is intermediate traffic that goes off chip and back;
    ``kernels`` is how many kernel launches the layer takes.
    """

    name: str
    macs: float
    weight_bytes: float
    input_bytes: float
    output_bytes: float
    spill_bytes: float = 0.0
    extra_flops: float = 0.0
    kernels: int = 1

    @property
    def flops(self) -> float:
        """Operations, in FLOP (or integer OP): 2 per MAC plus non-MAC work."""
        return 2 * self.macs + self.extra_flops

    @property
    def activation_bytes(self) -> float:
        """Bytes of activations moved: inputs, outputs and spills."""
        return self.input_bytes + self.output_bytes + self.spill_bytes

    @property
    def bytes_moved(self) -> float:
        """Total off-chip traffic, in bytes."""
        return self.weight_bytes + self.activation_bytes

    @property
    def intensity(self) -> float:
        """Arithmetic intensity, in FLOP per byte."""
        return self.flops / self.bytes_moved

    def __add__(self, other: LayerCost) -> LayerCost:
        return LayerCost(
            name=f"{self.name} + {other.name}",
            macs=self.macs + other.macs,
            weight_bytes=self.weight_bytes + other.weight_bytes,
            input_bytes=self.input_bytes + other.input_bytes,
            output_bytes=self.output_bytes + other.output_bytes,
            spill_bytes=self.spill_bytes + other.spill_bytes,
            extra_flops=self.extra_flops + other.extra_flops,
            kernels=self.kernels + other.kernels,
        )

    def repeated(self, times: int, name: str | None = None) -> LayerCost:
        """This layer ``times`` over in sequence (for example, every block of a model)."""
        _checks.count("times", times)
        return LayerCost(
            name=name or f"{times} x {self.name}",
            macs=self.macs * times,
            weight_bytes=self.weight_bytes * times,
            input_bytes=self.input_bytes * times,
            output_bytes=self.output_bytes * times,
            spill_bytes=self.spill_bytes * times,
            extra_flops=self.extra_flops * times,
            kernels=self.kernels * times,
        )

    def renamed(self, name: str) -> LayerCost:
        return replace(self, name=name)


def total(layers: Sequence[LayerCost], name: str) -> LayerCost:
    """The sum of ``layers`` run one after another, named ``name``."""
    if not layers:
        raise ValueError("layers: expected at least one layer")
    out = layers[0]
    for layer in layers[1:]:
        out = out + layer
    return out.renamed(name)


def largest_io_bytes(layers: Sequence[LayerCost]) -> float:
    """Bytes of the largest single layer's input plus output: the activations that must be resident at once."""
    if not layers:
        raise ValueError("layers: expected at least one layer")
    return max(layer.input_bytes + layer.output_bytes for layer in layers)


def gemm_intensity(m: int, n: int, k: int, precision: Precision) -> float:
    """Arithmetic intensity of C[m,n] = A[m,k] B[k,n]: 2mnk / ((mk + kn + mn) * bytes), in FLOP/byte."""
    for name, value in (("m", m), ("n", n), ("k", k)):
        _checks.count(name, value)
    return 2 * m * n * k / ((m * k + k * n + m * n) * precision.bytes_per_element)


def gemm(*, m: int, n: int, k: int, precision: Precision, name: str = "GEMM") -> LayerCost:
    """C[m,n] = A[m,k] B[k,n], with B the weights: m*n*k MACs."""
    for arg, value in (("m", m), ("n", n), ("k", k)):
        _checks.count(arg, value)
    b = precision.bytes_per_element
    return LayerCost(name=name, macs=m * n * k, weight_bytes=k * n * b, input_bytes=m * k * b, output_bytes=m * n * b)


def linear(*, tokens: int, d_in: int, d_out: int, precision: Precision, name: str = "Linear") -> LayerCost:
    """A fully connected layer over ``tokens`` rows (batch x sequence): a GEMM with m = tokens."""
    return gemm(m=tokens, n=d_out, k=d_in, precision=precision, name=name)


def ffn(*, tokens: int, d_model: int, d_ff: int, precision: Precision, gated: bool = False,
        name: str = "FFN") -> LayerCost:
    """A transformer feed-forward block: up (and gate, if ``gated``) projection, activation, down projection."""
    _checks.count("d_ff", d_ff)
    ups = [linear(tokens=tokens, d_in=d_model, d_out=d_ff, precision=precision, name="up")]
    if gated:
        ups.append(linear(tokens=tokens, d_in=d_model, d_out=d_ff, precision=precision, name="gate"))
    down = linear(tokens=tokens, d_in=d_ff, d_out=d_model, precision=precision, name="down")
    act = LayerCost(name="activation", macs=0, weight_bytes=0, input_bytes=0, output_bytes=0,
                    extra_flops=tokens * d_ff * (2 if gated else 1), kernels=0)  # fused into the up projection
    return total([*ups, act, down], name)


def _out_size(size: int, stride: int) -> int:
    return math.ceil(size / stride)  # 'same' padding


def conv2d(*, batch: int, height: int, width: int, c_in: int, c_out: int, kernel: int, stride: int = 1,
           precision: Precision, kernel_w: int | None = None, name: str = "Conv2D") -> LayerCost:
    """A standard convolution with 'same' padding: B*H'*W'*C_out*C_in*k_h*k_w MACs.

    ``kernel`` is the kernel height, and its width too unless ``kernel_w`` is given.
    """
    kw = kernel if kernel_w is None else kernel_w
    for arg, value in (("batch", batch), ("height", height), ("width", width), ("c_in", c_in),
                       ("c_out", c_out), ("kernel", kernel), ("kernel_w", kw), ("stride", stride)):
        _checks.count(arg, value)
    b = precision.bytes_per_element
    ho, wo = _out_size(height, stride), _out_size(width, stride)
    return LayerCost(
        name=name,
        macs=batch * ho * wo * c_out * c_in * kernel * kw,
        weight_bytes=kernel * kw * c_in * c_out * b,
        input_bytes=batch * height * width * c_in * b,
        output_bytes=batch * ho * wo * c_out * b,
    )


def depthwise_conv2d(*, batch: int, height: int, width: int, channels: int, kernel: int, stride: int = 1,
                     precision: Precision, name: str = "Depthwise conv") -> LayerCost:
    """One k x k filter per channel: B*H'*W'*C*k^2 MACs, and no reuse of an input across channels."""
    for arg, value in (("batch", batch), ("height", height), ("width", width), ("channels", channels),
                       ("kernel", kernel), ("stride", stride)):
        _checks.count(arg, value)
    b = precision.bytes_per_element
    ho, wo = _out_size(height, stride), _out_size(width, stride)
    return LayerCost(
        name=name,
        macs=batch * ho * wo * channels * kernel * kernel,
        weight_bytes=kernel * kernel * channels * b,
        input_bytes=batch * height * width * channels * b,
        output_bytes=batch * ho * wo * channels * b,
    )


def depthwise_separable(*, batch: int, height: int, width: int, c_in: int, c_out: int, kernel: int,
                        stride: int = 1, precision: Precision, name: str = "DW-separable conv") -> LayerCost:
    """A depthwise k x k convolution followed by a pointwise 1 x 1 convolution (two kernels)."""
    dw = depthwise_conv2d(batch=batch, height=height, width=width, channels=c_in, kernel=kernel, stride=stride,
                          precision=precision, name="depthwise")
    ho, wo = _out_size(height, stride), _out_size(width, stride)
    pw = conv2d(batch=batch, height=ho, width=wo, c_in=c_in, c_out=c_out, kernel=1, precision=precision,
                name="pointwise")
    return (dw + pw).renamed(name)


def separable_mac_ratio(c_out: int, kernel: int) -> float:
    """How many times fewer MACs a depthwise-separable conv needs than a standard one: 1 / (1/C_out + 1/k^2)."""
    _checks.count("c_out", c_out)
    _checks.count("kernel", kernel)
    return 1 / (1 / c_out + 1 / kernel**2)


def attention(*, batch: int, seq: int, d_model: int, heads: int, precision: Precision, flash: bool = False,
              name: str | None = None) -> LayerCost:
    """Self-attention over a whole sequence (prefill), excluding the Q/K/V and output projections.

    QK^T and PV each take B*S^2*d MACs. Naive attention writes the S x S score matrix
    to memory, reads it for the softmax, writes the probabilities and reads them again
    (4 passes). FlashAttention tiles the computation so scores never leave on-chip
    SRAM; this counts its ideal traffic (Q, K, V read once, the output written once).
    """
    for arg, value in (("batch", batch), ("seq", seq), ("d_model", d_model), ("heads", heads)):
        _checks.count(arg, value)
    if d_model % heads:
        raise ValueError(f"heads: must divide d_model={d_model}, got {heads}")
    b = precision.bytes_per_element
    scores = batch * heads * seq * seq
    return LayerCost(
        name=name or ("FlashAttention" if flash else "Attention (naive)"),
        macs=2 * batch * seq * seq * d_model,
        weight_bytes=0,
        input_bytes=3 * batch * seq * d_model * b,
        output_bytes=batch * seq * d_model * b,
        spill_bytes=0 if flash else 4 * scores * b,
        extra_flops=SOFTMAX_FLOP_PER_SCORE * scores,
        kernels=1 if flash else 3,
    )


def attention_decode(*, batch: int, context: int, d_model: int, heads: int, kv_heads: int,
                     precision: Precision, name: str = "Attention (decode, KV cache)") -> LayerCost:
    """One new token per sequence attending to ``context`` cached tokens.

    Each sequence reads its own K and V cache (2 * context * kv_heads * head_dim
    elements), so batching adds no reuse: the intensity stays near 2 * heads / kv_heads
    divided by the element size, whatever the batch.
    """
    for arg, value in (("batch", batch), ("context", context), ("d_model", d_model), ("heads", heads),
                       ("kv_heads", kv_heads)):
        _checks.count(arg, value)
    if d_model % heads or heads % kv_heads:
        raise ValueError(f"kv_heads: heads={heads} must divide d_model and be a multiple of kv_heads={kv_heads}")
    b = precision.bytes_per_element
    head_dim = d_model // heads
    return LayerCost(
        name=name,
        macs=2 * batch * context * d_model,
        weight_bytes=0,
        input_bytes=batch * d_model * b + 2 * batch * context * kv_heads * head_dim * b,
        output_bytes=batch * d_model * b,
        extra_flops=SOFTMAX_FLOP_PER_SCORE * batch * heads * context,
        kernels=1,
    )


def elementwise_chain(*, elements: int, flops_per_element: Sequence[float], precision: Precision,
                      fused: bool, name: str = "Element-wise chain") -> LayerCost:
    """A chain of element-wise ops (LayerNorm, Dropout, ReLU...) over ``elements`` values.

    Unfused, each op is its own kernel that reads its input from memory and writes its
    output back: 2n tensor passes for n ops. Fused, one kernel reads once and writes once.
    """
    _checks.count("elements", elements)
    if not flops_per_element:
        raise ValueError("flops_per_element: expected one entry per op")
    for f in flops_per_element:
        _checks.positive("flops_per_element", f)
    n = len(flops_per_element)
    tensor = elements * precision.bytes_per_element
    return LayerCost(
        name=name,
        macs=0,
        weight_bytes=0,
        input_bytes=tensor,
        output_bytes=tensor,
        spill_bytes=0 if fused else 2 * (n - 1) * tensor,
        extra_flops=elements * sum(flops_per_element),
        kernels=1 if fused else n,
    )
