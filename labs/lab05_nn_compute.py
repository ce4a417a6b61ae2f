"""Lab 05: Neural Computation.

Part 1 audits the arithmetic intensity of the track's own layers; part 2 scales a layer
until it crosses the ridge point; part 3 swaps operators in a small backbone to get under
a power budget without starving the hardware. Every number comes from pycore.
"""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs import registry
from labs.kit import (
    Act,
    Check,
    FailureBanner,
    Lab,
    Lesson,
    LogBarChart,
    LogLineChart,
    MoveCounter,
    NumericAnswer,
    Option,
    PredictionLock,
    Preset,
    Reflection,
    Reveal,
    TrackPicker,
    card,
    cards,
    instruments,
    link_settings,
    math_peek,
    set_card,
    slider,
    stakeholder,
    tracked_lab,
)
from labs.kit.charts import ALERT, HIGHLIGHT
from labs.kit.format import duration, si, sig, times
from pycore.lighthouse import (
    BACKBONES,
    MIN_INTENSITY,
    MIN_RECEPTIVE_FIELD_PX,
    SCALING,
    Operator,
    audit_layers,
    operator_budget,
)

ENTRY = registry.entry("lab05")
LESSON = Lesson(
    number=ENTRY.number,
    slug=ENTRY.slug,
    title=ENTRY.title,
    chapter=ENTRY.chapter,
    chapter_title=ENTRY.chapter_title,
    minutes="45",
    intro=("Not all layers are equal. You measure how many operations each layer of your track's model does per "
           "byte it moves, scale a layer until it stops waiting on memory, and then rebuild a small backbone to "
           "fit a power budget without starving the hardware."),
)

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


# ---------------------------------------------------------------- Part 1: the intensity audit
def part_one(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock(
        key="part1",
        question=f"A {LOCK_LINEAR.name} layer at batch 1 and a {LOCK_CONV.name}, both at FP16. Which has the lower "
                 "arithmetic intensity (FLOP per byte), and so hits the memory wall first?",
        options=[
            Option("linear", "The Linear layer, by far: about 1 FLOP/byte", "Yes. At batch 1 every weight is "
                   "read once and used once, so the Linear layer does about one multiply-add per weight fetched.",
                   correct=True,
                   check=Check("the Linear layer is within 10% of 1 FLOP/B and far below the conv",
                               lambda _t: abs(LOCK_LINEAR.intensity - 1) < 0.1
                               and LOCK_CONV.intensity > 100 * LOCK_LINEAR.intensity)),
            Option("conv", "The convolution: it has more weights per output", "A 3x3 conv has few weights and "
                   f"reuses each at every one of the {CONV_POSITIONS:,} positions of the feature map.",
                   check=Check("the conv has fewer weight bytes than activation bytes",
                               lambda _t: LOCK_CONV.weight_bytes < LOCK_CONV.activation_bytes)),
            Option("same", "About the same: both are matrix multiplications", "Both are GEMMs underneath, but "
                   "their shapes differ: the conv's is tall (many positions), the Linear's a single row."),
            Option("neither", "Neither: FP16 puts both above any ridge point", "Precision shifts intensity by a "
                   "factor of two at most; weight reuse changes it by orders of magnitude.",
                   check=Check("the conv's intensity is over 100x the Linear layer's",
                               lambda _t: LOCK_CONV.intensity > 100 * LOCK_LINEAR.intensity)),
        ],
    )
    picked = pn.widgets.Select(name="Layer to audit", options=[], description="A layer of your track's model")
    profiler = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-profiler"])
    gauge = LogBarChart(title="Intensity against the ridge point", categories=["this layer", "ridge point"],
                        axis_label="FLOP per byte", horizontal=True, height=160)
    verdict = card()

    def layers() -> list[pc.LayerCost]:
        return audit_layers(picker.value)

    def ridge_for(layer_precision: P) -> float:
        return picker.track.device.ridge_point(layer_precision)

    def precision() -> P:
        return P.BF16 if picker.value == "cloud" else P.INT8

    def draw(*_):
        names = [layer.name for layer in layers()]
        if list(picked.options) != names:
            picked.options = names
            if picked.value not in names:
                picked.value = names[0]
        ridge = ridge_for(precision())
        profiler.object = (f"**Layer profiler: {picker.track.workload.name} on the {picker.track.device.name}** "
                           f"(ridge point {sig(ridge)} FLOP/B at {precision().name})\n\n"
                           + profile_table(layers(), ridge))
        layer = next(x for x in layers() if x.name == picked.value)
        bound = layer.intensity >= ridge
        gauge.update([layer.intensity, ridge], [f"{sig(layer.intensity)} FLOP/B", f"{sig(ridge)} FLOP/B"],
                     [HIGHLIGHT if bound else ALERT, "#555555"],
                     marks=["compute-bound" if bound else "memory-bound", ""])
        set_card(verdict, f"**{layer.name}**\n\n### {sig(layer.intensity)} FLOP/B\n"
                 + (f"compute-bound: {times(layer.intensity / ridge)} the ridge point" if bound else
                    f"memory-bound: {times(ridge / layer.intensity)} below the ridge point"),
                 binding=not bound)
        lab.update_record(audited_layer=layer.name, audited_intensity=layer.intensity)

    picked.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    def computed() -> str:
        return (f"**Computed:** {LOCK_LINEAR.name}: {si(LOCK_LINEAR.flops, 'FLOP')} over "
                f"{si(LOCK_LINEAR.bytes_moved, 'B')} = **{sig(LOCK_LINEAR.intensity)} FLOP/B**. {LOCK_CONV.name}: "
                f"{si(LOCK_CONV.flops, 'FLOP')} over {si(LOCK_CONV.bytes_moved, 'B')} = "
                f"**{sig(LOCK_CONV.intensity)} FLOP/B**, {times(LOCK_CONV.intensity / LOCK_LINEAR.intensity)} "
                "higher. The conv reuses each weight at every position; the Linear layer uses each once.")

    reflection = Reflection(
        key="part1_reflection",
        question="Why do convolutions naturally have higher arithmetic intensity than dense Linear layers?",
        options=[
            Option("reuse", "Each conv weight is reused at every spatial position", "Yes: weight reuse. A 3x3 "
                   "filter slides over every pixel, so one fetched weight feeds thousands of multiply-adds.",
                   correct=True,
                   check=Check("each conv weight feeds over a thousand MACs",
                               lambda _t: LOCK_CONV.macs / (LOCK_CONV.weight_bytes / 2) > 1000)),
            Option("fewer", "Convs do fewer operations", "Convs often do more operations, not fewer; what they "
                   "have is fewer bytes per operation."),
            Option("hardware", "GPUs have special convolution hardware", "Both run on the same matrix units; "
                   "the difference is in the data, not the silicon."),
            Option("precision", "Convs run at lower precision", "Precision is a separate choice; at the same "
                   "precision the conv is still far more intense."),
        ],
    )
    lab.record_answers("part1", lock, reflection)
    lock.gate(
        Reveal(lock, computed),
        instruments(picked, profiler, gauge, cards(verdict, columns=1), title="The layer profiler"),
        math_peek("arithmetic intensity", equations=[
            r"AI_{GEMM} = \frac{2MNK}{(MK + KN + MN)\cdot b}",
            r"AI_{conv} = \frac{2\,B H' W' C_{out} C_{in} k^2}"
            r"{(k^2 C_{in} C_{out} + B H W C_{in} + B H' W' C_{out})\cdot b}",
            r"AI_{attn,\,decode} \approx \frac{2 \cdot 2 S d}{2 S d_{kv} b} = \frac{2\,h}{h_{kv}\, b}",
        ], notes="b is bytes per element. A Linear layer over M tokens is a GEMM with M rows; at M = 1 its "
                 f"intensity is about 2/b FLOP per byte ({sig(LOCK_LINEAR.intensity)} at FP16, where b = 2): two "
                 "FLOP for every weight read. Decode attention reads a KV cache that no other sequence shares, so "
                 "batching never raises its intensity."),
        reflection,
    )
    draw()
    return Act("Part 1: the arithmetic-intensity audit", "15", lock)


# ---------------------------------------------------------------- Part 2: the scaling reality check
def part_two(lab: Lab, picker: TrackPicker) -> Act:
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

    lock = PredictionLock(
        key="part2",
        question=lambda t: (f"Your layer is the {SCALING[t].name}. As its {SCALING[t].dimension} grows from "
                            f"{SCALING[t].values[0]} to {SCALING[t].values[-1]}, what does its arithmetic "
                            "intensity do?"),
        options=[
            Option("level", "It rises at first, then levels off", level_feedback),
            Option("rise", "It keeps rising across the whole range", rise_feedback),
            Option("same", "It stays about the same", lambda t: "Work grows faster than the bytes over the range. "
                   + trajectory_text(t),
                   check=Check("intensity more than doubles over the slider",
                               lambda t: span(t)[2].intensity > 2 * span(t)[0].intensity)),
            Option("fall", "It falls", lambda t: "Larger sizes add bytes, but they add work faster. "
                   + trajectory_text(t),
                   check=Check("intensity rises over the slider",
                               lambda t: span(t)[2].intensity > span(t)[0].intensity)),
        ],
        answer=growth_answer,
    )
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    size = slider("Scaled dimension", {"1": 1}, 1)
    trajectory = LogLineChart(title="Intensity trajectory", series=["intensity"], x_label="scaled dimension",
                              y_label="FLOP per byte")
    growth = LogLineChart(title="Work and traffic", series=["FLOP", "bytes"], x_label="scaled dimension",
                          y_label="FLOP or bytes")
    state = card()
    moves = MoveCounter(needed=5, what="batch/size combinations")

    def scaling() -> pc.lighthouse.ScalingLayer:
        return SCALING[picker.value]

    def ridge() -> float:
        return picker.track.device.ridge_point(scaling().precision)

    def expected() -> float | None:
        return scaling().first_compute_bound_stop(batch=batch.value, ridge=ridge())

    answer = NumericAnswer(
        label="First slider stop where the layer is compute-bound", expected=expected, tolerance=0.0,
        bounds=(1, 100_000), step=1, start=1,
        describe=lambda n: f"{n:g} is the first stop at batch {batch.value} where intensity reaches the ridge "
                           f"point; the exact crossover is {scaling().crossover(batch=batch.value, ridge=ridge())}.",
    )

    def on_track(*_):
        sc = scaling()
        options = {str(v): v for v in sc.values}
        size.param.update(options=options, value=sc.values[len(sc.values) // 2], title=sc.dimension.capitalize())
        draw()

    def draw(*_):
        sc, r = scaling(), ridge()
        if size.value not in sc.values:
            return
        costs = [sc.cost(batch=batch.value, n=n) for n in sc.values]
        now = sc.cost(batch=batch.value, n=size.value)
        bound = now.intensity >= r
        trajectory.update(sc.values, {"intensity": [c.intensity for c in costs]}, point=(size.value, now.intensity),
                          point_ok=bound, line=r, title=f"{sc.name}: intensity against {sc.dimension} "
                                                        f"(dashed: ridge {sig(r)} FLOP/B)")
        growth.update(sc.values, {"FLOP": [c.flops for c in costs], "bytes": [c.bytes_moved for c in costs]},
                      point=(size.value, now.flops), title="Work (dark) and bytes (orange) against "
                                                           f"{sc.dimension}")
        at = sc.values.index(size.value)
        prev = sc.cost(batch=batch.value, n=sc.values[at - 1]) if at else None
        step = (f"From {sc.values[at - 1]} to {size.value}: FLOP {times(now.flops / prev.flops)}, bytes "
                f"{times(now.bytes_moved / prev.bytes_moved)}.") if prev else ""
        set_card(state, f"**{sc.dimension.capitalize()} {size.value}, batch {batch.value}**\n\n"
                 f"### {sig(now.intensity)} FLOP/B\n{'compute-bound' if bound else 'memory-bound'} on the "
                 f"{picker.track.device.name}. {step}", binding=not bound)
        moves.move((picker.value, batch.value, size.value))

    for w in (batch, size):
        w.param.watch(draw, "value")
    picker.param.watch(on_track, "value")
    answer.param.watch(lambda _e: lab.update_record(crossover=answer.value, crossover_correct=answer.correct,
                                                    crossover_batch=batch.value, crossover_attempts=answer.attempts),
                       "attempts")

    def restore(record: dict) -> None:
        if record.get("crossover_batch") in BATCHES:
            batch.value = record["crossover_batch"]
        if record.get("crossover_attempts") or record.get("part2_reflection"):
            moves.unlock()  # explored in an earlier visit
        answer.restore(record.get("crossover"), record.get("crossover_attempts"))

    lab.on_restore(restore)

    def computed() -> str:
        sc, r = scaling(), ridge()
        cross = sc.crossover(batch=1, ridge=r)
        return (f"**Computed for the {sc.name} on the {picker.track.device.name}:** "
                + trajectory_text(picker.value)
                + (f" At batch 1 it crosses the ridge ({sig(r)} FLOP/B) at a {sc.dimension} of {cross}."
                   if cross else f" At batch 1 it stays below the ridge ({sig(r)} FLOP/B)."))

    def work_growth(track: str) -> float:
        """How many times the work grows when the scaled dimension doubles at the slider's top."""
        _lo, half, top = span(track)
        return top.flops / half.flops

    reflection = Reflection(
        key="part2_reflection",
        question="Why does scaling this dimension eventually break the system, even after it turns compute-bound?",
        options=[
            Option("compute", "Past the ridge, time follows the work, and the work keeps growing with the size",
                   lambda t: (f"Yes. Once compute-bound, latency grows with the FLOP: on your layer, doubling the "
                              f"{SCALING[t].dimension} multiplies the work {times(work_growth(t))}, until the target "
                              "or the memory gives out."), correct=True,
                   check=Check("the layer crosses the ridge within the slider and its work at least doubles per "
                               "doubling of the size",
                               lambda t: SCALING[t].crossover(batch=1, ridge=pc.track(t).device.ridge_point(
                                   SCALING[t].precision)) is not None and work_growth(t) >= 1.99)),
            Option("memory", "It stays memory-bound forever", "The trajectory crosses the ridge; it is the "
                   "compute roof that then binds."),
            Option("never", "It never breaks: more intensity is always better", "Intensity past the ridge buys "
                   "nothing: the chip is already busy, and the work keeps growing."),
            Option("batch", "Only because batch size grows with it", "Batch and size are separate sliders; "
                   "either one alone drives the work up."),
        ],
    )
    lab.record_answers("part2", lock, reflection)
    moves.gate(answer, reflection)
    lock.gate(
        Reveal(lock, computed),
        instruments(batch, size, trajectory, growth, cards(state, columns=1), title="The scaling reality check"),
        moves,
    )
    on_track()
    return Act("Part 2: the scaling reality check", "15", lock)


# ---------------------------------------------------------------- Part 3: the operator budget
def start(track: str) -> pc.lighthouse.BudgetResult:
    """The hardware lead's mix on the track's backbone, at full width."""
    return operator_budget(BACKBONES[track].start, pc.track(track))


def winnable(track: str) -> bool:
    """True when some mix of the four operators, at some width the slider offers, meets every constraint."""
    ops = list(Operator)
    return any(operator_budget((a, b, c, d), pc.track(track), width_factor=w).meets
               for w in WIDTHS for a in ops for b in ops for c in ops for d in ops)


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


def part_three(lab: Lab, picker: TrackPicker) -> Act:
    def pair(track: str) -> tuple[pc.LayerCost, pc.LayerCost]:
        bb = BACKBONES[track]
        return bb.block(Operator.CONV2D), bb.block(Operator.DW_CONV)

    def flop_cut(track: str) -> float:
        std, sep = pair(track)
        return std.flops / sep.flops

    def byte_growth(track: str) -> float:
        std, sep = pair(track)
        return sep.bytes_moved / std.bytes_moved

    lock = PredictionLock(
        key="part3",
        question=lambda t: (f"On your backbone, swapping a standard 3x3 convolution for a depthwise-separable one "
                            f"cuts its FLOPs {times(flop_cut(t))}. What does it do to arithmetic intensity?"),
        options=[
            Option("down", "It falls: the FLOPs go, but the bytes stay", lambda t: (
                   "Yes. The feature map now streams through memory twice (depthwise, then pointwise): the bytes "
                   f"grow {times(byte_growth(t))} while the FLOPs fall {times(flop_cut(t))}."), correct=True,
                   check=Check("the separable block's intensity is below the standard conv's",
                               lambda t: pair(t)[1].intensity < pair(t)[0].intensity)),
            Option("up", "It rises: fewer FLOPs means less to wait for", "Fewer FLOPs per byte is lower "
                   "intensity by definition; the layer leans harder on memory."),
            Option("same", "It stays the same", lambda t: (
                   f"FLOPs fall {times(flop_cut(t))} while the bytes grow {times(byte_growth(t))}, so the ratio "
                   "cannot stay put."),
                   check=Check("the separable block moves more bytes", lambda t: byte_growth(t) > 1)),
            Option("up8", "It rises as much as the FLOPs fall", lambda t: (
                   f"That would need the bytes to fall {times(flop_cut(t) ** 2)}; instead they grow "
                   f"{times(byte_growth(t))}."),
                   check=Check("the separable block moves more bytes", lambda t: byte_growth(t) > 1)),
        ],
    )
    blocks = [pn.widgets.Select(name=f"Block {i + 1}", options=[o.value for o in Operator],
                                description="The operator this block uses", sizing_mode="stretch_width")
              for i in range(4)]
    width = slider("Channel width", {width_label(w): w for w in WIDTHS}, 1.0)
    reset = pn.widgets.Button(name="Restore the hardware lead's design", button_type="default")
    totals = [card() for _ in range(5)]
    hot = FailureBanner("Over the power budget")
    slow = FailureBanner("Misses the latency target")
    starved = FailureBanner(f"Intensity below {MIN_INTENSITY:g} FLOP/byte")
    oom = FailureBanner("Does not fit in memory")
    blind = FailureBanner("Sees too little to be useful")
    goal = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")

    def mix() -> tuple[Operator, ...]:
        return tuple(Operator(b.value) for b in blocks)

    def set_mix(ops) -> None:
        for widget, op in zip(blocks, ops):
            widget.value = Operator(op).value

    def draw(*_):
        t = picker.track
        result = operator_budget(mix(), t, width_factor=width.value)
        c = result.cost
        set_card(totals[0], f"**Work and traffic**\n\n### {si(c.flops, 'FLOP')}\n{si(c.bytes_moved, 'B')} moved",
                 binding=False)
        set_card(totals[1], f"**Intensity**\n\n### {sig(c.intensity)} FLOP/B\nfloor {sig(MIN_INTENSITY)} FLOP/B",
                 binding=result.under_intensity)
        set_card(totals[2], f"**Latency (Iron Law)**\n\n### {duration(result.terms.total_s)}\ntarget "
                 f"{duration(t.target_latency_s)}", binding=result.too_slow)
        rate = (f"at one every {duration(t.target_latency_s)}" if not result.too_slow else
                "back to back: one inference takes longer than the target, so the device never rests")
        set_card(totals[3], f"**Energy and power**\n\n### {si(result.power_W, 'W')}\n{si(result.energy.total_J, 'J')} "
                 f"per inference, {rate}; budget {si(result.budget_W, 'W')}", binding=result.over_power)
        set_card(totals[4], f"**Receptive field**\n\n### {result.receptive_field_px} × {result.receptive_field_px}"
                 f"\npositions each feature sees; at least {MIN_RECEPTIVE_FIELD_PX} × {MIN_RECEPTIVE_FIELD_PX} to "
                 "find an edge or a formant", binding=result.too_narrow)
        for banner, failed, text in (
            (hot, result.over_power, f"{si(result.power_W, 'W')} against a {si(result.budget_W, 'W')} budget "
                                     f"({times(result.power_W / result.budget_W)}). Swap out the heaviest blocks."),
            (slow, result.too_slow, f"One inference takes {duration(result.terms.total_s)}; the target is "
                                    f"{duration(t.target_latency_s)}. Cut the work or the traffic."),
            (starved, result.under_intensity, f"{sig(c.intensity)} FLOP/B starves the {t.device.name}. Keep some "
                                              "reuse-rich operators, or widen the channels."),
            (oom, result.oom, f"The weights and largest activations need {si(result.footprint_bytes, 'B')}; the "
                              f"{t.device.name} has {si(result.capacity_bytes, 'B')}. Narrow the channels."),
            (blind, result.too_narrow, f"Each feature sees {result.receptive_field_px} × "
                                       f"{result.receptive_field_px} positions: 1 x 1 mixes never look at a "
                                       "neighbour. Keep at least two 3x3 blocks, or one attention block."),
        ):
            if failed:
                banner.show(text)
            else:
                banner.hide()
        goal.object = (f"**Budget met.** {si(result.power_W, 'W')} within {si(result.budget_W, 'W')}, "
                       f"{duration(result.terms.total_s)} within {duration(t.target_latency_s)}, "
                       f"{sig(c.intensity)} FLOP/B, a {result.receptive_field_px} × {result.receptive_field_px} "
                       "receptive field, and it fits.")
        goal.visible = result.meets
        lab.update_record(operator_mix=[o.value for o in mix()], width_factor=width.value,
                          mix_intensity=c.intensity, mix_energy_J=result.energy.total_J, mix_power_W=result.power_W,
                          budget_met=result.meets)

    for w in (*blocks, width):
        w.param.watch(draw, "value")

    def on_track(*_):
        set_mix(BACKBONES[picker.value].start)
        draw()

    picker.param.watch(on_track, "value")
    reset.on_click(lambda _e: (set_mix(BACKBONES[picker.value].start), setattr(width, "value", 1.0)))

    def restore(record: dict) -> None:
        saved = record.get("operator_mix")
        if isinstance(saved, list) and len(saved) == 4 and all(s in [o.value for o in Operator] for s in saved):
            set_mix(saved)
        if record.get("width_factor") in WIDTHS:
            width.value = record["width_factor"]

    lab.on_restore(restore)

    def computed() -> str:
        bb = BACKBONES[picker.value]
        std, sep = bb.block(Operator.CONV2D), bb.block(Operator.DW_CONV)
        return (f"**Computed on your backbone's blocks:** a standard 3x3 conv does {si(std.flops, 'FLOP')} at "
                f"{sig(std.intensity)} FLOP/B; the depthwise-separable one does {si(sep.flops, 'FLOP')} "
                f"({times(std.flops / sep.flops)} fewer) at **{sig(sep.intensity)} FLOP/B**.")

    reflection = Reflection(
        key="part3_reflection",
        question="Defend your final operator mix: what did you trade?",
        options=[
            Option("traded", "Work for time and energy, keeping enough reuse and enough reach",
                   "Yes. Cheaper operators cut the FLOP, the joules and the milliseconds, but they also cut reuse "
                   "(intensity) and reach (receptive field); the design lives where every constraint holds at "
                   "once. Complexity moved, it did not vanish.", correct=True,
                   check=Check("the starting mix misses the target, so work must go, and a mix meeting every "
                               "constraint exists", lambda t: start(t).too_slow and winnable(t))),
            Option("free", "Nothing: the cheaper operators are better in every way", "They lowered power and "
                   "latency, but look at the intensity and receptive-field cards: reuse and reach went down with "
                   "the FLOPs."),
            Option("speed", "Accuracy for speed only", "The budget here is power, latency and intensity; the "
                   "receptive field is the lab's stand-in for accuracy, and it had to hold."),
            Option("hardware", "Nothing, because the hardware did the work", "The hardware was fixed; the "
                   "operators you chose set both the energy and the intensity."),
        ],
    )
    lab.record_answers("part3", lock, reflection)
    lock.gate(
        Reveal(lock, computed),
        stakeholder("hardware lead", lead_message, check=Check(
            "the starting mix is compute-bound, misses the target, and a mix meeting every constraint exists",
            lambda t: start(t).cost.intensity >= pc.track(t).device.ridge_point(BACKBONES[t].precision)
            and start(t).too_slow and winnable(t))),
        instruments(pn.GridBox(*blocks, ncols=4, sizing_mode="stretch_width"), width, reset, hot, slow, starved,
                    oom, blind, goal, cards(*totals, columns=5), title="The operator budget"),
        math_peek("energy and power", equations=[r"E = O\,e_{op} + D\,e_{byte}", r"P = \frac{E}{\max(T, T^{*})}"],
                  notes="Energy per operation and per byte are Horowitz's 45 nm figures (see the appendix). The "
                        "device runs one inference every target latency T*; when one takes longer (T > T*) it runs "
                        "them back to back and misses the rate."),
        reflection,
    )
    on_track()
    return Act("Part 3: the operator budget", "15", lock)


PRESETS = {
    "narrow-depthwise": Preset("Part 3 opens with four depthwise-separable blocks at 1/16 width: intensity "
                               "falls under the floor", {"operator_mix": ["DW-Conv"] * 4, "width_factor": 1 / 16}),
    "wide-convs": Preset("Part 3 opens with four standard convolutions at 8x width",
                         {"operator_mix": ["Conv2D"] * 4, "width_factor": 8.0}),
    "batch-8": Preset("Part 2 opens at batch 8", {"crossover_batch": 8}),
}


def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build the lab; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, picker = tracked_lab(LESSON, hud=[
        ("Audited", "audited_layer", lambda v: str(v) if v else "—"),
        ("Crossover", "crossover", lambda v: f"{v:g}" if isinstance(v, (int, float)) else "—"),
        ("Mix", "operator_mix", lambda v: " / ".join(v) if isinstance(v, list) else "—"),
        ("Budget", "budget_met", lambda v: {True: "met", False: "not met"}.get(v, "—")),
    ])
    lab.add_act(part_one(lab, picker))
    lab.add_act(part_two(lab, picker))
    lab.add_act(part_three(lab, picker))
    lab.open_with(link_settings(track, preset, PRESETS))
    return lab


if __name__.startswith("bokeh"):
    create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
