"""A ledger a classmate crafted (imported, or left in a shared browser) cannot run script in a lab:
every stored value the status bar, its alert and lab 07's lab-05 note show reaches the page as text."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from labs.kit.ledger import LEDGER_KEY
from tests.labs.lab_page import Lab01, Lab05, Lab07

pytestmark = pytest.mark.ui

# Sets a flag instead of alert(): a dialog would wait for the test; the flag says the handler ran.
ACT2_ANSWER = "About 1,000 images: the overhead is tiny"
PAYLOAD = '<img src=x onerror="window.top.pwned=1">'


def ledger(chapters: dict) -> str:
    return json.dumps({"schema": "mlsysbook.ledger", "version": 2, "chapters": chapters})


def open_with_ledger(page, url: str, raw: str, page_class):
    """Open the lab with ``raw`` already in storage (put there before any of the page's scripts run)."""
    page.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ localStorage.setItem({json.dumps(LEDGER_KEY)}, "
                         f"{json.dumps(raw)}); sessionStorage.setItem('seeded', '1'); }}")
    page.goto(url)
    lab = page_class(page)
    lab.wait_ready()
    return lab


def assert_inert(page) -> None:
    page.wait_for_timeout(300)  # an image's error handler runs a moment after the element is made
    assert page.evaluate("window.pwned") is None, "a stored value ran script in the page"
    expect(page.locator("img[src='x']")).to_have_count(0)  # CSS locators pierce the panes' shadow roots


@pytest.mark.parametrize("field", ["act2_bottleneck", "context"])
def test_lab01_status_bar_shows_a_stored_tag_as_text(page, lab01_url, guard, field):
    lab = open_with_ledger(page, lab01_url, ledger({"1": {field: PAYLOAD}}), Lab01)
    if field == "act2_bottleneck":  # act II is not opened, so the stored value is left alone, shown as text
        expect(lab.hud).to_contain_text(f"Bottleneck: {PAYLOAD}")
    else:  # a value lab 01 never writes: the bar says so and the lab still opens
        expect(lab.hud).to_contain_text("Context: (unreadable)")
    assert_inert(page)


def test_lab05_status_bar_shows_stored_layer_and_mix_as_text(page, lab05_url, guard):
    lab = open_with_ledger(page, lab05_url, ledger({"5": {"audited_layer": PAYLOAD,
                                                          "operator_mix": [PAYLOAD, "**b**", "[l](x)", "`c`"]}}),
                           Lab05)
    expect(lab.hud).to_contain_text(f"Audited: {PAYLOAD}")
    expect(lab.hud).to_contain_text(f"Mix: {PAYLOAD} / **b** / [l](x) / `c`")
    assert_inert(page)


def test_lab07_shows_stored_mode_surgery_and_lab05_date_as_text(page, lab07_url, guard):
    lab = open_with_ledger(page, lab07_url, ledger({
        "7": {"execution_mode": PAYLOAD, "surgery": PAYLOAD},
        "5": {"mix_intensity": 12.5, "updated": PAYLOAD},
    }), Lab07)
    expect(lab.hud).to_contain_text(f"Mode: {PAYLOAD}")
    expect(lab.hud).to_contain_text(f"Surgery: {PAYLOAD}")
    lab.predict(2, ACT2_ANSWER)  # opens the fusion instruments, with the note about lab 05
    expect(page.locator(".kit-lab05")).to_contain_text(f"lab 05, saved {PAYLOAD}")
    assert_inert(page)


def test_recovery_alert_quotes_a_hostile_chapter_key_as_text(page, lab01_url, guard):
    raw = json.dumps({"schema": "mlsysbook.ledger", "version": 2, "chapters": {PAYLOAD: "not a record"}})
    open_with_ledger(page, lab01_url, raw, Lab01)
    alert = page.locator(".kit-ledger-alert")
    expect(alert).to_contain_text(f"its record for chapter {PAYLOAD} is damaged")
    assert_inert(page)
    backups = page.evaluate("key => Object.keys(localStorage).filter(k => k.startsWith(key + '.backup'))", LEDGER_KEY)
    assert [page.evaluate("k => localStorage.getItem(k)", backups[0])] == [raw]  # kept verbatim
