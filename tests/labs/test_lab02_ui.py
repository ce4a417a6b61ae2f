"""Lab 02 in a real browser, served by `panel serve`, driven as a student would: mouse for choices,
keyboard for sliders, and every number checked against pycore computed here."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import duration, percent, si, sig, times
from labs.kit.ledger import LEDGER_KEY
from labs.lab02_ml_systems import BATCHES, FUSION_LEVELS, MFU_TARGET, SPEEDUPS, TAXES_S, default_speedup, plan
from tests.labs.lab_page import Lab02, label, labels

pytestmark = pytest.mark.ui

P = pc.Precision
PART1 = labels(plan.PART1)  # read from the plan, never copied
PART2 = labels(plan.PART2)  # read from the plan, never copied
PART3 = labels(plan.PART3)  # read from the plan, never copied
SPEEDUP_LABELS = [f"{s:,}×" for s in SPEEDUPS]
TIERS = ["Tiny: ESP32-S3", "Mobile: A17 Pro NPU", "Edge: Jetson Orin NX", "Cloud: H100"]
BATCH_LABELS = [str(b) for b in BATCHES]
TAX_LABELS = [duration(t) for t in TAXES_S]
FUSION_LABELS = [f"{f:.0%} of the tax removed" for f in FUSION_LEVELS]
ANSWER = "Critical parallel fraction p for your target at this S"


@pytest.fixture
def lab(page, lab02_url, guard):
    page.goto(lab02_url)
    lab = Lab02(page)
    lab.wait_ready()
    return lab


def seed_ledger(page, chapters: dict) -> None:
    """Put a ledger in localStorage before the lab's scripts run (as an earlier lab would have left it)."""
    ledger = {"schema": "mlsysbook.ledger", "version": 1, "chapters": chapters}
    page.add_init_script(f"if (!localStorage.getItem({json.dumps(LEDGER_KEY)})) "
                         f"localStorage.setItem({json.dumps(LEDGER_KEY)}, {json.dumps(json.dumps(ledger))});")


def test_track_is_preselected_from_an_earlier_lab_and_can_change(page, lab02_url, guard):
    seed_ledger(page, {"1": {"context": "tiny", "updated": "2026-11-01T10:00:00Z"},
                       "5": {"track": "tiny", "updated": "2026-11-02T10:00:00Z"},
                       "7": {"track": "mobile", "updated": "2026-11-01T09:00:00Z"}})
    page.goto(lab02_url)
    lab = Lab02(page)
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Tiny Pioneer (hearable lead)")
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text(pc.HEARABLE_MCU.name)
    lab.wait_for_record("track", "tiny")
    lab.choose_track("Edge Guardian")
    lab.wait_for_record("track", "edge")
    assert lab.ledger()["chapters"]["5"]["track"] == "tiny", "other chapters are left as they were"


@pytest.mark.parametrize("index", range(4), ids=["memory", "compute", "overhead", "same"])
def test_part1_every_option_reveals_the_term_ratios(lab, index):
    esp, h100 = pc.ESP32_S3, pc.H100_SXM5
    lab.predict(1, PART1[index])
    reveal = lab.reveal(1)
    expect(reveal).to_contain_text("Correct." if index == 1 else "Not quite.")
    expect(reveal).to_contain_text(times(h100.mem_bw_bytes_per_s / esp.mem_bw_bytes_per_s))
    expect(reveal).to_contain_text(times(h100.peak(P.INT8).ops_per_s / esp.peak(P.INT8).ops_per_s))
    expect(reveal).to_contain_text(times(esp.dispatch_overhead_s / h100.dispatch_overhead_s))
    lab.wait_for_record("part1_correct", index == 1)


def test_part1_audit_by_keyboard_with_oom_and_the_five_move_rule(lab):
    audit = lab.act(1)
    expect(audit.get_by_role("slider", name="Batch size")).to_have_count(0)  # locked away
    lab.predict(1, PART1[1])
    llama = pc.LLAMA3_70B_DECODE
    # Cloud Titan's Llama on the ESP32: out of memory, with the oversubscription pycore computes.
    need = llama.footprint(1, precision=P.INT8)
    expect(lab.banner(1, "Out of memory")).to_contain_text(times(need / pc.ESP32_S3.mem_capacity_bytes))
    reflection = audit.locator(".kit-reflection")
    expect(reflection).to_have_count(0)
    expect(audit.get_by_text("Try 4 more")).to_be_visible()
    flips = lab.card(1, "Ridge-point flip, per tier visited")
    for tier, spec in zip(TIERS[1:], (pc.A17_PRO_NPU, pc.JETSON_ORIN_NX_16GB, pc.H100_SXM5)):
        lab.set_slider(1, "Hardware tier", TIERS, tier)  # one tier at a time, each drawn before the next
        expect(flips).to_contain_text(spec.name)
    expect(audit.get_by_text("Try 1 more")).to_be_visible()
    expect(reflection).to_have_count(0)
    expect(lab.banner(1, "Out of memory")).to_be_hidden()
    terms = pc.iron_law_for(llama, pc.H100_SXM5, precision=P.INT8)
    expect(audit.locator(".kit-card, .kit-card-binding").filter(has_text=si(terms.memory_s, "s")).first).to_be_visible()
    lab.set_slider(1, "Batch size", BATCH_LABELS, "8")
    expect(reflection).to_be_visible()  # the fifth distinct combination opens the reflection
    terms = pc.iron_law_for(llama, pc.H100_SXM5, batch=8, precision=P.INT8)
    expect(audit.locator(".kit-card-binding").first).to_contain_text(si(terms.memory_s, "s"))
    expect(audit.locator(".kit-card-binding").first).to_contain_text("⚠ binding")  # in words, not only red
    # The charts' text alternatives carry the same numbers: the waterfall's terms, the roofline's ridge and regime.
    expect(audit.locator(".kit-chart-table").first).to_contain_text(si(terms.memory_s, "s"))
    ridge = pc.H100_SXM5.ridge_point(P.INT8)
    roof_text = audit.locator(".kit-chart-text").filter(has_text="ridge point")
    expect(roof_text).to_contain_text(f"ridge point (dashed) is at {sig(ridge)} ops per byte")
    expect(roof_text).to_contain_text(f"{sig(llama.intensity(8, precision=P.INT8))} ops per byte")
    expect(roof_text).to_contain_text("memory-bound")
    # The zero-latency network removes L, and the memory wall stays.
    audit.get_by_role("button", name="Magic zero-latency network (L = 0)").click()
    expect(lab.card(1, "Overhead L")).to_contain_text("0 s")
    expect(audit.locator(".kit-card-binding").first).to_contain_text("Memory D/BW")
    lab.set_slider(1, "Hardware tier", TIERS, "Edge: Jetson Orin NX")
    flip_card = flips
    orin_flip = pc.roofline.crossover(lambda b: llama.intensity(b, precision=P.INT8),
                                      pc.JETSON_ORIN_NX_16GB.ridge_point(P.INT8), hi=256)
    expect(flip_card).to_contain_text(pc.JETSON_ORIN_NX_16GB.name)
    expect(flip_card).to_contain_text(f"from batch {orin_flip}" if orin_flip else "memory-bound at every batch")
    lab.reflect(1, label(plan.PART1_REFLECTION, "overhead"))
    lab.wait_for_record("part1_reflection_correct", True)


def test_part2_amdahl_wall_unreachable_target_and_critical_fraction(lab):
    lab.choose_track("Edge Guardian")
    lab.predict(2, PART2[1])
    expect(lab.reveal(2)).to_contain_text("Correct.")
    expect(lab.reveal(2)).to_contain_text(f"≥ {duration(5e-3)}")
    edge = pc.track("edge")
    # The part opens on the fastest accelerator that still misses the track's target: the wall bites at once.
    s0 = default_speedup("edge")
    expect(lab.act(2).get_by_text(f"Accelerator speedup S: {s0:,}×", exact=True)).to_be_visible()
    expect(lab.card(2, "pipeline")).to_contain_text("missed ✗")
    lab.set_slider(2, "Accelerator speedup S", SPEEDUP_LABELS, "100×")
    # A 20 ms framework tax alone exceeds the 10 ms loop: no accelerator can help.
    lab.set_slider(2, "Framework tax (serial overhead)", TAX_LABELS, duration(20e-3))
    banner = lab.banner(2, "Target physically unreachable")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(duration(20e-3))
    lab.set_slider(2, "Kernel fusion level", FUSION_LABELS, FUSION_LABELS[3])  # 75% removed: 5 ms serial
    expect(banner).to_be_hidden()
    serial = 20e-3 * (1 - 0.75)
    p_now = (edge.baseline_s - serial) / edge.baseline_s
    expect(lab.act(2).get_by_text(f"p = {p_now:.4f}").first).to_be_visible()
    truth = pc.amdahl.critical_fraction(baseline_s=edge.baseline_s, target_s=edge.target_latency_s, s=100)
    wrong, right = round(truth + 0.05, 3), round(truth, 4)
    lab.answer(2, ANSWER, wrong, f"{wrong}")
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("too high")
    lab.answer(2, ANSWER, right, f"{right}")
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct after 2 attempt(s)")
    lab.wait_for_record("critical_p_correct", True)
    assert lab.chapter_record()["critical_p"] == pytest.approx(truth, abs=5e-4)
    lab.reflect(2, label(plan.PART2_REFLECTION, "overhead_first"))


def test_part3_every_failure_state_then_the_goal(lab):
    lab.choose_track("Edge Guardian")
    edge = pc.track("edge")
    # The edge track's single camera hands over a frame every 10 ms: batch 1 is right here, and the
    # question says how requests arrive.
    expect(lab.lock_section(3)).to_contain_text(f"one every {duration(edge.arrival_interval_s)}")
    lab.predict(3, PART3[1])
    expect(lab.reveal(3)).to_contain_text("Correct.")
    best = pc.efficiency.best_operating_point(edge.workload, edge.device, sla_s=edge.target_latency_s,
                                              arrival_interval_s=edge.arrival_interval_s)
    assert (best.batch, best.precision) == (1, P.INT8)
    expect(lab.reveal(3)).to_contain_text(f"batch {best.batch} at {best.precision.name}")
    synth = lab.act(3)
    expect(synth.get_by_role("combobox", name="Hardware")).to_have_value(edge.device.name)
    # Batch 1 at INT8: the low-utilisation tax, which batching cannot fix on this track.
    one = pc.efficiency.operating_point(edge.workload, edge.device, batch=1, precision=P.INT8,
                                        sla_s=edge.target_latency_s)
    expect(lab.banner(3, "MFU below target")).to_contain_text(percent(one.mfu))
    expect(lab.banner(3, "MFU below target")).to_contain_text("batching cannot fix it")
    # Batch 2 waits 10 ms for its second frame: the SLA breaks on the wait alone.
    lab.set_slider(3, "Batch size", BATCH_LABELS, "2")
    two = pc.efficiency.operating_point(edge.workload, edge.device, batch=2, precision=P.INT8,
                                        sla_s=edge.target_latency_s, arrival_interval_s=edge.arrival_interval_s)
    expect(lab.banner(3, "Latency SLA violated")).to_contain_text(duration(two.latency_s))
    expect(lab.banner(3, "Latency SLA violated")).to_contain_text("waiting for the batch to fill")
    # The CFO-style move to the smallest chip: ResNet-50 does not even fit.
    synth.get_by_role("combobox", name="Hardware").select_option(label=pc.ESP32_S3.name)
    need = edge.workload.footprint(2, precision=P.INT8)
    expect(lab.banner(3, "Out of memory")).to_contain_text(si(need, "B"))
    synth.get_by_role("combobox", name="Hardware").select_option(label=edge.device.name)
    expect(lab.banner(3, "Out of memory")).to_be_hidden()
    # The MFU goal is reachable only at FP32, whose peak is low: the reveal says why that flatters it.
    lab.set_slider(3, "Batch size", BATCH_LABELS, "1")
    synth.get_by_role("button", name="FP32", exact=True).click()
    fp32 = pc.efficiency.operating_point(edge.workload, edge.device, batch=1, precision=P.FP32,
                                         sla_s=edge.target_latency_s)
    assert fp32.mfu >= MFU_TARGET and fp32.throughput_per_s < best.throughput_per_s
    for title in ("MFU below target", "Latency SLA violated", "Out of memory"):
        expect(lab.banner(3, title)).to_be_hidden()
    expect(lab.card(3, "target >")).to_contain_text(percent(fp32.mfu))
    lab.wait_for_record("goal_met", True)
    record = lab.chapter_record()
    assert record["batch"] == 1 and record["precision"] == P.FP32.value
    assert record["r_peak_ops_per_s"] == edge.device.peak(P.FP32).ops_per_s
    assert record["mfu"] == pytest.approx(fp32.mfu)
    expect(lab.reveal(3)).to_contain_text("MFU is measured against each precision's own peak")
    # The CFO's plan, in numbers: the cheapest chip that holds ResNet-50 misses the 10 ms loop.
    cfo = lab.card(3, "The CFO's plan")
    expect(cfo).to_contain_text("misses the SLA")
    lab.reflect(3, label(plan.PART3_REFLECTION, "misses"))
    lab.wait_for_record("part3_reflection_correct", True)


def test_the_whole_lab_survives_a_reload(lab):
    lab.choose_track("Edge Guardian")
    lab.predict(1, PART1[1])
    lab.predict(2, PART2[1])
    lab.set_slider(2, "Accelerator speedup S", SPEEDUP_LABELS, "1,000×")
    edge = pc.track("edge")
    truth = pc.amdahl.critical_fraction(baseline_s=edge.baseline_s, target_s=edge.target_latency_s, s=1000)
    lab.answer(2, ANSWER, round(truth, 4), f"{round(truth, 4)}")
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    lab.predict(3, PART3[0])
    lab.set_slider(3, "Batch size", BATCH_LABELS, "32")
    lab.wait_for_record("batch", 32)
    before = lab.chapter_record()
    lab.page.reload()
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Edge Guardian")
    for part in (1, 2, 3):
        expect(lab.lock_section(part).get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lab.act(2).get_by_text("Accelerator speedup S: 1,000×", exact=True)).to_be_visible()
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    expect(lab.act(3).get_by_text("Batch size: 32", exact=True)).to_be_visible()
    after = lab.chapter_record()
    for field_name in ("track", "part1_prediction", "part2_prediction", "part3_prediction", "critical_p",
                       "critical_p_correct", "batch", "precision", "mfu", "sla_met"):
        assert after[field_name] == before[field_name], field_name
    expect(lab.hud).to_contain_text("Edge Guardian")
