"""Each lab's plan declares its record: every field the lab writes, with what it may hold. The kit refuses
an undeclared field or a value its declaration does not allow, so driving a lab through its questions and
presets here proves the declaration complete (no browser)."""

from __future__ import annotations

import importlib

import pytest

import pycore as pc
from labs.kit import FillInBlanks, PredictionLock, Reflection
from labs.kit.plan import Field
from labs.registry import LABS


@pytest.fixture(params=LABS, ids=lambda lab: lab.slug)
def lab_entry(request):
    return request.param


def plan_of(entry):
    return importlib.import_module(f"{entry.module}.plan")


@pytest.mark.parametrize("track", list(pc.TRACKS))
def test_every_answer_the_lab_records_is_declared(lab_entry, track):
    lab = importlib.import_module(lab_entry.module).create(track=track)
    lab.ledger.stored = {}
    for _act, part in lab.components():
        if isinstance(part, (PredictionLock, Reflection)):
            for key in part.options:
                part.restore(key)  # each choice is written through update_record, which checks it
        elif isinstance(part, FillInBlanks):
            part.restore([next(iter(blank)) for blank in part._blanks])
    assert lab.record["track"] == track
    for name, value in lab.record.items():
        assert lab.valid(name, value), f"{lab_entry.slug} holds {name}={value!r}"


def test_every_preset_sets_declared_fields_to_allowed_values(lab_entry):
    plan = plan_of(lab_entry)
    fields = {f.name: f for f in plan.FIELDS}
    for name, preset in plan.PRESETS.items():
        for field, value in preset.settings.items():
            assert field in fields, f"preset {name!r} sets {field!r}, which the plan does not declare"
            assert fields[field].problem(value) is None, f"preset {name!r}: {field}={value!r}"
    lab = importlib.import_module(lab_entry.module).create(preset=next(iter(plan.PRESETS)))
    lab.ledger.stored = {}


def test_field_names_are_unique_and_the_hud_reads_declared_fields(lab_entry):
    plan = plan_of(lab_entry)
    names = [f.name for f in plan.FIELDS]
    assert len(names) == len(set(names))
    assert {field for _label, field, _fmt in plan.HUD} <= set(names)


def test_an_undeclared_field_or_a_bad_value_is_refused():
    lab = importlib.import_module("labs.lab01_magnitude").create()
    with pytest.raises(ValueError, match="does not declare"):
        lab.update_record(nonsense=1)
    with pytest.raises(ValueError, match="not one of the lab's choices"):
        lab.update_record(context="bogus")


@pytest.mark.parametrize("field, good, bad", [
    (Field("c", "c", "choice", ("a", "b")), "a", ["c", ["a"], {"a": 1}, 1]),
    (Field("b", "b", "bool"), True, ["yes", 1, 0]),
    (Field("i", "i", "int", bounds=(0, 10)), 3, [3.5, True, 11, "3"]),
    (Field("n", "n", "number", bounds=(0, 1)), 0.5, [float("nan"), float("inf"), 2, "0.5", False]),
    (Field("t", "t", "text", max_chars=5), "abc", ["abcdef", 5]),
    (Field("l", "l", "list", ("x", "y"), length=2), ["x", "y"], [["x"], ["x", "z"], "xy", [["x"], "y"]]),
    (Field("m", "m", "time"), "2026-11-01T10:00:00Z", ["z", "yesterday", 5]),
])
def test_field_kinds(field, good, bad):
    assert field.problem(good) is None and field.problem(None) is None
    for value in bad:
        assert field.problem(value), f"{field.kind} accepted {value!r}"
