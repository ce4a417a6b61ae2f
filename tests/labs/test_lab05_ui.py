"""Lab 05 in a real browser, served by `panel serve`, driven as a student would, checked against pycore."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import duration, si, sig
from labs.lab05_nn_compute import BATCHES, LOCK_CONV, LOCK_LINEAR, WIDTHS, growth_answer, plan, width_label
from pycore.lighthouse import BACKBONES, SCALING, Operator, audit_layers, operator_budget
from tests.labs.lab_page import Lab05, label, labels
from tests.labs.test_lab02_ui import seed_ledger

pytestmark = pytest.mark.ui

PART1 = labels(plan.PART1)  # read from the plan, never copied
PART2 = labels(plan.PART2)  # read from the plan, never copied
PART2_ANSWER = {"level": PART2[0], "rise": PART2[1]}
PART3 = labels(plan.PART3)  # read from the plan, never copied
BATCH_LABELS = [str(b) for b in BATCHES]
WIDTH_LABELS = [width_label(w) for w in WIDTHS]
ANSWER = "First slider stop where the layer is compute-bound"


@pytest.fixture
def lab(page, lab05_url, guard):
    page.goto(lab05_url)
    lab = Lab05(page)
    lab.wait_ready()
    return lab


def set_mix(lab: Lab05, ops) -> None:
    for i, op in enumerate(ops):
        lab.act(3).get_by_role("combobox", name=f"Block {i + 1}").select_option(Operator(op).value)


def test_track_comes_from_lab02(page, lab05_url, guard):
    seed_ledger(page, {"2": {"track": "mobile", "updated": "2026-11-20T10:00:00Z"}})
    page.goto(lab05_url)
    lab = Lab05(page)
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Mobile Nomad")
    lab.wait_for_record("track", "mobile")


@pytest.mark.parametrize("index", range(4), ids=["linear", "conv", "same", "neither"])
def test_part1_every_option_and_the_profiler(lab, index):
    lab.predict(1, PART1[index])
    reveal = lab.reveal(1)
    expect(reveal).to_contain_text("Correct." if index == 0 else "Not quite.")
    expect(reveal).to_contain_text(f"{sig(LOCK_LINEAR.intensity)} FLOP/B")
    expect(reveal).to_contain_text(f"{sig(LOCK_CONV.intensity)} FLOP/B")
    lab.wait_for_record("part1_correct", index == 0)


def test_part1_profiler_lists_the_track_layers_with_pycore_counts(lab):
    lab.choose_track("Edge Guardian")
    lab.predict(1, PART1[0])
    profiler = lab.act(1).locator(".kit-profiler")
    layers = audit_layers("edge")
    ridge = pc.JETSON_ORIN_NX_16GB.ridge_point(pc.Precision.INT8)
    for layer in layers:
        row = profiler.get_by_role("row").filter(has_text=layer.name)
        expect(row).to_contain_text(sig(layer.intensity))
        expect(row).to_contain_text(si(layer.bytes_moved, "B"))
        expect(row).to_contain_text("compute-bound" if layer.intensity >= ridge else "memory-bound")
    fc = layers[-1]
    lab.act(1).get_by_role("combobox", name="Layer to audit").select_option(fc.name)
    expect(lab.card(1, fc.name)).to_contain_text("memory-bound")
    lab.wait_for_record("audited_layer", fc.name)
    lab.reflect(1, label(plan.PART1_REFLECTION, "reuse"))


def test_part2_find_the_crossover_by_keyboard(lab):
    lab.choose_track("Edge Guardian")
    sc = SCALING["edge"]
    # The question is about the track's own layer, and which answer is right is computed for it.
    expect(lab.lock_section(2)).to_contain_text(sc.name)
    assert growth_answer("edge") == "level"
    lab.predict(2, PART2_ANSWER["level"])
    expect(lab.reveal(2)).to_contain_text("Correct.")
    stops = [str(v) for v in sc.values]
    name = sc.dimension.capitalize()
    ridge = pc.JETSON_ORIN_NX_16GB.ridge_point(sc.precision)
    expect(lab.act(2).get_by_label(ANSWER)).to_have_count(0)  # the five-move rule: gated until explored
    for stop in ("8", "16", "24", "32"):
        lab.set_slider(2, name, stops, stop)
        now = sc.cost(batch=1, n=int(stop))
        expect(lab.card(2, f"{name} {stop}, batch 1")).to_contain_text(f"{sig(now.intensity)} FLOP/B")
    lab.set_slider(2, name, stops, "48")
    expect(lab.card(2, f"{name} 48, batch 1")).to_contain_text("compute-bound")
    first = sc.first_compute_bound_stop(batch=1, ridge=ridge)
    lab.answer(2, ANSWER, 32, "32")
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("too low")
    lab.answer(2, ANSWER, first, str(first))
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text(
        f"exact crossover is {sc.crossover(batch=1, ridge=ridge)}")
    lab.wait_for_record("crossover_correct", True)
    assert lab.chapter_record()["crossover"] == first
    # A bigger batch moves the crossover down, and the check follows it.
    lab.set_slider(2, "Batch size", BATCH_LABELS, "4")
    lab.answer(2, ANSWER, first, str(first))
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("too high")
    lab.reflect(2, label(plan.PART2_REFLECTION, "compute"))


def good_mix(track) -> tuple:
    return next(m for m in itertools.product(list(Operator), repeat=4) if operator_budget(m, track).meets)


def test_part3_every_constraint_fails_then_the_budget_is_met(lab):
    lab.choose_track("Tiny Pioneer")
    lab.predict(3, PART3[0])
    tiny = pc.track("tiny")
    bb = BACKBONES["tiny"]
    std, sep = bb.block(Operator.CONV2D), bb.block(Operator.DW_CONV)
    expect(lab.reveal(3)).to_contain_text(f"{sig(sep.intensity)} FLOP/B")
    expect(lab.reveal(3)).to_contain_text(f"{sig(std.intensity)} FLOP/B")
    # The hardware lead's design misses the latency target, and the lead says so in pycore's numbers.
    start = operator_budget(bb.start, tiny)
    assert start.too_slow
    expect(lab.banner(3, "Misses the latency target")).to_contain_text(duration(start.terms.total_s))
    expect(lab.act(3).locator(".kit-stakeholder")).to_contain_text(duration(start.terms.total_s))
    expect(lab.act(3).get_by_text("Budget met.")).to_be_hidden()
    # A mix of cheap, reuse-poor operators: under the intensity floor.
    starved = next(m for m in itertools.product(list(Operator), repeat=4)
                   if operator_budget(m, tiny).under_intensity and not operator_budget(m, tiny).over_power)
    set_mix(lab, starved)
    expect(lab.banner(3, "Intensity below 20 FLOP/byte")).to_contain_text(
        sig(operator_budget(starved, tiny).cost.intensity))
    # 1 x 1 mixes alone: cheap, and blind to their neighbours.
    set_mix(lab, [Operator.LINEAR] * 4)
    expect(lab.banner(3, "Sees too little to be useful")).to_be_visible()
    expect(lab.card(3, "Receptive field")).to_contain_text("1 × 1")
    # Wide convolutions: the weights no longer fit the hearable's SRAM.
    set_mix(lab, [Operator.CONV2D] * 4)
    lab.set_slider(3, "Channel width", WIDTH_LABELS, "8×")
    wide = operator_budget([Operator.CONV2D] * 4, tiny, width_factor=8.0)
    assert wide.oom
    expect(lab.banner(3, "Does not fit in memory")).to_contain_text(si(wide.footprint_bytes, "B"))
    lab.set_slider(3, "Channel width", WIDTH_LABELS, "1×")
    # A mix that meets every constraint.
    good = good_mix(tiny)
    set_mix(lab, good)
    expect(lab.act(3).get_by_text("Budget met.")).to_be_visible()
    for title in ("Over the power budget", "Misses the latency target", "Intensity below 20 FLOP/byte",
                  "Does not fit in memory", "Sees too little to be useful"):
        expect(lab.banner(3, title)).to_be_hidden()
    result = operator_budget(good, tiny)
    expect(lab.card(3, "Energy and power")).to_contain_text(si(result.power_W, "W"))
    lab.wait_for_record("budget_met", True)
    # A mix part-way to this one can meet the budget too: wait for the last write, of the whole mix.
    lab.wait_for_record("operator_mix", [o.value for o in good])
    record = lab.chapter_record()
    assert record["mix_intensity"] == pytest.approx(result.cost.intensity)
    assert record["mix_energy_J"] == pytest.approx(result.energy.total_J)
    lab.reflect(3, label(plan.PART3_REFLECTION, "traded"))


def test_reload_restores_the_record(lab):
    lab.choose_track("Tiny Pioneer")
    lab.predict(1, PART1[0])
    lab.predict(2, PART2_ANSWER[growth_answer("tiny")])
    sc = SCALING["tiny"]
    first = sc.first_compute_bound_stop(batch=1, ridge=pc.HEARABLE_MCU.ridge_point(sc.precision))
    name = sc.dimension.capitalize()
    for stop in ("1", "2", "3", "4", "5"):
        lab.set_slider(2, name, [str(v) for v in sc.values], stop)
        expect(lab.card(2, f"{name} {stop}, batch 1")).to_be_visible()  # drawn before the next move
    lab.answer(2, ANSWER, first, str(first))
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    lab.predict(3, PART3[0])
    good = good_mix(pc.track("tiny"))
    set_mix(lab, good)
    lab.wait_for_record("budget_met", True)
    before = lab.chapter_record()
    lab.page.reload()
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Tiny Pioneer")
    for part in (1, 2, 3):
        expect(lab.lock_section(part).get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    expect(lab.act(3).get_by_text("Budget met.")).to_be_visible()
    expect(lab.act(3).get_by_role("combobox", name="Block 1")).to_have_value(good[0].value)
    after = lab.chapter_record()
    for key in ("track", "part1_correct", "crossover", "crossover_correct", "operator_mix", "budget_met"):
        assert after[key] == before[key], key
