"""Lab 01 in a real browser, served by `panel serve`, driven as a student would."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import si, sig, times
from labs.kit.ledger import LEDGER_KEY
from labs.lab01_magnitude import plan
from tests.labs.lab_page import Lab01, label, labels

pytestmark = pytest.mark.ui

ACT1 = labels(plan.ACT1)  # read from the plan, never copied
ACT2 = labels(plan.ACT2)  # read from the plan, never copied


@pytest.fixture
def lab(page, lab01_url, guard):
    page.goto(lab01_url)
    lab = Lab01(page)
    lab.wait_ready()
    return lab


def test_instruments_stay_locked_until_each_prediction(lab):
    page = lab.page
    expect(page.get_by_text("The magnitude landscape")).to_be_hidden()
    expect(page.get_by_text("Iron Law audit")).to_be_hidden()
    expect(lab.lock_section(1).get_by_role("button", name="Lock in my prediction")).to_be_disabled()
    lab.predict(1, ACT1[1])
    expect(page.get_by_text("The magnitude landscape")).to_be_visible()
    expect(page.get_by_text("Iron Law audit")).to_be_hidden()  # act II keeps its own lock
    lab.predict(2, ACT2[0])
    expect(page.get_by_text("Iron Law audit")).to_be_visible()


@pytest.mark.parametrize("index", range(4), ids=["1e2", "1e4", "1e6", "1e9"])
def test_act1_every_option_reveals_against_pycore(lab, index):
    gap = pc.ratio(pc.H100_SXM5, pc.CORTEX_M7_MCU, pc.Metric.PEAK_COMPUTE)
    lab.predict(1, ACT1[index])
    reveal = lab.reveal(1)
    expect(reveal).to_contain_text(times(gap))  # 989,000×
    expect(reveal).to_contain_text("Correct." if index == 2 else "Not quite.")
    off = abs(pc.orders_off(10.0 ** [2, 4, 6, 9][index], gap))
    expect(reveal).to_contain_text("right on the order" if index == 2 else f"{off:.1f} orders of magnitude")
    # The gap table shows every axis's ratio as pycore computes it.
    for metric in pc.Metric:
        expect(lab.page.get_by_text(times(pc.ratio(pc.H100_SXM5, pc.CORTEX_M7_MCU, metric))).first).to_be_visible()
    assert lab.chapter_record()["act1_prediction"] == ["1e2", "1e4", "1e6", "1e9"][index]
    assert lab.chapter_record()["act1_correct"] is (index == 2)


@pytest.mark.parametrize("index", range(4), ids=["compute", "memory", "equal", "depends"])
def test_act2_every_option_reveals_against_pycore(lab, index):
    terms = pc.iron_law_for(pc.RESNET50, pc.H100_SXM5, precision=pc.Precision.FP16)
    lab.predict(2, ACT2[index])
    reveal = lab.reveal(2)
    expect(reveal).to_contain_text("Correct." if index == 1 else "Not quite.")
    for text in (si(terms.memory_s, "s"), si(terms.compute_s, "s"), f"{sig(terms.memory_to_compute)}×"):
        expect(reveal).to_contain_text(text)
    expect(lab.act(2).locator(".kit-card-binding")).to_contain_text(si(terms.memory_s, "s"))
    expect(lab.act(2).get_by_text("on the NVIDIA H100 SXM5 at FP16")).to_be_visible()  # the precision is shown
    assert lab.chapter_record()["act2_correct"] is (index == 1)


def test_oom_banner_on_tinyml_goes_away_on_cloud(lab):
    lab.predict(2, ACT2[1])
    banner = lab.page.locator(".kit-failure")
    expect(banner).to_be_hidden()
    lab.choose("TinyML (Arm Cortex-M7)")
    need = pc.RESNET50.footprint(precision=pc.Precision.INT8)  # the MCU runs integer kernels
    over = pc.oversubscription(need, pc.CORTEX_M7_MCU.mem_capacity_bytes)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Out of memory")
    expect(banner).to_contain_text(f"at INT8 needs about {si(need, 'B')}")
    expect(banner).to_contain_text(times(over))  # 53×, not the spec's 195×
    expect(lab.hud).to_contain_text("OOM seen: yes")
    lab.choose("Cloud (NVIDIA H100)")
    expect(banner).to_be_hidden()
    expect(lab.hud).to_contain_text("Bottleneck: memory")


def test_record_after_both_acts_survives_reload(lab):
    lab.choose("TinyML (Arm Cortex-M7)", act=1)
    lab.predict(1, ACT1[2])
    lab.reflect(1, label(plan.ACT1_REFLECTION, "separate"))
    lab.predict(2, ACT2[1])
    lab.choose("TinyML (Arm Cortex-M7)")
    lab.reflect(2, label(plan.ACT2_REFLECTION, "capacity"))
    expect(lab.hud).to_contain_text("record saved")
    record = lab.chapter_record()
    assert record["context"] == "tiny"
    assert (record["act1_prediction"], record["act1_correct"]) == ("1e6", True)
    assert (record["act2_prediction"], record["act2_correct"]) == ("memory", True)
    assert record["act2_bottleneck"] == "oom" and record["oom_triggered"] is True
    assert record["act2_reflection"] == "capacity" and record["act2_reflection_correct"] is True

    lab.page.reload()
    lab.wait_ready()
    expect(lab.hud).to_contain_text("Context: TinyML")
    expect(lab.hud).to_contain_text("Act I: ✓")
    expect(lab.lock_section(1).get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lab.page.get_by_text("The magnitude landscape")).to_be_visible()
    saved = lab.chapter_record()
    assert {k: v for k, v in saved.items() if k != "updated"} == {k: v for k, v in record.items() if k != "updated"}


def test_corrupt_ledger_is_backed_up_and_reported(lab):
    page = lab.page
    raw = '{"schema": "mlsysbook.ledger", "version": 1, "chapters": {"2": {"track": "cloud"'  # truncated JSON
    page.evaluate(f"localStorage.setItem({json.dumps(LEDGER_KEY)}, {json.dumps(raw)})")
    page.reload()
    lab.wait_ready("fresh ledger")
    alert = page.locator(".kit-ledger-alert")
    expect(alert).to_contain_text("could not be read (it is not valid JSON)")
    backups = page.evaluate(
        f"Object.keys(localStorage).filter(k => k.startsWith({json.dumps(LEDGER_KEY + '.backup.')}))")
    assert len(backups) == 1
    expect(alert).to_contain_text(backups[0])
    assert page.evaluate(f"localStorage.getItem({json.dumps(backups[0])})") == raw  # nothing lost
    assert lab.ledger()["chapters"] == {} or set(lab.ledger()["chapters"]) == {"1"}
    # Later saves do not hide the warning: the student still learns where the old value went.
    lab.predict(1, ACT1[2])
    lab.wait_for_record("act1_correct", True)
    expect(alert).to_contain_text(backups[0])
    expect(lab.hud).to_contain_text("old value backed up")
    # It stays until the student says so, through later saves; then it is gone, and the backup stays.
    page.wait_for_timeout(1500)
    expect(alert).to_be_visible()
    page.get_by_role("button", name="Dismiss this notice").click()
    expect(alert).to_be_hidden()
    expect(lab.hud).not_to_contain_text("old value backed up")
    lab.predict(2, ACT2[0])
    expect(alert).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem({json.dumps(backups[0])})") == raw


def test_unknown_version_is_kept_not_overwritten(lab):
    page = lab.page
    future = json.dumps({"schema": "mlsysbook.ledger", "version": 99, "chapters": {}})
    page.evaluate(f"localStorage.setItem({json.dumps(LEDGER_KEY)}, {json.dumps(future)})")
    page.reload()
    lab.wait_ready("fresh ledger")
    expect(page.locator(".kit-ledger-alert")).to_contain_text("version 99")
    values = page.evaluate("Object.entries(localStorage)")
    assert [v for k, v in values if k.startswith(LEDGER_KEY + ".backup.")] == [future]


def test_other_chapters_are_untouched(lab):
    page = lab.page
    other = {"track": "edge", "answer": 42}
    ledger = {"schema": "mlsysbook.ledger", "version": 1, "chapters": {"2": other}}
    page.evaluate(f"localStorage.setItem({json.dumps(LEDGER_KEY)}, {json.dumps(json.dumps(ledger))})")
    page.reload()
    lab.wait_ready()
    lab.predict(1, ACT1[0])
    expect(lab.hud).to_contain_text("record saved")
    stored = lab.ledger()
    assert stored["chapters"]["2"] == other
    assert stored["chapters"]["1"]["act1_prediction"] == "1e2"


def test_failed_write_is_visible(page, lab01_url, guard):
    # Quota exceeded for the ledger key: the lab must say so, not pretend it saved.
    page.add_init_script(f"""
        const real = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {{
            if (key === {json.dumps(LEDGER_KEY)}) throw new DOMException('quota exceeded', 'QuotaExceededError');
            return real.call(this, key, value);
        }};""")
    page.goto(lab01_url)
    lab = Lab01(page)
    lab.wait_ready()
    lab.predict(1, ACT1[2])
    alert = page.locator(".kit-ledger-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Could not save to your Design Ledger: quota exceeded")
    expect(lab.hud).to_contain_text("not saved")


def test_keyboard_only(lab):
    page = lab.page
    lock = lab.lock_section(1)
    lock.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")  # moves to, and selects, the second option
    page.keyboard.press("ArrowDown")
    expect(lock.get_by_label(ACT1[2])).to_be_checked()
    expect(lock.get_by_role("button", name="Lock in my prediction")).to_be_enabled()  # after the round trip
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(lock.get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(page.get_by_text("The magnitude landscape")).to_be_visible()
    # The context toggle answers to the keyboard too.
    lab.act(1).get_by_role("button", name="TinyML (Arm Cortex-M7)").focus()
    page.keyboard.press("Enter")
    expect(lab.hud).to_contain_text("Context: TinyML")
