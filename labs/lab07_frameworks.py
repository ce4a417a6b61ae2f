"""Lab 07: ML Frameworks.

Act 1 audits the dispatch tax, act 2 weighs kernel fusion and the compilation break-even,
and part 3 performs graph surgery on a data-dependent branch. Every number comes from pycore.
"""

from __future__ import annotations

import math

import panel as pn

import pycore as pc
from labs import registry
from labs.kit import (
    Act,
    Check,
    FailureBanner,
    FillInBlanks,
    GraphView,
    Lab,
    Lesson,
    Meter,
    NumericAnswer,
    Option,
    PredictionLock,
    Preset,
    Reflection,
    Reveal,
    StackedBar,
    Stakeholder,
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
from labs.kit.format import duration, percent, si, sig, times
from labs.kit.text import plain
from pycore.surgery import MFU_GAIN_REQUIRED, SHAPES, Surgery

ENTRY = registry.entry("lab07")
LESSON = Lesson(
    number=ENTRY.number,
    slug=ENTRY.slug,
    title=ENTRY.title,
    chapter=ENTRY.chapter,
    chapter_title=ENTRY.chapter_title,
    minutes="45",
    intro=("Software flexibility is not free. You measure the fixed cost of launching every kernel, decide when "
           "compiling a model pays for itself, and cut a graph break out of a model to let the compiler fuse it."),
)

P = pc.Precision
D = pc.dispatch
C = pc.compilation
GPU = pc.A100_80GB  # the plan's production server
PROFILES = {p.name: p.key for p in D.PROFILES.values()}
KERNEL_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
BANDWIDTHS = {"1.0 TB/s": 1.0e12, "2.0 TB/s (A100, HBM2e)": GPU.mem_bw_bytes_per_s, "3.35 TB/s (H100, HBM3)":
              pc.H100_SXM5.mem_bw_bytes_per_s}
FUSION_ELEMENTS = 4096 * 4096
KWS_PER_HOUR, KWS_COMPILE_S, KWS_GAIN = C.KWS_REQUESTS_PER_HOUR, C.KWS_COMPILE_S, C.KWS_COMPILE_GAIN
RESNET50_GAIN = C.RESNET50_COMPILED_PER_S / C.RESNET50_EAGER_PER_S - 1
COMPILE_COSTS = sorted({KWS_COMPILE_S, C.RESNET50_COMPILE_S, 48.0, 120.0, 300.0})
GAINS = sorted({0.05, 0.30, KWS_GAIN, round(RESNET50_GAIN, 2), 1.00})
VOLUMES = {f"{KWS_PER_HOUR} an hour": KWS_PER_HOUR * 24, "10K a day": 1e4, "1M a day": 1e6, "100M a day": 1e8}
DURATIONS = {"1 run": None, "1 hour": 1 / 24, "1 day": 1.0, "1 week": 7.0, "1 year": 365.0}
UTILISATION_TARGET = 0.8
DEFAULT_MODEL = {"cloud": "gpt2_layer", "edge": "kws", "mobile": "kws", "tiny": "kws"}
PREDICTIONS = {"p90": 0.90, "p50": 0.50, "p33": 1 / 3, "p5": 0.05}
LAUNCH_MODES = {mode.label: mode.value for mode in D.Launch}
GIANT = D.KernelProfile(key="giant", name="one giant matrix multiply", kernels=1, compute_per_kernel_s=200e-3,
                        source=D.FRAMEWORKS_CHAPTER)
# The ROI calculator's models: eager throughput (inferences/s) and the gain compiling gives each.
ROI_MODELS = {
    "ResNet-50 (the chapter's measurement)": ("resnet50", C.RESNET50_EAGER_PER_S, RESNET50_GAIN,
                                              C.RESNET50_COMPILE_S),
    "KWS (many small kernels)": ("kws", 1 / D.run(D.KWS_PROFILE).total_s, KWS_GAIN, KWS_COMPILE_S),
}


def kws_utilisation() -> float:
    return D.run(D.KWS_PROFILE).utilisation


# What each track's stakeholder says in each act: the same physics, each team's own pain.
MESSAGES = {
    "cloud": ("serving lead", f"Our {GPU.name}s show about {percent(kws_utilisation())} utilisation on "
              "small-batch requests. Is the GPU too slow, or is something else eating the time?",
              f"Every model redeploy recompiles. Is that {duration(C.RESNET50_COMPILE_S)} worth it for us?",
              "software lead", "I will not merge a less readable model unless it more than doubles MFU."),
    "edge": ("safety lead", f"Our {duration(pc.EDGE_GUARDIAN.target_latency_s)} loop has latency spikes. How much "
             "of each frame is framework overhead?",
             "The vehicle reboots often. Does a compile at boot ever pay for itself?",
             "software lead", "Rewrites make certification harder. Show me MFU more than doubles, or no."),
    "mobile": ("battery lead", "Every kernel the app launches keeps the chip awake while it waits for the next "
               "one. How much of each pass is waiting?",
               "Our app session lasts minutes. Is on-device compilation worth it?",
               "software lead", "Readable code ships faster. Prove MFU more than doubles."),
    "tiny": ("firmware lead", "The full framework does not even fit. How much of our time is the interpreter?",
             "We flash once and run for months. Should we compile ahead of time?",
             "software lead", "Hand-written kernels are hard to maintain. Show me MFU more than doubles."),
}
MESSAGE_CHECK = Check("KWS eager sits near the utilisation the cloud lead quotes, and the bar is 2x",
                      lambda _t: abs(kws_utilisation() - 1 / 3) < 0.01 and MFU_GAIN_REQUIRED == 2.0)


def track_message(pick) -> Stakeholder:
    """A stakeholder message that follows the chosen track; ``pick(messages)`` -> (role, text)."""
    return stakeholder(lambda t: pick(MESSAGES[t])[0], lambda t: pick(MESSAGES[t])[1], check=MESSAGE_CHECK)


def util_run(key: str, *, compiled: bool = False, kernels: int | None = None, gpu_speedup: float = 1.0,
             launch: str = D.Launch.SYNCHRONISING):
    """One forward pass of a chapter profile on the A100 (its kernel times include their memory traffic)."""
    return D.run(D.profile(key), compiled=compiled, kernels=kernels, gpu_speedup=gpu_speedup,
                 launch_s=GPU.kernel_launch_s, launch=launch)


# ---------------------------------------------------------------- Act 1: the dispatch-tax audit
def act_one(lab: Lab, picker: TrackPicker) -> Act:
    kws = D.KWS_PROFILE
    t_c, t_l = kws.compute_per_kernel_s, GPU.kernel_launch_s
    per_kernel_s = t_c + t_l
    share = util_run("kws").utilisation
    overlapped = util_run("kws", launch=D.Launch.ASYNC)
    lock = PredictionLock(
        key="act1",
        question=f"A model launches {kws.kernels:,} kernels per forward pass. Each computes for "
                 f"{duration(t_c)}, each launch costs {duration(t_l)} of CPU-side overhead, and the host waits "
                 "for each kernel to finish before it launches the next (eager mode with a synchronising host). "
                 "What fraction of wall-clock time is the GPU doing tensor arithmetic?",
        options=[
            Option("p90", "About 90%: the GPU is the bottleneck", f"The arithmetic is short; the launches are "
                   f"{times(t_l / t_c)} as long as the work they start.",
                   check=Check("each launch outlasts its kernel's compute", lambda _t: t_l > t_c)),
            Option("p50", "About 50%: half compute, half overhead", f"That would need launch and compute to "
                   f"cost the same; here a launch costs {times(t_l / t_c)} the compute. (It is what you would see "
                   "if the host queued launches ahead: then only the longer of the two counts.)",
                   check=Check("a queued-ahead host would see about half", lambda _t: abs(overlapped.utilisation
                                                                                           - 0.5) < 0.01)),
            Option("p33", f"About {share:.0%}: {duration(t_c)} of compute per {duration(per_kernel_s)} of wall time",
                   f"Yes: {duration(t_c)} / {duration(per_kernel_s)} = {share:.0%}. The rest of the time the GPU "
                   "waits for the CPU.", correct=True,
                   check=Check("synchronising utilisation is about a third", lambda _t: abs(share - 1 / 3) < 0.01)),
            Option("p5", "About 5%: overhead swamps everything", f"Overhead dominates, but compute is still "
                   f"{percent(share)} of each kernel's {duration(per_kernel_s)}.",
                   check=Check("compute is far above 5% of the pass", lambda _t: share > 0.2)),
        ],
    )
    model = pn.widgets.RadioButtonGroup(name="Model", options=PROFILES, value="kws", button_type="primary",
                                        button_style="outline", description="Which chapter profile's kernels to run")
    kernels = slider("Kernels per forward pass", {f"{k:,}": k for k in KERNEL_STOPS}, 1000)
    mode = pn.widgets.RadioButtonGroup(name="Execution mode", options=["Eager", "Compiled"], value="Eager",
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
        run = util_run(model.value, compiled=mode.value == "Compiled", kernels=kernels.value,
                       gpu_speedup=speed.value, launch=host.value)
        values = [run.compute_s * 1e6, run.launch_s * 1e6]
        waterfall.update(values, [f"compute {duration(run.compute_s)}", f"launch {duration(run.launch_s)}"])
        meter.update(run.utilisation, percent(run.utilisation),
                     marker=PREDICTIONS.get(lock.choice) if lock.locked else None)
        set_card(state, f"**{D.profile(model.value).name}, {mode.value.lower()}**\n\n### {percent(run.utilisation)} "
                 f"busy\n{run.kernels:,} kernels, {duration(run.total_s)} per pass; "
                 f"{D.Launch(host.value).label.lower()}", binding=run.utilisation < 0.5)
        lab.update_record(execution_mode=mode.value.lower())

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

    model.param.watch(on_model, "value")
    for w in (model, kernels, mode, host, speed):
        w.param.watch(draw, "value")
    lock.param.watch(draw, "choice")

    def on_track(*_):
        model.value = DEFAULT_MODEL[picker.value]

    picker.param.watch(on_track, "value")
    eager = util_run("kws")
    lab.update_record(chapter=7, kws_utilization_eager_pct=round(eager.utilisation * 100),
                      kws_utilization_compiled_pct=round(util_run("kws", compiled=True).utilisation * 100))

    def computed() -> str:
        guess = PREDICTIONS[lock.choice]
        faster = util_run("kws", gpu_speedup=2)
        return (f"**Computed:** {kws.kernels:,} × ({duration(t_c)} + {duration(t_l)}) = {duration(eager.total_s)}; "
                f"compute is {duration(eager.compute_s)}, so the GPU is busy **{percent(eager.utilisation)}** of the "
                f"time. You predicted {percent(guess)}: off by {abs(guess - eager.utilisation) * 100:.0f} percentage "
                f"points.\n\n**If the host queued launches ahead**, each launch would overlap the kernel before it, "
                f"and the pass would take {kws.kernels:,} × max({duration(t_c)}, {duration(t_l)}) = "
                f"{duration(overlapped.total_s)}: **{percent(overlapped.utilisation)}** busy. Still launch-bound: the "
                f"GPU cannot finish a kernel faster than the CPU can start the next.\n\n**A 2× faster GPU waits "
                f"faster:** compute per kernel drops to {duration(t_c / 2)} while each launch still costs "
                f"{duration(t_l)}, so utilisation falls to **{percent(faster.utilisation)}**.")

    reflection = Reflection(
        key="act1_reflection",
        question="A faster GPU sometimes produces lower utilisation for small models because:",
        options=[
            Option("thermal", "Faster GPUs draw more power and throttle", "Throttling is real but small; the "
                   "effect here is arithmetic, not thermal."),
            Option("warmup", "Faster GPUs need longer to warm up", "There is no warm-up in the model; every "
                   "pass costs the same."),
            Option("fraction", "Faster compute shrinks each kernel's work, so the fixed launch cost is a larger "
                   "share", "Yes. The launch cost is set by the CPU and the driver, not the GPU; speeding up "
                   "the GPU shrinks only the compute share.", correct=True,
                   check=Check("a 2x faster GPU lowers KWS utilisation, synchronising or queued",
                               lambda _t: util_run("kws", gpu_speedup=2).utilisation < share
                               and util_run("kws", gpu_speedup=2, launch=D.Launch.ASYNC).utilisation
                               < overlapped.utilisation)),
            Option("memory", "Faster GPUs have memory systems unsuited to small models", "The profiles' kernel "
                   "times already include their memory traffic; what the GPU waits for is the next launch."),
        ],
    )
    lab.record_answers("act1", lock, reflection)
    lock.gate(
        Reveal(lock, computed),
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
    message = track_message(lambda m: m[:2])
    return Act("Act 1: the dispatch-tax audit", "12", message, lock)


# ---------------------------------------------------------------- Act 2: the compilation break-even
def act_two(lab: Lab, picker: TrackPicker) -> Act:
    eager_rate, compiled_rate, compile_s = C.RESNET50_EAGER_PER_S, C.RESNET50_COMPILED_PER_S, C.RESNET50_COMPILE_S
    n_even = C.break_even_inferences(compile_s=compile_s, eager_per_s=eager_rate, compiled_per_s=compiled_rate)
    saving = C.saving_per_inference_s(eager_rate, compiled_rate)

    def saved_after(images: float) -> str:
        return duration(images * saving)

    lock = PredictionLock(
        key="act2",
        question=f"The chapter measured torch.compile speeding ResNet-50 up {percent(RESNET50_GAIN)} "
                 f"({sig(eager_rate)} → {sig(compiled_rate)} images/s), for {duration(compile_s)} of compiling. "
                 "About how many inferences before the compile time is paid back?",
        options=[
            Option("1k", "About 1,000 images: the overhead is tiny", f"At 1,000 images you have saved "
                   f"{saved_after(1e3)}; the compile took {duration(compile_s)}.",
                   check=Check("1,000 images save far less than the compile",
                               lambda _t: 1e3 * saving < compile_s / 10)),
            Option("10k", "About 10,000 images, roughly 10 s of inference", f"10,000 images take "
                   f"{duration(1e4 / eager_rate)} eagerly and save {saved_after(1e4)}, against "
                   f"{duration(compile_s)} of compiling.",
                   check=Check("10,000 images save under a third of the compile",
                               lambda _t: 1e4 * saving < compile_s / 3)),
            Option("130k", "About 130,000 images: each saves very little", "Yes. Each image saves "
                   f"{duration(saving)}, so {duration(compile_s)} takes about {sig(n_even)} images to recover.",
                   correct=True, check=Check("break-even is within 5% of 130,000", lambda _t: abs(n_even / 130e3 - 1)
                                             < 0.05)),
            Option("10m", "About 10 million images: compiling almost never pays", f"It pays far sooner: by 10 "
                   f"million images you have saved {saved_after(1e7)}.",
                   check=Check("10 million images save far more than the compile", lambda _t: 1e7 * saving
                               > 10 * compile_s)),
        ],
    )
    # Panel A: fusion
    fused = pn.widgets.RadioButtonGroup(name="Kernel fusion", options=["Off", "On"], value="Off",
                                        button_type="primary", button_style="outline",
                                        description="Fuse LayerNorm + Dropout + ReLU into one kernel")
    bw = pn.widgets.RadioButtonGroup(name="HBM bandwidth", options=BANDWIDTHS, value=GPU.mem_bw_bytes_per_s,
                                     button_type="primary", button_style="outline",
                                     description="Memory bandwidth of the GPU")
    traffic = StackedBar(title="HBM traffic of the chain", segments=["LayerNorm", "Dropout", "ReLU"],
                         axis_label="megabytes")
    fusion_cards = [card() for _ in range(3)]
    lab05_note = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-lab05"])

    def fusion_at(bandwidth: float):
        return pc.fusion.fuse(elements=FUSION_ELEMENTS, mem_bw_bytes_per_s=bandwidth,
                              peak_ops_per_s=GPU.peak(P.FP16).ops_per_s)

    def draw_fusion(*_):
        result = fusion_at(bw.value)
        on = fused.value == "On"
        chain = result.fused if on else result.unfused
        per_op = result.unfused.bytes_moved / 3
        if on:
            traffic.update([chain.bytes_moved / 1e6, 0.0, 0.0], [f"one fused kernel: {si(chain.bytes_moved, 'B')}",
                                                                 "", ""])
        else:
            traffic.update([per_op / 1e6] * 3, [f"{name} {si(per_op, 'B')}" for name in ("LayerNorm", "Dropout",
                                                                                           "ReLU")])
        ridge = GPU.peak(P.FP16).ops_per_s / bw.value
        set_card(fusion_cards[0], f"**Kernels and traffic**\n\n### {chain.kernels} kernel(s)\n"
                 f"{si(chain.bytes_moved, 'B')} through HBM ({times(result.traffic_ratio)} less when fused)",
                 binding=False)
        bound = "memory-bound either way" if result.fused.intensity < ridge else "compute-bound when fused"
        set_card(fusion_cards[1], f"**Arithmetic intensity**\n\n### {sig(chain.intensity)} FLOP/B\nridge "
                 f"{sig(ridge)} FLOP/B at FP16: {bound}", binding=result.fused.intensity < ridge)
        took = result.fused_s if on else result.unfused_s
        set_card(fusion_cards[2], f"**Time for the chain**\n\n### {duration(took)}\nfusion: {times(result.speedup)} "
                 "faster", binding=False)
        lab.update_record(fusion_enabled=on)

    def draw_lab05(*_):
        record = (lab.ledger.chapters or {}).get("5") or {}
        chain = fusion_at(bw.value).fused.intensity
        if isinstance(record.get("mix_intensity"), (int, float)):
            saved = plain(record.get("updated", "earlier"))  # stored text: shown, never read as markup
            mix = float(record["mix_intensity"])
            compare = (f"The fused chain here, at {sig(chain)} FLOP/B, is far below that: element-wise ops have "
                       "almost no reuse to offer." if chain < mix / 10 else
                       f"The fused chain here runs at {sig(chain)} FLOP/B, not far from it.")
            lab05_note.object = (f"**From your Design Ledger (lab 05, saved {saved}):** your operator mix ran at "
                                 f"{sig(mix)} FLOP/B. {compare}")
        else:
            lab05_note.object = ("*No lab 05 record in this browser's Design Ledger yet: do lab 05 to compare "
                                 "your operator mix's intensity with this chain's.*")

    lab.ledger.param.watch(draw_lab05, "chapters")
    for w in (fused, bw):
        w.param.watch(draw_fusion, "value")

    # Panel B: compilation ROI, for the chapter's measured ResNet-50 or the KWS profile
    roi_model = pn.widgets.RadioButtonGroup(name="Model", options=list(ROI_MODELS), value=list(ROI_MODELS)[0],
                                            button_type="primary", button_style="outline",
                                            description="Whose eager throughput the calculator starts from")
    cost = slider("Compile cost", {duration(c): c for c in COMPILE_COSTS}, compile_s)
    boost = slider("Throughput gain", {percent(g): g for g in GAINS}, round(RESNET50_GAIN, 2))
    volume = slider("Inference volume", VOLUMES, 1e6)
    length = slider("Deployment duration", {k: k for k in DURATIONS}, "1 day")
    timeline = TimelineChart(title="Break-even timeline", series=["time saved", "compile cost"],
                             colors=[HIGHLIGHT, ALERT], x_label="inferences served",
                             y_label="seconds")
    badge = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")
    unjustified = FailureBanner("Compilation not justified")

    def on_roi_model(*_):
        _key, _eager, gain, compile_cost = ROI_MODELS[roi_model.value]
        boost.value, cost.value = round(gain, 2), compile_cost

    def draw_roi(*_):
        _key, eager, _gain, _cost = ROI_MODELS[roi_model.value]
        compiled = C.compiled_throughput(eager, boost.value)
        days = DURATIONS[length.value] or 1 / volume.value  # one run is one inference
        roi = C.compile_roi(compile_s=cost.value, eager_per_s=eager, compiled_per_s=compiled,
                            inferences_per_day=volume.value, days=days)
        top = max(roi.inferences, roi.break_even) * 2
        xs = [10 ** (i * math.log10(top) / 40) for i in range(41)]
        saved = [x * C.saving_per_inference_s(eager, compiled) for x in xs]
        timeline.update(xs, {"time saved": saved, "compile cost": [cost.value] * len(xs)}, marker=roi.break_even,
                        title=f"Break-even at {sig(roi.break_even)} inferences (dashed); this deployment serves "
                              f"{sig(roi.inferences)}")
        hours = roi.break_even_days * 24
        when = f"{sig(hours)} hours" if hours < 48 else f"{sig(roi.break_even_days)} days"
        if roi.positive:
            unjustified.hide()
            badge.object = (f"**Net ROI: {duration(roi.net_saving_s)} saved.** Compilation pays back after "
                            f"{sig(roi.break_even)} inferences ({when} at this volume).")
            badge.visible = True
        else:
            badge.visible = False
            unjustified.show(f"At {volume.label.lower()}, the compile cost is recovered after {when}. For a "
                             f"{length.value} deployment, eager mode is faster overall.")
        lab.update_record(compilation_roi_positive=roi.positive, breakeven_inferences=round(roi.break_even))

    roi_model.param.watch(on_roi_model, "value")
    for w in (roi_model, cost, boost, volume, length):
        w.param.watch(draw_roi, "value")

    kws_eager = ROI_MODELS["KWS (many small kernels)"][1]
    kws_n = C.break_even_inferences(compile_s=KWS_COMPILE_S, eager_per_s=kws_eager,
                                    compiled_per_s=C.compiled_throughput(kws_eager, KWS_GAIN))
    challenge = NumericAnswer(
        label=f"Shortest deployment (hours) for KWS at {KWS_PER_HOUR} requests/hour to break even",
        expected=lambda: kws_n / KWS_PER_HOUR, tolerance=0.5, bounds=(0, 10_000), step=0.1, start=1.0,
        describe=lambda h: f"{sig(h)} hours: each compiled request saves "
                           f"{duration(1 / kws_eager - 1 / C.compiled_throughput(kws_eager, KWS_GAIN))}, so "
                           f"{duration(KWS_COMPILE_S)} of compiling takes {sig(kws_n)} requests to recover.",
    )
    challenge.param.watch(lambda _e: lab.update_record(kws_breakeven_hours=challenge.value,
                                                       kws_breakeven_correct=challenge.correct,
                                                       kws_breakeven_attempts=challenge.attempts), "attempts")
    chain = fusion_at(GPU.mem_bw_bytes_per_s)
    blanks = FillInBlanks(
        key="act2_blanks",
        template="Fusing LayerNorm + Dropout + ReLU gives {0} because {1}.",
        blanks=[
            [Option("wall5", "a 5× wall-clock speedup", f"5× is out of reach: every part of the time falls at most "
                    f"3×, so the speedup is at most 3× ({times(chain.speedup)} here).",
                    check=Check("the fused chain's speedup is at most 3x", lambda _t: chain.speedup <= 3.0)),
             Option("hbm3", "about 3× less HBM traffic", "Yes: six tensor passes become two.", correct=True,
                    check=Check("fusion cuts traffic about 3x", lambda _t: abs(chain.traffic_ratio - 3) < 0.1)),
             Option("hbm1020", "10-20× less HBM traffic", "That is FlashAttention's figure, for tiling the "
                    "attention matrix, not element-wise fusion.",
                    check=Check("FlashAttention's traffic cut is 10-20x",
                                lambda _t: pc.claims.claim("flash_attention_traffic").holds(
                                    pc.claims.claim("flash_attention_traffic").evaluate())))],
            [Option("passes", "one pass through memory serves all three ops", "Yes: the intermediates stay on "
                    "chip.", correct=True,
                    check=Check("the fused chain is one kernel reading its input once and writing once",
                                lambda _t: chain.fused.kernels == 1 and chain.unfused.kernels == 3)),
             Option("ridge", "fusion lifts intensity above the ridge point", "Look at the intensity card: even "
                    "fused, the chain is far below the ridge.",
                    check=Check("the fused chain is below the ridge at every bandwidth offered",
                                lambda _t: all(fusion_at(b).fused.intensity < GPU.peak(P.FP16).ops_per_s / b
                                               for b in BANDWIDTHS.values()))),
             Option("tensor", "fusion lets Tensor Cores run element-wise ops", "Tensor Cores do matrix "
                    "products; element-wise ops stay on the vector units."),
             Option("python", "fusion removes Python interpreter overhead", "It removes two launches, but the "
                    "traffic ratio comes from the memory passes, not from Python.")],
        ],
    )
    blanks.param.watch(lambda _e: lab.update_record(act2_blanks=blanks.answer, act2_blanks_correct=blanks.correct),
                       "answer")
    giant_gain = D.compile_speedup(GIANT, launch_s=GPU.kernel_launch_s) - 1
    reflection = Reflection(
        key="act2_reflection",
        question=f"A model with {GIANT.name} ({duration(GIANT.compute_s)} of compute, one kernel). torch.compile "
                 "gives:",
        options=[
            Option("zero", f"Near-zero speedup: {duration(GPU.kernel_launch_s)} of launch against "
                   f"{duration(GIANT.compute_s)} of compute", f"Yes: {percent(giant_gain)} at most. There is "
                   "nothing to fuse and nothing to amortise.", correct=True,
                   check=Check("compiling one giant kernel gains under 0.1%", lambda _t: giant_gain < 1e-3)),
            Option("48", f"About {percent(RESNET50_GAIN)}, like ResNet-50", "ResNet-50's measured gain comes from "
                   "fusing its many small kernels; one kernel has no launches to remove."),
            Option("2x", "More than 2×: big kernels benefit most", "Big kernels are already efficient; the "
                   "compiler has nothing to remove."),
            Option("negative", "A slowdown", "Compiling costs time once, up front; it does not slow each run."),
        ],
    )

    def restore(record: dict) -> None:
        if isinstance(record.get("fusion_enabled"), bool):
            fused.value = "On" if record["fusion_enabled"] else "Off"
        blanks.restore(record.get("act2_blanks"))
        challenge.restore(record.get("kws_breakeven_hours"), record.get("kws_breakeven_attempts"))

    lab.on_restore(restore)
    lab.record_answers("act2", lock, reflection)

    def computed() -> str:
        return (f"**Computed:** N = {duration(compile_s)} ÷ (1/{sig(eager_rate)} − 1/{sig(compiled_rate)}) = "
                f"{duration(compile_s)} ÷ {duration(saving)} per image ≈ **{sig(n_even)} images**.")

    lock.gate(
        Reveal(lock, computed),
        instruments(fused, bw, traffic, cards(*fusion_cards, columns=3), lab05_note,
                    title="Panel A: kernel fusion"),
        instruments(roi_model, cost, boost, volume, length, unjustified, badge, timeline,
                    title=f"Panel B: the compilation ROI calculator (on an {GPU.name})"),
        pn.pane.Markdown(f"### The scaling challenge\nKWS compiles in {duration(KWS_COMPILE_S)} and gains "
                         f"{percent(KWS_GAIN)}; one eager request takes {duration(1 / kws_eager)}. It serves "
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
    draw_fusion()
    draw_lab05()
    draw_roi()
    message = track_message(lambda m: ("platform lead", m[2]))
    return Act("Act 2: the compilation break-even", "20", message, lock)


# ---------------------------------------------------------------- Part 3: graph surgery
def surgery_gains(track: str) -> dict[Surgery, float]:
    """Each fix's MFU gain on the track's graph and device."""
    t = pc.track(track)
    return {fix: pc.surgery.mfu_gain(SHAPES[track], t.device, fix) for fix in Surgery if fix is not Surgery.NONE}


def best_fix(track: str) -> tuple[Surgery, float]:
    gains = surgery_gains(track)
    fix = max(gains, key=gains.get)
    return fix, gains[fix]


def surgery_verdict(track: str) -> str:
    """What the student should conclude on ``track``: which fix clears the lead's bar, or that none does."""
    t = pc.track(track)
    fix, gain = best_fix(track)
    before = pc.surgery.execute(SHAPES[track], t.device)
    share = before.overhead_s / before.total_s
    if gain > MFU_GAIN_REQUIRED:
        return (f"On the {t.device.name}, {fix.value.lower()} lifts MFU {times(gain)}, past the "
                f"{times(MFU_GAIN_REQUIRED)} bar: launches and the host sync are {percent(share)} of the time, "
                "and the fix removes most of them.")
    return (f"On the {t.device.name} no fix clears the {times(MFU_GAIN_REQUIRED)} bar: the best, "
            f"{fix.value.lower()}, changes MFU {times(gain)}, because launches and the host sync are only "
            f"{percent(share)} of the time. Declining the rewrite is the right call here: keep the readable model.")


def part_three(lab: Lab, picker: TrackPicker) -> Act:
    lock = PredictionLock(
        key="part3",
        question="A model has a data-dependent branch, \"if h.mean() > 0: h = relu(h)\". Can the framework compile "
                 "the whole model into a single graph?",
        options=[
            Option("yes", "Yes: compilers trace any Python", "Tracing records the path taken once; a branch on "
                   "a tensor's value needs the value, which exists only at run time."),
            Option("no", "No: the graph breaks at the branch", "Yes. The compiler must hand control back to "
                   "Python to read the value, splitting the graph in two.", correct=True,
                   check=Check("the unfixed graph runs in two segments with a host sync",
                               lambda t: pc.surgery.execute(SHAPES[t], pc.track(t).device).segments == 2)),
            Option("fp16", "Only at FP16", "Precision has nothing to do with control flow."),
            Option("gpu", "Only on a GPU", "Every backend needs the value before it can choose the branch."),
        ],
    )
    view = GraphView(title="Graph trace")
    surgery = pn.widgets.RadioBoxGroup(name="Surgery", options={s.value: s.name for s in Surgery}, value="NONE")
    before_card, after_card, gain_card = card(), card(), card()
    accepted = pn.pane.Alert("", alert_type="success", visible=False, sizing_mode="stretch_width")
    refused = FailureBanner("Change refused")

    def draw(*_):
        t = picker.track
        shape, device = SHAPES[t.key], t.device
        chosen = Surgery[surgery.value]
        nodes = pc.surgery.graph(shape)
        before = pc.surgery.execute(shape, device)
        after = pc.surgery.execute(shape, device, chosen)
        cut = next(i for i, n in enumerate(nodes) if n.branch)
        if chosen.removes_break:
            bands = [(0, len(nodes) - 1, "one compiled graph")]
        else:
            bands = [(0, cut - 1, "compiled segment 1"), (cut + 2, len(nodes) - 1, "compiled segment 2")]
        view.update([n.name for n in nodes], [n.branch and not chosen.removes_break for n in nodes], bands,
                    title=f"Graph trace on the {device.name} ({shape.tokens} tokens, width {shape.d_model}, "
                          f"{shape.precision.name}): {chosen.explanation}")
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
        lab.update_record(surgery=chosen.name.lower(), mfu_gain=gain, surgery_accepted=gain > MFU_GAIN_REQUIRED)

    surgery.param.watch(draw, "value")
    picker.param.watch(draw, "value")

    def restore(record: dict) -> None:
        if str(record.get("surgery", "")).upper() in Surgery.__members__:
            surgery.value = str(record["surgery"]).upper()

    lab.on_restore(restore)

    def terms_after(track: str) -> tuple:
        """The graph before, and after the fix that removes the break with the better MFU."""
        t = pc.track(track)
        gains = surgery_gains(track)
        fix = max((f for f in gains if f.removes_break), key=gains.get)
        return pc.surgery.execute(SHAPES[track], t.device), pc.surgery.execute(SHAPES[track], t.device, fix)

    def data_feedback(track: str) -> str:
        before, after = terms_after(track)
        change = "rises" if after.memory_s > before.memory_s else "falls"
        return (f"The data term {change}, from {duration(before.memory_s)} to {duration(after.memory_s)}: the fix "
                "computes both arms (or a predicate) inside the graph. The big change is in the launch and sync "
                "time on the cards above.")

    reflection = Reflection(
        key="part3_reflection",
        question="Which Iron Law term did removing the graph break improve?",
        options=[
            Option("overhead", "The overhead term L: fewer launches and no host sync", lambda t: (
                   "Yes. The arithmetic is the same (a mask even adds a little); what went is the fixed cost of "
                   f"launching and synchronising: {duration(terms_after(t)[0].overhead_s)} → "
                   f"{duration(terms_after(t)[1].overhead_s)}."), correct=True,
                   check=Check("the best fix lowers overhead and does not lower compute",
                               lambda t: terms_after(t)[1].overhead_s < terms_after(t)[0].overhead_s
                               and terms_after(t)[1].compute_s >= terms_after(t)[0].compute_s)),
            Option("data", "The data term D/BW", data_feedback),
            Option("compute", "The compute term O/R", "The model does the same work, or slightly more with a "
                   "mask; compute did not shrink.",
                   check=Check("the best fix does not lower compute",
                               lambda t: terms_after(t)[1].compute_s >= terms_after(t)[0].compute_s)),
            Option("none", "None: only readability changed", "Look at the overhead figures before and after."),
        ],
    )
    lab.record_answers("part3", lock, reflection)
    message = track_message(lambda m: m[3:])
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
    return Act("Part 3: graph surgery", "13", lock)


PRESETS = {
    "fused": Preset("Act 2 opens with LayerNorm + Dropout + ReLU fused", {"fusion_enabled": True}),
    "mask-fix": Preset("Part 3 opens with the branch rewritten as a mask", {"surgery": "mask"}),
    "symbolic-shape": Preset("Part 3 opens with the symbolic-shape attempt (which the lead refuses)",
                             {"surgery": "symbolic"}),
}


def create(*, track: str | None = None, preset: str | None = None) -> Lab:
    """Build the lab; ``track`` and ``preset`` come from a link (see the instructor guide)."""
    lab, picker = tracked_lab(LESSON, hud=[
        ("KWS eager", "kws_utilization_eager_pct", lambda v: f"{v}%" if isinstance(v, int) else "—"),
        ("Mode", "execution_mode", lambda v: str(v) if v else "—"),
        ("ROI", "compilation_roi_positive", lambda v: {True: "positive", False: "negative"}.get(v, "—")),
        ("Surgery", "surgery", lambda v: str(v) if v else "—"),
    ])
    lab.add_act(act_one(lab, picker))
    lab.add_act(act_two(lab, picker))
    lab.add_act(part_three(lab, picker))
    lab.open_with(link_settings(track, preset, PRESETS))
    return lab


if __name__.startswith("bokeh"):
    create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
