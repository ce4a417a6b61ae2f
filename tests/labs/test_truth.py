"""Every statement a lab makes is true on every track (issue 19).

Each lab is built for each track in plain CPython (no browser), its saved record read as empty,
and every sentence its questions and messages show is collected with what keeps it true
(``labs.kit.truth``). A statement's check must hold on every track. The option a question marks
right, and every option or message that states a number, must carry a check, be computed from
pycore as it is shown (its text a function of the track, and for the right option, which option is
right too), or appear in ``UNCHECKED`` below with the reason it needs none. Every reveal is rendered
for every option.
"""

from __future__ import annotations

import importlib
import re

import pytest

import pycore as pc
from labs.kit import PredictionLock, Reveal

LABS = ("lab01_magnitude", "lab02_ml_systems", "lab05_nn_compute", "lab07_frameworks")

# (lab, where) -> why the statement needs no predicate. Nothing else may go unchecked.
UNCHECKED: dict[tuple[str, str], str] = {
    ("lab01_magnitude", "Act I: the scale blind spot reflection, option 'separate'"):
        "a design conclusion (separate software stacks), not a figure",
}

# Names that contain digits but state no figure: the catalog's devices and models, precisions, kernel shapes.
NAMES = sorted({*(d.name for d in pc.DEVICES.values()), *(w.name for w in pc.WORKLOADS.values()),
                *(p.name for p in pc.Precision), "ResNet-50", "GPT-2", "Llama-3-70B", "H100", "A100", "Cortex-M7",
                "ESP32-S3", "A17 Pro", "Orin NX", "DS-CNN", "MobileNetV2", "Act I", "Act II", "lab 05", "lab 02"},
               key=len, reverse=True)
# ...and settings a sentence names rather than claims: "at batch 1", "a 3x3 kernel".
NAME = re.compile("|".join(re.escape(n) for n in NAMES) + r"|\b\d+\s?x\s?\d+\b|\bbatch \d+\b")
DIGIT = re.compile(r"\d")


def states_a_number(text: str) -> bool:
    return bool(DIGIT.search(NAME.sub("", text)))


def build(module: str, track: str):
    lab = importlib.import_module(f"labs.{module}").create(track=track)
    lab.ledger.stored = {}  # the first read of an empty ledger: restores run, the link's track applies
    return lab


@pytest.fixture(scope="module", params=LABS)
def module(request):
    return request.param


@pytest.mark.parametrize("track", list(pc.TRACKS))
def test_every_checked_statement_holds_on_every_track(module, track):
    lab = build(module, track)
    failures = [f"{module}, {track}, {s.where}: {s.check.claim!r} is false. The student reads: {s.text}"
                for s in lab.statements(track) if s.check is not None and not s.check.holds(track)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("track", list(pc.TRACKS))
def test_every_answer_and_every_number_is_checked_or_exempt_with_a_reason(module, track):
    lab = build(module, track)
    missing = []
    for s in lab.statements(track):
        needs = s.answer or states_a_number(s.text)
        if needs and s.check is None and not s.computed and (module, s.where) not in UNCHECKED:
            missing.append(f"{module}, {track}, {s.where}: {s.text}")
    assert not missing, "these statements need a Check (or a reason in UNCHECKED):\n" + "\n".join(missing)


def test_every_exemption_is_still_in_use():
    wheres = {(module, s.where) for module in LABS for s in build(module, "cloud").statements("cloud")}
    assert set(UNCHECKED) <= wheres, f"stale exemptions: {set(UNCHECKED) - wheres}"


@pytest.mark.parametrize("track", list(pc.TRACKS))
def test_every_reveal_renders_for_every_option(module, track):
    """A reveal computes its text when shown: it must do so on every track, whatever was predicted."""
    lab = build(module, track)
    reveals = [part for _act, part in lab.components() if isinstance(part, Reveal)]
    for reveal in reveals:
        lock: PredictionLock = reveal._lock
        for key in lock.options:
            lock.restore(key)
            text = reveal.render()
            assert "Reveal" in text and lock.options[key].label in text


# ------------------------------------------------------------------ what the issue found false, held false
def _lab(name: str):
    return importlib.import_module(f"labs.{name}")


def _old_budget_met_but_late(track: str) -> bool:
    """Lab 05 part 3 before: 'budget met' from power at one inference per target, intensity and fit alone."""
    from itertools import product

    from pycore.lighthouse import MIN_INTENSITY, Operator, operator_budget
    t = pc.track(track)
    for mix, width in product(product(list(Operator), repeat=4), _lab("lab05_nn_compute").WIDTHS):
        r = operator_budget(mix, t, width_factor=width)
        old_power = r.energy.total_J / t.target_latency_s
        if old_power <= r.budget_W and r.cost.intensity >= MIN_INTENSITY and not r.oom and r.too_slow:
            return True
    return False


FOUND_FALSE = [
    ("lab 05 math peek: a matrix-vector product does about 1/b FLOP per byte", ("cloud",),
     lambda t: abs(_lab("lab05_nn_compute").LOCK_LINEAR.intensity - 1 / 2) < 0.1),
    ("lab 05 hardware lead: the starting backbone sits on the memory wall", tuple(pc.TRACKS),
     lambda t: _lab("lab05_nn_compute").start(t).cost.intensity < pc.track(t).device.ridge_point(
         pc.lighthouse.BACKBONES[t].precision)),
    ("lab 05 part 2: past the ridge the work grows faster than the size", ("tiny",),
     lambda t: pc.lighthouse.SCALING[t].cost(batch=1, n=2 * 49).flops > 2.01 * pc.lighthouse.SCALING[t].cost(
         batch=1, n=49).flops),
    ("lab 05 part 3: 'budget met' means the mix also meets the latency target", ("tiny",),
     lambda t: not _old_budget_met_but_late(t)),
    ("lab 02 part 1: the difference went above all into the fixed overhead L", ("cloud",),
     lambda t: _lab("lab02_ml_systems").audit(t).binding is pc.Term.OVERHEAD),
    ("lab 02 part 3: the highest-throughput setting within the SLA also has the highest MFU", ("edge",),
     lambda t: (lambda pts: max(pts, key=lambda p: p.throughput_per_s) is max(pts, key=lambda p: p.mfu))(
         [p for p in pc.efficiency.operating_points(pc.track(t).workload, pc.track(t).device,
                                                    sla_s=pc.track(t).target_latency_s) if p.feasible])),
    ("lab 02 part 3: memory is not the limit, latency binds long before it fills", ("cloud",),
     lambda t: pc.efficiency.operating_point(pc.track(t).workload, pc.track(t).device, batch=8,
                                             precision=pc.Precision.INT8, sla_s=1.0).fits),
    ("lab 02 part 3: at batch 1 the CFO's chip sits mostly idle", ("tiny",),
     lambda t: _lab("lab02_ml_systems").cfo_point(t)[1].mfu < 0.5),
    ("lab 01: the bandwidth gap is about 10^4", ("cloud",),
     lambda t: _lab("lab01_magnitude").decades(pc.Metric.MEM_BW) == 4),
    ("lab 07: the act's GPU is the H100 the cloud lead speaks of", ("cloud",),
     lambda t: _lab("lab07_frameworks").GPU is pc.H100_SXM5),
    ("lab 07 part 3: removing the break trims data traffic", tuple(pc.TRACKS),
     lambda t: (lambda b, a: a.memory_s < b.memory_s)(
         pc.surgery.execute(pc.surgery.SHAPES[t], pc.track(t).device),
         pc.surgery.execute(pc.surgery.SHAPES[t], pc.track(t).device, pc.surgery.Surgery.MASK))),
    ("lab 07 part 3: some surgery clears the 2x bar", ("edge", "tiny"),
     lambda t: _lab("lab07_frameworks").best_fix(t)[1] > pc.surgery.MFU_GAIN_REQUIRED),
]


@pytest.mark.parametrize("claim, tracks, holds", FOUND_FALSE, ids=[c[0] for c in FOUND_FALSE])
def test_the_statements_issue_19_found_false_stay_false_where_it_found_them(claim, tracks, holds):
    """Each sentence the labs used to show, as a predicate: false on the tracks the issue named. A lab that
    brought one back with an honest Check would fail the truth test above."""
    assert not any(holds(t) for t in tracks), f"{claim!r} holds on one of {tracks}"
