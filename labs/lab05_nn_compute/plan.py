"""Lab 05 declared as data: its lesson, questions, messages, record fields and presets (no Panel)."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import times
from labs.kit.plan import Check, Field, Lesson, Message, Option, Outline, Preset, Question, answer_fields, move_fields
from pycore.lighthouse import BACKBONES, SCALING, Operator

from .model import (
    BATCHES,
    CONV_POSITIONS,
    LOCK_CONV,
    LOCK_LINEAR,
    WIDTHS,
    byte_growth,
    flop_cut,
    growth_answer,
    lead_message,
    level_feedback,
    pair,
    rise_feedback,
    span,
    start,
    trajectory_text,
    winnable,
    work_growth,
)

LESSON = Lesson(
    number=5,
    slug="lab05",
    title="Neural Computation",
    chapter=5,  # the course numbers a lab after its chapter
    chapter_title="Neural Computation",
    minutes="45",
    intro=("Not all layers are equal. You measure how many operations each layer of your track's model does per "
           "byte it moves, scale a layer until it stops waiting on memory, and then rebuild a small backbone to "
           "fit a power budget without starving the hardware."),
)



# The book page that embeds the lab (its title carries the chapter number).
CHAPTER_PAGE = "book/nn_compute.qmd"

# The numbered acts, in order: what ?act=N opens.
ACTS = (
    Outline("Part 1: the arithmetic-intensity audit", "15"),
    Outline("Part 2: the scaling reality check", "15"),
    Outline("Part 3: the operator budget", "15"),
)

# ---------------------------------------------------------------- Part 1: the intensity audit
PART1 = Question(
    key="part1",
    text=f"A {LOCK_LINEAR.name} layer at batch 1 and a {LOCK_CONV.name}, both at FP16. Which has the lower "
         "arithmetic intensity (FLOP per byte), and so hits the memory wall first?",
    options=(
        Option("linear", "The Linear layer, by far: about 1 FLOP/byte", "Yes. At batch 1 every weight is "
               "read once and used once, so the Linear layer does about one multiply-add per weight fetched.",
               correct=True,
               check=Check("the Linear layer is within 10% of 1 FLOP/B and far below the conv",
                           lambda _t: abs(LOCK_LINEAR.intensity - 1) < 0.1
                           and LOCK_CONV.intensity > 100 * LOCK_LINEAR.intensity)),
        Option("conv", "The convolution: it has more weights per output", "A 3x3 conv has few weights and "
               f"reuses each at every one of the {CONV_POSITIONS:,} positions of the feature map.",
               check=Check("the conv has fewer weight bytes than activation bytes",
                           lambda _t: LOCK_CONV.weight_bytes < LOCK_CONV.activation_bytes)),
        Option("same", "About the same: both are matrix multiplications", "Both are GEMMs underneath, but "
               "their shapes differ: the conv's is tall (many positions), the Linear's a single row."),
        Option("neither", "Neither: FP16 puts both above any ridge point", "Precision shifts intensity by a "
               "factor of two at most; weight reuse changes it by orders of magnitude.",
               check=Check("the conv's intensity is over 100x the Linear layer's",
                           lambda _t: LOCK_CONV.intensity > 100 * LOCK_LINEAR.intensity)),
    ),
)

PART1_REFLECTION = Question(
    key="part1_reflection",
    text="Why do convolutions naturally have higher arithmetic intensity than dense Linear layers?",
    options=(
        Option("reuse", "Each conv weight is reused at every spatial position", "Yes: weight reuse. A 3x3 "
               "filter slides over every pixel, so one fetched weight feeds thousands of multiply-adds.",
               correct=True,
               check=Check("each conv weight feeds over a thousand MACs",
                           lambda _t: LOCK_CONV.macs / (LOCK_CONV.weight_bytes / 2) > 1000)),
        Option("fewer", "Convs do fewer operations", "Convs often do more operations, not fewer; what they "
               "have is fewer bytes per operation."),
        Option("hardware", "GPUs have special convolution hardware", "Both run on the same matrix units; "
               "the difference is in the data, not the silicon."),
        Option("precision", "Convs run at lower precision", "Precision is a separate choice; at the same "
               "precision the conv is still far more intense."),
    ),
)

# ---------------------------------------------------------------- Part 2: the scaling reality check
PART2 = Question(
    key="part2",
    text=lambda t: (f"Your layer is the {SCALING[t].name}. As its {SCALING[t].dimension} grows from "
                    f"{SCALING[t].values[0]} to {SCALING[t].values[-1]}, what does its arithmetic "
                    "intensity do?"),
    options=(
        Option("level", "It rises at first, then levels off", level_feedback),
        Option("rise", "It keeps rising across the whole range", rise_feedback),
        Option("same", "It stays about the same", lambda t: "Work grows faster than the bytes over the range. "
               + trajectory_text(t),
               check=Check("intensity more than doubles over the slider",
                           lambda t: span(t)[2].intensity > 2 * span(t)[0].intensity)),
        Option("fall", "It falls", lambda t: "Larger sizes add bytes, but they add work faster. "
               + trajectory_text(t),
               check=Check("intensity rises over the slider",
                           lambda t: span(t)[2].intensity > span(t)[0].intensity)),
    ),
    answer=growth_answer,
)

PART2_REFLECTION = Question(
    key="part2_reflection",
    text="Why does scaling this dimension eventually break the system, even after it turns compute-bound?",
    options=(
        Option("compute", "Past the ridge, time follows the work, and the work keeps growing with the size",
               lambda t: (f"Yes. Once compute-bound, latency grows with the FLOP: on your layer, doubling the "
                          f"{SCALING[t].dimension} multiplies the work {times(work_growth(t))}, until the target "
                          "or the memory gives out."), correct=True,
               check=Check("the layer crosses the ridge within the slider and its work at least doubles per "
                           "doubling of the size",
                           lambda t: SCALING[t].crossover(batch=1, ridge=pc.track(t).device.ridge_point(
                               SCALING[t].precision)) is not None and work_growth(t) >= 1.99)),
        Option("memory", "It stays memory-bound forever", "The trajectory crosses the ridge; it is the "
               "compute roof that then binds."),
        Option("never", "It never breaks: more intensity is always better", "Intensity past the ridge buys "
               "nothing: the chip is already busy, and the work keeps growing."),
        Option("batch", "Only because batch size grows with it", "Batch and size are separate sliders; "
               "either one alone drives the work up."),
    ),
)

# ---------------------------------------------------------------- Part 3: the operator budget
PART3 = Question(
    key="part3",
    text=lambda t: (f"On your backbone, swapping a standard 3x3 convolution for a depthwise-separable one "
                    f"cuts its FLOPs {times(flop_cut(t))}. What does it do to arithmetic intensity?"),
    options=(
        Option("down", "It falls: the FLOPs go, but the bytes stay", lambda t: (
               "Yes. The feature map now streams through memory twice (depthwise, then pointwise): the bytes "
               f"grow {times(byte_growth(t))} while the FLOPs fall {times(flop_cut(t))}."), correct=True,
               check=Check("the separable block's intensity is below the standard conv's",
                           lambda t: pair(t)[1].intensity < pair(t)[0].intensity)),
        Option("up", "It rises: fewer FLOPs means less to wait for", "Fewer FLOPs per byte is lower "
               "intensity by definition; the layer leans harder on memory."),
        Option("same", "It stays the same", lambda t: (
               f"FLOPs fall {times(flop_cut(t))} while the bytes grow {times(byte_growth(t))}, so the ratio "
               "cannot stay put."),
               check=Check("the separable block moves more bytes", lambda t: byte_growth(t) > 1)),
        Option("up8", "It rises as much as the FLOPs fall", lambda t: (
               f"That would need the bytes to fall {times(flop_cut(t) ** 2)}; instead they grow "
               f"{times(byte_growth(t))}."),
               check=Check("the separable block moves more bytes", lambda t: byte_growth(t) > 1)),
    ),
)

PART3_REFLECTION = Question(
    key="part3_reflection",
    text="Defend your final operator mix: what did you trade?",
    options=(
        Option("traded", "Work for time and energy, keeping enough reuse and enough reach",
               "Yes. Cheaper operators cut the FLOP, the joules and the milliseconds, but they also cut reuse "
               "(intensity) and reach (receptive field); the design lives where every constraint holds at "
               "once. Complexity moved, it did not vanish.", correct=True,
               check=Check("the starting mix misses the target, so work must go, and a mix meeting every "
                           "constraint exists", lambda t: start(t).too_slow and winnable(t))),
        Option("free", "Nothing: the cheaper operators are better in every way", "They lowered power and "
               "latency, but look at the intensity and receptive-field cards: reuse and reach went down with "
               "the FLOPs."),
        Option("speed", "Accuracy for speed only", "The budget here is power, latency and intensity; the "
               "receptive field is the lab's stand-in for accuracy, and it had to hold."),
        Option("hardware", "Nothing, because the hardware did the work", "The hardware was fixed; the "
               "operators you chose set both the energy and the intensity."),
    ),
)

LEAD_MESSAGE = Message("hardware lead", lead_message, check=Check(
    "the starting mix is compute-bound, misses the target, and a mix meeting every constraint exists",
    lambda t: start(t).cost.intensity >= pc.track(t).device.ridge_point(BACKBONES[t].precision)
    and start(t).too_slow and winnable(t)))

# The first question, which the static page asks before Python starts (it must not depend on the track),
# and whether the first instruments it opens mark the answer given (then the page draws one per answer).
OPENING = PART1
PREVIEW_SHOWS_ANSWER = False

# ---------------------------------------------------------------- the record
_LAYERS = tuple(sorted({layer.name for key in pc.TRACKS for layer in pc.lighthouse.audit_layers(key)}))
_OPERATORS = tuple(o.value for o in Operator)
FIELDS = (
    Field("track", "Track", "choice", tuple(pc.TRACKS), {k: t.persona for k, t in pc.TRACKS.items()}),
    *answer_fields("part1", PART1, PART1_REFLECTION),
    Field("audited_layer", "Layer audited", "choice", _LAYERS),
    Field("audited_intensity", "Its intensity", "number", unit="FLOP/B", bounds=(0, 1e9)),
    *answer_fields("part2", PART2, PART2_REFLECTION),
    *move_fields("part2", "batch and size combinations"),
    Field("part2_batch", "Part 2 batch size", "choice", tuple(BATCHES)),
    Field("part2_size", "Scaled dimension", "int", bounds=(1, 100_000)),
    Field("crossover", "First compute-bound stop", "number", bounds=(0, 100_000), role="answer",
          verdict="crossover_correct"),
    Field("crossover_correct", "Crossover right", "bool"),
    Field("crossover_batch", "Batch size for the crossover", "choice", tuple(BATCHES)),
    Field("crossover_attempts", "Crossover attempts", "int", bounds=(0, 10_000)),
    *answer_fields("part3", PART3, PART3_REFLECTION),
    Field("operator_mix", "Operator mix", "list", _OPERATORS, length=4),
    Field("width_factor", "Channel width", "choice", tuple(WIDTHS), unit="×"),
    Field("mix_intensity", "Mix intensity", "number", unit="FLOP/B", bounds=(0, 1e9)),
    Field("mix_energy_J", "Energy per inference", "number", unit="J", bounds=(0, 1e6)),
    Field("mix_power_W", "Average power", "number", unit="W", bounds=(0, 1e6)),
    Field("budget_met", "Every constraint met", "bool"),
)

HUD = (
    ("Audited", "audited_layer", lambda v: str(v) if v else "—"),
    ("Crossover", "crossover", lambda v: f"{v:g}" if isinstance(v, (int, float)) else "—"),
    ("Mix", "operator_mix", lambda v: " / ".join(v) if isinstance(v, list) else "—"),
    ("Budget", "budget_met", lambda v: {True: "met", False: "not met"}.get(v, "—")),
)

PRESETS = {
    "narrow-depthwise": Preset("Part 3 opens with four depthwise-separable blocks at 1/16 width: intensity "
                               "falls under the floor", {"operator_mix": ["DW-Conv"] * 4, "width_factor": 1 / 16}),
    "wide-convs": Preset("Part 3 opens with four standard convolutions at 8x width",
                         {"operator_mix": ["Conv2D"] * 4, "width_factor": 8.0}),
    "batch-8": Preset("Part 2 opens at batch 8", {"crossover_batch": 8}),
}


