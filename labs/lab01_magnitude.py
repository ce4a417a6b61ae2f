"""Lab 01 — The Magnitude Gap.

Act I asks how far apart the deployment tiers are; Act II previews the Iron Law on
ResNet-50 and shows a model that cannot even load. Every number comes from pycore.
Serve it alone with `panel serve labs/lab01_magnitude.py`.
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
    Option,
    PredictionLock,
    Preset,
    Reflection,
    Reveal,
    card,
    cards,
    highlight,
    instruments,
    link_settings,
    math_peek,
    set_card,
    stakeholder,
    tracked_lab,
)
from labs.kit.charts import ALERT
from labs.kit.format import power_of_ten, si, sig, times

ENTRY = registry.entry("lab01")
LESSON = Lesson(
    number=ENTRY.number,
    slug=ENTRY.slug,
    title=ENTRY.title,
    chapter=ENTRY.chapter,
    chapter_title=ENTRY.chapter_title,
    minutes="35–40",
    intro=(
        "The same neural network can be asked to run in a datacenter or on a chip that costs less than "
        "a coffee. This lab measures how far apart those worlds are, then uses the Iron Law "
        "(T = D/BW + O/R + L) to see what actually limits one inference. Predict before you look: "
        "each instrument opens once you commit to an answer."
    ),
)

TIERS = list(pc.Tier)
TIER_NAMES = [t.label for t in TIERS]
CLOUD, TINY = pc.H100_SXM5, pc.CORTEX_M7_MCU
MODEL = pc.RESNET50
CONTEXTS = {"Cloud (NVIDIA H100)": "cloud", "TinyML (Arm Cortex-M7)": "tiny"}


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


# ---------------------------------------------------------------- Act I: the scale blind spot
def act_one(lab: Lab) -> Act:
    context = pn.widgets.RadioButtonGroup(name="Deployment context", options=CONTEXTS, value="cloud",
                                          button_type="default", description="Which tier the charts highlight")
    lock = PredictionLock(
        key="act1",
        question=f"By roughly what factor does the {CLOUD.name}'s peak compute exceed that of the {TINY.name}?",
        options=[
            Option("1e2", "About 10² (a hundred times)", "That is the gap between a laptop and a phone, not "
                   "between a datacenter accelerator and a microcontroller. Intuition from consumer devices "
                   "underestimates the extremes."),
            Option("1e4", "About 10⁴ (ten thousand times)",
                   f"Closer: memory bandwidth is {power_of_ten(decades(pc.Metric.MEM_BW))} apart (see the table), "
                   "but peak compute spreads further: tensor cores multiply the datacenter side again.",
                   check=Check("the bandwidth gap is below the compute gap, and above 10⁴",
                               lambda _t: 4 < decades(pc.Metric.MEM_BW) < decades(pc.Metric.PEAK_COMPUTE))),
            Option("1e6", "About 10⁶ (a million times)", "Yes. Six orders of magnitude separate the two ends: "
                   "no single software stack can serve both.", correct=True,
                   check=Check("the compute gap is nearest 10⁶", lambda _t: decades(pc.Metric.PEAK_COMPUTE) == 6)),
            Option("1e9", "About 10⁹ (a billion times)", "Too far: a microcontroller still does about a "
                   "billion operations per second, and no GPU does 10¹⁸.",
                   check=Check("the MCU peaks near 10⁹ ops/s and no catalog device reaches 10¹⁸",
                               lambda _t: pc.nearest_power_of_ten(TINY.headline.ops_per_s) == 9
                               and max(r.ops_per_s for d in pc.DEVICES.values() for r in d.peaks) < 1e18)),
        ],
    )
    charts = {
        pc.Metric.PEAK_COMPUTE: LogBarChart(title="Peak compute (each at its headline precision)",
                                            categories=TIER_NAMES, axis_label="operations per second"),
        pc.Metric.MEM_BW: LogBarChart(title="Memory bandwidth (from the memory each device streams weights from)",
                                      categories=TIER_NAMES, axis_label="bytes per second"),
        pc.Metric.POWER: LogBarChart(title="Power budget", categories=TIER_NAMES, axis_label="watts"),
    }

    def bar_label(metric: pc.Metric, device: pc.HardwareSpec) -> str:
        value = pc.metric_value(device, metric)
        if metric is pc.Metric.PEAK_COMPUTE:
            return f"{si(value, device.headline.unit)} {device.headline.label}"
        if metric is pc.Metric.MEM_BW:
            return f"{si(value, 'B/s')} ({device.bandwidth_kind})"
        return si(value, "W")

    def draw(*_):
        chosen = pc.Tier(context.value).label
        for metric, chart in charts.items():
            devices = [pc.tier_device(t) for t in TIERS]
            chart.update([pc.metric_value(d, metric) for d in devices], [bar_label(metric, d) for d in devices],
                         highlight(TIER_NAMES, chosen),
                         marks=["your context" if name == chosen else "" for name in TIER_NAMES])
        lab.update_record(context=context.value)

    def unit(metric: pc.Metric, device: pc.HardwareSpec) -> str:
        return device.headline.unit if metric is pc.Metric.PEAK_COMPUTE else metric.unit

    gap_rows = "\n".join(
        f"| {m.label} | {si(pc.metric_value(CLOUD, m), unit(m, CLOUD))} | "
        f"{si(pc.metric_value(TINY, m), unit(m, TINY))} | "
        f"{times(pc.ratio(CLOUD, TINY, m))} | {power_of_ten(pc.nearest_power_of_ten(pc.ratio(CLOUD, TINY, m)))} |"
        for m in pc.Metric
    )
    gap_table = pn.pane.Markdown(
        f"**The gap, H100 against the microcontroller**\n\n| Axis | H100 | Cortex-M7 | Ratio | Nearest power of ten |\n"
        f"|---|---|---|---|---|\n{gap_rows}\n\nEach ratio stands on its own axis; adding orders of magnitude "
        "across axes means nothing.", sizing_mode="stretch_width")

    def computed() -> str:
        gap = compute_gap()
        predicted = float(lock.choice) if lock.choice else gap
        off = pc.orders_off(predicted, gap)
        direction = "too high" if off > 0 else "too low"
        miss = ("right on the order of magnitude" if round(abs(off)) == 0 else
                f"{abs(off):.1f} orders of magnitude {direction}")
        return (f"**Computed:** {si(CLOUD.headline.ops_per_s, 'FLOP/s')} ÷ {si(TINY.headline.ops_per_s, 'FLOP/s')} = "
                f"**{times(gap)}**, which is 10^{pc.orders_of_magnitude(gap):.2f}. Your estimate was {miss}.")

    reveal = Reveal(lock, computed)
    reflection = Reflection(
        key="act1_reflection",
        question="A million-fold gap in compute. What does that imply for the software that runs ML models?",
        options=[
            Option("one_stack", "One framework, tuned per device, can cover every tier", "Tuning moves you by "
                   "factors of two or ten, not a million. The assumptions a stack makes (a Python runtime, "
                   "dynamic memory, gigabytes of RAM) simply do not exist at the bottom."),
            Option("separate", "Each deployment regime needs its own software stack", "Yes. Datacenter serving, "
                   "mobile runtimes and microcontroller interpreters are different stacks because the "
                   "resources they assume differ by orders of magnitude.", correct=True),
            Option("wait", "Wait for microcontrollers to catch up", "Microcontrollers improve, but so do "
                   "datacenter chips, and power budgets fix the gap in place: milliwatts cannot buy what "
                   "hundreds of watts do.",
                   check=Check("the MCU's budget is under a watt and the H100's hundreds of watts",
                               lambda _t: TINY.tdp_W < 1 and CLOUD.tdp_W >= 100)),
            Option("cloud_only", "Run everything in the cloud instead", "Sometimes, but latency, privacy, "
                   "connectivity and energy all push work to the edge; the gap has to be engineered around."),
        ],
    )
    context.param.watch(draw, "value")
    draw()

    def restore(record: dict) -> None:
        if record.get("context") in CONTEXTS.values():
            context.value = record["context"]

    lab.on_restore(restore)
    lab.record_answers("act1", lock, reflection)
    lock.gate(
        instruments(*charts.values(), gap_table, title="The magnitude landscape"),
        reveal,
        math_peek(
            "the D·A·M triad",
            equations=[r"\text{System} = \text{Data} \cdot \text{Algorithm} \cdot \text{Machine}"],
            notes=("- **Data** sets how many bytes must move: the numerator of the memory term.\n"
                   "- **Algorithm** sets how many operations are needed: the numerator of the compute term.\n"
                   "- **Machine** sets the rates that divide them (bandwidth and peak compute), the memory "
                   "that must hold the model, and the fixed overhead of each launch.\n\n"
                   "A tier is a point in Machine space; the gap table above measures the distance between two."),
        ),
        reflection,
    )
    return Act(
        "Act I: the scale blind spot", "12–15",
        stakeholder("platform lead", "Our vision model runs comfortably on the datacenter GPUs. Product now wants "
                    "it on a microcontroller in a door sensor as well. Before anyone estimates effort, I need "
                    "to know how different those two machines really are."),
        context, lock,
    )


# ---------------------------------------------------------------- Act II: the Iron Law preview
def act_two(lab: Lab) -> Act:
    hardware = pn.widgets.RadioButtonGroup(name="Hardware", options=CONTEXTS, value="cloud",
                                           description="The device the Iron Law is evaluated on")
    h100 = act2_terms(CLOUD)
    p16 = act2_precision(CLOUD)
    lock = PredictionLock(
        key="act2",
        question=f"On the {CLOUD.name} at batch 1 and {p16.name}, which Iron Law term dominates one {MODEL.name} "
                 "inference?",
        options=[
            Option("compute", "The compute term O/R", "It is tempting, since the GPU is sold on its TFLOP/s. But "
                   "at batch 1 every weight is fetched for a single image, and fetching is the slow part.",
                   check=Check("compute is not the largest term", lambda _t: h100.binding is not pc.Term.COMPUTE)),
            Option("memory", "The memory term D/BW",
                   f"Yes. At batch 1 the GPU moves {si(MODEL.data_bytes(precision=p16), 'B')} of weights and "
                   f"feature maps for {si(MODEL.flops_per_inference, 'FLOP')} of work, so bandwidth, not "
                   "arithmetic, sets the pace.", correct=True,
                   check=Check("memory is the binding term", lambda _t: h100.binding is pc.Term.MEMORY)),
            Option("equal", "Both about equal", "They would be equal only at the ridge point, where the "
                   "operations per byte match the machine's ratio of compute to bandwidth. ResNet-50 at batch 1 "
                   "sits far below it.",
                   check=Check("batch-1 intensity is under half the ridge point",
                               lambda _t: MODEL.intensity(precision=p16) < CLOUD.ridge_point(p16) / 2)),
            Option("depends", "It depends on the framework", "The framework changes the overhead term L, but "
                   "not the bytes a model must move or the operations it needs: those are set by the model "
                   "and the machine."),
        ],
    )
    names = ["Memory D/BW", "Compute O/R", "Overhead L"]
    chart = LogBarChart(title="Iron Law terms for one inference", categories=names, axis_label="seconds",
                        horizontal=True, height=200)
    term_cards = [card() for _ in range(3)]
    total_card = card()
    oom = FailureBanner("Out of memory")

    def draw(*_):
        device = pc.tier_device(hardware.value)
        precision = act2_precision(device)
        terms = act2_terms(device)
        values = [terms.memory_s, terms.compute_s, terms.overhead_s]
        binding = terms.binding
        labels = [si(v, "s") for v in values]
        chart.update(values, labels, highlight(names, names[list(pc.Term).index(binding)], ALERT),
                     marks=["binding" if term is binding else "" for term in pc.Term],
                     title=f"Iron Law terms for one inference on the {device.name}, {precision.name}")
        for pane, term, name, value in zip(term_cards, pc.Term, names, values):
            set_card(pane, f"**{name}**\n\n### {si(value, 's')}\n{terms.share(term):.0%} of total",
                     binding=term is binding)
        set_card(total_card, f"**Total latency T**\n\n### {si(terms.total_s, 's')}\non the {device.name} at "
                 f"{precision.name}", binding=False)
        verdict = pc.bottleneck(MODEL, device, precision=precision)
        if verdict is pc.Bottleneck.OOM:
            need = MODEL.footprint(precision=precision)
            over = pc.oversubscription(need, device.mem_capacity_bytes)
            oom.show(f"{MODEL.name} at {precision.name} needs about {si(need, 'B')} resident (weights and the "
                     f"largest layer's feature maps), and the {device.name} has {si(device.mem_capacity_bytes, 'B')} "
                     f"of {device.memory_kind}: {times(over)} too big. The times above are what it would take if it "
                     "could load at all. Switch back to Cloud to continue.")
        else:
            oom.hide()
        fields = dict(act2_hardware=hardware.value, act2_bottleneck=verdict.value)
        if verdict is pc.Bottleneck.OOM:
            fields["oom_triggered"] = True
        lab.update_record(**fields)

    def computed() -> str:
        return (f"**Computed on the H100 at {p16.name}:** D/BW = {si(MODEL.data_bytes(precision=p16), 'B')} ÷ "
                f"{si(CLOUD.mem_bw_bytes_per_s, 'B/s')} = **{si(h100.memory_s, 's')}**; O/R = "
                f"{si(MODEL.flops_per_inference, 'FLOP')} ÷ {si(CLOUD.peak(p16).ops_per_s, 'FLOP/s')} = "
                f"**{si(h100.compute_s, 's')}**; L = {si(h100.overhead_s, 's')}. The memory term is "
                f"**{sig(h100.memory_to_compute)}×** the compute term: the inference is memory-bound.")

    reveal = Reveal(lock, computed)
    ridge = CLOUD.ridge_point(p16)
    intensity = MODEL.intensity(precision=p16)
    limit = MODEL.intensity_limit(precision=p16)
    p8 = act2_precision(TINY)
    need8 = MODEL.footprint(precision=p8)
    int8_weights = MODEL.weight_bytes(pc.Precision.INT8)
    reflection = Reflection(
        key="act2_reflection",
        question=f"What is the first constraint that stops {MODEL.name} on the microcontroller?",
        options=[
            Option("capacity", "Memory capacity: the model does not fit", "Yes. Before speed matters the model "
                   f"must be resident, and at {p8.name} it needs {si(need8, 'B')}: it will not go into "
                   f"{si(TINY.mem_capacity_bytes, 'B')}. The INT8 weights alone take {si(int8_weights, 'B')}, "
                   f"{times(pc.oversubscription(int8_weights, TINY.mem_capacity_bytes))} too big: a smaller model "
                   "is needed, not a faster chip.", correct=True,
                   check=Check("even the INT8 weights alone exceed the MCU's SRAM",
                               lambda _t: int8_weights > TINY.mem_capacity_bytes)),
            Option("speed", "Compute speed: seconds per image", "Seconds per image is slow, but slowness is a "
                   "trade-off; a model that cannot load is not a trade-off at all.",
                   check=Check("the MCU would take over a second per image",
                               lambda _t: act2_terms(TINY).total_s > 1)),
            Option("power", "Power: the MCU's budget is too small", "The MCU runs within its budget by "
                   "definition; it is the model's size that the chip cannot accommodate."),
            Option("accuracy", "Accuracy: it would be worse on an MCU", "The arithmetic is the same on any "
                   "chip; accuracy only changes if you change the model, which is what the size forces you to do."),
        ],
    )
    hardware.param.watch(draw, "value")

    def restore(record: dict) -> None:
        if record.get("act2_hardware") in CONTEXTS.values():
            hardware.value = record["act2_hardware"]
        draw()

    lab.on_restore(restore)
    lab.record_answers("act2", lock, reflection)
    lock.param.watch(lambda e: draw() if e.new else None, "locked")
    lock.gate(
        instruments(hardware, cards(*term_cards, total_card), oom, chart, title="Iron Law audit"),
        reveal,
        math_peek(
            "the Iron Law",
            equations=[r"T = \frac{D}{BW} + \frac{O}{R\,\eta} + L"],
            notes=(f"- **D**: bytes moved; at {p16.name}, {MODEL.name} moves "
                   f"{si(MODEL.data_bytes(precision=p16), 'B')} per image: its weights and every feature map, "
                   "written to memory and read back.\n"
                   f"- **BW**: memory bandwidth; the H100 has {si(CLOUD.mem_bw_bytes_per_s, 'B/s')} of "
                   f"{CLOUD.memory_kind}.\n"
                   f"- **O**: operations; {si(MODEL.flops_per_inference, 'FLOP')} per image (2 FLOP per "
                   "multiply-accumulate).\n"
                   f"- **R**: peak rate at the same precision as D; {si(CLOUD.peak(p16).ops_per_s, 'FLOP/s')} "
                   f"{CLOUD.peak(p16).label} on the H100. **η** is the fraction of peak achieved (1 here, the best "
                   "case).\n"
                   f"- **L**: the fixed overhead of one inference call; {si(CLOUD.dispatch_overhead_s, 's')} on the "
                   "H100.\n\n"
                   f"Together: {si(h100.memory_s, 's')} + {si(h100.compute_s, 's')} + {si(h100.overhead_s, 's')} "
                   f"= {si(h100.total_s, 's')}.\n\n"
                   f"**What batching can and cannot do.** At batch 1 the model does {sig(intensity)} FLOP per byte, "
                   f"below the H100's ridge point of {sig(ridge)} FLOP/byte. A batch of B images reads each weight "
                   f"once for all of them, so intensity climbs, but every image still streams its own feature maps "
                   f"through memory: intensity levels off at {sig(limit)} FLOP/byte"
                   + (", still below the ridge. Only keeping feature maps on chip (fusion) lifts that ceiling."
                      if limit < ridge else ", past the ridge: a large enough batch is compute-bound.")),
        ),
        reflection,
    )
    return Act(
        "Act II: the Iron Law preview", "20–25",
        stakeholder("inference team lead", f"Our {MODEL.name} service is slower than the GPU's TFLOP/s rating "
                    "suggests. Someone proposed buying a faster chip. Before we do, tell me which of the three "
                    "costs of an inference we are actually paying for."),
        lock,
    )


def _mark(value) -> str:
    return "—" if value is None else ("✓" if value else "✗")


PRESETS = {
    "tinyml": Preset("Act II opens on the microcontroller, where ResNet-50 is out of memory",
                     {"act2_hardware": "tiny"}),
    "cloud": Preset("Both acts open on the datacenter tier", {"context": "cloud", "act2_hardware": "cloud"}),
}


def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build lab 01; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, _picker = tracked_lab(LESSON, hud=[
        ("Context", "context", lambda v: pc.Tier(v).label if v else "—"),
        ("Act I", "act1_correct", _mark),
        ("Act II", "act2_correct", _mark),
        ("Bottleneck", "act2_bottleneck", lambda v: v or "—"),
        ("OOM seen", "oom_triggered", lambda v: "yes" if v else "no"),
    ])
    lab.add_act(act_one(lab))
    lab.add_act(act_two(lab))
    lab.open_with(link_settings(track, preset, PRESETS))
    return lab


if __name__.startswith("bokeh"):
    create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
