"""Lab 05 on the built site, in Pyodide: all three parts, and a reload."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import sig
from pycore.lighthouse import SCALING, Operator, audit_layers, operator_budget
from tests.labs.lab_page import Lab05
from tests.labs.test_lab05_ui import ANSWER, PART1, PART2, PART3, set_mix
from tests.site.test_static_site import open_lab, wait_booted

pytestmark = pytest.mark.site


def test_lab05_runs_fully_in_pyodide(page, site_url, needs_wheelhouse, guard):
    lab = open_lab(page, site_url + "labs/lab05.html", Lab05)
    lab.choose_track("Mobile Nomad")
    lab.predict(1, PART1[0])
    for layer in audit_layers("mobile"):
        expect(lab.act(1).locator(".kit-profiler").get_by_role("row").filter(has_text=layer.name)).to_contain_text(
            sig(layer.intensity))

    lab.predict(2, PART2[0])
    sc = SCALING["mobile"]
    name, stops = sc.dimension.capitalize(), [str(v) for v in sc.values]
    for label in ("5", "4", "3", "2", "1"):
        lab.set_slider(2, name, stops, label)
        expect(lab.card(2, f"{name} {label}, batch 1")).to_contain_text(sig(sc.cost(batch=1, n=int(label)).intensity))
    first = sc.first_compute_bound_stop(batch=1, ridge=pc.GLASSES_SOC.ridge_point(sc.precision))
    lab.answer(2, ANSWER, first, str(first))
    expect(lab.act(2).locator(".kit-numeric-feedback")).to_contain_text("✓ Correct")

    lab.predict(3, PART3[0])
    good = next(m for m in itertools.product(list(Operator), repeat=4)
                if operator_budget(m, pc.track("mobile")).meets)
    set_mix(lab, good)
    expect(lab.act(3).get_by_text("Budget met.")).to_be_visible()
    lab.wait_for_record("budget_met", True)
    lab.wait_for_record("operator_mix", [o.value for o in good])  # a mix part-way there can already meet it

    page.reload()
    wait_booted(page)
    lab.wait_ready()
    expect(lab.act(0).locator(".kit-track-summary")).to_contain_text("Mobile Nomad")
    expect(lab.act(3).get_by_text("Budget met.")).to_be_visible()
    record = lab.chapter_record()
    assert record["track"] == "mobile" and record["crossover_correct"] is True
    assert record["operator_mix"] == [o.value for o in good]
