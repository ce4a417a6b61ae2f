"""The instructors' page on the built site (issue 21): each lab's acts and presets, read from the labs'
plans, and an embed builder whose shortcode, iframe and preview say the same thing."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from labs.registry import LABS

pytestmark = pytest.mark.site


def test_every_lab_lists_its_acts_and_presets(page, site_url, guard):
    page.goto(site_url + "instructors.html")
    for entry in LABS:
        plan = importlib.import_module(f"{entry.module}.plan")
        section = page.locator(f'[data-lab="{entry.number:02d}"]')
        for n, act in enumerate(plan.ACTS, start=1):
            expect(section.get_by_role("row", name=f"{n} {act.title}", exact=True)).to_be_visible()
        for name, preset in plan.PRESETS.items():
            expect(section.get_by_role("row").filter(has_text=name)).to_contain_text(preset.description)


def test_the_embed_builder_writes_the_shortcode_the_iframe_and_the_preview(page, site_url, guard):
    page.goto(site_url + "instructors.html")
    page.get_by_label("Lab", exact=True).select_option("02")
    page.get_by_label("Track").select_option("edge")
    page.get_by_label("Opens at act").select_option("2")
    page.get_by_label("Preset").select_option("amdahl-wall")
    page.get_by_label("Height in pixels").fill("1400")
    page.get_by_label("Height in pixels").press("Tab")
    query = "track=edge&act=2&preset=amdahl-wall"
    expect(page.locator("#embed-shortcode")).to_have_text(
        "{{< lab 02 track=edge act=2 preset=amdahl-wall height=1400 >}}")
    expect(page.locator("#embed-iframe")).to_contain_text(f'src="{site_url}labs/lab02.html?{query}"')
    expect(page.locator("#embed-iframe")).to_contain_text("height:1400px")
    preview = page.locator("#embed-preview")
    expect(preview).to_have_attribute("src", f"labs/lab02.html?{query}")
    frame = page.frame_locator("#embed-preview")
    expect(frame.get_by_role("heading", name="Lab 02: The Physics of Deployment").first).to_be_visible()
    # Another lab: its own acts and presets, and nothing left over from the last.
    page.get_by_label("Lab", exact=True).select_option("07")
    expect(page.locator("#embed-shortcode")).to_have_text("{{< lab 07 track=edge height=1400 >}}")
