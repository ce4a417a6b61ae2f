"""Faults while a lab starts (issue 24, items 6 and 12): a missing or damaged runtime file, a network
sign-in page instead of the site's file, a download that stalls, a start-up module that never arrives.
Every one ends in a message that says, in words, what failed and what to do, with a reload button, and
the student's ledger is untouched, byte for byte. (The time limits are shortened through the page's
mlsysStartupLimits, so that a stall is reported in seconds, not minutes.)"""

from __future__ import annotations

import re

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
    "stdlib-404": (r"python_stdlib\.zip$", lambda r: r.fulfill(status=404, body="not found"),
                   "a file of its runtime is missing or damaged"),
    "lock-500": (r"pyodide-lock\.json$", lambda r: r.fulfill(status=500, body="oops"),
                 "came back as something else|could not be loaded"),
    "manifest-sign-in-page": (r"runtime/manifest\.json$",
                              lambda r: r.fulfill(status=200, body="<html><body>Sign in to the Wi-Fi</body></html>",
                                                  content_type="text/html"),
                              "came back as something else"),
    "wheel-stalls": (r"wheels/panel-.*\.whl$", lambda r: None, "did not finish loading"),
    "boot-404": (r"runtime/boot\.js$", lambda r: r.fulfill(status=404, body="not found"),
                 "start-up files did not arrive"),
    "opening-404": (r"runtime/opening\.js$", lambda r: r.fulfill(status=404, body="not found"),
                    "start-up files did not arrive"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_a_failed_start_says_what_failed_and_what_to_do(page, site_url, needs_wheelhouse, fault):
    pattern, answer, words = FAULTS[fault]
    text = fail_with(page, site_url, pattern, answer)
    assert re.search(words, text), text
    assert "Unexpected token" not in text.split("(")[0] and "exit(" not in text.split("(")[0]
