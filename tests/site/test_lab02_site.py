"""Lab 02 on the built site, in Pyodide: a student's path through all three parts, and a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import percent, si, times
from labs.lab02_ml_systems import default_speedup
from tests.labs.lab_page import Lab02
from tests.labs.test_lab02_ui import ANSWER, BATCH_LABELS, PART1, PART2, PART3, TIERS
from tests.site.test_static_site import open_lab, wait_booted

pytestmark = pytest.mark.site

P = pc.Precision


def test_lab02_runs_fully_in_pyodide(page, site_url, needs_wheelhouse, guard):
    lab = open_lab(page, site_url + "labs/lab02.html", Lab02)
    # The completion card finds the next lab in Pyodide too, where the labs are bytecode only.
    expect(page.get_by_role("link", name="Next: Lab 05, Neural Computation")).to_be_visible()
    lab.choose_track("Tiny Pioneer")
    tiny = pc.track("tiny")

    lab.predict(1, PART1[1])
    expect(lab.reveal(1)).to_contain_text(
        times(pc.H100_SXM5.peak(P.INT8).ops_per_s / pc.ESP32_S3.peak(P.INT8).ops_per_s))
    lab.set_slider(1, "Hardware tier", TIERS, "Mobile: A17 Pro NPU")
    terms = pc.iron_law_for(tiny.workload, pc.A17_PRO_NPU, precision=P.INT8)
    expect(lab.card(1, "Overhead L")).to_contain_text(si(terms.overhead_s, "s"))

    lab.predict(2, PART2[1])
    truth = pc.amdahl.critical_fraction(baseline_s=tiny.baseline_s, target_s=tiny.target_latency_s,
                                        s=default_speedup("tiny"))
    lab.answer(2, ANSWER, round(truth, 4), f"{round(truth, 4)}")
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")

    lab.predict(3, PART3[0])
    lab.set_slider(3, "Batch size", BATCH_LABELS, "2")
    point = pc.efficiency.operating_point(tiny.workload, tiny.device, batch=2, precision=P.INT8,
                                          sla_s=tiny.target_latency_s)
    expect(lab.card(3, "target >")).to_contain_text(percent(point.mfu))
    lab.wait_for_record("batch", 2)

    page.reload()
    wait_booted(page)
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Tiny Pioneer")
    expect(lab.act(3).get_by_text("Batch size: 2", exact=True)).to_be_visible()
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")
    record = lab.chapter_record()
    assert record["track"] == "tiny" and record["part1_correct"] is True and record["critical_p_correct"] is True


COUNT_PATCHES = """() => {
    const doc = Bokeh.documents[0];
    const apply = doc.apply_json_patch.bind(doc);
    window.__patches = [];
    doc.apply_json_patch = (patch, ...rest) => {
        window.__patches.push(patch.events.length);
        return apply(patch, ...rest);
    };
}"""


def test_a_slider_step_reaches_the_page_as_one_patch(page, site_url, needs_wheelhouse, guard):
    """labs/client/boot.py sends all the changes one Python callback makes as one patch (Panel sends one per
    changed property, and the page lays itself out after each); the cards still show pycore's numbers."""
    lab = open_lab(page, site_url + "labs/lab02.html", Lab02)
    lab.choose_track("Tiny Pioneer")
    lab.predict(1, PART1[1])
    lab.set_slider(1, "Hardware tier", TIERS, "Mobile: A17 Pro NPU")
    page.evaluate(COUNT_PATCHES)
    lab.set_slider(1, "Batch size", BATCH_LABELS, BATCH_LABELS[1])
    terms = pc.iron_law_for(pc.track("tiny").workload, pc.A17_PRO_NPU, batch=int(BATCH_LABELS[1]),
                            precision=P.INT8)
    expect(lab.card(1, "Compute O/R")).to_contain_text(si(terms.compute_s, "s"))
    patches = page.evaluate("window.__patches")
    assert len(patches) == 1 and patches[0] > 5, patches  # one patch, carrying the redraw's many changes
