"""The book's appendix, generated from pycore: models, every constant with its source, and the claims.

The appendix page prints ``appendix_markdown()`` at render time, so the book cannot
drift from the code. Pure functions returning Markdown; no Panel.
"""

from __future__ import annotations

from collections.abc import Iterable

import pycore as pc
from pycore.claims import CLAIMS, Status
from pycore.sources import Source, SourceKind

from .format import si, sig

MODELS = (
    ("Iron Law", "$T = D/BW + O/(R\\,\\eta) + L$", "pycore.ironlaw",
     "memory, compute and overhead terms; the binding term; batch amortisation (weights once per batch); OOM"),
    ("Roofline", "$\\text{attainable} = \\min(R, AI \\times BW)$, ridge $= R / BW$", "pycore.roofline",
     "regime, and the crossover batch or length at which a layer turns compute-bound"),
    ("Arithmetic intensity", "$AI_{GEMM} = \\dfrac{2MNK}{(MK + KN + MN)\\,b}$", "pycore.layers",
     "GEMM, linear, FFN, conv, depthwise and separable conv, attention (naive, tiled, decode), element-wise chains"),
    ("Dispatch tax", "$T = N(t_c + t_{launch})$ (host waits) or $N \\max(t_c, t_{launch})$ (launches queued), "
     "utilisation $= N t_c / T$", "pycore.dispatch", "eager against compiled (fusion removes kernels) and faster GPUs"),
    ("Fusion", "$n$ element-wise ops: $2n$ tensor passes unfused, 2 fused", "pycore.fusion",
     "traffic, intensity and wall-clock time including launches"),
    ("Compilation break-even", "$N = t_{compile} / (1/thr_{eager} - 1/thr_{compiled})$", "pycore.compilation",
     "break-even, return over a deployment, the day it turns positive"),
    ("Amdahl", "$S(p) = 1 / ((1 - p) + p/S)$, ceiling $1/(1-p)$", "pycore.amdahl",
     "critical parallel fraction for a target, speedup grid"),
    ("MFU", "$MFU = O / (T \\cdot R)$", "pycore.efficiency", "batch and precision against a latency SLA"),
    ("Energy", "$E = O \\cdot e_{op} + D \\cdot e_{byte}$, $P = E / \\max(T, T^*)$", "pycore.energy",
     "Horowitz pJ per op by precision and per byte by memory level; power against TDP"),
)


def cite(source: Source) -> str:
    """One source as Markdown: a link for data sheets and papers, the note for derivations and assumptions."""
    if source.kind in (SourceKind.DATASHEET, SourceKind.PAPER):
        text = f"[{source.citation}]({source.url}) (read {source.accessed})"
        return f"{text}: {source.note}" if source.note else text
    return f"*{source.kind.value}*: {source.note}"


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    cells = [list(header), *([str(c).replace("|", "\\|").replace("\n", " ") for c in row] for row in rows)]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def models_markdown() -> str:
    return _table(("Model", "Law", "Module", "What it gives"), ((n, law, f"`{m}`", what) for n, law, m, what in MODELS))


def hardware_markdown() -> str:
    parts = []
    for d in pc.DEVICES.values():
        rows = [(f"Peak, {r.label}", si(r.ops_per_s, r.unit), cite(r.source)) for r in d.peaks]
        rows += [
            (f"Memory bandwidth ({d.bandwidth_kind})", si(d.mem_bw_bytes_per_s, "B/s"),
             cite(d.sources["mem_bw_bytes_per_s"])),
            (f"Memory capacity ({d.memory_kind})", si(d.mem_capacity_bytes, "B"),
             cite(d.sources["mem_capacity_bytes"])),
            ("Power (TDP)", si(d.tdp_W, "W"), cite(d.sources["tdp_W"])),
        ]
        for name, label in (("dispatch_overhead_s", "Overhead L of one inference call"),
                            ("kernel_launch_s", "One more kernel launched on its own"),
                            ("host_sync_s", "One host round trip (a graph break)")):
            if getattr(d, name) is not None:
                rows.append((label, si(getattr(d, name), "s"), cite(d.sources[name])))
        parts.append(f"### {d.name} (`{d.key}`, {d.tier.label})\n\n" + _table(("Constant", "Value", "Source"), rows))
    return "\n\n".join(parts)


def workloads_markdown() -> str:
    rows = []
    for w in pc.WORKLOADS.values():
        p = w.precision
        rows.append((w.name, p.name, si(w.flops_per_inference, "FLOP"), si(w.bytes_moved_per_inference, "B"),
                     si(w.activation_bytes_per_sample, "B"), sig(w.param_count), si(w.footprint_bytes, "B"),
                     si(w.live_bytes_per_sample, "B"), sig(w.intensity(precision=p), 3),
                     sig(w.intensity_limit(precision=p), 3),
                     "; ".join(f"{k}: {cite(s)}" for k, s in w.sources.items())))
    return _table(("Workload", "Bytes counted at", "O per sample", "D (batch 1)", "Activation traffic per sample",
                   "Parameters", "Footprint (batch 1)", "Live memory per further sample", "FLOP/B (batch 1)",
                   "FLOP/B (large batch)", "Sources"), rows)


CONVENTIONS = (
    ("Operations", "One multiply-accumulate is two operations (FLOP for float precisions, OP for INT8), for "
     "every model and every peak rate. A paper that counts multiply-adds as 'FLOPs' (ResNet-50's 3.8 G) is "
     "converted."),
    ("Precision", "Every Iron Law evaluation takes the bytes D and the peak rate R at one precision, named "
     "where the result is shown; `iron_law_for` has no default precision. Peak rates are dense unless labelled "
     "sparse. MFU is measured against the peak at the precision in use."),
    ("Overhead L", "The fixed overhead of one inference call (the runtime's dispatch with the work launched as "
     "one graph), paid once per batch. Eager execution adds one kernel launch (t_launch, per kernel) for every "
     "kernel on top of it; a graph break adds one host round trip."),
    ("Activations", "Every layer reads its input from memory and writes its output back: feature maps do not "
     "stay on chip at the batch sizes the labs use. A batch reads the weights once and each sample's "
     "activations once."),
    ("Memory footprint", "Every parameter, plus for each sample in the batch the largest layer's input and "
     "output buffers (and a language model's KV cache): one model of live memory at batch 1 and at any batch."),
    ("Units", "SI base units with decimal prefixes throughout: 1 GB = 10^9 bytes, 1 KB = 10^3 bytes."),
)


def conventions_markdown() -> str:
    return _table(("Convention", "What the course does"), CONVENTIONS)


def constants_markdown() -> str:
    d, c, e = pc.dispatch, pc.compilation, pc.energy
    rows = [
        ("Kernel launch, eager (datacenter GPU)", si(d.KERNEL_LAUNCH_S, "s"), cite(d.FRAMEWORKS_CHAPTER)),
        ("Smallest receptive field a lab 05 backbone may have", f"{pc.lighthouse.MIN_RECEPTIVE_FIELD_PX} positions",
         cite(pc.lighthouse.RECEPTIVE_FIELD_SOURCE)),
        ("Fraction of kernels a compiler fuses", f"{d.COMPILED_FUSION_FRACTION:.0%}", cite(d.COMPILED_FUSION_SOURCE)),
        ("ResNet-50 compile time", si(c.RESNET50_COMPILE_S, "s"), cite(d.FRAMEWORKS_CHAPTER)),
        ("ResNet-50 eager / compiled throughput",
         f"{sig(c.RESNET50_EAGER_PER_S)} / {sig(c.RESNET50_COMPILED_PER_S)} img/s", cite(d.FRAMEWORKS_CHAPTER)),
        ("PCIe 4.0 x16, one direction", si(pc.hardware.PCIE4_X16_BYTES_PER_S, "B/s"),
         cite(pc.hardware.PCIE4_X16_SOURCE)),
    ]
    rows += [(f"Energy per op, {p.name}", si(e.j_per_op(p), "J"), cite(e.HOROWITZ_2014)) for p in e.J_PER_MAC]
    rows += [(f"Energy per byte, {lvl.label}", si(e.J_PER_BYTE[lvl], "J"), cite(e.HOROWITZ_2014))
             for lvl in e.MemoryLevel]
    rows += [(f"Kernel profile: {p.name}", f"{p.kernels} kernels x {si(p.compute_per_kernel_s, 's')}", cite(p.source))
             for p in d.PROFILES.values()]
    return _table(("Constant", "Value", "Source"), rows)


def tracks_markdown() -> str:
    rows = [(t.persona, t.role, t.device.name, t.workload.name, t.mission, si(t.target_latency_s, "s"),
             si(t.power_budget_W, "W"), si(t.arrival_interval_s, "s"), cite(t.target_source),
             cite(t.arrival_source)) for t in pc.TRACKS.values()]
    return _table(("Track", "Role", "Device", "Lighthouse model", "Mission", "Latency target", "Power budget",
                   "Requests arrive every", "Target source", "Arrival source"), rows)


def claims_markdown() -> str:
    rows = []
    for c in CLAIMS:
        value = c.evaluate()
        verdict = "checked" if c.status is Status.CHECKED else f"**corrected**: {c.why}"
        rows.append((c.statement, c.where, f"{sig(c.stated)} {c.unit}", f"{sig(value)} {c.unit}", verdict,
                     f"`{c.expression}`"))
    return _table(("Claim", "Where", "Stated", "pycore", "Verdict", "Expression"), rows)


def appendix_markdown() -> str:
    """The whole appendix body, in Markdown with TeX maths."""
    return "\n\n".join([
        "## Conventions", conventions_markdown(),
        "## The models", models_markdown(),
        "## Hardware", hardware_markdown(),
        "## Workloads (batch 1)", workloads_markdown(),
        "## Other constants", constants_markdown(),
        "## Tracks", tracks_markdown(),
        "## Claims from the lab plans", claims_markdown(),
    ])
