"""Model FLOPs Utilisation (MFU), and choosing batch size and precision under a latency SLA."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import _checks
from .hardware import HardwareSpec, Precision
from .ironlaw import fits_in_memory, iron_law_for
from .workloads import Workload

BATCHES = (1, 2, 4, 8, 16, 32, 64, 128, 256)


def mfu(*, flops: float, seconds: float, peak_ops_per_s: float) -> float:
    """Achieved rate over peak: flops / seconds / peak (0..1). More than 1 means inconsistent inputs."""
    _checks.non_negative("flops", flops)
    _checks.positive("seconds", seconds)
    _checks.positive("peak_ops_per_s", peak_ops_per_s)
    value = flops / seconds / peak_ops_per_s
    if value > 1 + 1e-9:
        raise ValueError(f"flops: {flops} in {seconds} s exceeds the peak rate; MFU would be {value:.2f}")
    return value


@dataclass(frozen=True, kw_only=True)
class OperatingPoint:
    """One (batch, precision) choice for a workload on a device.

    ``latency_s`` is what the first request of a batch waits: for the batch to fill (one more
    request every ``wait_s / (batch - 1)``), then for the batch to run (Iron Law). A single
    camera or microphone hands over one frame at a time, so a batch of frames costs the wait.
    """

    batch: int
    precision: Precision
    latency_s: float  # wait for the batch to fill, then run it
    wait_s: float  # the part of the latency spent collecting the batch
    throughput_per_s: float  # samples per second the device can process (compute-side)
    mfu: float
    fits: bool
    meets_sla: bool

    @property
    def run_s(self) -> float:
        """Time to run one batch (Iron Law), in seconds."""
        return self.latency_s - self.wait_s

    @property
    def feasible(self) -> bool:
        return self.fits and self.meets_sla


def operating_point(workload: Workload, device: HardwareSpec, *, batch: int, precision: Precision,
                    sla_s: float, arrival_interval_s: float = 0.0) -> OperatingPoint:
    """Latency, throughput and MFU of one batch at ``precision`` (dense peak) against ``sla_s`` seconds,
    with requests arriving every ``arrival_interval_s`` seconds (0: a queue that is never empty)."""
    _checks.positive("sla_s", sla_s)
    _checks.non_negative("arrival_interval_s", arrival_interval_s)
    terms = iron_law_for(workload, device, batch=batch, precision=precision)
    peak = device.peak(precision).ops_per_s
    wait = (batch - 1) * arrival_interval_s
    return OperatingPoint(
        batch=batch, precision=precision, latency_s=wait + terms.total_s, wait_s=wait,
        throughput_per_s=batch / terms.total_s,
        mfu=mfu(flops=workload.flops(batch), seconds=terms.total_s, peak_ops_per_s=peak),
        fits=fits_in_memory(workload.footprint(batch, precision=precision), device.mem_capacity_bytes),
        meets_sla=wait + terms.total_s <= sla_s,
    )


def dense_precisions(device: HardwareSpec) -> list[Precision]:
    """The precisions at which ``device`` has a dense peak."""
    return sorted({r.precision for r in device.peaks if not r.sparse}, key=lambda p: p.bytes_per_element)


def operating_points(workload: Workload, device: HardwareSpec, *, sla_s: float,
                     batches: Sequence[int] = BATCHES, precisions: Sequence[Precision] | None = None,
                     arrival_interval_s: float = 0.0) -> list[OperatingPoint]:
    """Every (batch, precision) combination, for a trade-off table."""
    chosen = dense_precisions(device) if precisions is None else list(precisions)
    return [operating_point(workload, device, batch=b, precision=p, sla_s=sla_s,
                            arrival_interval_s=arrival_interval_s) for p in chosen for b in batches]


def best_operating_point(workload: Workload, device: HardwareSpec, *, sla_s: float, min_mfu: float = 0.0,
                         batches: Sequence[int] = BATCHES, arrival_interval_s: float = 0.0) -> OperatingPoint | None:
    """The highest-throughput point that fits, meets the SLA and reaches ``min_mfu``; None if there is none.

    MFU is measured against the peak at each point's own precision, so a slow precision
    can show a high MFU; throughput is what the deployment buys.
    """
    _checks.in_range("min_mfu", min_mfu, 0.0, 1.0)
    feasible = [pt for pt in operating_points(workload, device, sla_s=sla_s, batches=batches,
                                              arrival_interval_s=arrival_interval_s)
                if pt.feasible and pt.mfu >= min_mfu]
    return max(feasible, key=lambda pt: (pt.throughput_per_s, pt.mfu), default=None)


def largest_feasible_batch(workload: Workload, device: HardwareSpec, *, precision: Precision, sla_s: float,
                           batches: Sequence[int] = BATCHES, arrival_interval_s: float = 0.0) -> int | None:
    """The largest batch in ``batches`` that fits and meets the SLA at ``precision``; None if none does."""
    ok = [b for b in batches if operating_point(workload, device, batch=b, precision=precision, sla_s=sla_s,
                                                arrival_interval_s=arrival_interval_s).feasible]
    return max(ok, default=None)
