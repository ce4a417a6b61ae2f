"""Kernel fusion of element-wise chains: HBM traffic, intensity and wall-clock time.

n element-wise ops run unfused read and write the tensor once each: 2n passes over
HBM. Fused into one kernel they read it once and write it once: 2 passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import _checks
from .dispatch import KERNEL_LAUNCH_S
from .hardware import Precision
from .layers import LayerCost, elementwise_chain
from .sources import assumption

# FLOP per element of each op, counted by hand: LayerNorm is mean (1), variance (3),
# normalise (2), scale and shift (2); Dropout a compare and a multiply; ReLU a max.
LAYERNORM_DROPOUT_RELU: tuple[tuple[str, float], ...] = (("LayerNorm", 8.0), ("Dropout", 2.0), ("ReLU", 1.0))
OP_FLOPS_SOURCE = assumption("Course count of element-wise FLOP",
                             "one FLOP per add, multiply, compare or max; exp and rsqrt count as one")


@dataclass(frozen=True, kw_only=True)
class FusionResult:
    """An element-wise chain before and after fusion, with times in seconds."""

    unfused: LayerCost
    fused: LayerCost
    unfused_s: float
    fused_s: float

    @property
    def traffic_ratio(self) -> float:
        """How many times less HBM traffic the fused kernel moves."""
        return self.unfused.bytes_moved / self.fused.bytes_moved

    @property
    def intensity_gain(self) -> float:
        """Fused intensity over unfused intensity (the work is the same, so equal to the traffic ratio)."""
        return self.fused.intensity / self.unfused.intensity

    @property
    def speedup(self) -> float:
        """Unfused wall-clock time over fused."""
        return self.unfused_s / self.fused_s

    @property
    def launches_removed(self) -> int:
        return self.unfused.kernels - self.fused.kernels


def chain_time_s(cost: LayerCost, *, mem_bw_bytes_per_s: float, peak_ops_per_s: float,
                 launch_s: float = KERNEL_LAUNCH_S) -> float:
    """Wall time of a chain: launches, then each kernel's memory and arithmetic (not overlapped), in seconds."""
    _checks.positive("mem_bw_bytes_per_s", mem_bw_bytes_per_s)
    _checks.positive("peak_ops_per_s", peak_ops_per_s)
    _checks.non_negative("launch_s", launch_s)
    return cost.kernels * launch_s + cost.bytes_moved / mem_bw_bytes_per_s + cost.flops / peak_ops_per_s


def fuse(*, elements: int, ops: Sequence[tuple[str, float]] = LAYERNORM_DROPOUT_RELU,
         precision: Precision = Precision.FP16, mem_bw_bytes_per_s: float, peak_ops_per_s: float,
         launch_s: float = KERNEL_LAUNCH_S) -> FusionResult:
    """Compare running ``ops`` over ``elements`` values as separate kernels and as one fused kernel."""
    flops = [f for _, f in ops]
    names = " + ".join(n for n, _ in ops)
    unfused = elementwise_chain(elements=elements, flops_per_element=flops, precision=precision, fused=False,
                                name=f"{names} (unfused)")
    fused = elementwise_chain(elements=elements, flops_per_element=flops, precision=precision, fused=True,
                              name=f"{names} (fused)")
    timing = dict(mem_bw_bytes_per_s=mem_bw_bytes_per_s, peak_ops_per_s=peak_ops_per_s, launch_s=launch_s)
    return FusionResult(unfused=unfused, fused=fused, unfused_s=chain_time_s(unfused, **timing),
                        fused_s=chain_time_s(fused, **timing))
