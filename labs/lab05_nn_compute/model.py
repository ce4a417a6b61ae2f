"""Lab 05's numbers: the layers of each track's model, the layer that scales, and the operator budget, as pure
functions of pycore and the track (no Panel)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pycore as pc
from labs.kit.format import duration, si, sig, times
from pycore.lighthouse import BACKBONES, MIN_INTENSITY, MIN_RECEPTIVE_FIELD_PX, SCALING, Operator, operator_budget

P = pc.Precision
BATCHES = [1, 2, 4, 8, 16, 32, 64]
WIDTHS = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0, 8.0, 16.0]
LOCK_LINEAR = pc.layers.linear(tokens=1, d_in=4096, d_out=4096, precision=P.FP16, name="Linear 4096 x 4096")
LOCK_CONV = pc.layers.conv2d(batch=1, height=56, width=56, c_in=64, c_out=64, kernel=3, precision=P.FP16,
                             name="Conv 3x3, 64 channels, 56 x 56")
CONV_POSITIONS = 56 * 56



def span(track: str) -> tuple[pc.LayerCost, pc.LayerCost, pc.LayerCost]:
    """The track's scaling layer at batch 1 at the slider's first stop, half its last, and its last."""
    sc = SCALING[track]
    lo, hi = sc.values[0], sc.values[-1]
    return sc.cost(batch=1, n=lo), sc.cost(batch=1, n=max(lo, hi // 2)), sc.cost(batch=1, n=hi)


def growth_answer(track: str) -> str:
    """'level' if the last doubling of the slider barely moves intensity (under 10%), else 'rise'."""
    _lo, half, top = span(track)
    return "level" if top.intensity / half.intensity < 1.1 else "rise"


def width_label(w: float) -> str:
    return f"1/{round(1 / w)}×" if w < 1 else f"{w:g}×"


def profile_table(layers: list[pc.LayerCost], ridge: float) -> str:
    """The layer profiler: every count pycore gives, one row per layer."""
    rows = ["| Layer | MACs | FLOP | Weights | Activations | Total bytes | FLOP/B | Regime |",
            "|---|---|---|---|---|---|---|---|"]
    for layer in layers:
        regime = "compute-bound" if layer.intensity >= ridge else "memory-bound"
        rows.append(f"| {layer.name} | {si(layer.macs, '')} | {si(layer.flops, '')} | {si(layer.weight_bytes, 'B')} | "
                    f"{si(layer.activation_bytes, 'B')} | {si(layer.bytes_moved, 'B')} | {sig(layer.intensity)} | "
                    f"{regime} |")
    return "\n".join(rows)


def trajectory_text(track: str) -> str:
    sc, (lo, half, top) = SCALING[track], span(track)
    return (f"On your layer: {sig(lo.intensity)} FLOP/B at {sc.values[0]}, {sig(half.intensity)} at "
            f"{max(sc.values[0], sc.values[-1] // 2)} and {sig(top.intensity)} at {sc.values[-1]}.")

def level_feedback(track: str) -> str:
    head = "Yes. " if growth_answer(track) == "level" else "Not on your layer: it is still rising at the top. "
    return (head + "Weights are fetched once however large the map, so at first the work grows faster than the "
            "bytes; once activations make up most of the bytes, both grow together. " + trajectory_text(track))

def rise_feedback(track: str) -> str:
    head = "Yes. " if growth_answer(track) == "rise" else "Not on your layer: it levels off. "
    return (head + "Over the whole range the work grows faster than the bytes it moves, so intensity is still "
            "climbing at the top of the slider. " + trajectory_text(track))

def work_growth(track: str) -> float:
    """How many times the work grows when the scaled dimension doubles at the slider's top."""
    _lo, half, top = span(track)
    return top.flops / half.flops

def start(track: str) -> pc.lighthouse.BudgetResult:
    """The hardware lead's mix on the track's backbone, at full width."""
    return operator_budget(BACKBONES[track].start, pc.track(track))


def winnable(track: str) -> bool:
    """True when some mix of the four operators, at some width the slider offers, meets every constraint."""
    return any(operator_budget(mix, pc.track(track), width_factor=w).meets
               for w in WIDTHS for mix in product(list(Operator), repeat=4))


def lead_message(track: str) -> str:
    r, t = start(track), pc.track(track)
    ridge = t.device.ridge_point(BACKBONES[track].precision)
    regime = "compute-bound" if r.cost.intensity >= ridge else "memory-bound"
    power = (f"and draws {si(r.power_W, 'W')} against our {si(r.budget_W, 'W')} budget" if r.over_power else
             f"within our {si(r.budget_W, 'W')} power budget only because it is too slow to run at the mission rate")
    return (f"This backbone is {regime} ({sig(r.cost.intensity)} FLOP/B against a ridge of {sig(ridge)}): it takes "
            f"{duration(r.terms.total_s)} per inference against a {duration(t.target_latency_s)} target, {power}. "
            f"Swap operators until it meets the target and the budget, but do not let intensity fall below "
            f"{sig(MIN_INTENSITY)} FLOP/byte or the accelerator starves, and keep enough 3x3 or attention blocks "
            "that it still sees its input.")


def pair(track: str) -> tuple[pc.LayerCost, pc.LayerCost]:
    bb = BACKBONES[track]
    return bb.block(Operator.CONV2D), bb.block(Operator.DW_CONV)

def flop_cut(track: str) -> float:
    std, sep = pair(track)
    return std.flops / sep.flops

def byte_growth(track: str) -> float:
    std, sep = pair(track)
    return sep.bytes_moved / std.bytes_moved



def part1_reveal() -> str:
    return (f"**Computed:** {LOCK_LINEAR.name}: {si(LOCK_LINEAR.flops, 'FLOP')} over "
            f"{si(LOCK_LINEAR.bytes_moved, 'B')} = **{sig(LOCK_LINEAR.intensity)} FLOP/B**. {LOCK_CONV.name}: "
            f"{si(LOCK_CONV.flops, 'FLOP')} over {si(LOCK_CONV.bytes_moved, 'B')} = "
            f"**{sig(LOCK_CONV.intensity)} FLOP/B**, {times(LOCK_CONV.intensity / LOCK_LINEAR.intensity)} "
            "higher. The conv reuses each weight at every position; the Linear layer uses each once.")


def part2_reveal(track: str) -> str:
    sc = SCALING[track]
    r = pc.track(track).device.ridge_point(sc.precision)
    cross = sc.crossover(batch=1, ridge=r)
    return (f"**Computed for the {sc.name} on the {pc.track(track).device.name}:** " + trajectory_text(track)
            + (f" At batch 1 it crosses the ridge ({sig(r)} FLOP/B) at a {sc.dimension} of {cross}."
               if cross else f" At batch 1 it stays below the ridge ({sig(r)} FLOP/B)."))


def part3_reveal(track: str) -> str:
    std, sep = pair(track)
    return (f"**Computed on your backbone's blocks:** a standard 3x3 conv does {si(std.flops, 'FLOP')} at "
            f"{sig(std.intensity)} FLOP/B; the depthwise-separable one does {si(sep.flops, 'FLOP')} "
            f"({times(std.flops / sep.flops)} fewer) at **{sig(sep.intensity)} FLOP/B**.")


# The operator budget's failure banners, in the order the page shows them.
FAILURES = {"over_power": "Over the power budget", "too_slow": "Misses the latency target",
            "under_intensity": f"Intensity below {MIN_INTENSITY:g} FLOP/byte", "oom": "Does not fit in memory",
            "too_narrow": "Sees too little to be useful"}


@dataclass(frozen=True)
class BudgetView:
    """What part 3's operator budget shows for one design."""

    result: pc.lighthouse.BudgetResult
    cards: list[tuple[str, bool]]  # (markdown, binding): work, intensity, latency, energy and power, field
    failures: dict[str, str | None]  # FAILURES key -> why, or None where the design passes that check
    goal: str | None  # the success line, when every check passes


def budget_view(mix: tuple[Operator, ...], track: str, width: float) -> BudgetView:
    """Part 3 for four blocks' operators on ``track`` at ``width`` times the backbone's channels."""
    t = pc.track(track)
    result = operator_budget(mix, t, width_factor=width)
    c, rf = result.cost, result.receptive_field_px
    rate = (f"at one every {duration(t.target_latency_s)}" if not result.too_slow else
            "back to back: one inference takes longer than the target, so the device never rests")
    cards = [
        (f"**Work and traffic**\n\n### {si(c.flops, 'FLOP')}\n{si(c.bytes_moved, 'B')} moved", False),
        (f"**Intensity**\n\n### {sig(c.intensity)} FLOP/B\nfloor {sig(MIN_INTENSITY)} FLOP/B", result.under_intensity),
        (f"**Latency (Iron Law)**\n\n### {duration(result.terms.total_s)}\ntarget {duration(t.target_latency_s)}",
         result.too_slow),
        (f"**Energy and power**\n\n### {si(result.power_W, 'W')}\n{si(result.energy.total_J, 'J')} per inference, "
         f"{rate}; budget {si(result.budget_W, 'W')}", result.over_power),
        (f"**Receptive field**\n\n### {rf} × {rf}\npositions each feature sees; at least {MIN_RECEPTIVE_FIELD_PX} × "
         f"{MIN_RECEPTIVE_FIELD_PX} to find an edge or a formant", result.too_narrow),
    ]
    why = {
        "over_power": f"{si(result.power_W, 'W')} against a {si(result.budget_W, 'W')} budget "
                      f"({times(result.power_W / result.budget_W)}). Swap out the heaviest blocks.",
        "too_slow": f"One inference takes {duration(result.terms.total_s)}; the target is "
                    f"{duration(t.target_latency_s)}. Cut the work or the traffic.",
        "under_intensity": f"{sig(c.intensity)} FLOP/B starves the {t.device.name}. Keep some reuse-rich operators, "
                           "or widen the channels.",
        "oom": f"The weights and largest activations need {si(result.footprint_bytes, 'B')}; the {t.device.name} has "
               f"{si(result.capacity_bytes, 'B')}. Narrow the channels.",
        "too_narrow": f"Each feature sees {rf} × {rf} positions: 1 x 1 mixes never look at a neighbour. Keep at least "
                      "two 3x3 blocks, or one attention block.",
    }
    failures = {key: why[key] if getattr(result, key) else None for key in FAILURES}
    goal = (f"**Budget met.** {si(result.power_W, 'W')} within {si(result.budget_W, 'W')}, "
            f"{duration(result.terms.total_s)} within {duration(t.target_latency_s)}, {sig(c.intensity)} FLOP/B, "
            f"a {rf} × {rf} receptive field, and it fits.") if result.meets else None
    return BudgetView(result, cards, failures, goal)
