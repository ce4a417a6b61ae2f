"""Lab 07 in a real browser, served by `panel serve`, driven as a student would, checked against pycore."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import duration, percent, sig, times
from labs.lab07_frameworks import COMPILE_COSTS, GAINS, KERNEL_STOPS, VOLUMES, plan, util_run
from pycore.surgery import SHAPES, Surgery
from tests.labs.lab_page import Lab07, label, labels
from tests.labs.test_lab02_ui import seed_ledger

pytestmark = pytest.mark.ui

D, C = pc.dispatch, pc.compilation
ACT1 = labels(plan.ACT1)  # read from the plan, never copied
ACT2 = labels(plan.ACT2)  # read from the plan, never copied
PART3 = labels(plan.PART3)  # read from the plan, never copied
KERNEL_LABELS = [f"{k:,}" for k in KERNEL_STOPS]
COST_LABELS = [duration(c) for c in COMPILE_COSTS]
GAIN_LABELS = [percent(g) for g in GAINS]
VOLUME_LABELS = list(VOLUMES)
DURATION_LABELS = ["1 run", "1 hour", "1 day", "1 week", "1 year"]
PLAN_FIELDS = ("execution_mode", "fusion_enabled", "compilation_roi_positive", "breakeven_inferences",
               "kws_utilization_eager_pct", "kws_utilization_compiled_pct")


@pytest.fixture
def lab(page, lab07_url, guard):
    page.goto(lab07_url)
    lab = Lab07(page)
    lab.wait_ready()
    return lab


def a100_run(key: str, **kw):
    """A chapter profile on the A100, with the A100's own launch cost."""
    return D.run(D.profile(key), launch_s=pc.A100_80GB.kernel_launch_s, **kw)


def test_the_lab_runs_the_profiles_as_pycore_does():
    assert util_run("kws").total_s == a100_run("kws").total_s
    assert util_run("kws", launch=D.Launch.ASYNC).utilisation == pytest.approx(0.5)


@pytest.mark.parametrize("index", range(4), ids=["90", "50", "33", "5"])
def test_act1_every_option_and_the_faster_gpu(lab, index):
    lab.predict(1, ACT1[index])
    reveal = lab.reveal(1)
    expect(reveal).to_contain_text("Correct." if index == 2 else "Not quite.")
    eager = D.run(D.KWS_PROFILE)
    expect(reveal).to_contain_text(f"busy {percent(eager.utilisation)}")
    guess = [0.9, 0.5, 1 / 3, 0.05][index]
    expect(reveal).to_contain_text(f"off by {abs(guess - eager.utilisation) * 100:.0f} percentage points")
    expect(reveal).to_contain_text(percent(D.run(D.KWS_PROFILE, gpu_speedup=2).utilisation))
    expect(reveal).to_contain_text(f"{percent(a100_run('kws', launch=D.Launch.ASYNC).utilisation)} busy")
    lab.wait_for_record("act1_correct", index == 2)
    record = lab.chapter_record()
    assert record["kws_utilization_eager_pct"] == 33 and record["kws_utilization_compiled_pct"] == 67


def test_act1_instruments_follow_pycore(lab):
    lab.choose_track("Tiny Pioneer")  # its default model is KWS
    lab.predict(1, ACT1[2])
    act = lab.act(1)
    state = lab.card(1, "busy")
    expect(state).to_contain_text(percent(a100_run("kws").utilisation))
    lab.set_slider(1, "Kernels per forward pass", KERNEL_LABELS, "10,000")
    expect(state).to_contain_text(percent(a100_run("kws", kernels=10_000).utilisation))
    act.get_by_role("button", name="Compiled").click()
    expect(state).to_contain_text(percent(a100_run("kws", kernels=10_000, compiled=True).utilisation))
    lab.wait_for_record("execution_mode", "compiled")
    act.get_by_role("button", name="2× faster GPU").click()
    expect(state).to_contain_text(percent(a100_run("kws", kernels=10_000, compiled=True, gpu_speedup=2).utilisation))
    # A host that queues its launches ahead overlaps them with compute.
    act.get_by_role("button", name=D.Launch.ASYNC.label).click()
    expect(state).to_contain_text(percent(a100_run("kws", kernels=10_000, compiled=True, gpu_speedup=2,
                                                   launch=D.Launch.ASYNC).utilisation))
    act.get_by_role("button", name=D.GPT2_LAYER_PROFILE.name).click()
    expect(act.get_by_text("Kernels per forward pass: 20", exact=True)).to_be_visible()
    for prof in D.PROFILES.values():
        row = act.locator(".kit-compare").get_by_role("row").filter(has_text=prof.name)
        expect(row).to_contain_text(percent(a100_run(prof.key).utilisation))
        expect(row).to_contain_text(percent(a100_run(prof.key, launch=D.Launch.ASYNC).utilisation))
        expect(row).to_contain_text(percent(a100_run(prof.key, compiled=True).utilisation))
    lab.reflect(1, label(plan.ACT1_REFLECTION, "fraction"))


def test_act2_fusion_roi_failure_and_the_challenge(lab):
    lab.predict(2, ACT2[2])
    n_even = C.break_even_inferences(compile_s=30, eager_per_s=1450, compiled_per_s=2150)
    expect(lab.reveal(2)).to_contain_text(f"{sig(n_even)} images")
    act = lab.act(2)
    fuse = pc.fusion.fuse(elements=4096 * 4096, mem_bw_bytes_per_s=pc.A100_80GB.mem_bw_bytes_per_s,
                          peak_ops_per_s=pc.A100_80GB.peak(pc.Precision.FP16).ops_per_s)
    expect(lab.card(2, "Kernels and traffic")).to_contain_text("3 kernel(s)")
    act.get_by_role("button", name="On", exact=True).click()
    expect(lab.card(2, "Kernels and traffic")).to_contain_text("1 kernel(s)")
    expect(lab.card(2, "Arithmetic intensity")).to_contain_text(sig(fuse.fused.intensity))
    expect(lab.card(2, "Time for the chain")).to_contain_text(times(fuse.speedup))
    lab.wait_for_record("fusion_enabled", True)
    act.get_by_role("button", name="3.35 TB/s (H100, HBM3)").click()
    ridge = pc.A100_80GB.peak(pc.Precision.FP16).ops_per_s / pc.H100_SXM5.mem_bw_bytes_per_s
    expect(lab.card(2, "Arithmetic intensity")).to_contain_text(f"ridge {sig(ridge)} FLOP/B")
    # A short deployment at low volume: compiling does not pay.
    banner = lab.banner(2, "Compilation not justified")
    expect(banner).to_be_hidden()
    lab.set_slider(2, "Inference volume", VOLUME_LABELS, "10K a day")
    lab.set_slider(2, "Compile cost", COST_LABELS, duration(300))
    compiled = C.compiled_throughput(1450, 0.48)
    roi = C.compile_roi(compile_s=300, eager_per_s=1450, compiled_per_s=compiled, inferences_per_day=1e4, days=1)
    expect(banner).to_contain_text(f"after {sig(roi.break_even_days)} days")
    lab.wait_for_record("compilation_roi_positive", False)
    lab.set_slider(2, "Deployment duration", DURATION_LABELS, "1 year")
    lab.set_slider(2, "Inference volume", VOLUME_LABELS, "100M a day")
    expect(banner).to_be_hidden()
    roi = C.compile_roi(compile_s=300, eager_per_s=1450, compiled_per_s=compiled, inferences_per_day=1e8, days=365)
    expect(act.get_by_text("Net ROI")).to_be_visible()
    lab.wait_for_record("compilation_roi_positive", True)
    lab.wait_for_record("breakeven_inferences", round(roi.break_even))
    # The scaling challenge, explored with the instruments: KWS, its compile and gain, 100 requests an hour.
    hours = pc.claims.claim("kws_edge_break_even").evaluate()
    act.get_by_role("button", name="KWS (many small kernels)").click()
    expect(act.get_by_text(f"Compile cost: {duration(10)}", exact=True)).to_be_visible()
    lab.set_slider(2, "Inference volume", VOLUME_LABELS, "100 an hour")
    lab.set_slider(2, "Deployment duration", DURATION_LABELS, "1 day")
    badge = act.locator(".alert-success").filter(has_text="Net ROI")
    expect(badge).to_contain_text(f"({sig(hours)} hours at this volume)")
    challenge = "Shortest deployment (hours) for KWS at 100 requests/hour to break even"
    lab.answer(2, challenge, 1.0, "1")
    expect(act.locator(".kit-numeric-feedback")).to_contain_text("too low")
    lab.answer(2, challenge, round(hours, 1), f"{round(hours, 1)}")
    expect(act.locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    # Fill in the blanks, then the multiple choice.
    blanks = act.locator(".kit-blanks")
    blanks.get_by_role("combobox", name="Blank 1").select_option(label="about 3× less HBM traffic")
    blanks.get_by_role("combobox", name="Blank 2").select_option(
        label="one pass through memory serves all three ops")
    blanks.get_by_role("button", name="Submit answer").click()
    expect(blanks.locator(".kit-blanks-feedback")).to_contain_text("Yes: six tensor passes become two.")
    lab.wait_for_record("act2_blanks_correct", True)
    lab.reflect(2, label(plan.ACT2_REFLECTION, "zero"))


@pytest.mark.parametrize("key, persona", [("edge", "Edge Guardian"), ("tiny", "Tiny Pioneer")])
def test_part3_where_no_fix_clears_the_bar_the_lab_says_declining_is_right(lab, key, persona):
    lab.choose_track(persona)
    lab.predict(3, PART3[1])
    device = pc.track(key).device
    gains = {fix: pc.surgery.mfu_gain(SHAPES[key], device, fix) for fix in Surgery if fix is not Surgery.NONE}
    assert max(gains.values()) <= pc.surgery.MFU_GAIN_REQUIRED
    expect(lab.reveal(3)).to_contain_text("Declining the rewrite is the right call here")
    lab.act(3).get_by_label(Surgery.MASK.value).check()
    expect(lab.banner(3, "Change refused")).to_contain_text("declining the rewrite is a sound decision")


def test_part3_a_refused_surgery_then_an_accepted_one(lab):
    lab.predict(3, PART3[1])
    act = lab.act(3)
    cloud = pc.track("cloud")
    refused, accepted = lab.banner(3, "Change refused"), act.get_by_text("Change accepted.")
    act.get_by_label(Surgery.SYMBOLIC.value).check()
    expect(refused).to_contain_text(times(pc.surgery.mfu_gain(SHAPES["cloud"], cloud.device, Surgery.SYMBOLIC)))
    lab.wait_for_record("surgery_accepted", False)
    act.get_by_label(Surgery.MASK.value).check()
    gain = pc.surgery.mfu_gain(SHAPES["cloud"], cloud.device, Surgery.MASK)
    expect(accepted).to_be_visible()
    expect(refused).to_be_hidden()
    expect(lab.card(3, "MFU gain")).to_contain_text(times(gain))
    after = pc.surgery.execute(SHAPES["cloud"], cloud.device, Surgery.MASK)
    expect(lab.card(3, "After")).to_contain_text(f"{after.kernels} kernels")
    lab.wait_for_record("surgery", "mask")
    assert lab.chapter_record()["mfu_gain"] == pytest.approx(gain)
    lab.reflect(3, label(plan.PART3_REFLECTION, "overhead"))


def test_lab05_results_are_read_and_everything_survives_a_reload(page, lab07_url, guard):
    seed_ledger(page, {"5": {"track": "edge", "mix_intensity": 123.4, "updated": "2026-11-21T09:00:00Z"}})
    page.goto(lab07_url)
    lab = Lab07(page)
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Edge Guardian")
    lab.predict(1, ACT1[2])
    lab.predict(2, ACT2[2])
    expect(lab.act(2).locator(".kit-lab05")).to_contain_text("123 FLOP/B")
    expect(lab.act(2).locator(".kit-lab05")).to_contain_text("lab 05")
    lab.act(2).get_by_role("button", name="On", exact=True).click()
    lab.predict(3, PART3[1])
    lab.act(3).get_by_label(Surgery.COND.value).check()
    lab.wait_for_record("surgery", "cond")
    lab.wait_for_record("fusion_enabled", True)
    before = lab.chapter_record()
    for field in PLAN_FIELDS:
        assert field in before, field
    page.reload()
    lab.wait_ready()
    for part in (1, 2, 3):
        expect(lab.lock_section(part).get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lab.act(3).get_by_label(Surgery.COND.value)).to_be_checked()
    expect(lab.card(2, "Kernels and traffic")).to_contain_text("1 kernel(s)")
    after = lab.chapter_record()
    for field in (*PLAN_FIELDS, "track", "act1_correct", "act2_correct", "part3_correct", "surgery", "mfu_gain"):
        assert after[field] == before[field], field
    assert lab.ledger()["chapters"]["5"]["mix_intensity"] == 123.4
