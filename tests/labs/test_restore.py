"""Nothing a student did is lost on reload (issue 21), checked in plain CPython for every lab.

A student answers every question, moves every control away from where the lab opened it and
tries some configurations; a fresh copy of the lab then reads that record back, as a reload does.
Every control must come back where it was, every part open as it was, and the record must come
back exactly as saved (a restore that rewrites a field, as lab 07 once rewrote ``execution_mode``
to "eager", fails here). The browser tests (``test_restore_ui.py``) repeat the walk in Chromium.
"""

from __future__ import annotations

import importlib

import panel as pn
import pytest

from labs.kit import PredictionLock, Reflection
from labs.kit.shell import Stops, control_values, is_control

LABS = ("lab01_magnitude", "lab02_ml_systems", "lab05_nn_compute", "lab07_frameworks")


def controls(lab) -> list:
    """Everything in the lab a student sets. Buttons do something and hold no state; view toggles (tagged
    "view": a math peek, a folded table) change how the page looks, not the student's work; an answer's
    inputs (tagged "answer") are saved as the answer, and checked below as answers."""
    return [part for _act, part in lab.components() if is_control(part) and not isinstance(part, pn.widgets.Button)
            and not {"view", "answer"} & set(getattr(part, "tags", ()))]


def bound(lab) -> set:
    """The controls ``Lab.bind`` saves, with the slider inside each slider over stops (which is what the
    page lays out)."""
    return set(lab.bindings) | {c.widget for c in lab.bindings if isinstance(c, Stops)}


def parts(lab, kind) -> list:
    return [part for _act, part in lab.components() if isinstance(part, kind)]


def bound_to(lab, field: str):
    return next(c for c, name in lab.bindings.items() if name == field)


def opened(lab) -> dict:
    lab.ledger.stored = {}
    return lab


def work_through(lab) -> None:
    """Answer every lock and reflection, then set every control to an option other than the one shown."""
    for lock in parts(lab, PredictionLock):
        lock._radio.value = list(lock.options)[-1]
        lock._button.clicks += 1
    for reflection in parts(lab, Reflection):
        reflection._radio.value = list(reflection.options)[0]
        reflection._submit.clicks += 1
    for control in controls(lab):
        offered = control_values(control)
        others = [v for v in offered if v != control.value]
        if others:
            control.value = others[len(others) // 2]


@pytest.fixture(params=LABS)
def module(request):
    return importlib.import_module(f"labs.{request.param}")


def test_every_control_is_saved(module):
    lab = opened(module.create())
    unbound = [getattr(c, "name", type(c).__name__) for c in controls(lab) if c not in bound(lab)]
    assert not unbound, f"controls a reload would reset: {unbound}"


def test_a_reload_restores_everything(module):
    lab = opened(module.create(track="edge"))
    work_through(lab)
    saved = dict(lab.record)
    shown = [c.value for c in controls(lab)]
    again = module.create()
    before = again.ledger.pending  # what the lab held before the read (the browser writes only later changes)
    again.ledger.stored = {**saved, "updated": "2026-12-07T10:00:00.000Z"}
    assert again.record == saved
    assert again.ledger.pending == before, "the restore saved the record again"
    assert [c.value for c in controls(again)] == shown
    for before, after in zip(parts(lab, PredictionLock), parts(again, PredictionLock)):
        assert (after.locked, after.choice) == (True, before.choice)
    for before, after in zip(parts(lab, Reflection), parts(again, Reflection)):
        assert after.answer == before.answer


def test_a_reflection_keeps_the_first_answer(module):
    lab = opened(module.create(track="mobile"))
    work_through(lab)
    reflection = parts(lab, Reflection)[0]
    first, second = list(reflection.options)[0], list(reflection.options)[-1]
    reflection._radio.value = second
    reflection._submit.clicks += 1
    act = reflection.key.removesuffix("_reflection")
    assert lab.record[f"{act}_reflection"] == first
    assert lab.record[f"{act}_reflection_revised"] == second
    again = module.create()
    again.ledger.stored = dict(lab.record)
    shown = parts(again, Reflection)[0]
    assert (shown.answer, shown.first) == (second, first)
    assert "Your first answer" in shown._feedback.object


def test_parts_never_opened_leave_nothing(module):
    lab = opened(module.create(track="tiny"))
    locks = parts(lab, PredictionLock)
    unopened = {f.name for f in module.plan.FIELDS if f.name not in ("track", "context")}
    written = unopened & set(lab.record)
    assert not written, f"written before any part was opened: {sorted(written)}"
    # Opening the first part writes its fields, and no later part's.
    locks[0]._radio.value = list(locks[0].options)[0]
    locks[0]._button.clicks += 1
    later = [k for k in lab.record for act in ("part2", "part3", "act2") if k.startswith(act)]
    assert not later


def test_moves_survive_a_reload():
    from labs.kit import MoveCounter
    from labs.lab02_ml_systems import create

    lab = opened(create())
    work_through(lab)
    moves = parts(lab, MoveCounter)[0]
    tier, batch = bound_to(lab, "part1_tier"), bound_to(lab, "part1_batch")
    for value in control_values(tier):
        tier.value = value
    for value in control_values(batch)[:3]:
        batch.value = value
    count = moves.count
    assert count >= 5 and lab.record["part1_moves"] == count
    again = create()
    again.ledger.stored = dict(lab.record)
    restored = parts(again, MoveCounter)[0]
    assert (restored.count, restored.unlocked) == (count, True)


def test_a_link_asks_before_replacing_saved_settings():
    from labs.lab02_ml_systems import create

    lab = opened(create(track="cloud"))
    work_through(lab)
    saved = dict(lab.record)
    linked = create(preset="big-batch")
    linked.ledger.stored = dict(saved)
    assert linked.confirm.asking and "Batch size" in linked.confirm._text.object
    assert linked.record == saved, "the link replaced saved settings before the student agreed"
    linked.confirm._yes.clicks += 1
    assert linked.record["batch"] == 128 and not linked.confirm.asking


def test_a_link_applies_at_once_to_a_fresh_record():
    from labs.lab02_ml_systems import create

    lab = create(preset="big-batch")
    lab.ledger.stored = {}
    assert not lab.confirm.asking
    batch = bound_to(lab, "batch")
    assert batch.value == 128


@pytest.mark.parametrize("name", LABS)
def test_a_first_visit_saves_the_track_the_picker_shows(name):
    """On a first visit the picker shows Cloud Titan, the lab computes with it, and so the ledger bar must
    say so too (it once said "Track: —" until the student picked one)."""
    lab = importlib.import_module(f"labs.{name}").create()
    lab.ledger.stored = {}  # the browser's first read: an empty ledger
    written = lab.ledger.pending["record"]  # what the lab asked the browser to store
    assert written["track"] == "cloud"
    lab.ledger.stored = dict(written)  # read back
    assert "**Track:** Cloud Titan" in lab.hud._summary.object
