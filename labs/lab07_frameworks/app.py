"""Lab 07's Panel wiring: the plan's questions, the model's numbers, the kit's widgets and charts."""

from __future__ import annotations

import panel as pn

import pycore as pc
from labs.kit import (
    Act,
    FailureBanner,
    FillInBlanks,
    GraphView,
    Lab,
    Meter,
    NumericAnswer,
    PredictionLock,
    Reflection,
    Reveal,
    StackedBar,
    TimelineChart,
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
from labs.kit.format import duration, percent, sig, times
from labs.kit.text import plain
from pycore.surgery import MFU_GAIN_REQUIRED, SHAPES, Surgery

from . import plan
from .model import (
    BANDWIDTHS,
    COMPILE_COSTS,
    COMPILE_S,
    DEFAULT_MODEL,
    DURATIONS,
    GAINS,
    GPU,
    KERNEL_STOPS,
    KWS_COMPILE_S,
    KWS_EAGER,
    KWS_GAIN,
    KWS_N,
    KWS_PER_HOUR,
    LAUNCH_MODES,
    PREDICTIONS,
    PROFILES,
    RESNET50_GAIN,
    ROI_MODELS,
    UTILISATION_TARGET,
    VOLUMES,
    C,
    D,
    act1_reveal,
    act2_reveal,
    best_fix,
    fusion_view,
    lab05_comparison,
    roi_view,
    surgery_verdict,
    util_run,
)


# ---------------------------------------------------------------- Act 1: the dispatch-tax audit
def act_one(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.ACT1)
    record = lab.within(lock)
    model = pn.widgets.RadioButtonGroup(name="Model", options=PROFILES, value="kws", button_type="primary",
                                        button_style="outline", description="Which chapter profile's kernels to run")
    kernels = slider("Kernels per forward pass", {f"{k:,}": k for k in KERNEL_STOPS}, 1000)
    mode = pn.widgets.RadioButtonGroup(name="Execution mode", options={"Eager": "eager", "Compiled": "compiled"},
                                       value="eager",
                                       button_type="primary", button_style="outline",
                                       description="Compiled fuses kernels: fewer launches, same work")
    host = pn.widgets.RadioButtonGroup(name="Host", options=LAUNCH_MODES, value=D.Launch.SYNCHRONISING.value,
                                       button_type="primary", button_style="outline",
                                       description="Whether the host waits for each kernel or queues launches ahead")
    speed = pn.widgets.RadioButtonGroup(name="GPU speed", options={"Today's GPU": 1.0, "2× faster GPU": 2.0},
                                        value=1.0, button_type="primary", button_style="outline",
                                        description="A faster GPU shrinks compute, not launches")
    waterfall = StackedBar(title="Dispatch-tax waterfall: one forward pass",
                           segments=["Kernel compute", "Launch time the GPU waits through"],
                           axis_label="microseconds")
    meter = Meter(title="GPU utilisation (dashed: 80% target; purple: your prediction)",
                  threshold=UTILISATION_TARGET)
    table = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-compare"])
    state = card()

    def on_model(*_):
        kernels.value = D.profile(model.value).kernels

    def draw(*_):
        run = util_run(model.value, compiled=mode.value == "compiled", kernels=kernels.value,
                       gpu_speedup=speed.value, launch=host.value)
        values = [run.compute_s * 1e6, run.launch_s * 1e6]
        waterfall.update(values, [f"compute {duration(run.compute_s)}", f"launch {duration(run.launch_s)}"])
        meter.update(run.utilisation, percent(run.utilisation),
                     marker=PREDICTIONS.get(lock.choice) if lock.locked else None)
        set_card(state, f"**{D.profile(model.value).name}, {mode.value}**\n\n### {percent(run.utilisation)} "
                 f"busy\n{run.kernels:,} kernels, {duration(run.total_s)} per pass; "
                 f"{D.Launch(host.value).label.lower()}", binding=run.utilisation < 0.5)

    rows = ["| Profile | Kernels | Compute per kernel | Eager, host waits | Eager, launches queued | Compiled, host "
            "waits |", "|---|---|---|---|---|---|"]
    for prof in D.PROFILES.values():
        eager, queued, compiled = (util_run(prof.key), util_run(prof.key, launch=D.Launch.ASYNC),
                                   util_run(prof.key, compiled=True))
        rows.append(f"| {prof.name} | {prof.kernels:,} | {duration(prof.compute_per_kernel_s)} | "
                    f"{percent(eager.utilisation)} | {percent(queued.utilisation)} | {percent(compiled.utilisation)} "
                    f"({compiled.kernels:,} kernels) |")
    table.object = (f"**The chapter's two profiles on an {GPU.name}, {duration(GPU.kernel_launch_s)} per launch**"
                    "\n\n" + "\n".join(rows))

    for control, field in ((model, "act1_model"), (kernels, "act1_kernels"), (mode, "execution_mode"),
                           (host, "act1_host"), (speed, "act1_gpu_speed")):
        record.bind(control, field)
    model.param.watch(on_model, "value")
    for w in (model, kernels, mode, host, speed):
        w.param.watch(draw, "value")
    lock.param.watch(draw, "locked")  # the prediction's marker: drawn as the instruments open

    def on_track(*_):
        model.value = DEFAULT_MODEL[picker.value]

    picker.param.watch(on_track, "value")
    eager = util_run("kws")
    record.update(chapter=7, kws_utilization_eager_pct=round(eager.utilisation * 100),
                      kws_utilization_compiled_pct=round(util_run("kws", compiled=True).utilisation * 100))

    reflection = Reflection.of(plan.ACT1_REFLECTION)
    lab.record_answers("act1", lock, reflection)
    lock.gate(
        Reveal(lock, lambda: act1_reveal(lock.choice)),
        instruments(model, kernels, mode, host, speed, waterfall, meter, cards(state, columns=1), table,
                    title="The dispatch tax"),
        math_peek("the dispatch tax", equations=[
            r"\text{GPU utilisation} = \frac{N\,t_{compute}}{T}",
            r"T_{\text{host waits}} = N\,(t_{compute} + t_{launch})",
            r"T_{\text{queued}} = N \max(t_{compute}, t_{launch})",
            rf"t_{{launch}} \in [{D.KERNEL_LAUNCH_RANGE_S[0] * 1e6:g}, {D.KERNEL_LAUNCH_RANGE_S[1] * 1e6:g}]\ "
            r"\mu\text{s per kernel (CPU-side)}",
        ], notes="Compiling fuses kernels: N falls, the work does not. The per-kernel launch t_launch is not the "
                 "Iron Law's L: L is the fixed overhead of a whole inference call, and eager mode adds one "
                 "launch per kernel on top of it. The two profiles are the frameworks chapter's illustrations, "
                 "not layer-by-layer models."),
        reflection,
    )
    model.value = DEFAULT_MODEL[picker.value]
    on_model()
    draw()
    message = stakeholder(plan.ACT1_MESSAGE)
    return Act(plan.ACTS[0], message, lock)



# ---------------------------------------------------------------- Act 2: the compilation break-even
def fusion_panel(lab: Lab, record) -> pn.viewable.Viewable:
    """Panel A: fuse an element-wise chain and watch its HBM traffic, beside the student's lab 05 mix."""
    fused = pn.widgets.RadioButtonGroup(name="Kernel fusion", options={"Off": False, "On": True}, value=False,
                                        button_type="primary", button_style="outline",
                                        description="Fuse LayerNorm + Dropout + ReLU into one kernel")
    bw = pn.widgets.RadioButtonGroup(name="HBM bandwidth", options=BANDWIDTHS, value=GPU.mem_bw_bytes_per_s,
                                     button_type="primary", button_style="outline",
                                     description="Memory bandwidth of the GPU")
    traffic = StackedBar(title="HBM traffic of the chain", segments=["LayerNorm", "Dropout", "ReLU"],
                         axis_label="megabytes")
    fusion_cards = [card() for _ in range(3)]
    lab05_note = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-lab05"])

    def draw(*_):
        view = fusion_view(bw.value, fused.value)
        traffic.update(view.bars_mb, view.labels, reference=view.reference_mb,
                       reference_label="unfused, for comparison", title=view.title)
        for pane, (text, binding) in zip(fusion_cards, view.cards):
            set_card(pane, text, binding=binding)

    def draw_lab05(*_):
        earlier = (lab.ledger.chapters or {}).get("5") or {}
        mix = earlier.get("mix_intensity")
        saved = plain(earlier.get("updated", "earlier"))  # stored text: shown, never read as markup
        lab05_note.object = lab05_comparison(float(mix) if isinstance(mix, (int, float)) else None, saved, bw.value)

    lab.ledger.param.watch(draw_lab05, "chapters")
    for w in (fused, bw):
        w.param.watch(draw, "value")
    record.bind(bw, "fusion_bandwidth")
    record.bind(fused, "fusion_enabled")
    draw()
    draw_lab05()
    return instruments(fused, bw, traffic, cards(*fusion_cards, columns=3), lab05_note,
                       title="Panel A: kernel fusion")


def roi_panel(record) -> pn.viewable.Viewable:
    """Panel B: the compilation break-even, for the chapter's measured ResNet-50 or the KWS profile."""
    roi_model = pn.widgets.RadioButtonGroup(name="Model", options=list(ROI_MODELS), value=list(ROI_MODELS)[0],
                                            button_type="primary", button_style="outline",
                                            description="Whose eager throughput the calculator starts from")
    cost = slider("Compile cost", {duration(c): c for c in COMPILE_COSTS}, COMPILE_S)
    boost = slider("Throughput gain", {percent(g): g for g in GAINS}, round(RESNET50_GAIN, 2))
    volume = slider("Inference volume", VOLUMES, 1e6)
    length = slider("Deployment duration", {k: k for k in DURATIONS}, "1 day")
    timeline = TimelineChart(title="Break-even timeline", series=["time saved", "compile cost"],
                             colors=[HIGHLIGHT, ALERT], x_label="inferences served (log scale)",
                             y_label="time (log scale)")
    badge = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")
    unjustified = FailureBanner("Compilation not justified")

    def on_model(*_):
        _key, _eager, gain, compile_cost = ROI_MODELS[roi_model.value]
        boost.value, cost.value = round(gain, 2), compile_cost

    def draw(*_):
        view = roi_view(roi_model.value, cost.value, boost.value, volume.label, volume.value, length.value)
        timeline.update(view.xs, {"time saved": view.saved_s, "compile cost": [cost.value] * len(view.xs)},
                        marker=view.roi.break_even, marker_label=view.marker_label, title=view.title)
        if view.badge:
            unjustified.hide()
            badge.object, badge.visible = view.badge, True
        else:
            badge.visible = False
            unjustified.show(view.banner)
        record.update(compilation_roi_positive=view.roi.positive, breakeven_inferences=round(view.roi.break_even))

    roi_model.param.watch(on_model, "value")
    for control, field in ((roi_model, "roi_model"), (cost, "roi_compile_s"), (boost, "roi_gain"),
                           (volume, "roi_volume_per_day"), (length, "roi_duration")):
        record.bind(control, field)
        control.param.watch(draw, "value")
    draw()
    return instruments(roi_model, cost, boost, volume, length, unjustified, badge, timeline,
                       title=f"Panel B: the compilation ROI calculator (on an {GPU.name})")


def kws_challenge(record) -> NumericAnswer:
    """The scaling challenge: how long KWS must stay deployed for compiling it to pay."""
    challenge = NumericAnswer(
        label=f"Shortest deployment (hours) for KWS at {KWS_PER_HOUR} requests/hour to break even",
        expected=lambda: KWS_N / KWS_PER_HOUR, tolerance=0.5, bounds=(0, 10_000), step=0.1, start=1.0,
        describe=lambda h: f"{sig(h)} hours: each compiled request saves "
                           f"{duration(1 / KWS_EAGER - 1 / C.compiled_throughput(KWS_EAGER, KWS_GAIN))}, so "
                           f"{duration(KWS_COMPILE_S)} of compiling takes {sig(KWS_N)} requests to recover.",
    )
    challenge.param.watch(lambda _e: record.update(kws_breakeven_hours=challenge.value,
                                                   kws_breakeven_correct=challenge.correct,
                                                   kws_breakeven_attempts=challenge.attempts), "attempts")
    return challenge


def act_two(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.ACT2)
    record = lab.within(lock)
    challenge = kws_challenge(record)
    blanks = FillInBlanks.of(plan.ACT2_BLANKS)
    blanks.param.watch(lambda _e: record.update(act2_blanks=blanks.answer, act2_blanks_correct=blanks.correct),
                       "answer")
    reflection = Reflection.of(plan.ACT2_REFLECTION)

    def restore(saved: dict) -> None:
        blanks.restore(saved.get("act2_blanks"))
        challenge.restore(saved.get("kws_breakeven_hours"), saved.get("kws_breakeven_attempts"))

    lab.on_restore(restore)
    lab.record_answers("act2", lock, reflection)
    lock.gate(
        Reveal(lock, act2_reveal),
        fusion_panel(lab, record),
        roi_panel(record),
        pn.pane.Markdown(f"### The scaling challenge\nKWS compiles in {duration(KWS_COMPILE_S)} and gains "
                         f"{percent(KWS_GAIN)}; one eager request takes {duration(1 / KWS_EAGER)}. It serves "
                         f"{KWS_PER_HOUR} requests an hour. How long must it stay deployed for compiling to pay? "
                         "(Set Panel B to KWS and its volume to "
                         f"{KWS_PER_HOUR} an hour to explore it.)"),
        challenge,
        math_peek("the break-even", equations=[
            r"N_{\text{break-even}} = \frac{t_{compile}}{1/thr_{eager} - 1/thr_{compiled}}",
            r"\text{element-wise fusion: } 2n \text{ tensor passes} \to 2",
        ], notes="Fusing n element-wise ops removes n − 1 launches and 2(n − 1) tensor passes; with the "
                 "arithmetic unchanged, no part of the time falls more than n×."),
        blanks,
        reflection,
    )
    message = stakeholder(plan.ACT2_MESSAGE)
    return Act(plan.ACTS[1], message, lock)


# ---------------------------------------------------------------- Part 3: graph surgery
def part_three(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock.of(plan.PART3)
    record = lab.within(lock)
    view = GraphView(title="Graph trace")
    surgery = pn.widgets.RadioBoxGroup(name="Surgery", options={s.value: s.name.lower() for s in Surgery},
                                 value="none")
    before_card, after_card, gain_card = card(), card(), card()
    accepted = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")
    refused = FailureBanner("Change refused")

    def draw(*_):
        t = picker.track
        shape, device = SHAPES[t.key], t.device
        chosen = Surgery[surgery.value.upper()]
        nodes = pc.surgery.graph(shape)
        before = pc.surgery.execute(shape, device)
        after = pc.surgery.execute(shape, device, chosen)
        cut = next(i for i, n in enumerate(nodes) if n.branch)
        if chosen.removes_break:
            bands = [(0, len(nodes) - 1, "one compiled graph")]
        else:
            bands = [(0, cut - 1, "compiled segment 1"), (cut + 2, len(nodes) - 1, "compiled segment 2")]
        view.update([n.name for n in nodes], [n.branch and not chosen.removes_break for n in nodes], bands,
                    title=f"Graph trace on the {device.name}",
                    note=f"{shape.tokens} tokens, width {shape.d_model}, {shape.precision.name}. "
                         f"{chosen.explanation}")
        for pane, name, run in ((before_card, "Before", before), (after_card, "After", after)):
            set_card(pane, f"**{name}**\n\n### MFU {percent(run.mfu)}\n{run.segments} segment(s), {run.kernels} "
                     f"kernels, {run.syncs} host sync(s); overhead {duration(run.overhead_s)} of "
                     f"{duration(run.total_s)}", binding=False)
        gain = after.mfu / before.mfu
        set_card(gain_card, f"**MFU gain**\n\n### {times(gain)}\nthe software lead needs more than "
                 f"{times(MFU_GAIN_REQUIRED)}", binding=gain <= MFU_GAIN_REQUIRED)
        if chosen is Surgery.NONE:
            accepted.visible = False
            refused.hide()
        elif gain > MFU_GAIN_REQUIRED:
            refused.hide()
            accepted.object = f"**Change accepted.** MFU rises {times(gain)}, past the {times(MFU_GAIN_REQUIRED)} bar."
            accepted.visible = True
        else:
            accepted.visible = False
            best, best_gain = best_fix(t.key)
            advice = ("" if best_gain > MFU_GAIN_REQUIRED else
                      " No fix clears the bar on this hardware: declining the rewrite is a sound decision.")
            refused.show(f"MFU changes {times(gain)}; the bar is {times(MFU_GAIN_REQUIRED)}. {chosen.explanation}"
                         + advice)
        record.update(surgery=chosen.name.lower(), mfu_gain=gain, surgery_accepted=gain > MFU_GAIN_REQUIRED)

    surgery.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    record.bind(surgery, "surgery")

    reflection = Reflection.of(plan.PART3_REFLECTION)
    lab.record_answers("part3", lock, reflection)
    message = stakeholder(plan.PART3_MESSAGE)
    lock.gate(
        Reveal(lock, lambda: ("**Computed:** the branch splits the graph into 2 compiled segments, with the branch "
                              "run eagerly between them and a host sync to read the condition. "
                              + surgery_verdict(picker.value))),
        message,
        instruments(view, pn.pane.Markdown("**Choose a surgery**"), surgery,
                    cards(before_card, after_card, gain_card, columns=3), accepted, refused,
                    title="Graph surgery"),
        reflection,
    )
    draw()
    return Act(plan.ACTS[2], lock)



def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build the lab; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, picker = tracked_lab(plan)
    lab.add_act(act_one(lab, picker))
    lab.add_act(act_two(lab, picker))
    lab.add_act(part_three(lab, picker))
    lab.open_with(link_settings(track, preset, plan.PRESETS))
    return lab
