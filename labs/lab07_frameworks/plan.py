"""Lab 07 declared as data: its lesson, questions, messages, record fields and presets (no Panel)."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import duration, percent, sig, times
from labs.kit.plan import Blanks, Check, Field, Lesson, Message, Option, Outline, Preset, Question, answer_fields
from pycore.surgery import MFU_GAIN_REQUIRED, SHAPES, Surgery

from .model import (
    BANDWIDTHS,
    CHAIN,
    COMPILE_COSTS,
    COMPILE_S,
    COMPILED_RATE,
    DURATIONS,
    EAGER_RATE,
    GAINS,
    GIANT,
    GIANT_GAIN,
    GPU,
    KERNEL_STOPS,
    KWS,
    N_EVEN,
    OVERLAPPED,
    PER_KERNEL_S,
    PROFILES,
    RESNET50_GAIN,
    ROI_MODELS,
    SAVING,
    SHARE,
    T_C,
    T_L,
    VOLUMES,
    C,
    D,
    P,
    data_feedback,
    fusion_at,
    kws_utilisation,
    saved_after,
    terms_after,
    util_run,
)

LESSON = Lesson(
    number=7,
    slug="lab07",
    title="ML Frameworks",
    chapter=7,  # the course numbers a lab after its chapter
    chapter_title="ML Frameworks",
    minutes="45",
    intro=("Software flexibility is not free. You measure the fixed cost of launching every kernel, decide when "
           "compiling a model pays for itself, and cut a graph break out of a model to let the compiler fuse it."),
)


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


def track_message(pick) -> Message:
    """A stakeholder message that follows the chosen track; ``pick(messages)`` -> (role, text)."""
    return Message(lambda t: pick(MESSAGES[t])[0], lambda t: pick(MESSAGES[t])[1], check=MESSAGE_CHECK)


ACT1_MESSAGE = track_message(lambda m: m[:2])
ACT2_MESSAGE = track_message(lambda m: ("platform lead", m[2]))
PART3_MESSAGE = track_message(lambda m: m[3:])


# The book page that embeds the lab (its title carries the chapter number).
CHAPTER_PAGE = "book/frameworks.qmd"

# The numbered acts, in order: what ?act=N opens.
ACTS = (
    Outline("Act 1: the dispatch-tax audit", "12"),
    Outline("Act 2: the compilation break-even", "20"),
    Outline("Part 3: graph surgery", "13"),
)

# ---------------------------------------------------------------- Act 1: the dispatch-tax audit
ACT1 = Question(
    key="act1",
    text=f"A model launches {KWS.kernels:,} kernels per forward pass. Each computes for "
         f"{duration(T_C)}, each launch costs {duration(T_L)} of CPU-side overhead, and the host waits "
         "for each kernel to finish before it launches the next (eager mode with a synchronising host). "
         "What fraction of wall-clock time is the GPU doing tensor arithmetic?",
    options=(
        Option("p90", "About 90%: the GPU is the bottleneck", f"The arithmetic is short; the launches are "
               f"{times(T_L / T_C)} as long as the work they start.",
               check=Check("each launch outlasts its kernel's compute", lambda _t: T_L > T_C)),
        Option("p50", "About 50%: half compute, half overhead", f"That would need launch and compute to "
               f"cost the same; here a launch costs {times(T_L / T_C)} the compute. (It is what you would see "
               "if the host queued launches ahead: then only the longer of the two counts.)",
               check=Check("a queued-ahead host would see about half", lambda _t: abs(OVERLAPPED.utilisation
                                                                                       - 0.5) < 0.01)),
        Option("p33", f"About {SHARE:.0%}: {duration(T_C)} of compute per {duration(PER_KERNEL_S)} of wall time",
               f"Yes: {duration(T_C)} / {duration(PER_KERNEL_S)} = {SHARE:.0%}. The rest of the time the GPU "
               "waits for the CPU.", correct=True,
               check=Check("synchronising utilisation is about a third", lambda _t: abs(SHARE - 1 / 3) < 0.01)),
        Option("p5", "About 5%: overhead swamps everything", f"Overhead dominates, but compute is still "
               f"{percent(SHARE)} of each kernel's {duration(PER_KERNEL_S)}.",
               check=Check("compute is far above 5% of the pass", lambda _t: SHARE > 0.2)),
    ),
)

ACT1_REFLECTION = Question(
    key="act1_reflection",
    text="A faster GPU sometimes produces lower utilisation for small models because:",
    options=(
        Option("thermal", "Faster GPUs draw more power and throttle", "Throttling is real but small; the "
               "effect here is arithmetic, not thermal."),
        Option("warmup", "Faster GPUs need longer to warm up", "There is no warm-up in the model; every "
               "pass costs the same."),
        Option("fraction", "Faster compute shrinks each kernel's work, so the fixed launch cost is a larger "
               "share", "Yes. The launch cost is set by the CPU and the driver, not the GPU; speeding up "
               "the GPU shrinks only the compute share.", correct=True,
               check=Check("a 2x faster GPU lowers KWS utilisation, synchronising or queued",
                           lambda _t: util_run("kws", gpu_speedup=2).utilisation < SHARE
                           and util_run("kws", gpu_speedup=2, launch=D.Launch.ASYNC).utilisation
                           < OVERLAPPED.utilisation)),
        Option("memory", "Faster GPUs have memory systems unsuited to small models", "The profiles' kernel "
               "times already include their memory traffic; what the GPU waits for is the next launch."),
    ),
)

# ---------------------------------------------------------------- Act 2: the compilation break-even
ACT2 = Question(
    key="act2",
    text=f"The chapter measured torch.compile speeding ResNet-50 up {percent(RESNET50_GAIN)} "
         f"({sig(EAGER_RATE)} → {sig(COMPILED_RATE)} images/s), for {duration(COMPILE_S)} of compiling. "
         "About how many inferences before the compile time is paid back?",
    options=(
        Option("1k", "About 1,000 images: the overhead is tiny", f"At 1,000 images you have saved "
               f"{saved_after(1e3)}; the compile took {duration(COMPILE_S)}.",
               check=Check("1,000 images save far less than the compile",
                           lambda _t: 1e3 * SAVING < COMPILE_S / 10)),
        Option("10k", "About 10,000 images, roughly 10 s of inference", f"10,000 images take "
               f"{duration(1e4 / EAGER_RATE)} eagerly and save {saved_after(1e4)}, against "
               f"{duration(COMPILE_S)} of compiling.",
               check=Check("10,000 images save under a third of the compile",
                           lambda _t: 1e4 * SAVING < COMPILE_S / 3)),
        Option("130k", "About 130,000 images: each saves very little", "Yes. Each image saves "
               f"{duration(SAVING)}, so {duration(COMPILE_S)} takes about {sig(N_EVEN)} images to recover.",
               correct=True, check=Check("break-even is within 5% of 130,000", lambda _t: abs(N_EVEN / 130e3 - 1)
                                         < 0.05)),
        Option("10m", "About 10 million images: compiling almost never pays", f"It pays far sooner: by 10 "
               f"million images you have saved {saved_after(1e7)}.",
               check=Check("10 million images save far more than the compile", lambda _t: 1e7 * SAVING
                           > 10 * COMPILE_S)),
    ),
)

ACT2_BLANKS = Blanks(
    key="act2_blanks",
    template="Fusing LayerNorm + Dropout + ReLU gives {0} because {1}.",
    blanks=(
        (
            Option("wall5", "a 5× wall-clock speedup", f"5× is out of reach: every part of the time falls at most "
                   f"3×, so the speedup is at most 3× ({times(CHAIN.speedup)} here).",
                   check=Check("the fused chain's speedup is at most 3x", lambda _t: CHAIN.speedup <= 3.0)),
            Option("hbm3", "about 3× less HBM traffic", "Yes: six tensor passes become two.", correct=True,
                   check=Check("fusion cuts traffic about 3x", lambda _t: abs(CHAIN.traffic_ratio - 3) < 0.1)),
            Option("hbm1020", "10-20× less HBM traffic", "That is FlashAttention's figure, for tiling the "
                   "attention matrix, not element-wise fusion.",
                   check=Check("FlashAttention's traffic cut is 10-20x",
                               lambda _t: pc.claims.claim("flash_attention_traffic").holds(
                                   pc.claims.claim("flash_attention_traffic").evaluate()))),
        ),
        (
            Option("passes", "one pass through memory serves all three ops", "Yes: the intermediates stay on "
                   "chip.", correct=True,
                   check=Check("the fused chain is one kernel reading its input once and writing once",
                               lambda _t: CHAIN.fused.kernels == 1 and CHAIN.unfused.kernels == 3)),
            Option("ridge", "fusion lifts intensity above the ridge point", "Look at the intensity card: even "
                   "fused, the chain is far below the ridge.",
                   check=Check("the fused chain is below the ridge at every bandwidth offered",
                               lambda _t: all(fusion_at(b).fused.intensity < GPU.peak(P.FP16).ops_per_s / b
                                              for b in BANDWIDTHS.values()))),
            Option("tensor", "fusion lets Tensor Cores run element-wise ops", "Tensor Cores do matrix "
                   "products; element-wise ops stay on the vector units."),
            Option("python", "fusion removes Python interpreter overhead", "It removes two launches, but the "
                   "traffic ratio comes from the memory passes, not from Python."),
        ),
    ),
)

ACT2_REFLECTION = Question(
    key="act2_reflection",
    text=f"A model with {GIANT.name} ({duration(GIANT.compute_s)} of compute, one kernel). torch.compile "
         "gives:",
    options=(
        Option("zero", f"Near-zero speedup: {duration(GPU.kernel_launch_s)} of launch against "
               f"{duration(GIANT.compute_s)} of compute", f"Yes: {percent(GIANT_GAIN)} at most. There is "
               "nothing to fuse and nothing to amortise.", correct=True,
               check=Check("compiling one giant kernel gains under 0.1%", lambda _t: GIANT_GAIN < 1e-3)),
        Option("48", f"About {percent(RESNET50_GAIN)}, like ResNet-50", "ResNet-50's measured gain comes from "
               "fusing its many small kernels; one kernel has no launches to remove."),
        Option("2x", "More than 2×: big kernels benefit most", "Big kernels are already efficient; the "
               "compiler has nothing to remove."),
        Option("negative", "A slowdown", "Compiling costs time once, up front; it does not slow each run."),
    ),
)

# ---------------------------------------------------------------- Part 3: graph surgery
PART3 = Question(
    key="part3",
    text="A model has a data-dependent branch, \"if h.mean() > 0: h = relu(h)\". Can the framework compile "
         "the whole model into a single graph?",
    options=(
        Option("yes", "Yes: compilers trace any Python", "Tracing records the path taken once; a branch on "
               "a tensor's value needs the value, which exists only at run time."),
        Option("no", "No: the graph breaks at the branch", "Yes. The compiler must hand control back to "
               "Python to read the value, splitting the graph in two.", correct=True,
               check=Check("the unfixed graph runs in two segments with a host sync",
                           lambda t: pc.surgery.execute(SHAPES[t], pc.track(t).device).segments == 2)),
        Option("fp16", "Only at FP16", "Precision has nothing to do with control flow."),
        Option("gpu", "Only on a GPU", "Every backend needs the value before it can choose the branch."),
    ),
)

PART3_REFLECTION = Question(
    key="part3_reflection",
    text="Which Iron Law term did removing the graph break improve?",
    options=(
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
    ),
)

# The first question, which the static page asks before Python starts (it must not depend on the track),
# and whether the first instruments it opens mark the answer given (then the page draws one per answer).
OPENING = ACT1
PREVIEW_SHOWS_ANSWER = True

# ---------------------------------------------------------------- the record
_BLANK_KEYS = tuple(o.key for options in ACT2_BLANKS.blanks for o in options)
FIELDS = (
    Field("track", "Track", "choice", tuple(pc.TRACKS), {k: t.persona for k, t in pc.TRACKS.items()}),
    Field("chapter", "Chapter", "int", bounds=(7, 7)),
    Field("kws_utilization_eager_pct", "KWS busy, eager (host waits)", "int", unit="%", bounds=(0, 100)),
    Field("kws_utilization_compiled_pct", "KWS busy, compiled", "int", unit="%", bounds=(0, 100)),
    *answer_fields("act1", ACT1, ACT1_REFLECTION),
    Field("act1_model", "Kernel profile", "choice", tuple(PROFILES.values()), {v: k for k, v in PROFILES.items()}),
    Field("act1_kernels", "Kernels per forward pass", "choice", tuple(KERNEL_STOPS)),
    Field("execution_mode", "Execution mode", "choice", ("eager", "compiled")),
    Field("act1_host", "How the host launches", "choice", tuple(m.value for m in D.Launch),
          {m.value: m.label for m in D.Launch}),
    Field("act1_gpu_speed", "GPU speed", "choice", (1.0, 2.0), unit="×"),
    *answer_fields("act2", ACT2, ACT2_REFLECTION),
    Field("fusion_enabled", "Fusion on", "bool"),
    Field("fusion_bandwidth", "HBM bandwidth", "choice", tuple(BANDWIDTHS.values()), unit="B/s"),
    Field("roi_model", "ROI calculator's model", "choice", tuple(ROI_MODELS)),
    Field("roi_compile_s", "Compile cost", "choice", tuple(COMPILE_COSTS), unit="s"),
    Field("roi_gain", "Throughput gain", "choice", tuple(GAINS), unit="%"),
    Field("roi_volume_per_day", "Inference volume per day", "choice", tuple(VOLUMES.values())),
    Field("roi_duration", "Deployment duration", "choice", tuple(DURATIONS)),
    Field("compilation_roi_positive", "Compiling pays off", "bool"),
    Field("breakeven_inferences", "Break-even", "int", unit="inferences", bounds=(0, 10**15)),
    Field("kws_breakeven_hours", "Shortest KWS deployment that breaks even", "number", unit="hours",
          bounds=(0, 10_000), role="answer", verdict="kws_breakeven_correct"),
    Field("kws_breakeven_correct", "KWS break-even right", "bool"),
    Field("kws_breakeven_attempts", "KWS break-even attempts", "int", bounds=(0, 10_000)),
    Field("act2_blanks", "Fill in the blanks", "list", _BLANK_KEYS, length=len(ACT2_BLANKS.blanks), role="answer",
          verdict="act2_blanks_correct", question=ACT2_BLANKS.key),
    Field("act2_blanks_correct", "Blanks right", "bool"),
    *answer_fields("part3", PART3, PART3_REFLECTION),
    Field("surgery", "Surgery", "choice", tuple(s.name.lower() for s in Surgery),
          {s.name.lower(): s.value for s in Surgery}),
    Field("mfu_gain", "MFU gain", "number", unit="×", bounds=(0, 1e6)),
    Field("surgery_accepted", "Change accepted", "bool"),
)

HUD = (
    ("KWS eager", "kws_utilization_eager_pct", lambda v: f"{v}%" if isinstance(v, int) else "—"),
    ("Mode", "execution_mode", lambda v: str(v) if v else "—"),
    ("ROI", "compilation_roi_positive", lambda v: {True: "positive", False: "negative"}.get(v, "—")),
    ("Surgery", "surgery", lambda v: str(v) if v else "—"),
)

PRESETS = {
    "fused": Preset("Act 2 opens with LayerNorm + Dropout + ReLU fused", {"fusion_enabled": True}),
    "mask-fix": Preset("Part 3 opens with the branch rewritten as a mask", {"surgery": "mask"}),
    "symbolic-shape": Preset("Part 3 opens with the symbolic-shape attempt (which the lead refuses)",
                             {"surgery": "symbolic"}),
}


