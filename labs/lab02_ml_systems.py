"""Lab 02: the Physics of Deployment.

Part 1 audits the Iron Law term by term across hardware tiers and batch sizes; part 2
runs into Amdahl's wall; part 3 trades batch size and precision for utilisation under a
latency SLA. Every number comes from pycore; this file says what the lab contains.
"""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs.kit import (
    Act,
    CeilingChart,
    FailureBanner,
    Heatmap,
    Lab,
    Lesson,
    MoveCounter,
    NumericAnswer,
    Option,
    PredictionLock,
    Preset,
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

LESSON = Lesson(
    number=2,
    slug="lab02",
    title="The Physics of Deployment",
    chapter=2,
    chapter_title="ML Systems",
    minutes="45",
    intro=("Pick a track and carry its mission through three parts. First you audit the Iron Law term by term "
           "from a microcontroller to a datacenter GPU, then you hit Amdahl's wall, then you choose a batch size "
           "and precision that meet your latency target while keeping the hardware busy."),
)

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



def waterfall_values(terms: pc.IronLawTerms) -> tuple[list[float], list[str], str]:
    """The three terms in one display unit, their labels and the axis label."""
    unit, scale = ("s", 1.0) if terms.total_s >= 1 else ("ms", 1e3) if terms.total_s >= 1e-3 else ("µs", 1e6)
    values = [terms.memory_s * scale, terms.compute_s * scale, terms.overhead_s * scale]
    labels = [f"{n.split()[0]} {si(v, 's')}" for n, v in zip(TERM_NAMES, (terms.memory_s, terms.compute_s,
                                                                          terms.overhead_s))]
    return values, labels, f"latency of one batch ({unit})"


# ---------------------------------------------------------------- Part 1: the term audit
def part_one(lab: Lab, picker: TrackPicker) -> Act:
    tier = slider("Hardware tier", AUDIT_DEVICES, "esp32_s3")
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    scale = slider("Model scale", {f"{s:g}×": s for s in SCALES}, 1.0)
    no_latency = pn.widgets.Toggle(name="Magic zero-latency network (L = 0)", button_type="primary",
                                   button_style="outline")
    tiny, cloud = pc.ESP32_S3, pc.H100_SXM5
    ratios = {
        "memory": cloud.mem_bw_bytes_per_s / tiny.mem_bw_bytes_per_s,
        "compute": cloud.peak(AUDIT_PRECISION).ops_per_s / tiny.peak(AUDIT_PRECISION).ops_per_s,
        "overhead": tiny.dispatch_overhead_s / cloud.dispatch_overhead_s,
    }
    lock = PredictionLock(
        key="part1",
        question=f"You move your model from an {tiny.name} to an {cloud.name}. Which Iron Law term shrinks the "
                 "most, in relative terms?",
        options=[
            Option("memory", "The memory term D/BW", "Bandwidth grows a lot, from external PSRAM to HBM3, but "
                   "not as much as arithmetic does: memory systems improve more slowly than ALUs."),
            Option("compute", "The compute term O/R", "Yes. Peak arithmetic is the axis on which the two chips "
                   "differ most, so the compute term collapses furthest.", correct=True),
            Option("overhead", "The overhead term L", "The fixed overhead shrinks least: launching work costs "
                   "microseconds even on the best host, so L is what is left when everything else is fast."),
            Option("same", "All three by the same factor", "The three terms divide by three different device "
                   "properties (bandwidth, peak rate, dispatch cost), and those grow at very different rates."),
        ],
    )

    def lock_computed() -> str:
        return (f"**Computed, {tiny.name} → {cloud.name} at {AUDIT_PRECISION.name}:** memory term ÷ "
                f"**{times(ratios['memory'])}**, compute term ÷ **{times(ratios['compute'])}**, overhead ÷ "
                f"**{times(ratios['overhead'])}**. Compute shrinks most; overhead least.")

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
        intensity = model.intensity(batch.value, AUDIT_PRECISION)
        point = pc.roofline.place(intensity, device, AUDIT_PRECISION)
        lo, hi = log_range([1e-2, 1e4, intensity])
        roofline.update(roof=pc.roofline.curve(point.peak_ops_per_s, device.mem_bw_bytes_per_s, lo=lo, hi=hi),
                        ridge=point.ridge, intensity=intensity, attainable=point.attainable_ops_per_s,
                        compute_bound=point.regime is pc.roofline.Regime.COMPUTE,
                        title=f"{device.name}: {sig(intensity)} ops/B, ridge {sig(point.ridge)} ops/B, "
                              f"{point.regime.value}")
        flip = pc.roofline.crossover(lambda b: model.intensity(b, AUDIT_PRECISION), point.ridge, hi=BATCHES[-1])
        flips[device.name] = (f"compute-bound from batch **{flip}** up" if flip else
                              f"stays memory-bound up to batch {BATCHES[-1]}")
        set_card(flip_card, "**Ridge-point flip, per tier visited**\n\n" +
                 "\n".join(f"- {name}: {text}" for name, text in flips.items()), binding=False)
        if not pc.fits_in_memory(model.footprint(batch.value, AUDIT_PRECISION), device.mem_capacity_bytes):
            need = model.footprint(batch.value, AUDIT_PRECISION)
            oom.show(f"{model.name} at batch {batch.value} needs {si(need, 'B')} resident; the {device.name} has "
                     f"{si(device.mem_capacity_bytes, 'B')}: {times(need / device.mem_capacity_bytes)} too big. "
                     "The times show what it would take if it loaded. Lower the scale or batch, or move up a tier.")
        else:
            oom.hide()
        moves.move((device.key, batch.value))
        lab.update_record(part1_moves=moves.count)

    for w in (tier, batch, scale, no_latency):
        w.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    reflection = Reflection(
        key="part1_reflection",
        question=f"Peak compute grows about {times(ratios['compute'])} from the {tiny.name} to the {cloud.name}, "
                 "yet a small model's latency improves far less. Where did the difference go?",
        options=[
            Option("overhead", "Into the terms that shrink less, above all the fixed overhead L", "Yes. Once "
                   "compute is nearly free, latency is the sum of what did not shrink as much: bandwidth "
                   f"({times(ratios['memory'])}) and dispatch overhead ({times(ratios['overhead'])}). The slowest-"
                   "shrinking term binds: the Bottleneck Principle.", correct=True),
            Option("clock", "The H100 throttles its clock under load", "Thermal limits shave percent, not "
                   "orders of magnitude; the gap comes from the other terms of the Iron Law."),
            Option("software", "The model's code is inefficient on GPUs", "Inefficiency would show up as a low η "
                   "in the compute term, but the compute term is already tiny; the time is elsewhere."),
            Option("measure", "The benchmark measured the wrong thing", "The Iron Law here is computed, not "
                   "measured; the shortfall follows from the device constants alone."),
        ],
    )
    lab.record_answers("part1", lock, reflection)
    lab.on_restore(lambda record: moves.unlock() if record.get("part1_reflection") else None)
    moves.gate(reflection)
    lock.gate(
        Reveal(lock, lock_computed),
        instruments(tier, batch, scale, no_latency, waterfall, cards(*term_cards), oom, roofline,
                    cards(ratio_card, flip_card, columns=2), title="The term audit"),
        math_peek("the Iron Law", equations=[r"T = \frac{D}{BW} + \frac{O}{R\,\eta} + L"],
                  notes="Weights are read once per batch and activations once per sample, so D grows more slowly "
                        "than O as the batch grows: intensity O/D rises until it crosses the ridge point R/BW."),
        moves,
    )
    draw()
    return Act("Part 1: the term audit", "15", lock)


# ---------------------------------------------------------------- Part 2: the Amdahl wall
def part_two(lab: Lab, picker: TrackPicker) -> Act:
    accel = slider("Accelerator speedup S", {f"{s:,}×": s for s in SPEEDUPS}, 100)
    tax = slider("Framework tax (serial overhead)", {duration(t): t for t in TAXES_S}, 5e-3)
    fusion = slider("Kernel fusion level", {f"{f:.0%} of the tax removed": f for f in FUSION_LEVELS}, 0.0)
    floor_s = pc.amdahl.latency_s(serial_s=LOCK_TAX_S, parallel_s=0.0, s=LOCK_S)
    lock = PredictionLock(
        key="part2",
        question=f"The serial overhead is {duration(LOCK_TAX_S)}. Can a {LOCK_S:,.0f}× faster GPU bring the total "
                 f"latency down to {duration(LOCK_TARGET_S)}?",
        options=[
            Option("yes", "Yes: a million-fold speedup makes the work vanish", "The parallel work does vanish, "
                   "but the serial part is not accelerated at all, and it alone exceeds the target."),
            Option("no", "No: the total can never drop below the serial part", "Yes. However fast the "
                   f"accelerator, T ≥ {duration(floor_s)}, above the {duration(LOCK_TARGET_S)} target. Only "
                   "shrinking the serial part can help.", correct=True),
            Option("p99", "Only if over 99% of the work is parallel", "The parallel fraction does not matter "
                   "here: whatever it is, the serial part stays and exceeds the target by itself."),
            Option("bandwidth", "Only if the GPU's memory bandwidth keeps up", "Bandwidth limits the parallel "
                   "part, which is already negligible at a million-fold speedup; the serial part is the wall."),
        ],
    )
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
        heat.update([(f"{sx:,}×", f"p = {py:g}", v, f"{sig(v, 2)}×")
                     for py, row in zip(HEAT_P, pc.amdahl.grid(HEAT_P, HEAT_S)) for sx, v in zip(HEAT_S, row)],
                    current=(f"{min(HEAT_S, key=lambda x: abs(x - s) / x):,}×",
                             f"p = {min(HEAT_P, key=lambda x: abs(x - p)):g}"))
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
        lab.update_record(part2_speedup=s, part2_tax_s=tax.value, part2_fusion=fusion.value,
                          part2_latency_s=latency, part2_target_met=meets)

    for w in (accel, tax, fusion):
        w.param.watch(draw, "value")
    picker.param.watch(draw, "value")
    def restore(record: dict) -> None:
        for widget, field in ((accel, "part2_speedup"), (tax, "part2_tax_s"), (fusion, "part2_fusion")):
            if record.get(field) in widget.values:
                widget.value = record[field]
        answer.restore(record.get("critical_p"), record.get("critical_p_attempts"))

    lab.on_restore(restore)
    answer.param.watch(lambda _e: lab.update_record(critical_p=answer.value, critical_p_correct=answer.correct,
                                                    critical_p_attempts=answer.attempts), "attempts")

    reflection = Reflection(
        key="part2_reflection",
        question="Your CEO wants to buy a faster GPU. What does the heatmap say?",
        options=[
            Option("overhead_first", "It is wasted until the serial overhead is cut: speedup is capped at "
                   "1/(1−p)", "Yes. Along any row of the heatmap the speedup flattens at 1/(1−p); a faster "
                   "GPU moves you right along a flat row. Fusion and a leaner runtime move you up a row.",
                   correct=True),
            Option("buy", "Buy it: ten times the GPU gives ten times the speed", "Only the parallel fraction "
                   "speeds up; the serial part sets a ceiling no purchase can lift."),
            Option("memory", "Buy one with more memory instead", "Memory capacity changes what fits, not the "
                   "serial overhead that caps the speedup."),
            Option("both", "It helps exactly as much as cutting overhead does", "Cutting overhead raises the "
                   "ceiling itself; a faster GPU only approaches the existing ceiling."),
        ],
    )
    lab.record_answers("part2", lock, reflection)
    lock.gate(
        Reveal(lock, lambda: (f"**Computed:** T = serial + parallel/S ≥ {duration(floor_s)} for any S, so "
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
    return Act("Part 2: the Amdahl wall", "20", lock)


# ---------------------------------------------------------------- Part 3: the efficiency synthesis
def part_three(lab: Lab, picker: TrackPicker) -> Act:
    device = pn.widgets.Select(name="Hardware", options={d.name: d.key for d in pc.DEVICES.values()},
                               description="The device your design runs on")
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    precision = pn.widgets.RadioButtonGroup(name="Precision", options=["INT8"], value="INT8",
                                            description="Numeric precision of weights, activations and arithmetic")
    scale = slider("Model scale", {f"{s:g}×": s for s in SCALES}, 1.0)
    lock = PredictionLock(
        key="part3",
        question="What combination of batch size and precision maximises utilisation (MFU) without breaking "
                 "your latency SLA?",
        options=[
            Option("grow", "Grow the batch until the SLA binds, at the lowest precision accuracy allows",
                   "Yes. Batching reads each weight once for many samples and low precision halves the bytes; "
                   "stop where latency meets the SLA.", correct=True),
            Option("batch1", "Batch 1, so each request is as fast as possible", "Batch 1 minimises latency "
                   "but leaves most of the chip idle, reading every weight for a single sample."),
            Option("max", "The largest batch that fits in memory", "Memory is not the limit that matters: "
                   "long before it fills, the batch takes longer than the SLA allows."),
            Option("fp32", "High precision, to keep the arithmetic units fully fed", "Wider numbers mean more "
                   "bytes per operation, which lowers intensity: the chip waits on memory more, not less."),
        ],
    )
    waterfall = StackedBar(title="Latency waterfall: your configuration", segments=TERM_NAMES,
                           axis_label="latency of one batch")
    latency_card, mfu_card, fit_card, cfo_card = card(), card(), card(), card()
    sla = FailureBanner("Latency SLA violated")
    oom = FailureBanner("Out of memory")
    low = FailureBanner("MFU below target")

    def on_device(*_):
        d = pc.device(device.value)
        names = [p.name for p in pc.efficiency.dense_precisions(d)]
        precision.options = names
        if precision.value not in names:
            precision.value = names[0]

    def best_text() -> str:
        t = picker.track
        best = pc.efficiency.best_operating_point(t.workload, t.device, sla_s=t.target_latency_s,
                                                  min_mfu=MFU_TARGET)
        if best is None:
            top = max((pt for pt in pc.efficiency.operating_points(t.workload, t.device, sla_s=t.target_latency_s)
                       if pt.feasible), key=lambda pt: pt.mfu, default=None)
            reach = f" The best MFU that meets it is {percent(top.mfu)}." if top else ""
            return (f"**Computed for {t.persona} on the {t.device.name}:** no batch and precision reach "
                    f"{percent(MFU_TARGET)} MFU within {duration(t.target_latency_s)}.{reach} That is the "
                    f"{t.wall} wall.")
        return (f"**Computed for {t.persona} on the {t.device.name}:** batch **{best.batch}** at "
                f"**{best.precision.name}**: {duration(best.latency_s)} per batch, MFU {percent(best.mfu)}, "
                f"{sig(best.throughput_per_s)} samples/s.")

    def cfo_point() -> tuple[pc.HardwareSpec, pc.efficiency.OperatingPoint]:
        """The CFO's plan: the lowest-power device that holds the model at INT8, run at batch 1."""
        t = picker.track
        fitting = [d for d in pc.DEVICES.values()
                   if pc.fits_in_memory(t.workload.footprint(1, P.INT8), d.mem_capacity_bytes)
                   and P.INT8 in pc.efficiency.dense_precisions(d)]
        cheapest = min(fitting, key=lambda d: d.tdp_W)
        return cheapest, pc.efficiency.operating_point(t.workload, cheapest, batch=1, precision=P.INT8,
                                                       sla_s=t.target_latency_s)

    def draw(*_):
        t = picker.track
        d = pc.device(device.value)
        prec = P[precision.value]
        model = t.workload.scaled(scale.value)
        pt = pc.efficiency.operating_point(model, d, batch=batch.value, precision=prec, sla_s=t.target_latency_s)
        terms = pc.iron_law_for(model, d, batch=batch.value, precision=prec)
        values, labels, axis = waterfall_values(terms)
        waterfall.update(values, labels, axis_label=axis)
        set_card(latency_card, f"**Latency per batch**\n\n### {duration(pt.latency_s)}\nSLA "
                 f"{duration(t.target_latency_s)}: {'met ✓' if pt.meets_sla else 'violated ✗'}",
                 binding=not pt.meets_sla)
        set_card(mfu_card, f"**MFU**\n\n### {percent(pt.mfu)}\ntarget > {percent(MFU_TARGET)} · "
                 f"{sig(pt.throughput_per_s)} samples/s", binding=pt.mfu < MFU_TARGET)
        need = model.footprint(batch.value, prec)
        set_card(fit_card, f"**Memory**\n\n### {si(need, 'B')}\nof {si(d.mem_capacity_bytes, 'B')} "
                 f"{d.memory_kind}", binding=not pt.fits)
        (sla.show if not pt.meets_sla else lambda _m: sla.hide())(
            f"{duration(pt.latency_s)} per batch misses the {duration(t.target_latency_s)} target. Lower the "
            "batch, lower the precision or move up a tier.")
        (oom.show if not pt.fits else lambda _m: oom.hide())(
            f"This batch needs {si(need, 'B')} and the {d.name} has {si(d.mem_capacity_bytes, 'B')}.")
        (low.show if pt.mfu < MFU_TARGET else lambda _m: low.hide())(
            f"{percent(pt.mfu)} of the {d.name}'s {prec.name} peak is in use: you pay for the whole chip and "
            "use a fraction of it. Raise the batch while the SLA allows.")
        cheapest, cfo = cfo_point()
        set_card(cfo_card, f"**The CFO's plan: {cheapest.name} at batch 1**\n\nMFU {percent(cfo.mfu)} · "
                 f"{duration(cfo.latency_s)} per request · SLA {'met' if cfo.meets_sla else 'missed'}\n\n"
                 f"### {percent(1 - cfo.mfu)} of the chip idle", binding=cfo.mfu < MFU_TARGET)
        lab.update_record(device=d.key, r_peak_ops_per_s=d.peak(prec).ops_per_s, bw_bytes_per_s=d.mem_bw_bytes_per_s,
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

    def restore(record: dict) -> None:
        if record.get("device") in pc.DEVICES:
            device.value = record["device"]
        if record.get("batch") in BATCHES:
            batch.value = record["batch"]
        if record.get("model_scale") in SCALES:
            scale.value = record["model_scale"]
        if str(record.get("precision", "")).upper() in precision.options:
            precision.value = str(record["precision"]).upper()

    lab.on_restore(restore)
    reflection = Reflection(
        key="part3_reflection",
        question="The CFO says: use the cheapest hardware at batch 1. What do the numbers say?",
        options=[
            Option("tax", "Batch 1 pays the low-utilisation tax: the chip sits mostly idle", "Yes. At batch 1 "
                   "each weight is fetched for one sample, so the arithmetic units wait on memory and overhead; "
                   "the card above shows how much of the chip is paid for and unused. Batching until the SLA "
                   "binds buys throughput for free.", correct=True),
            Option("agree", "Agree: cheaper hardware at batch 1 is always most efficient", "Cheaper hardware "
                   "may miss the SLA outright, and at batch 1 even expensive hardware is mostly idle."),
            Option("precision", "Agree, as long as precision is FP32", "FP32 doubles or quadruples the bytes "
                   "moved, making batch 1 even more memory-bound."),
            Option("latency", "Disagree only because batch 1 is too slow", "Batch 1 is the fastest per request; "
                   "the problem is cost per inference, not latency."),
        ],
    )
    lab.record_answers("part3", lock, reflection)
    lock.gate(
        Reveal(lock, best_text),
        instruments(device, precision, batch, scale, sla, oom, low, waterfall,
                    cards(latency_card, mfu_card, fit_card, columns=3), title="The efficiency synthesis"),
        stakeholder("CFO", "Just use the cheapest hardware at batch 1. Why spend more?"),
        cards(cfo_card, columns=1),
        math_peek("MFU", equations=[r"\text{MFU} = \frac{O_{\text{batch}}}{T_{\text{batch}} \cdot R_{\text{peak}}}"],
                  notes="MFU is measured against the peak at the precision in use. Batching raises O faster than "
                        "T while the memory term dominates; past the ridge point it stops paying."),
        reflection,
    )
    on_device()
    on_track()
    return Act("Part 3: the efficiency synthesis", "10", lock)


PRESETS = {
    "amdahl-wall": Preset("Part 2 opens with a 20 ms framework tax and no fusion: past most tracks' targets",
                          {"part2_tax_s": 20e-3, "part2_fusion": 0.0}),
    "big-batch": Preset("Part 3 opens at batch 128, where latency targets start to break", {"batch": 128}),
    "orin-int8": Preset("Part 3 opens on the Jetson Orin NX at INT8, batch 64",
                        {"device": "orin_nx", "precision": "int8", "batch": 64}),
}


def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build the lab; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, picker = tracked_lab(LESSON, hud=[
        ("Part 1", "part1_correct", lambda v: {True: "✓", False: "✗"}.get(v, "—")),
        ("Critical p", "critical_p", lambda v: f"{v:.3f}" if isinstance(v, (int, float)) else "—"),
        ("MFU", "mfu", lambda v: percent(v) if isinstance(v, (int, float)) else "—"),
        ("SLA", "sla_met", lambda v: {True: "met", False: "missed"}.get(v, "—")),
    ])
    lab.add_act(part_one(lab, picker))
    lab.add_act(part_two(lab, picker))
    lab.add_act(part_three(lab, picker))
    lab.open_with(link_settings(track, preset, PRESETS))
    return lab


if __name__.startswith("bokeh"):
    create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
