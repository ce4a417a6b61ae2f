"""Every lab at phone width (390 px), opened all the way (issue 21): nothing scrolls sideways, and the
ledger status bar keeps to one line. In Chromium, under `panel serve`."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.labs.lab_page import Lab01, Lab02, Lab05, Lab07, right_answers

pytestmark = pytest.mark.ui

PHONE = {"width": 390, "height": 844}
LABS = [("lab01", Lab01, "labs.lab01_magnitude"), ("lab02", Lab02, "labs.lab02_ml_systems"),
        ("lab05", Lab05, "labs.lab05_nn_compute"), ("lab07", Lab07, "labs.lab07_frameworks")]


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide in a {widths[1]} px window"


@pytest.mark.parametrize("name, page_class, module", LABS, ids=[n for n, *_ in LABS])
def test_a_whole_lab_fits_a_phone(page, request, guard, name, page_class, module):
    page.set_viewport_size(PHONE)
    page.goto(request.getfixturevalue(f"{name}_url"))
    lab = page_class(page)
    lab.wait_ready()
    assert_no_sideways_scroll(page)  # the track picker wraps
    for act, answer in enumerate(right_answers(module), start=1):
        lab.predict(act, answer)
    expect(page.locator(".kit-reveal").last).to_be_visible()
    page.wait_for_timeout(500)  # charts and cards settle
    assert_no_sideways_scroll(page)
    box = lab.hud.bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) || 24")
    assert box and box["height"] < 3 * line, f"the status bar is {box and box['height']} px tall"
