"""Lab 01's Panel wiring: the plan's questions and messages, the model's numbers, the kit's widgets."""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs.kit import (
    Act,
    FailureBanner,
    Lab,
    LogBarChart,
    PredictionLock,
    Reflection,
    Reveal,
    StackedBar,
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
from labs.kit.format import si, time_scale

from . import plan
from .model import (
    CONTEXTS,
    MODEL,
    TERM_NAMES,
    TIER_NAMES,
    TIERS,
    act1_reveal,
    act2_precision,
    act2_reveal,
    act2_terms,
    bar_label,
    gap_table,
    iron_law_notes,
    oom_text,
)


# ---------------------------------------------------------------- Act I: the scale blind spot
def act_one(lab: Lab) -> Act:
    context = pn.widgets.RadioButtonGroup(name="Deployment context", options=CONTEXTS, value="cloud",
                                          button_type="default", description="Which tier the charts highlight")
    lock = PredictionLock.of(plan.ACT1)
    charts = {
        pc.Metric.PEAK_COMPUTE: LogBarChart(title="Peak compute (each at its headline precision)",
                                            categories=TIER_NAMES, axis_label="operations per second"),
        pc.Metric.MEM_BW: LogBarChart(title="Memory bandwidth (from the memory each device streams weights from)",
                                      categories=TIER_NAMES, axis_label="bytes per second"),
        pc.Metric.POWER: LogBarChart(title="Power budget", categories=TIER_NAMES, axis_label="watts"),
    }

    def draw(*_):
        chosen = pc.Tier(context.value).label
        devices = [pc.tier_device(t) for t in TIERS]
        for metric, chart in charts.items():
            chart.update([pc.metric_value(d, metric) for d in devices], [bar_label(metric, d) for d in devices],
                         highlight(TIER_NAMES, chosen),
                         marks=["your context" if name == chosen else "" for name in TIER_NAMES])
        lab.update_record(context=context.value)

    reflection = Reflection.of(plan.ACT1_REFLECTION)
    context.param.watch(draw, "value")
    draw()
    lab.bind(context, "context")
    lab.record_answers("act1", lock, reflection)
    lock.gate(
        instruments(*charts.values(), pn.pane.Markdown(gap_table(), sizing_mode="stretch_width"),
                    title="The magnitude landscape"),
        Reveal(lock, lambda: act1_reveal(lock.choice)),
        math_peek(
            "the D·A·M triad",
            equations=[r"\text{System} = \text{Data} \cdot \text{Algorithm} \cdot \text{Machine}"],
            notes=("- **Data** sets how many bytes must move: the numerator of the memory term.\n"
                   "- **Algorithm** sets how many operations are needed: the numerator of the compute term.\n"
                   "- **Machine** sets the rates that divide them (bandwidth and peak compute), the memory "
                   "that must hold the model, and the fixed overhead of each inference call.\n\n"
                   "A tier is a point in Machine space; the gap table above measures the distance between two."),
        ),
        reflection,
    )
    return Act(plan.ACTS[0], stakeholder(plan.ACT1_MESSAGE), context, lock)


# ---------------------------------------------------------------- Act II: the Iron Law preview
def act_two(lab: Lab) -> Act:
    hardware = pn.widgets.RadioButtonGroup(name="Hardware", options=CONTEXTS, value="cloud",
                                           description="The device the Iron Law is evaluated on")
    lock = PredictionLock.of(plan.ACT2)
    record = lab.within(lock)
    chart = StackedBar(title="Iron Law terms for one inference", segments=TERM_NAMES, axis_label="seconds")
    term_cards = [card() for _ in range(3)]
    total_card = card()
    oom = FailureBanner("Out of memory")

    def draw(*_):
        device = pc.tier_device(hardware.value)
        precision = act2_precision(device)
        terms = act2_terms(device)
        values = [terms.memory_s, terms.compute_s, terms.overhead_s]
        binding = terms.binding
        scale, unit = time_scale(terms.total_s)
        chart.update([v * scale for v in values], [si(v, "s") for v in values], axis_label=f"latency ({unit})",
                     title=f"Iron Law terms for one inference on the {device.name}, {precision.name}: "
                      f"{TERM_NAMES[list(pc.Term).index(binding)].split()[0].lower()} binds")
        for pane, term, name, value in zip(term_cards, pc.Term, TERM_NAMES, values):
            set_card(pane, f"**{name}**\n\n### {si(value, 's')}\n{terms.share(term):.0%} of total",
                     binding=term is binding)
        set_card(total_card, f"**Total latency T**\n\n### {si(terms.total_s, 's')}\non the {device.name} at "
                 f"{precision.name}", binding=False)
        failure = oom_text(device)
        if failure:
            oom.show(failure)
        else:
            oom.hide()
        verdict = pc.bottleneck(MODEL, device, precision=precision)
        fields = dict(act2_hardware=hardware.value, act2_bottleneck=verdict.value)
        if verdict is pc.Bottleneck.OOM:
            fields["oom_triggered"] = True
        record.update(**fields)

    reflection = Reflection.of(plan.ACT2_REFLECTION)
    hardware.param.watch(draw, "value")
    record.bind(hardware, "act2_hardware", then=draw)
    lab.record_answers("act2", lock, reflection)
    lock.param.watch(lambda e: draw() if e.new else None, "locked")
    lock.gate(
        instruments(hardware, cards(*term_cards, total_card), oom, chart, title="Iron Law audit"),
        Reveal(lock, act2_reveal),
        math_peek("the Iron Law", equations=[r"T = \frac{D}{BW} + \frac{O}{R\,\eta} + L"], notes=iron_law_notes()),
        reflection,
    )
    return Act(plan.ACTS[1], stakeholder(plan.ACT2_MESSAGE), lock)


def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build lab 01; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, _picker = tracked_lab(plan)
    lab.add_act(act_one(lab))
    lab.add_act(act_two(lab))
    lab.open_with(link_settings(track, preset, plan.PRESETS))
    return lab
