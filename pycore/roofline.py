"""The roofline: attainable throughput from arithmetic intensity, and where a layer flips regime.

    attainable = min(R, AI x BW)

with R the peak rate (ops/s), AI the arithmetic intensity (ops/byte) and BW the memory
bandwidth (bytes/s). The ridge point R / BW is the intensity at which the two meet.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from . import _checks
from .hardware import HardwareSpec, Precision


class Regime(str, Enum):
    """Which roof limits a kernel."""

    MEMORY = "memory-bound"
    COMPUTE = "compute-bound"


def ridge_point(peak_ops_per_s: float, mem_bw_bytes_per_s: float) -> float:
    """Intensity at which compute and memory time are equal, in ops/byte."""
    return _checks.positive("peak_ops_per_s", peak_ops_per_s) / _checks.positive(
        "mem_bw_bytes_per_s", mem_bw_bytes_per_s
    )


def attainable(intensity: float, peak_ops_per_s: float, mem_bw_bytes_per_s: float) -> float:
    """Attainable rate min(R, AI x BW), in ops/s, for an intensity in ops/byte."""
    _checks.positive("intensity", intensity)
    return min(_checks.positive("peak_ops_per_s", peak_ops_per_s),
               intensity * _checks.positive("mem_bw_bytes_per_s", mem_bw_bytes_per_s))


def regime(intensity: float, peak_ops_per_s: float, mem_bw_bytes_per_s: float) -> Regime:
    """Memory-bound below the ridge point, compute-bound at or above it."""
    _checks.positive("intensity", intensity)
    return Regime.MEMORY if intensity < ridge_point(peak_ops_per_s, mem_bw_bytes_per_s) else Regime.COMPUTE


@dataclass(frozen=True, kw_only=True)
class RooflinePoint:
    """One kernel placed on one device's roofline."""

    intensity: float  # ops/byte
    attainable_ops_per_s: float
    peak_ops_per_s: float
    ridge: float  # ops/byte
    regime: Regime

    @property
    def fraction_of_peak(self) -> float:
        """Attainable rate as a fraction of peak (0..1)."""
        return self.attainable_ops_per_s / self.peak_ops_per_s


def place(intensity: float, device: HardwareSpec, precision: Precision | None = None, *,
          sparse: bool = False) -> RooflinePoint:
    """Place a kernel of ``intensity`` (ops/byte) on ``device``'s roofline at ``precision`` (default: headline)."""
    rate = device.headline if precision is None else device.peak(precision, sparse=sparse)
    bw = device.mem_bw_bytes_per_s
    return RooflinePoint(
        intensity=intensity,
        attainable_ops_per_s=attainable(intensity, rate.ops_per_s, bw),
        peak_ops_per_s=rate.ops_per_s,
        ridge=ridge_point(rate.ops_per_s, bw),
        regime=regime(intensity, rate.ops_per_s, bw),
    )


def curve(peak_ops_per_s: float, mem_bw_bytes_per_s: float, *, lo: float = 0.01, hi: float = 1e4,
          points: int = 64) -> list[tuple[float, float]]:
    """(intensity, attainable) pairs, log-spaced from ``lo`` to ``hi`` ops/byte, for drawing the roof."""
    _checks.positive("lo", lo)
    _checks.positive("hi", hi)
    _checks.count("points", points, minimum=2)
    if hi <= lo:
        raise ValueError(f"hi: expected hi > lo={lo}, got {hi}")
    step = (math.log10(hi) - math.log10(lo)) / (points - 1)
    xs = [10 ** (math.log10(lo) + i * step) for i in range(points)]
    return [(x, attainable(x, peak_ops_per_s, mem_bw_bytes_per_s)) for x in xs]


def crossover(intensity_at: Callable[[int], float], ridge: float, *, lo: int = 1, hi: int = 1 << 20) -> int | None:
    """The smallest n in [lo, hi] with intensity_at(n) >= ridge, or None if there is none.

    ``intensity_at`` must be non-decreasing in n (intensity against batch size, sequence
    length or resolution); the search is a bisection, so it costs about log2(hi) calls.
    """
    _checks.positive("ridge", ridge)
    _checks.count("lo", lo)
    _checks.count("hi", hi, minimum=lo)
    if intensity_at(hi) < ridge:
        return None
    if intensity_at(lo) >= ridge:
        return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if intensity_at(mid) >= ridge:
            hi = mid
        else:
            lo = mid
    return hi
