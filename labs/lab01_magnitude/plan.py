"""Lab 01 declared as data: its lesson, questions, messages, record fields and presets (no Panel)."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import power_of_ten, si, times
from labs.kit.plan import Check, Field, Lesson, Message, Option, Outline, Preset, Question, answer_fields

from .model import CLOUD, CONTEXTS, MODEL, TINY, act2_precision, act2_terms, compute_gap, decades

LESSON = Lesson(
    number=1,
    slug="lab01",
    title="The Magnitude Gap",
    chapter=1,  # the course numbers a lab after its chapter
    chapter_title="Introduction to ML Systems",
    minutes="35–40",
    intro=(
        "The same neural network can be asked to run in a datacenter or on a chip that costs less than "
        "a coffee. This lab measures how far apart those worlds are, then uses the Iron Law "
        "(T = D/BW + O/R + L) to see what actually limits one inference. Predict before you look: "
        "each instrument opens once you commit to an answer."
    ),
)


# The book page that embeds the lab (its title carries the chapter number).
CHAPTER_PAGE = "book/intro.qmd"

# The numbered acts, in order: what ?act=N opens.
ACTS = (
    Outline("Act I: the scale blind spot", "12–15"),
    Outline("Act II: the Iron Law preview", "20–25"),
)

# ---------------------------------------------------------------- Act I: the scale blind spot
ACT1_MESSAGE = Message("platform lead", "Our vision model runs comfortably on the datacenter GPUs. Product now wants "
                       "it on a microcontroller in a door sensor as well. Before anyone estimates effort, I need to "
                       "know how different those two machines really are.")
ACT1 = Question(
    key="act1",
    text=f"By roughly what factor does the {CLOUD.name}'s peak compute exceed that of the {TINY.name}?",
    options=(
        Option("1e2", "About 10² (a hundred times)", "That is the kind of gap between two consumer devices, not "
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
    ),
)
ACT1_REFLECTION = Question(
    key="act1_reflection",
    text=f"A {times(compute_gap())} gap in compute. What does that imply for the software that runs ML models?",
    options=(
        Option("one_stack", "One framework, tuned per device, can cover every tier", "Tuning moves you by "
               "factors of two or ten, not a million. The assumptions a stack makes (a Python runtime, "
               "dynamic memory, gigabytes of RAM) simply do not exist at the bottom."),
        Option("separate", "Each deployment regime needs its own software stack", "Yes. Datacenter serving, "
               "mobile runtimes and microcontroller interpreters are different stacks because the "
               "resources they assume differ by orders of magnitude.", correct=True,
               check=Check("the two ends differ by over a thousand times on every axis",
                           lambda _t: all(decades(m) >= 3 for m in pc.Metric))),
        Option("wait", "Wait for microcontrollers to catch up", "Microcontrollers improve, but so do "
               "datacenter chips, and power budgets fix the gap in place: milliwatts cannot buy what "
               "hundreds of watts do.",
               check=Check("the MCU's budget is under a watt and the H100's hundreds of watts",
                           lambda _t: TINY.tdp_W < 1 and CLOUD.tdp_W >= 100)),
        Option("cloud_only", "Run everything in the cloud instead", "Sometimes, but latency, privacy, "
               "connectivity and energy all push work to the edge; the gap has to be engineered around."),
    ),
)

# ---------------------------------------------------------------- Act II: the Iron Law preview
_H100 = act2_terms(CLOUD)
_P16 = act2_precision(CLOUD)
_P8 = act2_precision(TINY)
_INT8_WEIGHTS = MODEL.weight_bytes(pc.Precision.INT8)

ACT2_MESSAGE = Message("inference team lead", f"Our {MODEL.name} service is slower than the GPU's TFLOP/s rating "
                       "suggests. Someone proposed buying a faster chip. Before we do, tell me which of the three "
                       "costs of an inference we are actually paying for.")
ACT2 = Question(
    key="act2",
    text=f"On the {CLOUD.name} at batch 1 and {_P16.name}, which Iron Law term dominates one {MODEL.name} inference?",
    options=(
        Option("compute", "The compute term O/R", "It is tempting, since the GPU is sold on its TFLOP/s. But "
               "at batch 1 every weight is fetched for a single image, and fetching is the slow part.",
               check=Check("compute is not the largest term", lambda _t: _H100.binding is not pc.Term.COMPUTE)),
        Option("memory", "The memory term D/BW",
               f"Yes. At batch 1 the GPU moves {si(MODEL.data_bytes(precision=_P16), 'B')} of weights and "
               f"feature maps for {si(MODEL.flops_per_inference, 'FLOP')} of work, so bandwidth, not "
               "arithmetic, sets the pace.", correct=True,
               check=Check("memory is the binding term", lambda _t: _H100.binding is pc.Term.MEMORY)),
        Option("equal", "Both about equal", "They would be equal only at the ridge point, where the "
               "operations per byte match the machine's ratio of compute to bandwidth. ResNet-50 at batch 1 "
               "sits far below it.",
               check=Check("batch-1 intensity is under half the ridge point",
                           lambda _t: MODEL.intensity(precision=_P16) < CLOUD.ridge_point(_P16) / 2)),
        Option("depends", "It depends on the framework", "The framework changes the overhead term L, but "
               "not the bytes a model must move or the operations it needs: those are set by the model "
               "and the machine."),
    ),
)
ACT2_REFLECTION = Question(
    key="act2_reflection",
    text=f"What is the first constraint that stops {MODEL.name} on the microcontroller?",
    options=(
        Option("capacity", "Memory capacity: the model does not fit", "Yes. Before speed matters the model "
               f"must be resident, and at {_P8.name} it needs {si(MODEL.footprint(precision=_P8), 'B')}: it will "
               f"not go into {si(TINY.mem_capacity_bytes, 'B')}. The INT8 weights alone take "
               f"{si(_INT8_WEIGHTS, 'B')}, {times(pc.oversubscription(_INT8_WEIGHTS, TINY.mem_capacity_bytes))} "
               "too big: a smaller model is needed, not a faster chip.", correct=True,
               check=Check("even the INT8 weights alone exceed the MCU's SRAM",
                           lambda _t: _INT8_WEIGHTS > TINY.mem_capacity_bytes)),
        Option("speed", "Compute speed: seconds per image", "Seconds per image is slow, but slowness is a "
               "trade-off; a model that cannot load is not a trade-off at all.",
               check=Check("the MCU would take over a second per image", lambda _t: act2_terms(TINY).total_s > 1)),
        Option("power", "Power: the MCU's budget is too small", "The MCU runs within its budget by "
               "definition; it is the model's size that the chip cannot accommodate."),
        Option("accuracy", "Accuracy: it would be worse on an MCU", "The arithmetic is the same on any "
               "chip; accuracy only changes if you change the model, which is what the size forces you to do."),
    ),
)

# The first question, which the static page asks before Python starts (it must not depend on the track),
# and whether the first instruments it opens mark the answer given (then the page draws one per answer).
OPENING = ACT1
PREVIEW_SHOWS_ANSWER = False

# ---------------------------------------------------------------- the record
_CONTEXT_LABELS = {value: label for label, value in CONTEXTS.items()}
FIELDS = (
    Field("track", "Track", "choice", tuple(pc.TRACKS), {k: t.persona for k, t in pc.TRACKS.items()}),
    Field("context", "Deployment context highlighted", "choice", tuple(CONTEXTS.values()), _CONTEXT_LABELS),
    *answer_fields("act1", ACT1, ACT1_REFLECTION),
    Field("act2_hardware", "Act II hardware", "choice", tuple(CONTEXTS.values()), _CONTEXT_LABELS),
    Field("act2_bottleneck", "What limits ResNet-50 there", "choice", tuple(b.value for b in pc.Bottleneck),
          {"memory": "the memory term", "compute": "the compute term", "overhead": "the overhead L",
           "oom": "it does not fit (out of memory)"}),
    Field("oom_triggered", "Saw the out-of-memory failure", "bool"),
    *answer_fields("act2", ACT2, ACT2_REFLECTION),
)


def _mark(value) -> str:
    return "—" if value is None else ("✓" if value else "✗")


# The status bar: (label, field, how to show its value).
HUD = (
    ("Context", "context", lambda v: pc.Tier(v).label if v else "—"),
    ("Act I", "act1_correct", _mark),
    ("Act II", "act2_correct", _mark),
    ("Bottleneck", "act2_bottleneck", lambda v: v or "—"),
    ("OOM seen", "oom_triggered", lambda v: "yes" if v else "no"),
)

PRESETS = {
    "tinyml": Preset("Act II opens on the microcontroller, where ResNet-50 is out of memory",
                     {"act2_hardware": "tiny"}),
    "cloud": Preset("Both acts open on the datacenter tier", {"context": "cloud", "act2_hardware": "cloud"}),
}
