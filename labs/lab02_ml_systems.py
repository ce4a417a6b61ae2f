"""Lab 02: the Physics of Deployment.

Part 1 audits the Iron Law term by term across hardware tiers and batch sizes; part 2
runs into Amdahl's wall; part 3 trades batch size and precision for utilisation under a
latency SLA. Every number comes from pycore; this file says what the lab contains.
"""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs import registry
from labs.kit import (
    Act,
    CeilingChart,
    Check,
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

ENTRY = registry.entry("lab02")
LESSON = Lesson(
    number=ENTRY.number,
    slug=ENTRY.slug,
    title=ENTRY.title,
    chapter=ENTRY.chapter,
    chapter_title=ENTRY.chapter_title,
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
    ratios = audit_ratios()
    lock = PredictionLock(
        key="part1",
        question=f"You move your model from an {tiny.name} to an {cloud.name}. Which Iron Law term shrinks the "
                 "most, in relative terms?",
        options=[
            Option("memory", "The memory term D/BW", f"Bandwidth grows a lot, from {tiny.bandwidth_kind} to "
                   f"{cloud.bandwidth_kind}, but not as much as arithmetic does: memory systems improve more slowly "
                   "than ALUs.",
                   check=Check("the bandwidth ratio is below the compute ratio",
                               lambda _t: ratios["memory"] < ratios["compute"])),
            Option("compute", "The compute term O/R", "Yes. Peak arithmetic is the axis on which the two chips "
                   "differ most, so the compute term collapses furthest.", correct=True,
                   check=Check("the compute ratio is the largest of the three",
                               lambda _t: ratios["compute"] == max(ratios.values()))),
            Option("overhead", "The overhead term L", "The fixed overhead shrinks least: launching work costs "
                   "microseconds even on the best host, so L is what is left when everything else is fast.",
                   check=Check("the overhead ratio is the smallest of the three",
                               lambda _t: ratios["overhead"] == min(ratios.values()))),
            Option("same", "All three by the same factor", "The three terms divide by three different device "
                   "properties (bandwidth, peak rate, dispatch cost), and those grow at very different rates.",
                   check=Check("the three ratios differ by over 10x",
                               lambda _t: max(ratios.values()) > 10 * min(ratios.values()))),
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
        lab.update_record(part1_moves=moves.count)

    for w in (tier, batch, scale, no_latency):
        w.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    def where_it_went(track: str) -> str:
        terms = audit(track)
        named = {pc.Term.MEMORY: "moving data", pc.Term.OVERHEAD: "the fixed overhead L",
                 pc.Term.COMPUTE: "arithmetic"}
        return (f"Yes. Once compute is nearly free, latency is the sum of what did not shrink as much: bandwidth "
                f"({times(ratios['memory'])}) and dispatch overhead ({times(ratios['overhead'])}). For your "
                f"{pc.track(track).workload.name} on the H100, {percent(1 - terms.share(pc.Term.COMPUTE))} of the "
                f"time is memory and overhead, most of it {named[terms.binding]}. The slowest-shrinking terms bind: "
                "the Bottleneck Principle.")

    reflection = Reflection(
        key="part1_reflection",
        question=lambda t: f"Peak compute grows about {times(ratios['compute'])} from the {tiny.name} to the "
                           f"{cloud.name}, yet your model's latency improves only {times(latency_gain(t))}. Where "
                           "did the difference go?",
        options=[
            Option("overhead", "Into the terms that shrink less: moving data and the fixed overhead L",
                   where_it_went, correct=True,
                   check=Check("on the H100, memory and overhead take most of the batch-1 time, and the latency "
                               "gain is far below the compute gain",
                               lambda t: audit(t).share(pc.Term.COMPUTE) < 0.5
                               and latency_gain(t) < ratios["compute"] / 2)),
            Option("clock", "The H100 throttles its clock under load", "Thermal limits shave percent, not "
                   "orders of magnitude; the gap comes from the other terms of the Iron Law."),
            Option("software", "The model's code is inefficient on GPUs", "Inefficiency would show up as a low η "
                   "in the compute term, but the compute term is already a small part of the time; the time is "
                   "elsewhere.",
                   check=Check("compute is under half the H100 time", lambda t: audit(t).share(pc.Term.COMPUTE) < 0.5)),
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
    accel = slider("Accelerator speedup S", {f"{s:,}×": s for s in SPEEDUPS}, default_speedup(picker.value))
    tax = slider("Framework tax (serial overhead)", {duration(t): t for t in TAXES_S}, 5e-3)
    fusion = slider("Kernel fusion level", {f"{f:.0%} of the tax removed": f for f in FUSION_LEVELS}, 0.0)
    floor_s = pc.amdahl.latency_s(serial_s=LOCK_TAX_S, parallel_s=0.0, s=LOCK_S)
    lock = PredictionLock(
        key="part2",
        question=f"The serial overhead is {duration(LOCK_TAX_S)}. Can a {LOCK_S:,.0f}× faster GPU bring the total "
                 f"latency down to {duration(LOCK_TARGET_S)}?",
        options=[
            Option("yes", "Yes: a million-fold speedup makes the work vanish", "The parallel work does vanish, "
                   "but the serial part is not accelerated at all, and it alone exceeds the target.",
                   check=Check("the serial part alone exceeds the target", lambda _t: LOCK_TAX_S > LOCK_TARGET_S)),
            Option("no", "No: the total can never drop below the serial part", "Yes. However fast the "
                   f"accelerator, T ≥ {duration(floor_s)}, above the {duration(LOCK_TARGET_S)} target. Only "
                   "shrinking the serial part can help.", correct=True,
                   check=Check("the floor is above the target", lambda _t: floor_s > LOCK_TARGET_S)),
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

    def on_track(*_):
        accel.value = default_speedup(picker.value)
        draw()

    picker.param.watch(on_track, "value")

    def restore(record: dict) -> None:
        for widget, field in ((accel, "part2_speedup"), (tax, "part2_tax_s"), (fusion, "part2_fusion")):
            if record.get(field) in widget.values:
                widget.value = record[field]
        answer.restore(record.get("critical_p"), record.get("critical_p_attempts"))

    lab.on_restore(restore)
    answer.param.watch(lambda _e: lab.update_record(critical_p=answer.value, critical_p_correct=answer.correct,
                                                    critical_p_attempts=answer.attempts), "attempts")

    def ceiling_verdict(track: str) -> str:
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

    reflection = Reflection(
        key="part2_reflection",
        question="Your CEO wants to buy a faster GPU. What does the heatmap say?",
        options=[
            Option("overhead_first", "Its return is capped at 1/(1−p): past a point, only cutting the serial "
                   "overhead helps", ceiling_verdict, correct=True,
                   check=Check("the serial tax makes the speedup ceiling finite",
                               lambda t: pc.amdahl.ceiling(1 - LOCK_TAX_S / pc.track(t).baseline_s) < float("inf"))),
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


def part_three(lab: Lab, picker: TrackPicker) -> Act:
    device = pn.widgets.Select(name="Hardware", options={d.name: d.key for d in pc.DEVICES.values()},
                               description="The device your design runs on")
    batch = slider("Batch size", {str(b): b for b in BATCHES}, 1)
    precision = pn.widgets.RadioButtonGroup(name="Precision", options=["INT8"], value="INT8",
                                            description="Numeric precision of weights, activations and arithmetic")
    scale = slider("Model scale", {f"{s:g}×": s for s in SCALES}, 1.0)

    def grow_feedback(track: str) -> str:
        best = best_point(track)
        if best.batch == 1:
            every = duration(pc.track(track).arrival_interval_s)
            return f"Not on this track: your requests arrive one every {every}, so a batch must wait for them; " \
                   f"{what_stops_the_batch(track)}."
        return (f"Yes. Batching reads each weight once for many samples and low precision halves the bytes: batch "
                f"{best.batch} at {best.precision.name} serves {sig(best.throughput_per_s)} samples/s. It stops "
                f"there because {what_stops_the_batch(track)}.")

    def batch1_feedback(track: str) -> str:
        best = best_point(track)
        if best.batch == 1:
            return (f"Yes. Requests reach you one every {duration(pc.track(track).arrival_interval_s)}: a batch of "
                    f"two would wait for the second, and {what_stops_the_batch(track)}. Batch 1 at "
                    f"{best.precision.name} takes {duration(best.latency_s)}.")
        one = pc.efficiency.operating_point(pc.track(track).workload, pc.track(track).device, batch=1,
                                            precision=best.precision, sla_s=pc.track(track).target_latency_s)
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

    lock = PredictionLock(
        key="part3",
        question=lambda t: (f"{pc.track(t).persona}'s requests reach the {pc.track(t).device.name} one every "
                            f"{duration(pc.track(t).arrival_interval_s)}. What batch size and precision serve the "
                            f"most samples per second within the {duration(pc.track(t).target_latency_s)} SLA?"),
        options=[
            Option("grow", "Grow the batch until the SLA or memory stops it, at the lowest precision", grow_feedback,
                   check=Check("the best point is at the lowest precision that fits",
                               lambda t: best_point(t).precision is lowest_precision(pc.track(t).device, t))),
            Option("batch1", "Batch 1 at the lowest precision: filling a batch costs more than it saves",
                   batch1_feedback),
            Option("max", "The largest batch that fits in memory, whatever the latency", biggest_feedback),
            Option("fp32", "High precision, to keep the arithmetic units fully fed", "Wider numbers mean more "
                   "bytes per operation, which lowers intensity: the chip waits on memory more, not less."),
        ],
        answer=throughput_answer,
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
        best = best_point(t.key)
        points = [pt for pt in pc.efficiency.operating_points(t.workload, t.device, sla_s=t.target_latency_s,
                                                              arrival_interval_s=t.arrival_interval_s) if pt.feasible]
        top = max(points, key=lambda pt: pt.mfu)
        text = (f"**Computed for {t.persona} on the {t.device.name}:** batch **{best.batch}** at "
                f"**{best.precision.name}** serves the most: {sig(best.throughput_per_s)} samples/s, "
                f"{duration(best.latency_s)} per request, MFU {percent(best.mfu)}. Past it, "
                f"{what_stops_the_batch(t.key)}.")
        if best.mfu >= MFU_TARGET:
            return text + f" That also clears the {percent(MFU_TARGET)} MFU target."
        if top.mfu >= MFU_TARGET:
            return text + (f" Only {top.precision.name} at batch {top.batch} shows {percent(top.mfu)} MFU, because "
                           f"MFU is measured against each precision's own peak and {top.precision.name}'s is lower: "
                           f"it serves {sig(top.throughput_per_s)} samples/s, fewer. Throughput is what you buy.")
        return text + (f" No setting within the SLA reaches {percent(MFU_TARGET)} MFU on this track (the best is "
                       f"{percent(top.mfu)}): the right decision is the fastest setting that meets the SLA, and to "
                       "know that the chip's peak is out of this workload's reach.")

    def draw(*_):
        t = picker.track
        d = pc.device(device.value)
        prec = P[precision.value]
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

    def cfo_numbers(track: str) -> str:
        cheapest, pt = cfo_point(track)
        return (f"The {cheapest.name} at batch 1 takes {duration(pt.latency_s)} per request against a "
                f"{duration(pc.track(track).target_latency_s)} SLA, at {percent(pt.mfu)} MFU.")

    reflection = Reflection(
        key="part3_reflection",
        question="The CFO says: use the cheapest hardware at batch 1. What do the numbers say on your track?",
        options=[
            Option("misses", "The cheapest chip misses the SLA: it is too slow for the mission",
                   lambda t: ("Yes. " if cfo_verdict(t) == "misses" else "Not on your track. ") + cfo_numbers(t)),
            Option("tax", "It meets the SLA but pays the low-utilisation tax: most of the chip sits idle",
                   lambda t: ("Yes. " if cfo_verdict(t) == "tax" else "Not on your track. ") + cfo_numbers(t)
                   + (" At batch 1 each weight is fetched for one sample, so the arithmetic units wait on memory "
                      "and overhead." if cfo_verdict(t) == "tax" else "")),
            Option("agree", f"The CFO is right here: it meets the SLA at over {percent(MFU_TARGET)} MFU",
                   lambda t: ("Yes. Small hardware suits a small model. " if cfo_verdict(t) == "agree" else
                              "Not on your track. ") + cfo_numbers(t),
                   check=Check("the CFO's plan either misses the SLA, or meets it and its MFU is what the card says",
                               lambda t: cfo_verdict(t) in CFO_WORDS)),
            Option("precision", "Agree, as long as precision is FP32", "FP32 quadruples the bytes moved against "
                   "INT8, making batch 1 even more memory-bound.",
                   check=Check("FP32 moves 4x the bytes of INT8",
                               lambda t: pc.track(t).workload.data_bytes(precision=P.FP32)
                               == 4 * pc.track(t).workload.data_bytes(precision=P.INT8))),
        ],
        answer=cfo_verdict,
    )
    lab.record_answers("part3", lock, reflection)
    lock.gate(
        Reveal(lock, best_text),
        instruments(device, precision, batch, scale, sla, oom, low, waterfall,
                    cards(latency_card, mfu_card, fit_card, columns=3), title="The efficiency synthesis"),
        stakeholder("CFO", "Just use the cheapest hardware at batch 1. Why spend more?"),
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
