"""The opening lock on a lab's static page: answered before Python has started, saved to the
ledger and read back, and restored by the lab once it runs."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from labs.kit.ledger import LEDGER_KEY as KEY
from labs.lab01_magnitude import plan as lab01_plan
from tests.labs.lab_page import Lab01, Lab02, Lab05, Lab07, label
from tests.site.test_static_site import BOOT_MS, wait_booted

pytestmark = pytest.mark.site


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """No service worker: requests it answered would never reach the page's routes that hold Python back."""
    return {**browser_context_args, "service_workers": "block"}


def hold_python(page) -> list:
    """Keep the lab's Python worker from arriving until the test lets it go: returns the held requests."""
    held = []
    page.route("**/runtime/python-worker.js", lambda route: held.append(route))
    return held


def let_python_go(page, held: list) -> None:
    """Send the held worker once the page has asked for it (Playwright hands route events to this thread
    only while it waits on the page, hence the short waits)."""
    page.wait_for_function("() => document.body.dataset.labState === 'stage-1'", timeout=BOOT_MS)
    for _ in range(400):
        if held:
            break
        page.wait_for_timeout(25)
    assert len(held) == 1, "the page asked for its worker more or less than once"
    page.unroute("**/runtime/python-worker.js")
    held.pop().continue_()


def opening(page):
    return page.locator("#opening-lock")


def test_the_first_prediction_is_answered_before_python_and_the_lab_restores_it(page, site_url, needs_wheelhouse,
                                                                              guard):
    held = hold_python(page)
    page.goto(site_url + "labs/lab02.html")
    form = opening(page)
    expect(form).to_have_attribute("data-state", "open")
    expect(form.get_by_role("heading", name="Part 1: the term audit")).to_be_visible()
    button = form.get_by_role("button", name="Lock in my prediction")
    expect(button).to_be_disabled()
    # By keyboard, as the lab's own lock: focus the first option, arrow to the second, Tab to the button.
    form.get_by_label("The memory term D/BW").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(form.get_by_label("The compute term O/R")).to_be_checked()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(form).to_have_attribute("data-state", "locked")
    expect(form.get_by_role("status")).to_contain_text("Locked: The compute term O/R. Saved to your Design Ledger")
    expect(form.get_by_role("button", name="Prediction locked")).to_be_disabled()
    assert page.evaluate("document.body.dataset.labState") != "ready"  # Python has not run the lab
    saved = Lab02(page).chapter_record()
    assert saved["part1_prediction"] == "compute" and saved["part1_correct"] is True

    let_python_go(page, held)
    wait_booted(page)
    lab = Lab02(page, ready_timeout_ms=BOOT_MS)
    lab.wait_ready()
    expect(opening(page)).to_be_hidden()
    lock = lab.lock_section(1)
    expect(lock.get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lock.get_by_label("The compute term O/R")).to_be_checked()
    expect(lab.slider(1, "Batch size")).to_be_visible()  # the instruments the answer unlocks
    expect(lab.hud).to_contain_text("Part 1: ✓")
    lab.wait_for_record("part1_prediction", "compute")  # the lab's own saves keep it
    assert lab.chapter_record()["part1_correct"] is True and lab.chapter_record()["track"]


def test_a_saved_prediction_shows_locked_and_the_lab_takes_over_an_unanswered_one(page, site_url, needs_wheelhouse,
                                                                                guard):
    page.goto(site_url + "ledger.html")
    page.evaluate(f"""localStorage.setItem('{KEY}', JSON.stringify({{schema: 'mlsysbook.ledger', version: 2,
        created: null, chapters: {{'2': {{track: 'edge', part1_prediction: 'memory', part1_correct: false,
        updated: '2026-11-20T00:00:00Z'}}}}}}))""")
    page.route("**/runtime/python-worker.js", lambda route: route.abort())  # this page's lab never starts
    page.goto(site_url + "labs/lab02.html")
    form = opening(page)
    expect(form).to_have_attribute("data-state", "locked")
    expect(form.get_by_label("The memory term D/BW")).to_be_checked()
    expect(form.get_by_label("The memory term D/BW")).to_be_disabled()
    expect(form.get_by_role("status")).to_contain_text("This is your saved prediction")

    # Lab 05, never answered: picked but not locked when the lab starts, the page's lock is closed.
    page.unroute("**/runtime/python-worker.js")
    held = hold_python(page)
    page.goto(site_url + "labs/lab05.html")
    form = opening(page)
    expect(form).to_have_attribute("data-state", "open")
    form.locator("input").first.check()
    let_python_go(page, held)
    wait_booted(page)
    expect(form).to_have_attribute("data-state", "closed")
    expect(form.locator("input:enabled, button:enabled")).to_have_count(0)
    assert "part1_prediction" not in Lab05(page).chapter_record()


def test_an_unreadable_ledger_is_kept_and_a_fresh_one_holds_the_answer(page, site_url, guard):
    page.goto(site_url + "ledger.html")
    page.evaluate(f"localStorage.setItem('{KEY}', '{{not json')")
    hold_python(page)
    page.goto(site_url + "labs/lab07.html")
    form = opening(page)
    expect(form).to_have_attribute("data-state", "open")
    form.get_by_label("About 90%: the GPU is the bottleneck").check()
    form.get_by_role("button", name="Lock in my prediction").click()
    status = form.get_by_role("status")
    expect(status).to_contain_text("the old one could not be read, and is kept in this browser under")
    backups = page.evaluate(f"Object.keys(localStorage).filter((k) => k.startsWith('{KEY}.backup.'))")
    assert len(backups) == 1 and backups[0] in status.inner_text()
    assert page.evaluate(f"localStorage.getItem('{backups[0]}')") == "{not json"
    expected = {"act1_prediction": "p90", "act1_correct": False, "updated": None}
    assert Lab07(page).chapter_record() | {"updated": None} == expected


@pytest.mark.parametrize("blocked", [("localStorage",), ("localStorage", "sessionStorage")],
                         ids=["local", "local-and-session"])
def test_storage_the_browser_refuses_is_said_and_the_page_keeps_the_answer(page, site_url, needs_wheelhouse, guard,
                                                                           blocked):
    """A cross-site frame or a private window: the lab runs on a ledger kept in the page, says so, and offers
    the download that is the student's only way to keep their work (issue 21). A browser blocking cookies
    blocks both storages: the lab once failed to start there, on its build check's sessionStorage (issue 24)."""
    for name in blocked:
        page.add_init_script(f"""Object.defineProperty(window, '{name}', {{
            get() {{ throw new DOMException('The operation is insecure.', 'SecurityError'); }} }});""")
    held = hold_python(page)
    page.goto(site_url + "labs/lab01.html")
    form = opening(page)
    expect(form).to_have_attribute("data-state", "open")
    form.get_by_label(label(lab01_plan.ACT1, "1e6")).check()
    form.get_by_role("button", name="Lock in my prediction").click()
    expect(form.get_by_role("status")).to_contain_text("Kept on this page only")
    let_python_go(page, held)
    wait_booted(page)
    lab = Lab01(page, ready_timeout_ms=BOOT_MS)
    lab.wait_ready("kept on this page only")
    expect(page.locator(".kit-ledger-alert")).to_contain_text("lost when you leave it")
    expect(lab.lock_section(1).get_by_role("button", name="Prediction locked")).to_be_visible()
    expect(lab.hud).to_contain_text("Act I: ✓")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my Design Ledger").click()
    kept = json.loads(download.value.path().read_text())
    assert kept["chapters"]["1"]["act1_prediction"] == "1e6"
    with page.expect_download() as download:  # the report too, from the lab's last card (Python in Pyodide)
        page.locator(".kit-ending").get_by_role("button", name="Download my report (Markdown)").click()
    assert label(lab01_plan.ACT1, "1e6") in download.value.path().read_text()


def test_the_first_instrument_works_before_python_and_the_lab_carries_on_from_it(page, site_url, needs_wheelhouse,
                                                                                 guard):
    """Lab 02: once the opening lock is answered, part 1's instruments are drawn on the page and the
    hardware-tier slider moves them by keyboard; the other controls wait. The live lab then opens at the
    tier the student chose, having made the same moves."""
    held = hold_python(page)
    page.goto(site_url + "labs/lab02.html")
    form = opening(page)
    form.get_by_label("The compute term O/R").check()
    form.get_by_role("button", name="Lock in my prediction").click()
    area = page.locator("#lab-preview-area")
    expect(area).to_have_attribute("data-state", "ready")
    expect(area.get_by_role("heading", name="Try the first instrument now")).to_be_visible()
    tier = area.get_by_role("slider", name="Hardware tier")
    expect(tier).to_be_visible()
    expect(area).to_contain_text("Hardware tier: Tiny: ESP32-S3")
    tier.press("ArrowRight")
    expect(area).to_have_attribute("data-preview-state", "1")
    expect(area).to_contain_text("Hardware tier: Mobile: A17 Pro NPU")
    expect(area).to_contain_text("Apple A17 Pro")  # the roofline's title names the device
    expect(area.get_by_role("button", name="Magic zero-latency network (L = 0)")).to_be_disabled()  # waits for Python
    assert page.evaluate("document.body.dataset.labState") != "ready"  # all of it before Python ran the lab

    let_python_go(page, held)
    wait_booted(page)
    lab = Lab02(page, ready_timeout_ms=BOOT_MS)
    lab.wait_ready()
    expect(area).to_have_count(0)  # the live lab took its place
    expect(lab.act(1)).to_contain_text("Hardware tier: Mobile: A17 Pro NPU")
    lab.wait_for_record("part1_moves", 2)  # the opening tier and the move made on the page
