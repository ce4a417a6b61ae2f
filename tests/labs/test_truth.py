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
