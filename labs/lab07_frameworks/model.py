"""Lab 07's numbers: the dispatch tax, fusion, the compilation break-even and graph surgery, as pure functions
of pycore and the track (no Panel)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pycore as pc
from labs.kit.format import count, duration, percent, si, sig, span, times
from pycore.surgery import MFU_GAIN_REQUIRED, SHAPES, Surgery

P = pc.Precision
D = pc.dispatch
C = pc.compilation
GPU = pc.A100_80GB  # the plan's production server
PROFILES = {p.name: p.key for p in D.PROFILES.values()}
KERNEL_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
BANDWIDTHS = {"1.0 TB/s": 1.0e12, "2.0 TB/s (A100, HBM2e)": GPU.mem_bw_bytes_per_s, "3.35 TB/s (H100, HBM3)":
              pc.H100_SXM5.mem_bw_bytes_per_s}
FUSION_ELEMENTS = 4096 * 4096
KWS_PER_HOUR, KWS_COMPILE_S, KWS_GAIN = C.KWS_REQUESTS_PER_HOUR, C.KWS_COMPILE_S, C.KWS_COMPILE_GAIN
RESNET50_GAIN = C.RESNET50_COMPILED_PER_S / C.RESNET50_EAGER_PER_S - 1
COMPILE_COSTS = sorted({KWS_COMPILE_S, C.RESNET50_COMPILE_S, 48.0, 120.0, 300.0})
GAINS = sorted({0.05, 0.30, KWS_GAIN, round(RESNET50_GAIN, 2), 1.00})
VOLUMES = {f"{KWS_PER_HOUR} an hour": KWS_PER_HOUR * 24, "10K a day": 1e4, "1M a day": 1e6, "100M a day": 1e8}
DURATIONS = {"1 run": None, "1 hour": 1 / 24, "1 day": 1.0, "1 week": 7.0, "1 year": 365.0}
UTILISATION_TARGET = 0.8
DEFAULT_MODEL = {"cloud": "gpt2_layer", "edge": "kws", "mobile": "kws", "tiny": "kws"}
PREDICTIONS = {"p90": 0.90, "p50": 0.50, "p33": 1 / 3, "p5": 0.05}
LAUNCH_MODES = {mode.label: mode.value for mode in D.Launch}
GIANT = D.KernelProfile(key="giant", name="one giant matrix multiply", kernels=1, compute_per_kernel_s=200e-3,
                        source=D.FRAMEWORKS_CHAPTER)
# The ROI calculator's models: eager throughput (inferences/s) and the gain compiling gives each.
ROI_MODELS = {
    "ResNet-50 (the chapter's measurement)": ("resnet50", C.RESNET50_EAGER_PER_S, RESNET50_GAIN,
                                              C.RESNET50_COMPILE_S),
    "KWS (many small kernels)": ("kws", 1 / D.run(D.KWS_PROFILE).total_s, KWS_GAIN, KWS_COMPILE_S),
}


def kws_utilisation() -> float:
    return D.run(D.KWS_PROFILE).utilisation


def util_run(key: str, *, compiled: bool = False, kernels: int | None = None, gpu_speedup: float = 1.0,
             launch: str = D.Launch.SYNCHRONISING):
    """One forward pass of a chapter profile on the A100 (its kernel times include their memory traffic)."""
    return D.run(D.profile(key), compiled=compiled, kernels=kernels, gpu_speedup=gpu_speedup,
                 launch_s=GPU.kernel_launch_s, launch=launch)


# Act 1: the lock's kernel stream.
KWS = D.KWS_PROFILE
T_C, T_L = KWS.compute_per_kernel_s, GPU.kernel_launch_s
PER_KERNEL_S = T_C + T_L
EAGER = util_run("kws")
SHARE = EAGER.utilisation
OVERLAPPED = util_run("kws", launch=D.Launch.ASYNC)

# Act 2: the chapter's measured ResNet-50, and the KWS challenge.
EAGER_RATE, COMPILED_RATE, COMPILE_S = C.RESNET50_EAGER_PER_S, C.RESNET50_COMPILED_PER_S, C.RESNET50_COMPILE_S
N_EVEN = C.break_even_inferences(compile_s=COMPILE_S, eager_per_s=EAGER_RATE, compiled_per_s=COMPILED_RATE)
SAVING = C.saving_per_inference_s(EAGER_RATE, COMPILED_RATE)
KWS_EAGER = ROI_MODELS["KWS (many small kernels)"][1]
KWS_N = C.break_even_inferences(compile_s=KWS_COMPILE_S, eager_per_s=KWS_EAGER,
                                compiled_per_s=C.compiled_throughput(KWS_EAGER, KWS_GAIN))


def saved_after(images: float) -> str:
    """The time compiling has saved after ``images`` inferences, as a person says it ("37.5 minutes")."""
    return span(images * SAVING)


def fusion_at(bandwidth: float):
    return pc.fusion.fuse(elements=FUSION_ELEMENTS, mem_bw_bytes_per_s=bandwidth,
                          peak_ops_per_s=GPU.peak(P.FP16).ops_per_s)


CHAIN = fusion_at(GPU.mem_bw_bytes_per_s)


@dataclass(frozen=True)
class FusionView:
    """What Panel A shows for one bandwidth, fused or not: the traffic bars (MB) and the three cards."""

    bars_mb: list[float]
    labels: list[str]
    reference_mb: float | None  # the unfused total, outlined when fused
    title: str
    cards: list[tuple[str, bool]]  # (markdown, binding) for kernels and traffic, intensity, time


def fusion_view(bandwidth: float, on: bool) -> FusionView:
    """Panel A at ``bandwidth`` (bytes/s) with fusion ``on`` or off."""
    result = fusion_at(bandwidth)
    chain = result.fused if on else result.unfused
    unfused = result.unfused.bytes_moved
    if on:  # the same axis as before fusion, with the unfused total outlined: the cut is seen, not told
        bars, labels = [chain.bytes_moved / 1e6, 0.0, 0.0], [f"one fused kernel: {si(chain.bytes_moved, 'B')}", "", ""]
        title = f"HBM traffic of the chain, fused: {si(chain.bytes_moved, 'B')} (dashed: {si(unfused, 'B')} unfused)"
    else:
        per_op = unfused / 3
        bars, labels = [per_op / 1e6] * 3, [f"{name} {si(per_op, 'B')}" for name in ("LayerNorm", "Dropout", "ReLU")]
        title = f"HBM traffic of the chain, unfused: {si(unfused, 'B')}"
    ridge = GPU.peak(P.FP16).ops_per_s / bandwidth
    memory_bound = result.fused.intensity < ridge
    bound = "memory-bound either way" if memory_bound else "compute-bound when fused"
    took = result.fused_s if on else result.unfused_s
    cards = [
        (f"**Kernels and traffic**\n\n### {chain.kernels} kernel(s)\n{si(chain.bytes_moved, 'B')} through HBM "
         f"({times(result.traffic_ratio)} less when fused)", False),
        (f"**Arithmetic intensity**\n\n### {sig(chain.intensity)} FLOP/B\nridge {sig(ridge)} FLOP/B at FP16: "
         f"{bound}", memory_bound),
        (f"**Time for the chain**\n\n### {duration(took)}\nfusion: {times(result.speedup)} faster", False),
    ]
    return FusionView(bars, labels, unfused / 1e6 if on else None, title, cards)


def lab05_comparison(mix_intensity: float | None, saved: str, bandwidth: float) -> str:
    """Panel A's note on the student's lab 05 operator mix (FLOP/B), saved at ``saved`` (plain text)."""
    if mix_intensity is None:
        return ("*No lab 05 record in this browser's Design Ledger yet: do lab 05 to compare your operator "
                "mix's intensity with this chain's.*")
    chain = fusion_at(bandwidth).fused.intensity
    compare = (f"The fused chain here, at {sig(chain)} FLOP/B, is far below that: element-wise ops have almost no "
               "reuse to offer." if chain < mix_intensity / 10 else
               f"The fused chain here runs at {sig(chain)} FLOP/B, not far from it.")
    return (f"**From your Design Ledger (lab 05, saved {saved}):** your operator mix ran at {sig(mix_intensity)} "
            f"FLOP/B. {compare}")


@dataclass(frozen=True)
class RoiView:
    """What Panel B shows for one setting of the calculator."""

    roi: pc.compilation.CompileROI
    xs: list[float]  # inferences served, log-spaced to twice the larger of break-even and the deployment
    saved_s: list[float]  # time saved by then (s)
    title: str
    marker_label: str
    badge: str | None  # the net saving, when compiling pays
    banner: str | None  # why it does not, when it does not


def roi_view(model: str, compile_s: float, gain: float, volume_label: str, volume_per_day: float,
             length: str) -> RoiView:
    """Panel B for ``model`` (a ROI_MODELS key), a compile cost (s), a throughput gain (fraction), a volume
    (inferences/day, with its label) and a deployment length (a DURATIONS key)."""
    _key, eager, _gain, _cost = ROI_MODELS[model]
    compiled = C.compiled_throughput(eager, gain)
    days = DURATIONS[length] or 1 / volume_per_day  # one run is one inference
    roi = C.compile_roi(compile_s=compile_s, eager_per_s=eager, compiled_per_s=compiled,
                        inferences_per_day=volume_per_day, days=days)
    top = max(roi.inferences, roi.break_even) * 2
    xs = [10 ** (i * math.log10(top) / 40) for i in range(41)]
    saved = [x * C.saving_per_inference_s(eager, compiled) for x in xs]
    title = f"Break-even at {count(roi.break_even)} inferences; this deployment serves {count(roi.inferences)}"
    when = span(roi.break_even_days * 86400)
    marker = f"break-even: {count(roi.break_even)}"
    if roi.positive:
        badge = (f"**Net ROI: {span(roi.net_saving_s)} saved.** Compilation pays back after {sig(roi.break_even)} "
                 f"inferences ({when} at this volume).")
        return RoiView(roi, xs, saved, title, marker, badge, None)
    banner = (f"At {volume_label.lower()}, the compile cost is recovered after {when}. For a {length} deployment, "
              "eager mode is faster overall.")
    return RoiView(roi, xs, saved, title, marker, None, banner)
GIANT_GAIN = D.compile_speedup(GIANT, launch_s=GPU.kernel_launch_s) - 1


def act1_reveal(choice: str) -> str:
    """The computed utilisation against the student's guess, queued launches and a faster GPU."""
    guess = PREDICTIONS[choice]
    faster = util_run("kws", gpu_speedup=2)
    return (f"**Computed:** {KWS.kernels:,} × ({duration(T_C)} + {duration(T_L)}) = {duration(EAGER.total_s)}; "
            f"compute is {duration(EAGER.compute_s)}, so the GPU is busy **{percent(EAGER.utilisation)}** of the "
            f"time. You predicted {percent(guess)}: off by {abs(guess - EAGER.utilisation) * 100:.0f} percentage "
            f"points.\n\n**If the host queued launches ahead**, each launch would overlap the kernel before it, "
            f"and the pass would take {KWS.kernels:,} × max({duration(T_C)}, {duration(T_L)}) = "
            f"{duration(OVERLAPPED.total_s)}: **{percent(OVERLAPPED.utilisation)}** busy. Still launch-bound: the "
            f"GPU cannot finish a kernel faster than the CPU can start the next.\n\n**A 2× faster GPU waits "
            f"faster:** compute per kernel drops to {duration(T_C / 2)} while each launch still costs "
            f"{duration(T_L)}, so utilisation falls to **{percent(faster.utilisation)}**.")


def act2_reveal() -> str:
    return (f"**Computed:** N = {duration(COMPILE_S)} ÷ (1/{sig(EAGER_RATE)} − 1/{sig(COMPILED_RATE)}) = "
            f"{duration(COMPILE_S)} ÷ {duration(SAVING)} per image ≈ **{sig(N_EVEN)} images**.")


def surgery_gains(track: str) -> dict[Surgery, float]:
    """Each fix's MFU gain on the track's graph and device."""
    t = pc.track(track)
    return {fix: pc.surgery.mfu_gain(SHAPES[track], t.device, fix) for fix in Surgery if fix is not Surgery.NONE}


def best_fix(track: str) -> tuple[Surgery, float]:
    gains = surgery_gains(track)
    fix = max(gains, key=gains.get)
    return fix, gains[fix]


def surgery_verdict(track: str) -> str:
    """What the student should conclude on ``track``: which fix clears the lead's bar, or that none does."""
    t = pc.track(track)
    fix, gain = best_fix(track)
    before = pc.surgery.execute(SHAPES[track], t.device)
    share = before.overhead_s / before.total_s
    if gain > MFU_GAIN_REQUIRED:
        return (f"On the {t.device.name}, {fix.value.lower()} lifts MFU {times(gain)}, past the "
                f"{times(MFU_GAIN_REQUIRED)} bar: launches and the host sync are {percent(share)} of the time, "
                "and the fix removes most of them.")
    return (f"On the {t.device.name} no fix clears the {times(MFU_GAIN_REQUIRED)} bar: the best, "
            f"{fix.value.lower()}, changes MFU {times(gain)}, because launches and the host sync are only "
            f"{percent(share)} of the time. Declining the rewrite is the right call here: keep the readable model.")


def terms_after(track: str) -> tuple:
    """The graph before, and after the fix that removes the break with the better MFU."""
    t = pc.track(track)
    gains = surgery_gains(track)
    fix = max((f for f in gains if f.removes_break), key=gains.get)
    return pc.surgery.execute(SHAPES[track], t.device), pc.surgery.execute(SHAPES[track], t.device, fix)

def data_feedback(track: str) -> str:
    before, after = terms_after(track)
    change = "rises" if after.memory_s > before.memory_s else "falls"
    return (f"The data term {change}, from {duration(before.memory_s)} to {duration(after.memory_s)}: the fix "
            "computes both arms (or a predicate) inside the graph. The big change is in the launch and sync "
            "time on the cards above.")


