"""The Iron Law of ML systems performance.

    T = D / BW  +  O / (R * eta)  +  L

D is data moved (bytes), BW memory bandwidth (bytes/s), O operations (FLOP or OP),
R the peak rate (ops/s), eta the achieved fraction of peak, and L the fixed
overhead of one inference call (s): the framework's dispatch and the kernel launches
it makes, paid once per batch. (``dispatch.py`` splits L into per-kernel launches.)
D and R are always taken at the same precision. Every time here is in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from . import _checks
from .hardware import HardwareSpec, Precision
from .workloads import Workload


class Term(str, Enum):
    """One term of the Iron Law."""

    MEMORY = "memory"
    COMPUTE = "compute"
    OVERHEAD = "overhead"


class Bottleneck(str, Enum):
    """What limits a workload on a device: a binding term, or memory capacity (OOM)."""

    MEMORY = "memory"
    COMPUTE = "compute"
    OVERHEAD = "overhead"
    OOM = "oom"


@dataclass(frozen=True, kw_only=True)
class IronLawTerms:
    """The three terms of one Iron Law evaluation, in seconds."""

    memory_s: float
    compute_s: float
    overhead_s: float

    @property
    def total_s(self) -> float:
        """Latency T, in seconds: the terms add because they are assumed not to overlap."""
        return self.memory_s + self.compute_s + self.overhead_s

    def seconds(self, term: Term) -> float:
        return {Term.MEMORY: self.memory_s, Term.COMPUTE: self.compute_s, Term.OVERHEAD: self.overhead_s}[term]

    @property
    def binding(self) -> Term:
        """The largest term: the one worth attacking first."""
        return max(Term, key=self.seconds)

    def share(self, term: Term) -> float:
        """The fraction of total latency spent in ``term`` (0..1)."""
        return self.seconds(term) / self.total_s

    @property
    def memory_to_compute(self) -> float:
        """How many times longer the memory term is than the compute term (dimensionless)."""
        return self.memory_s / self.compute_s


def iron_law(
    *,
    data_bytes: float,
    mem_bw_bytes_per_s: float,
    ops: float,
    peak_ops_per_s: float,
    overhead_s: float,
    efficiency: float = 1.0,
) -> IronLawTerms:
    """Evaluate T = D/BW + O/(R*eta) + L term by term.

    Args:
        data_bytes: D, bytes moved to or from memory.
        mem_bw_bytes_per_s: BW, memory bandwidth in bytes/s.
        ops: O, operations (FLOP or integer OP).
        peak_ops_per_s: R, peak rate in ops/s at the workload's precision.
        overhead_s: L, fixed overhead in seconds.
        efficiency: eta, the achieved fraction of peak, in (0, 1].
    """
    _checks.non_negative("data_bytes", data_bytes)
    _checks.positive("mem_bw_bytes_per_s", mem_bw_bytes_per_s)
    _checks.non_negative("ops", ops)
    _checks.positive("peak_ops_per_s", peak_ops_per_s)
    _checks.non_negative("overhead_s", overhead_s)
    _checks.fraction("efficiency", efficiency)
    return IronLawTerms(
        memory_s=data_bytes / mem_bw_bytes_per_s,
        compute_s=ops / (peak_ops_per_s * efficiency),
        overhead_s=overhead_s,
    )


def iron_law_for(
    workload: Workload,
    device: HardwareSpec,
    *,
    precision: Precision,
    batch: int = 1,
    sparse: bool = False,
    efficiency: float = 1.0,
    overhead_s: float | None = None,
) -> IronLawTerms:
    """The Iron Law terms of one batch of ``workload`` on ``device``, all at one ``precision``.

    The bytes D and the peak rate R both come from ``precision`` (there is no default: a
    device's headline peak and a model's native bytes are often at different precisions,
    and mixing them is the error this signature rules out). Weights are read once per
    batch and activations once per sample (batch amortisation), and the overhead L is paid
    once per batch: L is the fixed cost of one inference call (the framework's dispatch and
    the launches it makes), not of one kernel. ``overhead_s`` replaces the device's L (0
    models a zero-latency path). Raises ValueError naming ``device`` if it has no peak at
    ``precision`` or no dispatch-overhead figure and none is given.
    """
    if overhead_s is None and device.dispatch_overhead_s is None:
        raise ValueError(f"device: {device.name} has no dispatch-overhead figure for the Iron Law")
    rate = device.peak(Precision(precision), sparse=sparse)
    return iron_law(
        data_bytes=workload.data_bytes(batch, precision=rate.precision),
        mem_bw_bytes_per_s=device.mem_bw_bytes_per_s,
        ops=workload.flops(batch),
        peak_ops_per_s=rate.ops_per_s,
        overhead_s=device.dispatch_overhead_s if overhead_s is None else overhead_s,
        efficiency=efficiency,
    )


def fits_in_memory(footprint_bytes: float, capacity_bytes: float) -> bool:
    """True if ``footprint_bytes`` fits in ``capacity_bytes`` (both in bytes)."""
    _checks.positive("footprint_bytes", footprint_bytes)
    _checks.positive("capacity_bytes", capacity_bytes)
    return footprint_bytes <= capacity_bytes


def oversubscription(footprint_bytes: float, capacity_bytes: float) -> float:
    """How many times the footprint exceeds capacity (dimensionless; < 1 means it fits)."""
    _checks.positive("footprint_bytes", footprint_bytes)
    _checks.positive("capacity_bytes", capacity_bytes)
    return footprint_bytes / capacity_bytes


def bottleneck(workload: Workload, device: HardwareSpec, *, precision: Precision, batch: int = 1) -> Bottleneck:
    """OOM if the batch cannot be resident on the device at ``precision``, else the binding Iron Law term."""
    if not fits_in_memory(workload.footprint(batch, precision=precision), device.mem_capacity_bytes):
        return Bottleneck.OOM
    return Bottleneck(iron_law_for(workload, device, batch=batch, precision=precision).binding.value)
