"""Nothing a student did is lost, and every lab ends (issue 21): in Chromium, under `panel serve`.

A reload halfway through brings back instrument settings, move counters, opened parts and reflections
as they were, and saves nothing new; a part never opened leaves nothing in the ledger; a second
thought on a reflection is kept beside the first; each lab ends with a completion card whose
Markdown report is the one the ledger page writes, and whose links lead on.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from labs.kit.ledger import LEDGER_KEY
from labs.kit.report import report, report_markdown
from labs.lab01_magnitude import plan as plan01
from labs.lab02_ml_systems import BATCHES
from labs.lab02_ml_systems import plan as plan02
from tests.labs.lab_page import Lab01, Lab02, Lab07, label, labels, right_answers

pytestmark = pytest.mark.ui

TIERS = ["Tiny: ESP32-S3", "Mobile: A17 Pro NPU", "Edge: Jetson Orin NX", "Cloud: H100"]


def without_time(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "updated"}


def test_lab02_reload_keeps_settings_moves_and_the_opened_reflection(page, lab02_url, guard):
    page.goto(lab02_url)
    lab = Lab02(page)
    lab.wait_ready()
    lab.predict(1, labels(plan02.PART1)[1])
    for tier in TIERS[1:]:
        lab.set_slider(1, "Hardware tier", TIERS, tier)
    lab.set_slider(1, "Batch size", [str(b) for b in BATCHES], "8")  # by way of 2 and 4: seven in all
    lab.wait_for_record("part1_moves", 7)
    reflection = lab.act(1).locator(".kit-reflection")
    expect(reflection).to_be_visible()
    lab.reflect(1, labels(plan02.PART1_REFLECTION)[0])
    lab.wait_for_record("part1_reflection", plan02.PART1_REFLECTION.options[0].key)
    before = lab.chapter_record()

    page.reload()
    lab.wait_ready()
    expect(lab.act(1).get_by_text("Explored: 7 hardware/batch combinations")).to_be_visible()
    expect(lab.act(1).get_by_text("Hardware tier: Cloud: H100", exact=True)).to_be_visible()
    expect(lab.act(1).get_by_text("Batch size: 8", exact=True)).to_be_visible()
    expect(reflection.locator(".kit-reflection-feedback")).to_contain_text(labels(plan02.PART1_REFLECTION)[0])
    page.wait_for_timeout(500)  # anything a restore wrongly saves would land by now
    assert without_time(lab.chapter_record()) == without_time(before)


def test_lab02_parts_never_opened_are_not_in_the_ledger(page, lab02_url, guard):
    page.goto(lab02_url)
    lab = Lab02(page)
    lab.wait_ready()
    lab.wait_for_record("track", "cloud")
    record = lab.chapter_record()
    assert not {"mfu", "sla_met", "goal_met", "device", "part1_tier", "part2_latency_s"} & set(record), record
    expect(lab.hud).to_contain_text("MFU: —")
    expect(lab.hud).to_contain_text("SLA: —")
    lab.predict(3, labels(plan02.PART3)[0])
    lab.wait_for_record("device", "h100")
    expect(lab.hud).not_to_contain_text("MFU: —")


def test_lab07_keeps_compiled_mode_across_a_reload(page, lab07_url, guard):
    page.goto(lab07_url)
    lab = Lab07(page)
    lab.wait_ready()
    lab.predict(1, right_answers("labs.lab07_frameworks")[0])
    lab.act(1).get_by_role("button", name="Compiled").click()
    lab.wait_for_record("execution_mode", "compiled")
    page.reload()
    lab.wait_ready()
    expect(lab.card(1, "busy")).to_contain_text(", compiled")
    page.wait_for_timeout(500)
    assert lab.chapter_record()["execution_mode"] == "compiled"
    expect(lab.hud).to_contain_text("Mode: compiled")


def test_a_second_thought_is_kept_beside_the_first(page, lab01_url, guard):
    page.goto(lab01_url)
    lab = Lab01(page)
    lab.wait_ready()
    lab.predict(1, labels(plan01.ACT1)[0])
    first, second = plan01.ACT1_REFLECTION.options[0], plan01.ACT1_REFLECTION.options[-1]
    lab.reflect(1, first.label)
    lab.reflect(1, second.label)
    lab.wait_for_record("act1_reflection_revised", second.key)
    record = lab.chapter_record()
    assert record["act1_reflection"] == first.key
    page.reload()
    lab.wait_ready()
    feedback = lab.act(1).locator(".kit-reflection-feedback")
    expect(feedback).to_contain_text(second.label)
    expect(feedback).to_contain_text(f"Your first answer, kept in your ledger: {first.label}")


def test_lab01_ends_with_a_card_a_report_and_the_way_on(page, lab01_url, guard):
    page.goto(lab01_url)
    lab = Lab01(page)
    lab.wait_ready()
    ending = page.locator(".kit-ending")
    expect(ending).to_contain_text("You have answered 0 of 4 questions")
    right = right_answers("labs.lab01_magnitude")
    lab.predict(1, right[0])
    lab.reflect(1, label(plan01.ACT1_REFLECTION, "separate"))
    lab.predict(2, labels(plan01.ACT2)[0])
    lab.reflect(2, label(plan01.ACT2_REFLECTION, "capacity"))
    expect(ending).to_contain_text("You have answered every question in this lab.")
    expect(ending).to_contain_text("Predictions right: 1 of 2")
    record = lab.chapter_record()
    rep = report(plan01, record)
    for row in rep["answers"]:
        expect(ending.get_by_role("row").filter(has_text=row["answer"]).first).to_be_visible()
    with page.expect_download() as download:
        ending.get_by_role("button", name="Download my report (Markdown)").click()
    assert download.value.suggested_filename == "lab01-report.md"
    assert download.value.path().read_text() == report_markdown(report(plan01, lab.chapter_record()))
    links = ending.get_by_role("navigation", name="Where next")
    expect(links.get_by_role("link", name="Next: Lab 02")).to_have_attribute("href", "lab02.html")
    expect(links.get_by_role("link", name="Your Design Ledger")).to_have_attribute("href", "../ledger.html")
    expect(links.get_by_role("link", name="Back to Chapter 1")).to_have_attribute("href", "../../book/intro.html")
    expect(links.get_by_role("link", name="Your printable report")).to_have_attribute("href",
                                                                                       "../report.html?chapter=1")


def test_the_same_lab_open_twice_loses_neither_copys_answers(context, page, lab01_url, guard):
    """Two tabs of one lab (or a tab and an embed): each writes only what it changed, over what is stored
    now, and each hears the other's writes and shows them (issue 24, item 4)."""
    first = Lab01(page)
    page.goto(lab01_url)
    first.wait_ready()
    other = context.new_page()
    other_guard = type(guard)(other)
    other.goto(lab01_url)
    second = Lab01(other)
    second.wait_ready()  # both have read the same, empty, record

    act1, act2 = right_answers("labs.lab01_magnitude")[:2]
    first.predict(1, act1)
    first.wait_for_record("act1_correct", True)
    # The second copy hears it: its act I locks as the first's did, without a reload.
    expect(second.lock_section(1).get_by_role("button", name="Prediction locked")).to_be_visible()
    second.predict(2, act2)
    second.wait_for_record("act2_correct", True)
    record = first.chapter_record()
    assert record["act1_prediction"] == "1e6" and record["act1_correct"] is True  # not undone by the second
    expect(first.lock_section(2).get_by_role("button", name="Prediction locked")).to_be_visible()
    # And the first copy's next save keeps the second's answer.
    first.choose_track("Edge Guardian")
    first.wait_for_record("track", "edge")
    assert first.chapter_record()["act2_correct"] is True
    other_guard.check()


def test_an_open_lab_does_not_undo_a_change_made_elsewhere(context, page, lab01_url, guard):
    """The ledger page imports a newer record while the lab is open: the lab takes it, and its next save
    keeps it (it once wrote its own older copy back over the import)."""
    lab = Lab01(page)
    page.goto(lab01_url)
    lab.wait_ready()
    act1, act2 = right_answers("labs.lab01_magnitude")[:2]
    lab.predict(1, act1)
    lab.wait_for_record("act1_correct", True)
    imported = {**lab.ledger()}
    imported["chapters"]["1"] = {**imported["chapters"]["1"], "track": "tiny", "context": "tiny"}
    elsewhere = context.new_page()  # another page of the site writes the ledger, as an import does
    elsewhere.goto(lab01_url.rsplit("/", 1)[0] + "/")  # the server's index: the same origin
    elsewhere.evaluate("([k, v]) => localStorage.setItem(k, v)", [LEDGER_KEY, json.dumps(imported)])
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Tiny Pioneer")
    lab.predict(2, act2)
    lab.wait_for_record("act2_correct", True)
    assert lab.chapter_record()["track"] == "tiny"
