"""Lab 02's Panel wiring: the plan's questions, the model's numbers, the kit's widgets and charts."""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs.kit import (
    Act,
    CeilingChart,
    FailureBanner,
    Heatmap,
    Lab,
    MoveCounter,
    NumericAnswer,
    PredictionLock,
    Reflection,
    Reveal,
    RooflineChart,
    StackedBar,
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
from labs.kit.charts import log_range
from labs.kit.format import duration, percent, si, sig, times

from . import plan
from .model import (
    AUDIT_DEVICES,
    AUDIT_PRECISION,
    BATCHES,
    CFO_WORDS,
    FUSION_LEVELS,
    HEAT_P,
    HEAT_S,
    LOCK_TARGET_S,
    MFU_TARGET,
    SCALES,
    SPEEDUPS,
    TAXES_S,
    TERM_NAMES,
    P,
    audit_reveal,
    best_text,
    cfo_point,
    cfo_verdict,
    default_speedup,
    floor_s,
    waterfall_values,
)


# ---------------------------------------------------------------- Part 1: the term audit
def part_one(lab: Lab, picker: TrackPicker) -> Act:
    tier = slider("Hardware tier", AUDIT_DEVICES, "esp32_s3")
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    scale = slider("Model scale", {f"{s:g}×": s for s in SCALES}, 1.0)
    no_latency = pn.widgets.Toggle(name="Magic zero-latency network (L = 0)", button_type="primary",
                                   button_style="outline")
    tiny = pc.ESP32_S3
    lock = PredictionLock.of(plan.PART1)
    record = lab.within(lock)

    waterfall = StackedBar(title="Latency waterfall: one batch", segments=TERM_NAMES,
                           axis_label="latency of one batch")
    roofline = RooflineChart(title="Roofline")
    term_cards = [card() for _ in range(3)]
    ratio_card, flip_card = card(), card()
    oom = FailureBanner("Out of memory")
    moves = MoveCounter(needed=5, what="hardware/batch combinations")
    flips: dict[str, str] = {}

    def draw(*_):
        device = pc.device(tier.value)
        model = picker.track.workload.scaled(scale.value)
        overhead = 0.0 if no_latency.value else None
        terms = pc.iron_law_for(model, device, batch=batch.value, precision=AUDIT_PRECISION, overhead_s=overhead)
        values, labels, axis = waterfall_values(terms)
        waterfall.update(values, labels, axis_label=axis)
        for pane, term, name in zip(term_cards, pc.Term, TERM_NAMES):
            binding = term is terms.binding
            set_card(pane, f"**{name}**\n\n### {si(terms.seconds(term), 's')}\n{percent(terms.share(term))} of T",
                     binding=binding)
        base = pc.iron_law_for(model, tiny, batch=batch.value, precision=AUDIT_PRECISION, overhead_s=overhead)
        set_card(ratio_card, f"**Against the {tiny.name}**\n\nPeak compute "
                 f"{times(device.peak(AUDIT_PRECISION).ops_per_s / tiny.peak(AUDIT_PRECISION).ops_per_s)} · "
                 f"bandwidth {times(device.mem_bw_bytes_per_s / tiny.mem_bw_bytes_per_s)}\n\n"
                 f"### latency {times(base.total_s / terms.total_s)} lower", binding=False)
        intensity = model.intensity(batch.value, precision=AUDIT_PRECISION)
        point = pc.roofline.place(intensity, device, AUDIT_PRECISION)
        lo, hi = log_range([1e-2, 1e4, intensity])
        roofline.update(roof=pc.roofline.curve(point.peak_ops_per_s, device.mem_bw_bytes_per_s, lo=lo, hi=hi),
                        ridge=point.ridge, intensity=intensity, attainable=point.attainable_ops_per_s,
                        compute_bound=point.regime is pc.roofline.Regime.COMPUTE,
                        title=f"{device.name}: {sig(intensity)} ops/B, ridge {sig(point.ridge)} ops/B, "
                              f"{point.regime.value}")
        flip = pc.roofline.crossover(lambda b: model.intensity(b, precision=AUDIT_PRECISION), point.ridge,
                                     hi=BATCHES[-1])
        limit = model.intensity_limit(precision=AUDIT_PRECISION)
        flips[device.name] = (f"compute-bound from batch **{flip}** up" if flip else
                              f"memory-bound at every batch: intensity levels off at {sig(limit)} ops/B, below "
                              f"the ridge ({sig(point.ridge)}), since every sample streams its own activations")
        set_card(flip_card, "**Ridge-point flip, per tier visited**\n\n" +
                 "\n".join(f"- {name}: {text}" for name, text in flips.items()), binding=False)
        if not pc.fits_in_memory(model.footprint(batch.value, precision=AUDIT_PRECISION), device.mem_capacity_bytes):
            need = model.footprint(batch.value, precision=AUDIT_PRECISION)
            oom.show(f"{model.name} at batch {batch.value} needs {si(need, 'B')} resident; the {device.name} has "
                     f"{si(device.mem_capacity_bytes, 'B')}: {times(need / device.mem_capacity_bytes)} too big. "
                     "The times show what it would take if it loaded. Lower the scale or batch, or move up a tier.")
        else:
            oom.hide()
        moves.move((device.key, batch.value))

    for w in (tier, batch, scale, no_latency):
        w.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    reflection = Reflection.of(plan.PART1_REFLECTION)
    for control, field in ((tier, "part1_tier"), (batch, "part1_batch"), (scale, "part1_scale"),
                           (no_latency, "part1_no_latency")):
        record.bind(control, field)
    record.record_moves(moves, "part1")
    lab.record_answers("part1", lock, reflection)
    moves.gate(reflection)
    lock.gate(
        Reveal(lock, audit_reveal),
        instruments(tier, batch, scale, no_latency, waterfall, cards(*term_cards), oom, roofline,
                    cards(ratio_card, flip_card, columns=2), title="The term audit"),
        math_peek("the Iron Law", equations=[r"T = \frac{D}{BW} + \frac{O}{R\,\eta} + L"],
                  notes="Weights are read once per batch and activations once per sample, so D grows more slowly "
                        "than O as the batch grows: intensity O/D rises until it crosses the ridge point R/BW."),
        moves,
    )
    draw()
    return Act(plan.ACTS[0], lock)



# ---------------------------------------------------------------- Part 2: the Amdahl wall
def part_two(lab: Lab, picker: TrackPicker) -> Act:
    accel = slider("Accelerator speedup S", {f"{s:,}×": s for s in SPEEDUPS}, default_speedup(picker.value))
    tax = slider("Framework tax (serial overhead)", {duration(t): t for t in TAXES_S}, 5e-3)
    fusion = slider("Kernel fusion level", {f"{f:.0%} of the tax removed": f for f in FUSION_LEVELS}, 0.0)
    lock = PredictionLock.of(plan.PART2)
    record = lab.within(lock)
    heat = Heatmap(title="Amdahl heatmap: overall speedup", x_factors=[f"{s:,}×" for s in HEAT_S],
                   y_factors=[f"p = {p:g}" for p in HEAT_P], x_label="accelerator speedup S",
                   y_label="parallel fraction p")
    ceiling_chart = CeilingChart(title="Throughput ceiling at your p: dashed = ceiling 1/(1−p), "
                                       "green = speedup your target needs")
    state_card, need_card = card(), card()
    unreachable = FailureBanner("Target physically unreachable")

    def scenario() -> tuple[float, float, float, float]:
        """(baseline, serial, parallel, p) for the current track and sliders, in seconds."""
        base = picker.track.baseline_s
        serial = min(tax.value * (1 - fusion.value), base)
        return base, serial, base - serial, (base - serial) / base

    def expected_p() -> float | None:
        base, *_ = scenario()
        return pc.amdahl.critical_fraction(baseline_s=base, target_s=picker.track.target_latency_s, s=accel.value)

    answer = NumericAnswer(
        label="Critical parallel fraction p for your target at this S",
        expected=expected_p, tolerance=0.005, bounds=(0.0, 1.0), step=0.001,
        describe=lambda p: f"p = {p:.4f}: at S = {accel.value:,}× that is the least parallel work that meets "
                           f"{duration(picker.track.target_latency_s)}.",
    )

    def draw(*_):
        t = picker.track
        base, serial, parallel, p = scenario()
        s = accel.value
        latency = pc.amdahl.latency_s(serial_s=serial, parallel_s=parallel, s=s)
        needed = base / t.target_latency_s
        # The student's own p and S get a row and a column of their own: the outline marks the exact cell.
        rows, cols = sorted({*HEAT_P, round(p, 4)}), sorted({*HEAT_S, s})
        heat.update([(f"{sx:,}×", f"p = {py:g}", v, f"{sig(v, 2)}×")
                     for py, row in zip(rows, pc.amdahl.grid(rows, cols)) for sx, v in zip(cols, row)],
                    current=(f"{s:,}×", f"p = {round(p, 4):g}"), x_factors=[f"{c:,}×" for c in cols],
                    y_factors=[f"p = {r:g}" for r in rows])
        curve = [(x, pc.amdahl.speedup(p, x)) for x, _ in pc.roofline.curve(1, 1, lo=1, hi=1e4, points=41)]
        ceiling = pc.amdahl.ceiling(p)
        ceiling_chart.update(curve=curve, s=s, speedup=pc.amdahl.speedup(p, s), ceiling=ceiling, needed=needed)
        meets = latency <= t.target_latency_s
        set_card(state_card, f"**{t.persona}'s pipeline**\n\nBaseline {duration(base)}: serial "
                 f"{duration(serial)}, parallel {duration(parallel)} (p = {p:.4f})\n\n### T = {duration(latency)}\n"
                 f"target {duration(t.target_latency_s)}: {'met ✓' if meets else 'missed ✗'}", binding=not meets)
        set_card(need_card, f"**Ceiling**\n\nSpeedup needed {times(needed)}; at p = {p:.4f} the most any "
                 f"accelerator can give is {'unbounded' if ceiling == float('inf') else times(ceiling)}.\n\n"
                 f"### now {times(pc.amdahl.speedup(p, s))}", binding=False)
        if serial >= t.target_latency_s:
            unreachable.show(f"The serial part alone takes {duration(serial)}, and the target is "
                             f"{duration(t.target_latency_s)}. No accelerator can help: cut the framework tax or "
                             "fuse more kernels.")
        else:
            unreachable.hide()
        record.update(part2_latency_s=latency, part2_target_met=meets)

    for w in (accel, tax, fusion):
        w.param.watch(draw, "value")

    def on_track(*_):
        accel.value = default_speedup(picker.value)
        draw()

    picker.param.watch(on_track, "value")

    for control, field in ((accel, "part2_speedup"), (tax, "part2_tax_s"), (fusion, "part2_fusion")):
        record.bind(control, field)
    lab.on_restore(lambda saved: answer.restore(saved.get("critical_p"), saved.get("critical_p_attempts")))
    answer.param.watch(lambda _e: record.update(critical_p=answer.value, critical_p_correct=answer.correct,
                                                    critical_p_attempts=answer.attempts), "attempts")

    reflection = Reflection.of(plan.PART2_REFLECTION)
    lab.record_answers("part2", lock, reflection)
    lock.gate(
        Reveal(lock, lambda: (f"**Computed:** T = serial + parallel/S ≥ {duration(floor_s())} for any S, so "
                              f"{duration(LOCK_TARGET_S)} is out of reach.")),
        instruments(accel, tax, fusion, unreachable, heat, ceiling_chart, cards(state_card, need_card, columns=2),
                    answer, title="The Amdahl wall"),
        math_peek("Amdahl's law", equations=[r"\text{Speedup} = \frac{1}{(1-p) + p/S}",
                                             r"p^{*} = \frac{1 - T^{*}/T_0}{1 - 1/S}"],
                  notes="p is the fraction of the baseline time T₀ that the accelerator speeds up; T* is your "
                        "target. When the serial part (1−p)·T₀ alone exceeds T*, no S works."),
        reflection,
    )
    draw()
    return Act(plan.ACTS[1], lock)



# ---------------------------------------------------------------- Part 3: the efficiency synthesis
def part_three(lab: Lab, picker: TrackPicker) -> Act:
    device = pn.widgets.Select(name="Hardware", options={d.name: d.key for d in pc.DEVICES.values()},
                               description="The device your design runs on")
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    precision = pn.widgets.RadioButtonGroup(name="Precision", options={"INT8": "int8"}, value="int8",
                                            description="Numeric precision of weights, activations and arithmetic")
    scale = slider("Model scale", {f"{s:g}×": s for s in SCALES}, 1.0)

    lock = PredictionLock.of(plan.PART3)
    record = lab.within(lock)
    waterfall = StackedBar(title="Latency waterfall: your configuration", segments=TERM_NAMES,
                           axis_label="latency of one batch")
    latency_card, mfu_card, fit_card, cfo_card = card(), card(), card(), card()
    sla = FailureBanner("Latency SLA violated")
    oom = FailureBanner("Out of memory")
    low = FailureBanner("MFU below target")

    def on_device(*_):
        d = pc.device(device.value)
        offered = {p.name: p.value for p in pc.efficiency.dense_precisions(d)}
        precision.options = offered
        if precision.value not in offered.values():
            precision.value = next(iter(offered.values()))

    def draw(*_):
        t = picker.track
        d = pc.device(device.value)
        prec = P(precision.value)
        model = t.workload.scaled(scale.value)
        pt = pc.efficiency.operating_point(model, d, batch=batch.value, precision=prec, sla_s=t.target_latency_s,
                                           arrival_interval_s=t.arrival_interval_s)
        terms = pc.iron_law_for(model, d, batch=batch.value, precision=prec)
        values, labels, axis = waterfall_values(terms)
        waterfall.update(values, labels, axis_label=axis)
        wait = (f"\n{duration(pt.wait_s)} waiting for {batch.value - 1} more request(s), then "
                f"{duration(pt.run_s)} to run") if pt.wait_s else ""
        set_card(latency_card, f"**Latency per request**\n\n### {duration(pt.latency_s)}{wait}\nSLA "
                 f"{duration(t.target_latency_s)}: {'met ✓' if pt.meets_sla else 'violated ✗'}",
                 binding=not pt.meets_sla)
        set_card(mfu_card, f"**MFU**\n\n### {percent(pt.mfu)}\ntarget > {percent(MFU_TARGET)} · "
                 f"{sig(pt.throughput_per_s)} samples/s", binding=pt.mfu < MFU_TARGET)
        need = model.footprint(batch.value, precision=prec)
        set_card(fit_card, f"**Memory**\n\n### {si(need, 'B')}\nof {si(d.mem_capacity_bytes, 'B')} "
                 f"{d.memory_kind}", binding=not pt.fits)
        (sla.show if not pt.meets_sla else lambda _m: sla.hide())(
            f"{duration(pt.latency_s)} per request misses the {duration(t.target_latency_s)} target"
            + (f", {duration(pt.wait_s)} of it spent waiting for the batch to fill" if pt.wait_s else "")
            + ". Lower the batch, lower the precision or move up a tier.")
        (oom.show if not pt.fits else lambda _m: oom.hide())(
            f"This batch needs {si(need, 'B')} and the {d.name} has {si(d.mem_capacity_bytes, 'B')}.")
        bigger = next((b for b in BATCHES if b > batch.value), None)
        grows = bigger is not None and pc.efficiency.operating_point(
            model, d, batch=bigger, precision=prec, sla_s=t.target_latency_s,
            arrival_interval_s=t.arrival_interval_s).feasible
        (low.show if pt.mfu < MFU_TARGET else lambda _m: low.hide())(
            f"{percent(pt.mfu)} of the {d.name}'s {prec.name} peak is in use: you pay for the whole chip and "
            "use a fraction of it. " + ("Raise the batch: the SLA allows it." if grows else "A bigger batch would "
                                        "break the SLA or memory here, so batching cannot fix it."))
        cheapest, cfo = cfo_point(t.key)
        set_card(cfo_card, f"**The CFO's plan: {cheapest.name} at batch 1, INT8**\n\nMFU {percent(cfo.mfu)} · "
                 f"{duration(cfo.latency_s)} per request · SLA {'met' if cfo.meets_sla else 'missed'}\n\n"
                 f"### {CFO_WORDS[cfo_verdict(t.key)]}", binding=cfo_verdict(t.key) != "agree")
        record.update(device=d.key, r_peak_ops_per_s=d.peak(prec).ops_per_s, bw_bytes_per_s=d.mem_bw_bytes_per_s,
                          batch=batch.value, precision=prec.value, model_scale=scale.value,
                          overhead_s=terms.overhead_s, mfu=pt.mfu, sla_met=pt.meets_sla, fits=pt.fits,
                          goal_met=pt.feasible and pt.mfu >= MFU_TARGET)

    device.param.watch(on_device, "value")
    for w in (device, batch, precision, scale):
        w.param.watch(draw, "value")

    def on_track(*_):
        device.value = picker.track.device.key
        draw()

    picker.param.watch(on_track, "value")

    for control, field in ((device, "device"), (precision, "precision"), (batch, "batch"), (scale, "model_scale")):
        record.bind(control, field)

    reflection = Reflection.of(plan.PART3_REFLECTION)
    lab.record_answers("part3", lock, reflection)
    lock.gate(
        Reveal(lock, lambda: best_text(picker.value)),
        instruments(device, precision, batch, scale, sla, oom, low, waterfall,
                    cards(latency_card, mfu_card, fit_card, columns=3), title="The efficiency synthesis"),
        stakeholder(plan.CFO_MESSAGE),
        cards(cfo_card, columns=1),
        math_peek("MFU", equations=[r"\text{MFU} = \frac{O_{\text{batch}}}{T_{\text{batch}} \cdot R_{\text{peak}}}"],
                  notes="MFU is measured against the peak at the precision in use, so a slow precision can show a "
                        "high MFU while serving fewer samples. Batching raises O faster than T while weights "
                        "dominate the bytes; it cannot help when requests arrive one at a time and the SLA leaves "
                        "no room to wait for more."),
        reflection,
    )
    on_device()
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
