"""Lab 01's numbers: the two ends of the deployment spectrum and ResNet-50 on each. Pure functions of pycore
(no Panel), so the chapter, the build and the tests use exactly what the lab shows."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import power_of_ten, si, sig, times

TIERS = list(pc.Tier)
TIER_NAMES = [t.label for t in TIERS]
CLOUD, TINY = pc.H100_SXM5, pc.CORTEX_M7_MCU
MODEL = pc.RESNET50
CONTEXTS = {"Cloud (NVIDIA H100)": "cloud", "TinyML (Arm Cortex-M7)": "tiny"}
TERM_NAMES = ["Memory D/BW", "Compute O/R", "Overhead L"]
ACT1_GUESS = {"1e2": 1e2, "1e4": 1e4, "1e6": 1e6, "1e9": 1e9}


def compute_gap() -> float:
    return pc.ratio(CLOUD, TINY, pc.Metric.PEAK_COMPUTE)


def decades(metric: pc.Metric) -> int:
    """The gap between the two ends on ``metric``, as the nearest power of ten."""
    return pc.nearest_power_of_ten(pc.ratio(CLOUD, TINY, metric))


def act2_precision(device: pc.HardwareSpec) -> pc.Precision:
    """The precision act II evaluates ``device`` at: FP16 where it has a dense FP16 peak (the H100's Tensor
    Cores), else INT8 (the microcontroller's integer kernels). Bytes and peak always share it."""
    return next(p for p in (pc.Precision.FP16, pc.Precision.INT8) if p in pc.efficiency.dense_precisions(device))


def act2_terms(device: pc.HardwareSpec) -> pc.IronLawTerms:
    return pc.iron_law_for(MODEL, device, precision=act2_precision(device))


def bar_label(metric: pc.Metric, device: pc.HardwareSpec) -> str:
    """What a bar of the magnitude landscape says: the value, with its precision or its memory."""
    value = pc.metric_value(device, metric)
    if metric is pc.Metric.PEAK_COMPUTE:
        return f"{si(value, device.headline.unit)} {device.headline.label}"
    if metric is pc.Metric.MEM_BW:
        return f"{si(value, 'B/s')} ({device.bandwidth_kind})"
    return si(value, "W")


def _unit(metric: pc.Metric, device: pc.HardwareSpec) -> str:
    return device.headline.unit if metric is pc.Metric.PEAK_COMPUTE else metric.unit


def gap_table() -> str:
    """The gap between the two ends on every axis, as a Markdown table."""
    rows = "\n".join(
        f"| {m.label} | {si(pc.metric_value(CLOUD, m), _unit(m, CLOUD))} | "
        f"{si(pc.metric_value(TINY, m), _unit(m, TINY))} | "
        f"{times(pc.ratio(CLOUD, TINY, m))} | {power_of_ten(decades(m))} |"
        for m in pc.Metric
    )
    return (f"**The gap, H100 against the microcontroller**\n\n| Axis | H100 | Cortex-M7 | Ratio | Nearest power of "
            f"ten |\n|---|---|---|---|---|\n{rows}\n\nEach ratio stands on its own axis; adding orders of magnitude "
            "across axes means nothing.")


def act1_reveal(choice: str) -> str:
    """The computed gap against the student's guess."""
    gap = compute_gap()
    off = pc.orders_off(ACT1_GUESS.get(choice, gap), gap)
    direction = "too high" if off > 0 else "too low"
    miss = ("right on the order of magnitude" if round(abs(off)) == 0 else
            f"{abs(off):.1f} orders of magnitude {direction}")
    return (f"**Computed:** {si(CLOUD.headline.ops_per_s, 'FLOP/s')} ÷ {si(TINY.headline.ops_per_s, 'FLOP/s')} = "
            f"**{times(gap)}**, which is 10^{pc.orders_of_magnitude(gap):.2f}. Your estimate was {miss}.")


def act2_reveal() -> str:
    h100, p16 = act2_terms(CLOUD), act2_precision(CLOUD)
    return (f"**Computed on the H100 at {p16.name}:** D/BW = {si(MODEL.data_bytes(precision=p16), 'B')} ÷ "
            f"{si(CLOUD.mem_bw_bytes_per_s, 'B/s')} = **{si(h100.memory_s, 's')}**; O/R = "
            f"{si(MODEL.flops_per_inference, 'FLOP')} ÷ {si(CLOUD.peak(p16).ops_per_s, 'FLOP/s')} = "
            f"**{si(h100.compute_s, 's')}**; L = {si(h100.overhead_s, 's')}. The memory term is "
            f"**{sig(h100.memory_to_compute)}×** the compute term: the inference is memory-bound.")


def oom_text(device: pc.HardwareSpec) -> str | None:
    """Why ResNet-50 cannot load on ``device`` at act II's precision, or None if it fits."""
    precision = act2_precision(device)
    if pc.bottleneck(MODEL, device, precision=precision) is not pc.Bottleneck.OOM:
        return None
    need = MODEL.footprint(precision=precision)
    over = pc.oversubscription(need, device.mem_capacity_bytes)
    return (f"{MODEL.name} at {precision.name} needs about {si(need, 'B')} resident (weights and the largest "
            f"layer's feature maps), and the {device.name} has {si(device.mem_capacity_bytes, 'B')} of "
            f"{device.memory_kind}: {times(over)} too big. The times above are what it would take if it could load "
            "at all. Switch back to Cloud to continue.")


def iron_law_notes() -> str:
    """The act II math peek's notes: every symbol with the H100's value, and what batching can do."""
    h100, p16 = act2_terms(CLOUD), act2_precision(CLOUD)
    ridge, intensity, limit = (CLOUD.ridge_point(p16), MODEL.intensity(precision=p16),
                               MODEL.intensity_limit(precision=p16))
    ceiling = (", still below the ridge. Only keeping feature maps on chip (fusion) lifts that ceiling."
               if limit < ridge else ", past the ridge: a large enough batch is compute-bound.")
    return (f"- **D**: bytes moved; at {p16.name}, {MODEL.name} moves {si(MODEL.data_bytes(precision=p16), 'B')} "
            "per image: its weights and every feature map, written to memory and read back.\n"
            f"- **BW**: memory bandwidth; the H100 has {si(CLOUD.mem_bw_bytes_per_s, 'B/s')} of "
            f"{CLOUD.memory_kind}.\n"
            f"- **O**: operations; {si(MODEL.flops_per_inference, 'FLOP')} per image (2 FLOP per "
            "multiply-accumulate).\n"
            f"- **R**: peak rate at the same precision as D; {si(CLOUD.peak(p16).ops_per_s, 'FLOP/s')} "
            f"{CLOUD.peak(p16).label} on the H100. **η** is the fraction of peak achieved (1 here, the best case).\n"
            f"- **L**: the fixed overhead of one inference call; {si(CLOUD.dispatch_overhead_s, 's')} on the H100.\n\n"
            f"Together: {si(h100.memory_s, 's')} + {si(h100.compute_s, 's')} + {si(h100.overhead_s, 's')} "
            f"= {si(h100.total_s, 's')}.\n\n"
            f"**What batching can and cannot do.** At batch 1 the model does {sig(intensity)} FLOP per byte, below "
            f"the H100's ridge point of {sig(ridge)} FLOP/byte. A batch of B images reads each weight once for all "
            "of them, so intensity climbs, but every image still streams its own feature maps through memory: "
            f"intensity levels off at {sig(limit)} FLOP/byte" + ceiling)
