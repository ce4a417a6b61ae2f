"""Lab 02 declared as data: its lesson, questions, messages, record fields and presets (no Panel)."""

from __future__ import annotations

import pycore as pc
from labs.kit.format import duration, percent, times
from labs.kit.plan import Check, Field, Lesson, Message, Option, Outline, Preset, Question, answer_fields, move_fields

from .model import (
    AUDIT_DEVICES,
    BATCHES,
    CFO_WORDS,
    FUSION_LEVELS,
    LOCK_S,
    LOCK_TARGET_S,
    LOCK_TAX_S,
    MFU_TARGET,
    SCALES,
    SPEEDUPS,
    TAXES_S,
    P,
    audit,
    audit_ratios,
    batch1_feedback,
    best_point,
    biggest_feedback,
    ceiling_verdict,
    cfo_numbers,
    cfo_verdict,
    floor_s,
    grow_feedback,
    latency_gain,
    lowest_precision,
    throughput_answer,
    where_it_went,
)

LESSON = Lesson(
    number=2,
    slug="lab02",
    title="The Physics of Deployment",
    chapter=2,  # the course numbers a lab after its chapter
    chapter_title="ML Systems",
    minutes="45",
    intro=("Pick a track and carry its mission through three parts. First you audit the Iron Law term by term "
           "from a microcontroller to a datacenter GPU, then you hit Amdahl's wall, then you choose a batch size "
           "and precision that serve your mission best within its latency target."),
)
TINY, CLOUD = pc.ESP32_S3, pc.H100_SXM5
_RATIOS = audit_ratios()


# The book page that embeds the lab (its title carries the chapter number).
CHAPTER_PAGE = "book/ml_systems.qmd"

# The numbered acts, in order: what ?act=N opens.
ACTS = (
    Outline("Part 1: the term audit", "15"),
    Outline("Part 2: the Amdahl wall", "20"),
    Outline("Part 3: the efficiency synthesis", "10"),
)

# ---------------------------------------------------------------- Part 1: the term audit
PART1 = Question(
    key="part1",
    text=f"You move your model from an {TINY.name} to an {CLOUD.name}. Which Iron Law term shrinks the most, in "
         "relative terms?",
    options=(
        Option("memory", "The memory term D/BW", f"Bandwidth grows a lot, from {TINY.bandwidth_kind} to "
               f"{CLOUD.bandwidth_kind}, but not as much as arithmetic does: memory systems improve more slowly "
               "than ALUs.",
               check=Check("the bandwidth ratio is below the compute ratio",
                           lambda _t: _RATIOS["memory"] < _RATIOS["compute"])),
        Option("compute", "The compute term O/R", "Yes. Peak arithmetic is the axis on which the two chips "
               "differ most, so the compute term collapses furthest.", correct=True,
               check=Check("the compute ratio is the largest of the three",
                           lambda _t: _RATIOS["compute"] == max(_RATIOS.values()))),
        Option("overhead", "The overhead term L", "The fixed overhead shrinks least: launching work costs "
               "microseconds even on the best host, so L is what is left when everything else is fast.",
               check=Check("the overhead ratio is the smallest of the three",
                           lambda _t: _RATIOS["overhead"] == min(_RATIOS.values()))),
        Option("same", "All three by the same factor", "The three terms divide by three different device "
               "properties (bandwidth, peak rate, dispatch cost), and those grow at very different rates.",
               check=Check("the three ratios differ by over 10x",
                           lambda _t: max(_RATIOS.values()) > 10 * min(_RATIOS.values()))),
    ),
)
PART1_REFLECTION = Question(
    key="part1_reflection",
    text=lambda t: f"Peak compute grows about {times(_RATIOS['compute'])} from the {TINY.name} to the "
                   f"{CLOUD.name}, yet your model's latency improves only {times(latency_gain(t))}. Where did the "
                   "difference go?",
    options=(
        Option("overhead", "Into the terms that shrink less: moving data and the fixed overhead L", where_it_went,
               correct=True,
               check=Check("on the H100, memory and overhead take most of the batch-1 time, and the latency gain "
                           "is far below the compute gain",
                           lambda t: audit(t).share(pc.Term.COMPUTE) < 0.5
                           and latency_gain(t) < _RATIOS["compute"] / 2)),
        Option("clock", "The H100 throttles its clock under load", "Thermal limits shave percent, not "
               "orders of magnitude; the gap comes from the other terms of the Iron Law."),
        Option("software", "The model's code is inefficient on GPUs", "Inefficiency would show up as a low η "
               "in the compute term, but the compute term is already a small part of the time; the time is "
               "elsewhere.",
               check=Check("compute is under half the H100 time", lambda t: audit(t).share(pc.Term.COMPUTE) < 0.5)),
        Option("measure", "The benchmark measured the wrong thing", "The Iron Law here is computed, not "
               "measured; the shortfall follows from the device constants alone."),
    ),
)

# ---------------------------------------------------------------- Part 2: the Amdahl wall
PART2 = Question(
    key="part2",
    text=f"The serial overhead is {duration(LOCK_TAX_S)}. Can a {LOCK_S:,.0f}× faster GPU bring the total latency "
         f"down to {duration(LOCK_TARGET_S)}?",
    options=(
        Option("yes", "Yes: a million-fold speedup makes the work vanish", "The parallel work does vanish, "
               "but the serial part is not accelerated at all, and it alone exceeds the target.",
               check=Check("the serial part alone exceeds the target", lambda _t: LOCK_TAX_S > LOCK_TARGET_S)),
        Option("no", "No: the total can never drop below the serial part", "Yes. However fast the "
               f"accelerator, T ≥ {duration(floor_s())}, above the {duration(LOCK_TARGET_S)} target. Only "
               "shrinking the serial part can help.", correct=True,
               check=Check("the floor is above the target", lambda _t: floor_s() > LOCK_TARGET_S)),
        Option("p99", "Only if over 99% of the work is parallel", "The parallel fraction does not matter "
               "here: whatever it is, the serial part stays and exceeds the target by itself."),
        Option("bandwidth", "Only if the GPU's memory bandwidth keeps up", "Bandwidth limits the parallel "
               "part, which is already negligible at a million-fold speedup; the serial part is the wall."),
    ),
)
PART2_REFLECTION = Question(
    key="part2_reflection",
    text="Your CEO wants to buy a faster GPU. What does the heatmap say?",
    options=(
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
    ),
)

# ---------------------------------------------------------------- Part 3: the efficiency synthesis
PART3 = Question(
    key="part3",
    text=lambda t: (f"{pc.track(t).persona}'s requests reach the {pc.track(t).device.name} one every "
                    f"{duration(pc.track(t).arrival_interval_s)}. What batch size and precision serve the most "
                    f"samples per second within the {duration(pc.track(t).target_latency_s)} SLA?"),
    options=(
        Option("grow", "Grow the batch until the SLA or memory stops it, at the lowest precision", grow_feedback,
               check=Check("the best point is at the lowest precision that fits",
                           lambda t: best_point(t).precision is lowest_precision(pc.track(t).device, t))),
        Option("batch1", "Batch 1 at the lowest precision: filling a batch costs more than it saves",
               batch1_feedback),
        Option("max", "The largest batch that fits in memory, whatever the latency", biggest_feedback),
        Option("fp32", "High precision, to keep the arithmetic units fully fed", "Wider numbers mean more "
               "bytes per operation, which lowers intensity: the chip waits on memory more, not less."),
    ),
    answer=throughput_answer,
)
CFO_MESSAGE = Message("CFO", "Just use the cheapest hardware at batch 1. Why spend more?")
PART3_REFLECTION = Question(
    key="part3_reflection",
    text="The CFO says: use the cheapest hardware at batch 1. What do the numbers say on your track?",
    options=(
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
    ),
    answer=cfo_verdict,
)

# The first question, which the static page asks before Python starts (it must not depend on the track),
# and whether the first instruments it opens mark the answer given (then the page draws one per answer).
OPENING = PART1
PREVIEW_SHOWS_ANSWER = False

# ---------------------------------------------------------------- the record
_PRECISIONS = tuple(p.value for p in P)
FIELDS = (
    Field("track", "Track", "choice", tuple(pc.TRACKS), {k: t.persona for k, t in pc.TRACKS.items()}),
    *answer_fields("part1", PART1, PART1_REFLECTION),
    Field("part1_tier", "Part 1 hardware tier", "choice", tuple(AUDIT_DEVICES.values()),
          {v: k for k, v in AUDIT_DEVICES.items()}),
    Field("part1_batch", "Part 1 batch size", "choice", tuple(BATCHES)),
    Field("part1_scale", "Part 1 model scale", "choice", tuple(SCALES), unit="×"),
    Field("part1_no_latency", "Part 1 zero-latency network", "bool"),
    *move_fields("part1", "hardware and batch combinations"),
    *answer_fields("part2", PART2, PART2_REFLECTION),
    Field("part2_speedup", "Accelerator speedup S", "choice", tuple(SPEEDUPS), unit="×"),
    Field("part2_tax_s", "Framework tax", "choice", tuple(TAXES_S), unit="s"),
    Field("part2_fusion", "Share of the tax fused away", "choice", tuple(FUSION_LEVELS), unit="%"),
    Field("part2_latency_s", "Pipeline latency", "number", unit="s", bounds=(0, 1e4)),
    Field("part2_target_met", "Latency target met", "bool"),
    Field("critical_p", "Critical parallel fraction p for your target", "number", bounds=(0, 1), role="answer",
          verdict="critical_p_correct"),
    Field("critical_p_correct", "Critical p right", "bool"),
    Field("critical_p_attempts", "Critical p attempts", "int", bounds=(0, 10_000)),
    *answer_fields("part3", PART3, PART3_REFLECTION),
    Field("device", "Device", "choice", tuple(pc.DEVICES), {k: d.name for k, d in pc.DEVICES.items()}),
    Field("r_peak_ops_per_s", "Peak rate R at that precision", "number", unit="ops/s", bounds=(0, 1e20)),
    Field("bw_bytes_per_s", "Memory bandwidth BW", "number", unit="B/s", bounds=(0, 1e15)),
    Field("batch", "Batch size", "choice", tuple(BATCHES)),
    Field("precision", "Precision", "choice", _PRECISIONS, {p.value: p.name for p in P}),
    Field("model_scale", "Model scale", "choice", tuple(SCALES), unit="×"),
    Field("overhead_s", "Overhead L", "number", unit="s", bounds=(0, 10)),
    Field("mfu", "MFU", "number", unit="%", bounds=(0, 1)),
    Field("sla_met", "Latency SLA met", "bool"),
    Field("fits", "Fits in memory", "bool"),
    Field("goal_met", f"Meets the SLA at over {percent(MFU_TARGET)} MFU", "bool"),
)

HUD = (
    ("Part 1", "part1_correct", lambda v: {True: "✓", False: "✗"}.get(v, "—")),
    ("Critical p", "critical_p", lambda v: f"{v:.3f}" if isinstance(v, (int, float)) else "—"),
    ("MFU", "mfu", lambda v: percent(v) if isinstance(v, (int, float)) else "—"),
    ("SLA", "sla_met", lambda v: {True: "met", False: "missed"}.get(v, "—")),
)

PRESETS = {
    "amdahl-wall": Preset("Part 2 opens with a 20 ms framework tax and no fusion: past most tracks' targets",
                          {"part2_tax_s": 20e-3, "part2_fusion": 0.0}),
    "big-batch": Preset("Part 3 opens at batch 128, where latency targets start to break", {"batch": 128}),
    "orin-int8": Preset("Part 3 opens on the Jetson Orin NX at INT8, batch 64",
                        {"device": "orin_nx", "precision": "int8", "batch": 64}),
}
