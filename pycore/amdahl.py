"""Amdahl's law: accelerating a fraction p of the work by S.

    speedup = 1 / ((1 - p) + p / S),   ceiling = 1 / (1 - p)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from . import _checks


def _fraction(p: float) -> float:
    return _checks.in_range("p", p, 0.0, 1.0)


def speedup(p: float, s: float) -> float:
    """Overall speedup when a fraction ``p`` (0..1) of the time is made ``s`` times faster (s > 0)."""
    _fraction(p)
    _checks.positive("s", s)
    return 1 / ((1 - p) + p / s)


def ceiling(p: float) -> float:
    """The speedup limit as S grows without bound: 1 / (1 - p); infinite when p = 1."""
    _fraction(p)
    return math.inf if p == 1 else 1 / (1 - p)


def latency_s(*, serial_s: float, parallel_s: float, s: float) -> float:
    """Time after the parallel part runs ``s`` times faster: serial + parallel / s, in seconds."""
    _checks.non_negative("serial_s", serial_s)
    _checks.non_negative("parallel_s", parallel_s)
    _checks.positive("s", s)
    return serial_s + parallel_s / s


def critical_fraction(*, baseline_s: float, target_s: float, s: float) -> float | None:
    """The smallest parallel fraction p that brings ``baseline_s`` down to ``target_s`` with speedup ``s``.

    Solves target = baseline x ((1 - p) + p / s) for p. Returns None when no p <= 1
    reaches the target (the serial part alone is too slow, or s <= 1).
    """
    _checks.positive("baseline_s", baseline_s)
    _checks.positive("target_s", target_s)
    _checks.positive("s", s)
    if target_s >= baseline_s:
        return 0.0
    if s <= 1:
        return None
    p = (1 - target_s / baseline_s) / (1 - 1 / s)
    return p if p <= 1 else None


def grid(ps: Sequence[float], ss: Sequence[float]) -> list[list[float]]:
    """Speedup for every (p, S): rows follow ``ps``, columns follow ``ss`` (for a heatmap)."""
    if not ps or not ss:
        raise ValueError("ps: expected at least one p and one S")
    return [[speedup(p, s) for s in ss] for p in ps]
