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
    ("Dispatch tax", "$T = N(t_c + t_{launch}) + t_{mem}$, utilisation $= N t_c / T$", "pycore.dispatch",
     "eager against compiled (fusion removes kernels) and faster GPUs"),
    ("Fusion", "$n$ element-wise ops: $2n$ tensor passes unfused, 2 fused", "pycore.fusion",
     "traffic, intensity and wall-clock time including launches"),
    ("Compilation break-even", "$N = t_{compile} / (1/thr_{eager} - 1/thr_{compiled})$", "pycore.compilation",
     "break-even, return over a deployment, the day it turns positive"),
    ("Amdahl", "$S(p) = 1 / ((1 - p) + p/S)$, ceiling $1/(1-p)$", "pycore.amdahl",
     "critical parallel fraction for a target, speedup grid"),
    ("MFU", "$MFU = O / (T \\cdot R)$", "pycore.efficiency", "batch and precision against a latency SLA"),
    ("Energy", "$E = O \\cdot e_{op} + D \\cdot e_{byte}$, $P = E \\cdot \\text{rate}$", "pycore.energy",
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
            ("Memory bandwidth", si(d.mem_bw_bytes_per_s, "B/s"), cite(d.sources["mem_bw_bytes_per_s"])),
            (f"Memory capacity ({d.memory_kind})", si(d.mem_capacity_bytes, "B"), cite(d.sources["mem_capacity_bytes"])),
            ("Power (TDP)", si(d.tdp_W, "W"), cite(d.sources["tdp_W"])),
        ]
        if d.dispatch_overhead_s is not None:
            rows.append(("Dispatch overhead L", si(d.dispatch_overhead_s, "s"), cite(d.sources["dispatch_overhead_s"])))
        parts.append(f"### {d.name} (`{d.key}`, {d.tier.label})\n\n" + _table(("Constant", "Value", "Source"), rows))
    return "\n\n".join(parts)


def workloads_markdown() -> str:
    rows = []
    for w in pc.WORKLOADS.values():
        rows.append((w.name, w.precision.name, si(w.flops_per_inference, "FLOP"), si(w.bytes_moved_per_inference, "B"),
                     sig(w.param_count), si(w.footprint_bytes, "B"), sig(w.intensity(), 3),
                     "; ".join(f"{k}: {cite(s)}" for k, s in w.sources.items())))
    return _table(("Workload", "Precision", "O (batch 1)", "D (batch 1)", "Parameters", "Footprint", "FLOP/B",
                   "Sources"), rows)


def constants_markdown() -> str:
    d, c, e = pc.dispatch, pc.compilation, pc.energy
    rows = [
        ("Kernel launch, eager", si(d.KERNEL_LAUNCH_S, "s"), cite(d.FRAMEWORKS_CHAPTER)),
        ("Fraction of kernels a compiler fuses", f"{d.COMPILED_FUSION_FRACTION:.0%}", cite(d.COMPILED_FUSION_SOURCE)),
        ("ResNet-50 compile time", si(c.RESNET50_COMPILE_S, "s"), cite(d.FRAMEWORKS_CHAPTER)),
        ("ResNet-50 eager / compiled throughput", f"{sig(c.RESNET50_EAGER_PER_S)} / {sig(c.RESNET50_COMPILED_PER_S)} img/s",
         cite(d.FRAMEWORKS_CHAPTER)),
        ("PCIe 4.0 x16, one direction", si(pc.hardware.PCIE4_X16_BYTES_PER_S, "B/s"), cite(pc.hardware.PCIE4_X16_SOURCE)),
    ]
    rows += [(f"Energy per op, {p.name}", si(e.j_per_op(p), "J"), cite(e.HOROWITZ_2014)) for p in e.J_PER_MAC]
    rows += [(f"Energy per byte, {lvl.label}", si(e.J_PER_BYTE[lvl], "J"), cite(e.HOROWITZ_2014)) for lvl in e.MemoryLevel]
    rows += [(f"Kernel profile: {p.name}", f"{p.kernels} kernels x {si(p.compute_per_kernel_s, 's')}", cite(p.source))
             for p in d.PROFILES.values()]
    return _table(("Constant", "Value", "Source"), rows)


def tracks_markdown() -> str:
    rows = [(t.persona, t.role, t.device.name, t.workload.name, t.mission, si(t.target_latency_s, "s"),
             si(t.power_budget_W, "W"), cite(t.target_source)) for t in pc.TRACKS.values()]
    return _table(("Track", "Role", "Device", "Lighthouse model", "Mission", "Latency target", "Power budget",
                   "Target source"), rows)


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
        "## The models", models_markdown(),
        "## Hardware", hardware_markdown(),
        "## Workloads (batch 1)", workloads_markdown(),
        "## Other constants", constants_markdown(),
        "## Tracks", tracks_markdown(),
        "## Claims from the lab plans", claims_markdown(),
    ])
