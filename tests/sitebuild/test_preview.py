"""The first act's instruments for the static page (sitebuild/preview.py), computed from the real labs."""

from __future__ import annotations

import importlib
import json

import pytest

from labs import lab01_magnitude, lab02_ml_systems, lab05_nn_compute, lab07_frameworks
from labs.kit.shell import control_values
from sitebuild.opening import opening_lock
from sitebuild.preview import _objects, first_act_preview

LABS = [lab01_magnitude, lab02_ml_systems, lab05_nn_compute, lab07_frameworks]


def plan(module):
    return importlib.import_module(f"{module.__name__}.plan")


@pytest.fixture(scope="module")
def previews():
    return {m: first_act_preview(m.create, plan(m), opening_lock(plan(m)), "../runtime/panel/") for m in LABS}


@pytest.mark.parametrize("module", LABS, ids=lambda m: m.__name__)
def test_every_setting_of_the_first_control_has_a_patch_that_sets_it(previews, module):
    spec = previews[module]
    lab = module.create()
    answers = opening_lock(plan(module))["fields"]
    assert set(spec["variants"]) == {f"{t or ''}/{a}" for t in (spec["tracks"] or [None]) for a in answers}
    for name, variant in spec["variants"].items():
        values = [s["value"] for s in variant["states"].values()]
        if module is not lab05_nn_compute:  # lab 05's layers are the track's
            assert values == control_values(lab.preview_control), name
        assert variant["initial"] in variant["states"]
        for key, state in variant["states"].items():
            events = spec["patches"][state["patch"]]["events"]
            own = [e for e in events if e["model"]["id"] == variant["control"] and e["attr"] == variant["property"]]
            assert [json.dumps(e["new"]) for e in own] == [key], name
        doc = json.dumps(spec["docs"][variant["doc"]])
        assert "cdn.holoviz.org" not in doc and "../runtime/panel/" in doc


def test_what_depends_on_the_students_path_waits_for_the_lab(previews):
    """Lab 02's list of the tiers visited depends on the path, not only the setting: hidden, never patched."""
    spec = previews[lab02_ml_systems]
    variant = spec["variants"]["cloud/compute"]
    flip = [o for o in _objects(spec["docs"][variant["doc"]])
            if "Ridge-point flip" in str(o.get("attributes", {}).get("text"))]
    assert flip and all(o["attributes"]["visible"] is False for o in flip)
    patched = {e["model"]["id"] for s in variant["states"].values() for e in spec["patches"][s["patch"]]["events"]}
    assert not patched & {o["id"] for o in flip}


def test_the_drawing_is_the_tracks(previews):
    spec = previews[lab02_ml_systems]
    assert spec["variants"]["cloud/compute"]["doc"] != spec["variants"]["tiny/compute"]["doc"]
    assert spec["variants"]["cloud/compute"]["doc"] == spec["variants"]["cloud/memory"]["doc"]  # stored once


def test_the_field_a_control_is_bound_to_is_named_from_the_declaration(previews):
    """No guessing from values: the control's field is the one Lab.bind declares, and a saved value restores it."""
    expected = {lab01_magnitude: "context", lab02_ml_systems: "part1_tier", lab05_nn_compute: "audited_layer",
                lab07_frameworks: "act1_model"}
    for module, field in expected.items():
        assert {v["saved_as"] for v in previews[module]["variants"].values()} == {field}
    lab = lab01_magnitude.create()
    lab.ledger.stored = {"context": "tiny"}
    assert lab.preview_control.value == "tiny"


def test_a_drawing_that_does_not_mark_the_answer_is_made_once_per_track(previews):
    spec = previews[lab02_ml_systems]
    for track in spec["tracks"]:
        same = {json.dumps(v, sort_keys=True) for k, v in spec["variants"].items() if k.startswith(f"{track}/")}
        assert len(same) == 1, track
    marked = previews[lab07_frameworks]  # its meter marks the prediction
    assert marked["variants"]["cloud/p90"]["doc"] != marked["variants"]["cloud/p5"]["doc"] or \
        marked["variants"]["cloud/p90"]["states"] != marked["variants"]["cloud/p5"]["states"]


def test_the_lab_makes_the_students_moves_again_after_restoring():
    lab = lab02_ml_systems.create()
    lab.replay(["a17_npu", "no_such_tier", "orin_nx"])
    lab.ledger.stored = {"part1_prediction": "compute", "part1_correct": True}
    assert lab.preview_control.value == "orin_nx"
    assert lab.record["part1_moves"] == 3  # the opening tier and the two real moves
    assert lab.ledger.pending["record"]["part1_moves"] == 3  # saved once, after the restore
