"""Lab 05's Panel wiring: the plan's questions, the model's numbers, the kit's widgets and charts."""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs.kit import (
    Act,
    FailureBanner,
    Lab,
    LogBarChart,
    LogLineChart,
    MoveCounter,
    NumericAnswer,
    PredictionLock,
    Reflection,
    Reveal,
    TrackPicker,
    card,
    cards,
    confirm_button,
    instruments,
    link_settings,
    math_peek,
    set_card,
    slider,
    stakeholder,
    tracked_lab,
)
from labs.kit.charts import ALERT, HIGHLIGHT
from labs.kit.format import sig, times
from pycore.lighthouse import (
    BACKBONES,
    SCALING,
    Operator,
    audit_layers,
)

from . import plan
from .model import (
    BATCHES,
    FAILURES,
    LOCK_LINEAR,
    WIDTHS,
    P,
    budget_view,
    part1_reveal,
    part2_reveal,
    part3_reveal,
    profile_table,
    width_label,
)


# ---------------------------------------------------------------- Part 1: the intensity audit
def part_one(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.PART1)
    record = lab.within(lock)
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
        record.update(audited_layer=layer.name, audited_intensity=layer.intensity)

    picked.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    reflection = Reflection.of(plan.PART1_REFLECTION)
    lab.record_answers("part1", lock, reflection)
    lock.gate(
        Reveal(lock, part1_reveal),
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
    record.bind(picked, "audited_layer")
    return Act(plan.ACTS[0], lock)



# ---------------------------------------------------------------- Part 2: the scaling reality check
def part_two(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.PART2)
    record = lab.within(lock)
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
    answer.param.watch(lambda _e: record.update(crossover=answer.value, crossover_correct=answer.correct,
                                                    crossover_batch=batch.value, crossover_attempts=answer.attempts),
                       "attempts")

    record.bind(batch, "part2_batch")
    record.bind(size, "part2_size")
    record.record_moves(moves, "part2")

    def restore(saved: dict) -> None:
        if saved.get("crossover_attempts") or saved.get("part2_reflection"):
            moves.unlock()  # explored in a visit from before moves were saved
        answer.restore(saved.get("crossover"), saved.get("crossover_attempts"))

    lab.on_restore(restore)

    reflection = Reflection.of(plan.PART2_REFLECTION)
    lab.record_answers("part2", lock, reflection)
    moves.gate(answer, reflection)
    lock.gate(
        Reveal(lock, lambda: part2_reveal(picker.value)),
        instruments(batch, size, trajectory, growth, cards(state, columns=1), title="The scaling reality check"),
        moves,
    )
    on_track()
    return Act(plan.ACTS[1], lock)



# ---------------------------------------------------------------- Part 3: the operator budget
def part_three(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.PART3)
    record = lab.within(lock)
    blocks = [pn.widgets.Select(name=f"Block {i + 1}", options=[o.value for o in Operator],
                                description="The operator this block uses", sizing_mode="stretch_width")
              for i in range(4)]
    width = slider("Channel width", {width_label(w): w for w in WIDTHS}, 1.0)
    totals = [card() for _ in range(5)]
    banners = {key: FailureBanner(title) for key, title in FAILURES.items()}
    goal = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")

    def mix() -> tuple[Operator, ...]:
        return tuple(Operator(b.value) for b in blocks)

    def set_mix(ops) -> None:
        for widget, op in zip(blocks, ops):
            widget.value = Operator(op).value

    def draw(*_):
        view = budget_view(mix(), picker.value, width.value)
        for pane, (text, binding) in zip(totals, view.cards):
            set_card(pane, text, binding=binding)
        for key, why in view.failures.items():
            if why:
                banners[key].show(why)
            else:
                banners[key].hide()
        goal.object, goal.visible = view.goal or "", view.goal is not None
        r = view.result
        record.update(mix_intensity=r.cost.intensity, mix_energy_J=r.energy.total_J, mix_power_W=r.power_W,
                      budget_met=r.meets)

    for w in (*blocks, width):
        w.param.watch(draw, "value")

    def on_track(*_):
        set_mix(BACKBONES[picker.value].start)
        draw()

    picker.param.watch(on_track, "value")
    record.bind(tuple(blocks), "operator_mix")
    record.bind(width, "width_factor")

    def lead_design() -> None:
        set_mix(BACKBONES[picker.value].start)
        width.value = 1.0

    def replaces() -> str | None:
        lead = [Operator(o).value for o in BACKBONES[picker.value].start]
        if [b.value for b in blocks] == lead and width.value == 1.0:
            return None
        return (f"**Replace your design with the lead's?** Yours, {' / '.join(b.value for b in blocks)} at "
                f"{width_label(width.value)} width, becomes {' / '.join(lead)} at full width, and your ledger "
                "keeps only the design on screen.")

    reset = confirm_button("Restore the hardware lead's design", ask=replaces, action=lead_design)

    reflection = Reflection.of(plan.PART3_REFLECTION)
    lab.record_answers("part3", lock, reflection)
    lock.gate(
        Reveal(lock, lambda: part3_reveal(picker.value)),
        stakeholder(plan.LEAD_MESSAGE),
        instruments(pn.GridBox(*blocks, ncols=4, sizing_mode="stretch_width"), width, reset, *banners.values(), goal,
                    cards(*totals, columns=5), title="The operator budget"),
        math_peek("energy and power", equations=[r"E = O\,e_{op} + D\,e_{byte}", r"P = \frac{E}{\max(T, T^{*})}"],
                  notes="Energy per operation and per byte are Horowitz's 45 nm figures (see the appendix). The "
                        "device runs one inference every target latency T*; when one takes longer (T > T*) it runs "
                        "them back to back and misses the rate."),
        reflection,
    )
    on_track()
    return Act(plan.ACTS[2], lock)



def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build the lab; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, picker = tracked_lab(plan)
    lab.add_act(part_one(lab, picker))
    lab.add_act(part_two(lab, picker))
    lab.add_act(part_three(lab, picker))
    lab.open_with(link_settings(track, preset, plan.PRESETS))
    return lab
