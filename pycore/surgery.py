"""Graph surgery (lab 07, part 3): a small model graph with a data-dependent branch, the graph
break it causes under compilation, and what each fix does to kernels, dispatch time and MFU.

A compiler fuses the ops of each graph segment (``dispatch.COMPILED_FUSION_FRACTION`` of the
kernels go); a data-dependent branch splits the graph: the device must finish, copy the
predicate to the host and hand control back to Python (the device's ``host_sync_s``) before
the next segment can launch, and the branch itself runs eagerly. Each kernel costs the
device's own ``kernel_launch_s``: a microcontroller's interpreter is not a CUDA driver.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from .dispatch import COMPILED_FUSION_FRACTION, fused_kernel_count
from .hardware import HardwareSpec, Precision
from .layers import LayerCost, elementwise_chain, linear, total

MFU_GAIN_REQUIRED = 2.0
"""The software lead's bar for accepting a less readable rewrite (lab 07 overview): MFU must rise over 2x."""


class Surgery(str, Enum):
    """A fix a student can try on the graph break."""

    NONE = "Leave the graph as it is"
    MASK = "Rewrite the branch as a mask (torch.where computes both arms)"
    COND = "Use structured control flow (torch.cond keeps both arms in the graph)"
    SYMBOLIC = "Mark the input shape as symbolic (dynamic)"
    ITEM = "Read the condition into Python with .item() first"
    NO_GRAD = "Wrap the branch in torch.no_grad()"

    @property
    def removes_break(self) -> bool:
        return self in (Surgery.MASK, Surgery.COND)

    @property
    def explanation(self) -> str:
        return {
            "NONE": "The branch depends on tensor values, so the compiler cannot trace past it.",
            "MASK": "Both arms are computed and a select keeps one: no control flow left, one graph.",
            "COND": "The branch becomes a graph operator; the device picks the arm, no host round trip.",
            "SYMBOLIC": "Symbolic shapes stop recompiles when sizes change; this branch depends on values, "
                        "not shapes, so the break stays.",
            "ITEM": "Reading the value into Python is exactly what forces the break: it adds a second sync.",
            "NO_GRAD": "Autograd is not what breaks the graph; the value-dependent branch still does.",
        }[self.name]


@dataclass(frozen=True, kw_only=True)
class GraphShape:
    """The graph's size for one track: tokens in flight, model width and precision."""

    tokens: int
    d_model: int
    precision: Precision


SHAPES: Mapping[str, GraphShape] = MappingProxyType({
    "cloud": GraphShape(tokens=8, d_model=1024, precision=Precision.FP16),
    "edge": GraphShape(tokens=16, d_model=512, precision=Precision.FP16),
    "mobile": GraphShape(tokens=16, d_model=256, precision=Precision.INT8),
    "tiny": GraphShape(tokens=4, d_model=64, precision=Precision.INT8),
})


@dataclass(frozen=True, kw_only=True)
class Node:
    """One op of the graph; ``branch`` marks the data-dependent condition."""

    name: str
    cost: LayerCost
    branch: bool = False


def graph(shape: GraphShape) -> list[Node]:
    """A gated MLP block: in-projection, LayerNorm, up-projection, GELU, a value-dependent branch
    (``if h.mean() > 0: h = relu(h)``), down-projection, dropout, residual add, out-projection."""
    t, d, p = shape.tokens, shape.d_model, shape.precision

    def pointwise(name: str, width: int, flops: float) -> LayerCost:
        return elementwise_chain(elements=t * width, flops_per_element=[flops], precision=p, fused=True, name=name)

    return [
        Node(name="Linear (in)", cost=linear(tokens=t, d_in=d, d_out=d, precision=p)),
        Node(name="LayerNorm", cost=pointwise("LayerNorm", d, 8)),
        Node(name="Linear (up)", cost=linear(tokens=t, d_in=d, d_out=4 * d, precision=p)),
        Node(name="GELU", cost=pointwise("GELU", 4 * d, 8)),
        Node(name="if h.mean() > 0", cost=pointwise("mean", 4 * d, 1), branch=True),
        Node(name="ReLU (taken arm)", cost=pointwise("ReLU", 4 * d, 1)),
        Node(name="Linear (down)", cost=linear(tokens=t, d_in=4 * d, d_out=d, precision=p)),
        Node(name="Dropout", cost=pointwise("Dropout", d, 2)),
        Node(name="Residual add", cost=pointwise("add", d, 1)),
        Node(name="Linear (out)", cost=linear(tokens=t, d_in=d, d_out=d, precision=p)),
    ]


@dataclass(frozen=True, kw_only=True)
class Execution:
    """One compiled run of the graph, in seconds and kernels."""

    segments: int
    kernels: int
    syncs: int
    compute_s: float
    memory_s: float
    launch_s: float
    sync_s: float
    useful_flops: float
    peak_ops_per_s: float

    @property
    def total_s(self) -> float:
        return self.compute_s + self.memory_s + self.launch_s + self.sync_s

    @property
    def overhead_s(self) -> float:
        """Launches and host syncs: the Iron Law's L."""
        return self.launch_s + self.sync_s

    @property
    def mfu(self) -> float:
        """Useful FLOP per second over peak (work on a discarded arm is not useful)."""
        return self.useful_flops / self.total_s / self.peak_ops_per_s


def execute(shape: GraphShape, device: HardwareSpec, surgery: Surgery = Surgery.NONE) -> Execution:
    """Compile and run the graph on ``device`` after ``surgery``: segments, kernels, time and MFU."""
    if device.kernel_launch_s is None or device.host_sync_s is None:
        raise ValueError(f"device: {device.name} has no kernel-launch or host-sync figure")
    nodes = graph(shape)
    cut = next(i for i, n in enumerate(nodes) if n.branch)
    useful = total([n.cost for n in nodes], "graph")
    rate = device.peak(shape.precision).ops_per_s
    bw = device.mem_bw_bytes_per_s
    surgery = Surgery(surgery)
    if surgery.removes_break:
        # Both arms run inside the graph: the untaken arm and a select (mask) or a predicate kernel (cond).
        extra = [nodes[cut + 1].cost, nodes[cut].cost] if surgery is Surgery.MASK else [nodes[cut].cost]
        work = total([useful, *extra], "graph")
        segments = [len(nodes) + len(extra)]
        eager, syncs = 0, 0
    else:
        work = useful
        segments = [cut, len(nodes) - cut - 2]  # the branch and its arm run eagerly between them
        eager, syncs = 2, 1 + (surgery is Surgery.ITEM)
    kernels = sum(fused_kernel_count(n, COMPILED_FUSION_FRACTION) for n in segments) + eager
    return Execution(
        segments=len(segments), kernels=kernels, syncs=syncs, compute_s=work.flops / rate,
        memory_s=work.bytes_moved / bw, launch_s=kernels * device.kernel_launch_s,
        sync_s=syncs * device.host_sync_s,
        useful_flops=useful.flops, peak_ops_per_s=rate,
    )


def mfu_gain(shape: GraphShape, device: HardwareSpec, surgery: Surgery) -> float:
    """MFU after ``surgery`` over MFU before it (dimensionless)."""
    return execute(shape, device, surgery).mfu / execute(shape, device).mfu
