"""Each track's lighthouse model seen layer by layer (lab 05): the layers to audit, the layer
whose intensity scales with batch and size, and the small backbone whose operators can be swapped.

Shapes come from the published architectures in ``models.py``; the scenario sizes (the
4K frame, the backbone widths) are course choices, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from . import _checks
from .energy import EnergyBreakdown, MemoryLevel, energy
from .hardware import HardwareSpec, Precision
from .ironlaw import IronLawTerms, iron_law
from .layers import LayerCost, attention, conv2d, depthwise_separable, largest_io_bytes, linear, total
from .models import LLAMA3_70B, ds_cnn_kws, mobilenet_v2
from .roofline import crossover
from .sources import Source, assumption
from .tracks import TRACKS, Track
from .workloads import LLAMA_CONTEXT

MIN_INTENSITY = 20.0
"""The hardware lead's floor for the operator budget, in FLOP/byte (lab 05 plan, part 3)."""

UHD = (2160, 3840)  # a 4K camera frame, height x width in pixels


def audit_layers(track_key: str) -> list[LayerCost]:
    """The layers of the track's lighthouse model that lab 05's profiler lists, at batch 1."""
    if track_key == "cloud":
        block = LLAMA3_70B.block_decode(batch=1, context=LLAMA_CONTEXT, precision=Precision.BF16)
        return [layer.renamed(f"Llama-3-70B {layer.name}") for layer in block]
    if track_key == "edge":
        h, w = UHD
        p = Precision.INT8
        return [
            conv2d(batch=1, height=h, width=w, c_in=3, c_out=64, kernel=7, stride=2, precision=p,
                   name="4K stem conv 7x7"),
            conv2d(batch=1, height=h // 4, width=w // 4, c_in=64, c_out=64, kernel=1, precision=p,
                   name="stage 1 reduce 1x1"),
            conv2d(batch=1, height=h // 4, width=w // 4, c_in=64, c_out=64, kernel=3, precision=p,
                   name="stage 1 conv 3x3"),
            conv2d(batch=1, height=h // 4, width=w // 4, c_in=64, c_out=256, kernel=1, precision=p,
                   name="stage 1 expand 1x1"),
            linear(tokens=1, d_in=2048, d_out=1000, precision=p, name="classifier (Linear)"),
        ]
    if track_key == "mobile":
        layers = mobilenet_v2(precision=Precision.INT8)
        picks = ("stem conv 3x3", "stage 2.1 expand 1x1", "stage 2.1 depthwise 3x3", "stage 2.1 project 1x1",
                 "head conv 1x1", "classifier")
        return [layer for layer in layers if layer.name in picks]
    if track_key == "tiny":
        return ds_cnn_kws(precision=Precision.INT8)
    raise ValueError(f"track_key: no track {track_key!r}; known: {', '.join(TRACKS)}")


@dataclass(frozen=True, kw_only=True)
class ScalingLayer:
    """A layer whose intensity changes with one dimension (sequence, resolution or frames)."""

    name: str
    dimension: str  # what the slider scales, for example "sequence length"
    values: tuple[int, ...]  # the slider's stops, ascending
    precision: Precision
    build: Callable[[int, int], LayerCost]  # (batch, dimension) -> cost

    def cost(self, *, batch: int, n: int) -> LayerCost:
        return self.build(_checks.count("batch", batch), _checks.count("n", n))

    def crossover(self, *, batch: int, ridge: float) -> int | None:
        """The smallest dimension (any whole number in the slider's range) at which the layer becomes
        compute-bound at ``ridge`` ops/byte, or None if it stays memory-bound."""
        return crossover(lambda n: self.cost(batch=batch, n=n).intensity, ridge, lo=self.values[0],
                         hi=self.values[-1])

    def first_compute_bound_stop(self, *, batch: int, ridge: float) -> int | None:
        """The first slider stop at which the layer is compute-bound, or None."""
        return next((n for n in self.values if self.cost(batch=batch, n=n).intensity >= ridge), None)


def _llama_block(batch: int, seq: int) -> LayerCost:
    layers = LLAMA3_70B.block_prefill(batch=batch, seq=seq, precision=Precision.FP16, flash=True)
    return total(layers, "Llama-3-70B block")


SCALING: Mapping[str, ScalingLayer] = MappingProxyType({
    "cloud": ScalingLayer(
        name="Llama-3-70B block, prefill with FlashAttention (projections, attention, FFN)",
        dimension="sequence length", values=(16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192),
        precision=Precision.FP16, build=_llama_block),
    "edge": ScalingLayer(
        name="ResNet-50 stage 1 conv 3x3 (64 -> 64 channels)", dimension="feature-map side (pixels)",
        values=(8, 16, 24, 32, 40, 48, 64, 135, 270, 540), precision=Precision.INT8,
        build=lambda b, n: conv2d(batch=b, height=n, width=n, c_in=64, c_out=64, kernel=3,
                                  precision=Precision.INT8, name="conv 3x3")),
    "mobile": ScalingLayer(
        name="MobileNetV2 stage 4 expand 1x1 (64 -> 384 channels)", dimension="feature-map side (pixels)",
        values=(1, 2, 3, 4, 5, 7, 14, 28, 56, 112), precision=Precision.INT8,
        build=lambda b, n: conv2d(batch=b, height=n, width=n, c_in=64, c_out=384, kernel=1,
                                  precision=Precision.INT8, name="expand 1x1")),
    "tiny": ScalingLayer(
        name="DS-CNN pointwise mixing, a 64 x 64 matrix applied per audio frame", dimension="audio frames",
        values=(1, 2, 3, 4, 5, 6, 8, 12, 16, 25, 49), precision=Precision.INT8,
        build=lambda b, n: linear(tokens=b * n, d_in=64, d_out=64, precision=Precision.INT8, name="pointwise")),
})


class Operator(str, Enum):
    """A block of the lab 05 backbone: each maps an N-position, C-channel map to the same shape."""

    LINEAR = "Linear"  # per-position channel mixing (a 1x1 conv)
    CONV2D = "Conv2D"  # standard 3x3 convolution
    DW_CONV = "DW-Conv"  # depthwise-separable 3x3 convolution
    FLASH_ATTENTION = "FlashAttention"  # tiled self-attention over all positions

    @property
    def reach_px(self) -> int | None:
        """How many positions further each output sees: 0 for a 1 x 1 mix, 2 for a 3 x 3 kernel, None for
        attention, which sees the whole map."""
        return {"Linear": 0, "Conv2D": 2, "DW-Conv": 2, "FlashAttention": None}[self.value]


MIN_RECEPTIVE_FIELD_PX = 5
"""The smallest receptive field (pixels, or spectrogram cells, on a side) the backbone may have, in positions.

The lab's stand-in for accuracy: a feature that sees fewer than 5 x 5 positions cannot find an edge, a
stroke or a formant, so a backbone of 1 x 1 mixes alone is cheap and useless. Two 3 x 3 layers, or one
attention block, reach it."""
RECEPTIVE_FIELD_SOURCE = assumption(
    "Course model of what the lab 05 backbone must still see",
    "a receptive field of at least 5 x 5 positions (two stacked 3 x 3 kernels, as in VGG's argument for small "
    "kernels); attention sees the whole map",
)


def receptive_field(ops: Sequence[Operator], side: int) -> int:
    """The receptive field of ``ops`` stacked, in positions on a side, capped at the map's ``side``."""
    field = 1
    for op in ops:
        reach = Operator(op).reach_px
        if reach is None:
            return side
        field += reach
    return min(field, side)


@dataclass(frozen=True, kw_only=True)
class Backbone:
    """A small backbone of four swappable blocks on an H x W x C feature map."""

    batch: int
    height: int
    width: int
    channels: int
    precision: Precision
    start: tuple[Operator, ...]  # the mix the hardware lead hands over (over the thermal budget)
    source: Source

    def block(self, op: Operator, *, width_factor: float = 1.0) -> LayerCost:
        """One block's cost; ``width_factor`` scales the channel count."""
        c = max(1, round(self.channels * _checks.positive("width_factor", width_factor)))
        b, h, w, p = self.batch, self.height, self.width, self.precision
        op = Operator(op)
        if op is Operator.LINEAR:
            return linear(tokens=b * h * w, d_in=c, d_out=c, precision=p, name="Linear")
        if op is Operator.CONV2D:
            return conv2d(batch=b, height=h, width=w, c_in=c, c_out=c, kernel=3, precision=p, name="Conv2D")
        if op is Operator.DW_CONV:
            return depthwise_separable(batch=b, height=h, width=w, c_in=c, c_out=c, kernel=3, precision=p,
                                       name="DW-Conv")
        heads = max(1, c // 64)
        return attention(batch=b, seq=h * w, d_model=heads * (c // heads), heads=heads, precision=p, flash=True,
                         name="FlashAttention")


# The hardware lead's mix: attention-heavy, compute-rich, and over the power budget on every track.
_START = (Operator.FLASH_ATTENTION, Operator.FLASH_ATTENTION, Operator.CONV2D, Operator.CONV2D)
_WHY = "course scenario sized so that the hardware lead's mix breaks the power budget and a fix exists"
BACKBONES: Mapping[str, Backbone] = MappingProxyType({
    "cloud": Backbone(batch=256, height=64, width=64, channels=1024, precision=Precision.FP16,
                      start=_START,
                      source=assumption("Lab 05 backbone, Cloud Titan: 256 requests of 4,096 tokens x 1,024", _WHY)),
    "edge": Backbone(batch=1, height=270, width=480, channels=32, precision=Precision.INT8,
                     start=_START,
                     source=assumption("Lab 05 backbone, Edge Guardian: a 4K frame at 1/8 scale, 32 channels", _WHY)),
    "mobile": Backbone(batch=1, height=112, width=112, channels=128, precision=Precision.INT8,
                       start=_START,
                       source=assumption("Lab 05 backbone, Mobile Nomad: 112 x 112 x 128 early features", _WHY)),
    "tiny": Backbone(batch=1, height=32, width=32, channels=16, precision=Precision.INT8,
                     start=_START,
                     source=assumption("Lab 05 backbone, Tiny Pioneer: 32 x 32 x 16 spectrogram features", _WHY)),
})


def memory_level(device: HardwareSpec) -> MemoryLevel:
    """Where a device's working set lives, for energy per byte: on-chip SRAM or DRAM."""
    return MemoryLevel.SRAM_1MB if device.memory_kind == "SRAM" else MemoryLevel.DRAM


@dataclass(frozen=True, kw_only=True)
class BudgetResult:
    """An operator mix run at the track's mission rate: one inference per target latency, or back to back
    when one inference takes longer than that (then the device never rests, and still misses the rate)."""

    cost: LayerCost
    terms: IronLawTerms
    energy: EnergyBreakdown
    power_W: float
    budget_W: float
    footprint_bytes: float
    capacity_bytes: float
    target_s: float
    receptive_field_px: int

    @property
    def over_power(self) -> bool:
        return self.power_W > self.budget_W

    @property
    def too_slow(self) -> bool:
        """True when one inference takes longer than the track's target latency."""
        return self.terms.total_s > self.target_s

    @property
    def too_narrow(self) -> bool:
        """True when the backbone sees too few positions to be of use (the lab's stand-in for accuracy)."""
        return self.receptive_field_px < MIN_RECEPTIVE_FIELD_PX

    @property
    def under_intensity(self) -> bool:
        return self.cost.intensity < MIN_INTENSITY

    @property
    def oom(self) -> bool:
        return self.footprint_bytes > self.capacity_bytes

    @property
    def meets(self) -> bool:
        """Every constraint the part names: power, latency, intensity, memory and receptive field."""
        return not (self.over_power or self.too_slow or self.under_intensity or self.oom or self.too_narrow)


def operator_budget(ops: Sequence[Operator], track: Track, *, width_factor: float = 1.0) -> BudgetResult:
    """Totals of a backbone built from ``ops`` on the track's device: FLOP, bytes, intensity, Iron Law
    latency, energy, receptive field, and average power (W) against the track's budget at one inference
    per target latency (or back to back, if one takes longer)."""
    if not ops:
        raise ValueError("ops: expected at least one operator")
    backbone = BACKBONES[track.key]
    layers = [backbone.block(op, width_factor=width_factor) for op in ops]
    cost = total(layers, "backbone")
    device = track.device
    rate = device.peak(backbone.precision)
    terms = iron_law(data_bytes=cost.bytes_moved, mem_bw_bytes_per_s=device.mem_bw_bytes_per_s, ops=cost.flops,
                     peak_ops_per_s=rate.ops_per_s, overhead_s=device.dispatch_overhead_s or 0.0)
    spent = energy(ops=cost.flops, precision=backbone.precision, bytes_moved=cost.bytes_moved,
                   level=memory_level(device))
    return BudgetResult(
        cost=cost, terms=terms, energy=spent, power_W=spent.total_J / max(terms.total_s, track.target_latency_s),
        budget_W=track.power_budget_W, capacity_bytes=device.mem_capacity_bytes,
        footprint_bytes=cost.weight_bytes + largest_io_bytes(layers), target_s=track.target_latency_s,
        receptive_field_px=receptive_field(ops, min(backbone.height, backbone.width)),
    )
