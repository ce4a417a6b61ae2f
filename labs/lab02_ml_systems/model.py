"""Lab 02's numbers: the term audit, the Amdahl wall and the batch/precision trade-off, as pure functions of
pycore and the track (no Panel)."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import duration, percent, si, sig, time_scale, times

P = pc.Precision
AUDIT_PRECISION = P.INT8  # every part-1 device has a dense INT8 peak, so the comparison is like for like
AUDIT_DEVICES = {"Tiny: ESP32-S3": "esp32_s3", "Mobile: A17 Pro NPU": "a17_npu",
                 "Edge: Jetson Orin NX": "orin_nx", "Cloud: H100": "h100"}
BATCHES = list(pc.efficiency.BATCHES)
SCALES = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0]
SPEEDUPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
TAXES_S = [10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 2e-3, 5e-3, 10e-3, 20e-3]
FUSION_LEVELS = [0.0, 0.25, 0.5, 0.75, 0.9]
HEAT_P = [0.5, 0.75, 0.9, 0.95, 0.99, 0.999]
HEAT_S = [1, 10, 100, 1000, 10000]
MFU_TARGET = 0.4
LOCK_TAX_S, LOCK_TARGET_S, LOCK_S = 5e-3, 4e-3, 1e6
TERM_NAMES = ["Memory D/BW", "Compute O/R", "Overhead L"]



def audit_ratios() -> dict[str, float]:
    """How many times each Iron Law term shrinks from the ESP32-S3 to the H100, at the audit precision."""
    tiny, cloud = pc.ESP32_S3, pc.H100_SXM5
    return {
        "memory": cloud.mem_bw_bytes_per_s / tiny.mem_bw_bytes_per_s,
        "compute": cloud.peak(AUDIT_PRECISION).ops_per_s / tiny.peak(AUDIT_PRECISION).ops_per_s,
        "overhead": tiny.dispatch_overhead_s / cloud.dispatch_overhead_s,
    }


def audit(track: str, device: pc.HardwareSpec = pc.H100_SXM5) -> pc.IronLawTerms:
    """The track's model at batch 1 and the audit precision on ``device``."""
    return pc.iron_law_for(pc.track(track).workload, device, precision=AUDIT_PRECISION)


def latency_gain(track: str) -> float:
    """How many times faster the track's model runs on the H100 than on the ESP32-S3 (batch 1)."""
    return audit(track, pc.ESP32_S3).total_s / audit(track).total_s


def amdahl_latency(track: str, s: float, tax_s: float = LOCK_TAX_S, fusion: float = 0.0) -> float:
    """The track's pipeline with ``tax_s`` of serial overhead (less ``fusion``) and the rest sped up ``s`` times."""
    base = pc.track(track).baseline_s
    serial = min(tax_s * (1 - fusion), base)
    return pc.amdahl.latency_s(serial_s=serial, parallel_s=base - serial, s=s)


def default_speedup(track: str) -> int:
    """Part 2 opens on the fastest accelerator that still misses the track's target: the wall bites first."""
    target = pc.track(track).target_latency_s
    missing = [s for s in SPEEDUPS if amdahl_latency(track, s) > target]
    return max(missing, default=SPEEDUPS[0])


def waterfall_values(terms: pc.IronLawTerms) -> tuple[list[float], list[str], str]:
    """The three terms in one display unit, their labels and the axis label."""
    scale, unit = time_scale(terms.total_s)
    values = [terms.memory_s * scale, terms.compute_s * scale, terms.overhead_s * scale]
    labels = [f"{n.split()[0]} {si(v, 's')}" for n, v in zip(TERM_NAMES, (terms.memory_s, terms.compute_s,
                                                                          terms.overhead_s))]
    return values, labels, f"latency of one batch ({unit})"


def best_point(track: str) -> pc.efficiency.OperatingPoint:
    """The most samples per second the track's device serves within its SLA (requests arriving as they do)."""
    t = pc.track(track)
    best = pc.efficiency.best_operating_point(t.workload, t.device, sla_s=t.target_latency_s,
                                              arrival_interval_s=t.arrival_interval_s)
    if best is None:
        raise ValueError(f"track: no batch and precision meet {t.persona}'s SLA")
    return best


def lowest_precision(device: pc.HardwareSpec, track: str) -> P:
    """The narrowest precision at which the track's model fits on ``device`` at batch 1."""
    w = pc.track(track).workload
    return next(p for p in pc.efficiency.dense_precisions(device)
                if pc.fits_in_memory(w.footprint(1, precision=p), device.mem_capacity_bytes))


def throughput_answer(track: str) -> str:
    """Which part 3 option is right on ``track``: batch 1 when waiting to fill a batch breaks the SLA, else
    the largest batch the SLA and memory allow; at the lowest precision either way."""
    t, best = pc.track(track), best_point(track)
    if best.precision is not lowest_precision(t.device, track):
        raise ValueError(f"track: {t.persona}'s best point is not at its lowest precision")
    return "batch1" if best.batch == 1 else "grow"


def what_stops_the_batch(track: str) -> str:
    """Why the batch can grow no further than the best point's, in words."""
    t, best = pc.track(track), best_point(track)
    nxt = next((b for b in BATCHES if b > best.batch), None)
    if nxt is None:
        return f"batch {best.batch} is the largest the lab offers"
    pt = pc.efficiency.operating_point(t.workload, t.device, batch=nxt, precision=best.precision,
                                       sla_s=t.target_latency_s, arrival_interval_s=t.arrival_interval_s)
    if not pt.fits:
        return (f"batch {nxt} does not fit: it needs {si(t.workload.footprint(nxt, precision=best.precision), 'B')} "
                f"of the {t.device.name}'s {si(t.device.mem_capacity_bytes, 'B')}")
    wait = f", {duration(pt.wait_s)} of it waiting for requests to arrive" if pt.wait_s else ""
    return f"batch {nxt} takes {duration(pt.latency_s)}{wait}, past the {duration(t.target_latency_s)} SLA"


CFO_WORDS = {"misses": "misses the SLA", "tax": "pays a low-utilisation tax", "agree": "holds up"}


def cfo_point(track: str) -> tuple[pc.HardwareSpec, pc.efficiency.OperatingPoint]:
    """The CFO's plan: the lowest-power device that holds the model at INT8, run at batch 1."""
    t = pc.track(track)
    fitting = [d for d in pc.DEVICES.values()
               if P.INT8 in pc.efficiency.dense_precisions(d)
               and pc.fits_in_memory(t.workload.footprint(1, precision=P.INT8), d.mem_capacity_bytes)]
    cheapest = min(fitting, key=lambda d: d.tdp_W)
    return cheapest, pc.efficiency.operating_point(t.workload, cheapest, batch=1, precision=P.INT8,
                                                   sla_s=t.target_latency_s)


def cfo_verdict(track: str) -> str:
    """Which CFO reflection option is right on ``track``."""
    _device, pt = cfo_point(track)
    if not pt.meets_sla:
        return "misses"
    return "tax" if pt.mfu < MFU_TARGET else "agree"




def where_it_went(track: str) -> str:
    """Part 1's reflection, answered for the track: where the peak-compute gain went."""
    ratios, terms = audit_ratios(), audit(track)
    named = {pc.Term.MEMORY: "moving data", pc.Term.OVERHEAD: "the fixed overhead L", pc.Term.COMPUTE: "arithmetic"}
    return (f"Yes. Once compute is nearly free, latency is the sum of what did not shrink as much: bandwidth "
            f"({times(ratios['memory'])}) and dispatch overhead ({times(ratios['overhead'])}). For your "
            f"{pc.track(track).workload.name} on the H100, {percent(1 - terms.share(pc.Term.COMPUTE))} of the "
            f"time is memory and overhead, most of it {named[terms.binding]}. The slowest-shrinking terms bind: "
            "the Bottleneck Principle.")


def audit_reveal() -> str:
    ratios = audit_ratios()
    return (f"**Computed, {pc.ESP32_S3.name} → {pc.H100_SXM5.name} at {AUDIT_PRECISION.name}:** memory term ÷ "
            f"**{times(ratios['memory'])}**, compute term ÷ **{times(ratios['compute'])}**, overhead ÷ "
            f"**{times(ratios['overhead'])}**. Compute shrinks most; overhead least.")


def ceiling_verdict(track: str) -> str:
    """Part 2's reflection, answered for the track: how far a faster accelerator can go."""
    t = pc.track(track)
    serial = min(LOCK_TAX_S, t.baseline_s)
    p = (t.baseline_s - serial) / t.baseline_s
    needed = t.baseline_s / t.target_latency_s
    ceiling = pc.amdahl.ceiling(p)
    first = next((s for s in SPEEDUPS if amdahl_latency(track, s) <= t.target_latency_s), None)
    reach = (f"a {first:,}× accelerator gets there, and past it each doubling buys less" if first else
             "no accelerator on the heatmap gets there: cut the serial part first")
    return (f"Yes. Along any row of the heatmap the speedup flattens at 1/(1−p); a faster GPU moves you right "
            f"along a flat row, and fusion or a leaner runtime moves you up a row. On your track, with "
            f"{duration(serial)} of serial tax, p = {p:.4f}: the ceiling is {times(ceiling)} and your target "
            f"needs {times(needed)}, so {reach}.")


def floor_s() -> float:
    """The lock's floor: the serial tax with the parallel part made to vanish."""
    return pc.amdahl.latency_s(serial_s=LOCK_TAX_S, parallel_s=0.0, s=LOCK_S)


def grow_feedback(track: str) -> str:
    best = best_point(track)
    if best.batch == 1:
        every = duration(pc.track(track).arrival_interval_s)
        return (f"Not on this track: your requests arrive one every {every}, so a batch must wait for them; "
                f"{what_stops_the_batch(track)}.")
    return (f"Yes. Batching reads each weight once for many samples and low precision halves the bytes: batch "
            f"{best.batch} at {best.precision.name} serves {sig(best.throughput_per_s)} samples/s. It stops "
            f"there because {what_stops_the_batch(track)}.")


def batch1_feedback(track: str) -> str:
    t, best = pc.track(track), best_point(track)
    if best.batch == 1:
        return (f"Yes. Requests reach you one every {duration(t.arrival_interval_s)}: a batch of two would wait for "
                f"the second, and {what_stops_the_batch(track)}. Batch 1 at {best.precision.name} takes "
                f"{duration(best.latency_s)}.")
    one = pc.efficiency.operating_point(t.workload, t.device, batch=1, precision=best.precision,
                                        sla_s=t.target_latency_s)
    return (f"Batch 1 is fastest per request, but it serves {sig(one.throughput_per_s)} samples/s where batch "
            f"{best.batch} serves {sig(best.throughput_per_s)} within the same SLA.")


def biggest_feedback(track: str) -> str:
    t = pc.track(track)
    prec = lowest_precision(t.device, track)
    fits = max((b for b in BATCHES if pc.fits_in_memory(t.workload.footprint(b, precision=prec),
                                                        t.device.mem_capacity_bytes)), default=None)
    if fits is None:
        return "Nothing fits at all at this precision."
    pt = pc.efficiency.operating_point(t.workload, t.device, batch=fits, precision=prec, sla_s=t.target_latency_s,
                                       arrival_interval_s=t.arrival_interval_s)
    if pt.meets_sla:
        return (f"On your track memory does bind first: batch {fits} is the largest that fits, and it meets "
                "the SLA. But the question asks for the SLA too, and on another track latency stops you long "
                "before memory does.")
    return (f"The largest batch that fits, {fits}, takes {duration(pt.latency_s)} against a "
            f"{duration(t.target_latency_s)} SLA: latency binds long before memory fills.")


def cfo_numbers(track: str) -> str:
    cheapest, pt = cfo_point(track)
    return (f"The {cheapest.name} at batch 1 takes {duration(pt.latency_s)} per request against a "
            f"{duration(pc.track(track).target_latency_s)} SLA, at {percent(pt.mfu)} MFU.")


def best_text(track: str) -> str:
    """Part 3's reveal: the setting that serves the most within the SLA, and what MFU says about it."""
    t, best = pc.track(track), best_point(track)
    points = [pt for pt in pc.efficiency.operating_points(t.workload, t.device, sla_s=t.target_latency_s,
                                                          arrival_interval_s=t.arrival_interval_s) if pt.feasible]
    top = max(points, key=lambda pt: pt.mfu)
    text = (f"**Computed for {t.persona} on the {t.device.name}:** batch **{best.batch}** at "
            f"**{best.precision.name}** serves the most: {sig(best.throughput_per_s)} samples/s, "
            f"{duration(best.latency_s)} per request, MFU {percent(best.mfu)}. Past it, {what_stops_the_batch(track)}.")
    if best.mfu >= MFU_TARGET:
        return text + f" That also clears the {percent(MFU_TARGET)} MFU target."
    if top.mfu >= MFU_TARGET:
        return text + (f" Only {top.precision.name} at batch {top.batch} shows {percent(top.mfu)} MFU, because "
                       f"MFU is measured against each precision's own peak and {top.precision.name}'s is lower: "
                       f"it serves {sig(top.throughput_per_s)} samples/s, fewer. Throughput is what you buy.")
    return text + (f" No setting within the SLA reaches {percent(MFU_TARGET)} MFU on this track (the best is "
                   f"{percent(top.mfu)}): the right decision is the fastest setting that meets the SLA, and to "
                   "know that the chip's peak is out of this workload's reach.")
