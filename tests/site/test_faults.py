"""Faults while a lab starts (issue 24, items 6 and 12): a missing or damaged runtime file, a network
sign-in page instead of the site's file, a download that stalls, a start-up module that never arrives.
Every one ends in a message that says, in words, what failed and what to do, with a reload button, and
the student's ledger is untouched, byte for byte. (The time limits are shortened through the page's
mlsysStartupLimits, so that a stall is reported in seconds, not minutes.)"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.site.test_course import ledger_doc, seed, stored
from tests.site.test_static_site import BOOT_MS

pytestmark = pytest.mark.site

SHORT = "globalThis.mlsysStartupLimits = {file: 8000, runtime: 8000, lab: 30000, modules: 8000};"
MINE = ledger_doc({"1": {"act1_prediction": "1e6", "act1_correct": True, "updated": "2026-11-02T00:00:00Z"}})


@pytest.fixture
def page(browser):
    """A page whose requests all pass through its routes: the site's service worker would fetch some
    itself, past them."""
    context = browser.new_context(service_workers="block")
    yield context.new_page()
    context.close()


def fail_with(page, site_url, pattern: str, answer) -> str:
    """Open lab 01 with requests matching ``pattern`` answered by ``answer`` (a route handler); return the
    error the page shows, once it shows one."""
    page.goto(site_url + "index.html")
    seed(page, MINE)
    before = stored(page)
    page.add_init_script(SHORT)
    page.route(re.compile(pattern), answer)
    page.goto(site_url + "labs/lab01.html")
    error = page.locator("#lab-error")
    expect(error).to_be_visible(timeout=BOOT_MS)
    expect(error.get_by_role("button", name="Reload the page")).to_be_visible()
    assert stored(page) == before  # the ledger, byte for byte
    return error.inner_text()


FAULTS = {
    "wasm-404": (r"pyodide\.asm\.wasm$", lambda r: r.fulfill(status=404, body="not found"),
                 "Python's runtime could not be loaded"),
    "wasm-garbage": (r"pyodide\.asm\.wasm$", lambda r: r.fulfill(status=200, body=b"\0garbage" * 100,
                                                                 content_type="application/wasm"),
                     "Python's runtime could not be loaded"),
    "stdlib-404": (r"python_stdlib\.zip\.gz$", lambda r: r.fulfill(status=404, body="not found"),
                   "a file of its runtime is missing or damaged"),
    "lock-500": (r"pyodide-lock\.json$", lambda r: r.fulfill(status=500, body="oops"),
                 "came back as something else|could not be loaded"),
    "manifest-sign-in-page": (r"runtime/manifest\.json$",
                              lambda r: r.fulfill(status=200, body="<html><body>Sign in to the Wi-Fi</body></html>",
                                                  content_type="text/html"),
                              "came back as something else"),
    "wheel-stalls": (r"wheels/panel-.*\.whl\.gz$", lambda r: None, "did not finish loading"),
    "boot-404": (r"runtime/boot\.js$", lambda r: r.fulfill(status=404, body="not found"),
                 "start-up files did not arrive"),
    "opening-404": (r"runtime/opening\.js$", lambda r: r.fulfill(status=404, body="not found"),
                    "start-up files did not arrive"),
    "ledger-404": (r"runtime/ledger\.js$", lambda r: r.fulfill(status=404, body="not found"),
                   "start-up files did not arrive"),
    "wasm-cut-off": (r"pyodide\.asm\.wasm$", lambda r: r.abort("connectionreset"),
                     "the connection dropped while the lab was downloading"),
    "wheel-cut-off": (r"wheels/panel-.*\.whl\.gz$", lambda r: r.abort("connectionreset"), "packages failed to install"),
    "wheel-not-gzip": (r"wheels/panel-.*\.whl\.gz$",
                       lambda r: r.fulfill(status=200, body=b"\x1f\x8b garbage", content_type="application/gzip"),
                       "packages failed to install"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_failed_start_says_what_failed_and_what_to_do(page, site_url, needs_wheelhouse, fault):
    pattern, answer, words = FAULTS[fault]
    text = fail_with(page, site_url, pattern, answer)
    assert re.search(words, text), text
    assert "Unexpected token" not in text.split("(")[0] and "exit(" not in text.split("(")[0]


# Files the page can start without: the lab starts, and draws what they would have drawn itself.
OPTIONAL = {"preview-404": r"runtime/preview\.js$", "a11y-404": r"runtime/a11y\.js$",
            "offline-404": r"runtime/offline\.js$"}


@pytest.mark.parametrize("fault", OPTIONAL, ids=list(OPTIONAL))
def test_a_missing_helper_script_does_not_stop_the_lab(page, site_url, needs_wheelhouse, fault):
    page.goto(site_url + "index.html")
    seed(page, MINE)
    page.add_init_script(SHORT)
    page.route(re.compile(OPTIONAL[fault]), lambda r: r.fulfill(status=404, body="not found"))
    page.goto(site_url + "labs/lab01.html")
    page.wait_for_function("() => ['ready', 'error'].includes(document.body.dataset.labState)", timeout=BOOT_MS)
    assert page.evaluate("document.body.dataset.labState") == "ready", page.locator("#lab-error").inner_text()
    expect(page.locator("#lab-error")).to_be_hidden()
    expect(page.locator(".kit-lock").get_by_role("button").first).to_be_attached()
    expect(page.locator(".kit-lock").first.get_by_role("button", name="Prediction locked")).to_be_visible()
    assert json.loads(stored(page))["chapters"]["1"]["act1_prediction"] == "1e6"  # restored, and kept


def test_a_slow_bokeh_script_holds_the_first_instrument_back_without_an_error(page, site_url, needs_wheelhouse):
    """A returning student's opening lock is locked as the page opens, so the first instrument is drawn at
    once: while Bokeh's script is still on its way, the drawing waits for it (issue 24, item 11)."""
    page.goto(site_url + "index.html")
    seed(page, ledger_doc({"2": {"track": "edge", "part1_prediction": "compute", "part1_correct": True,
                                  "updated": "2026-11-20T00:00:00Z"}}))
    warnings = []
    page.on("console", lambda msg: warnings.append(msg.text) if msg.type in ("warning", "error") else None)
    held = []
    page.route(re.compile(r"runtime/bokeh/bokeh\.min\.js$"), lambda route: held.append(route))
    page.route(re.compile(r"runtime/python-worker\.js$"), lambda r: None)  # only the page's drawing, here
    page.goto(site_url + "labs/lab02.html", wait_until="commit")
    expect(page.locator("#opening-lock")).to_have_attribute("data-state", "locked")
    page.wait_for_timeout(1500)  # the preview module has run, and is waiting
    assert len(held) == 1, "the page did not ask for bokeh.min.js"
    held.pop().continue_()
    area = page.locator("#lab-preview-area")
    expect(area).to_have_attribute("data-state", "ready", timeout=BOOT_MS)
    expect(area.get_by_role("slider").first).to_be_visible()
    assert not [w for w in warnings if "could not be drawn" in w], warnings


def test_a_lock_wheel_that_is_not_the_one_the_lock_names_is_refused(page, site_url, site_dir, needs_wheelhouse):
    """packed.js, not the browser's fetch, hands Pyodide its archives, so it checks the lock's sha256
    itself. Here jinja2's wheel arrives whole and installable, with one file added on the way."""
    (packed,) = (site_dir / "runtime" / "pyodide").glob("jinja2-*.whl.gz")
    wheel = io.BytesIO(gzip.decompress(packed.read_bytes()))
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("jinja2/added_on_the_way.py", "print('not what the lock names')\n")
    tampered = gzip.compress(wheel.getvalue())
    text = fail_with(page, site_url, r"pyodide/jinja2-.*\.whl\.gz$",
                     lambda route: route.fulfill(status=200, body=tampered, content_type="application/gzip"))
    assert "packages failed to install: jinja2" in text, text
