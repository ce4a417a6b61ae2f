"""The lab's Python runs in a worker (runtime/python-worker.js): the page draws, the two trade patches."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import si
from labs.kit.ledger import LEDGER_KEY
from tests.conftest import BrowserGuard
from tests.labs.lab_page import Lab02
from tests.labs.test_lab02_ui import PART1, TIERS
from tests.site.test_static_site import BOOT_MS, open_lab

pytestmark = pytest.mark.site


def test_presses_faster_than_python_end_where_the_student_stopped(page, site_url, needs_wheelhouse, guard):
    """Steps sent while Python is still busy with one wait, and only the newest value of each property
    goes: however fast the keys come, the lab ends on the last setting, with pycore's numbers for it."""
    lab = open_lab(page, site_url + "labs/lab02.html", Lab02)
    lab.choose_track("Tiny Pioneer")
    lab.predict(1, PART1[1])
    handle = lab.slider(1, "Hardware tier")
    expect(lab.act(1).get_by_text(f"Hardware tier: {TIERS[0]}", exact=True)).to_be_visible()
    for _ in TIERS[1:]:
        handle.press("ArrowRight")  # no wait between presses
    expect(lab.act(1).get_by_text(f"Hardware tier: {TIERS[-1]}", exact=True)).to_be_visible()
    terms = pc.iron_law_for(pc.track("tiny").workload, pc.H100_SXM5, precision=pc.Precision.INT8)
    expect(lab.card(1, "Overhead L")).to_contain_text(si(terms.overhead_s, "s"))
    expect(lab.card(1, "Compute O/R")).to_contain_text(si(terms.compute_s, "s"))


# The moment the page tells the worker it has drawn the lab, the student picks an answer.
PICK_AS_DRAWN = """
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  post.call(this, message, ...rest);
  if (message?.type !== "rendered") return;
  const doc = Bokeh.documents[Bokeh.documents.length - 1];
  const group = [...doc.all_models].find((m) => Array.isArray(m.labels) && m.labels.includes(%s));
  group.active = group.labels.indexOf(%s);
};
"""
LISTEN = """  listen(apply) {
    applyFromPage = apply;
    for (const patch of early.splice(0)) applyPatch(patch);
  },
"""


def slow_to_listen(route):
    """The worker, made to take half a second between the page's drawing the lab and Python's listening
    for the page's changes: a change made in between must still reach Python."""
    text = route.fetch().text()
    assert LISTEN in text, "python-worker.js no longer listens as this test expects"
    body = LISTEN.split("\n", 1)[1].rsplit("  },", 1)[0]
    late = "  listen(apply) {\n    setTimeout(() => {\n" + body + "    }, 500);\n  },\n"
    route.fulfill(body=text.replace(LISTEN, late), content_type="text/javascript")


def test_a_change_made_as_the_lab_is_drawn_reaches_python(page, site_url, needs_wheelhouse, guard):
    answer = json.dumps(PART1[1])
    page.add_init_script(PICK_AS_DRAWN % (answer, answer))
    page.route("**/runtime/python-worker.js", slow_to_listen)
    lab = open_lab(page, site_url + "labs/lab02.html", Lab02)
    lock = lab.lock_section(1)
    expect(lock.get_by_label(PART1[1])).to_be_checked()
    button = lock.get_by_role("button", name="Lock in my prediction")
    expect(button).to_be_enabled()  # Python enables it once it has the pick
    button.click()
    expect(lock).to_contain_text(f"Locked: {PART1[1]}")


def test_the_worker_compiles_python_itself_when_the_page_cannot(page, site_url, needs_wheelhouse, guard):
    """The page compiles Pyodide's WebAssembly for the worker (it reads the browser's compiled-code
    cache, which a worker does not); should that fail, the worker fetches and compiles it itself."""
    page.add_init_script("WebAssembly.compileStreaming = () => Promise.reject(new Error('refused by the test'))")
    lab = open_lab(page, site_url + "labs/lab02.html", Lab02)
    lab.choose_track("Tiny Pioneer")
    lab.predict(1, PART1[1])
    expect(lab.act(1).get_by_text(f"Hardware tier: {TIERS[0]}", exact=True)).to_be_visible()


def test_a_worker_that_cannot_start_says_so_and_keeps_the_ledger(page, site_url):
    guard = BrowserGuard(page, allow_console=("status of 404",))  # the worker's script, refused below
    saved = json.dumps({"schema": "mlsysbook.ledger", "version": 2, "created": None,
                        "chapters": {"2": {"track": "edge", "part1_prediction": "memory", "part1_correct": False,
                                           "updated": "2026-11-20T00:00:00Z"}}})
    page.goto(site_url + "ledger.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [LEDGER_KEY, saved])
    page.route("**/runtime/python-worker.js", lambda route: route.fulfill(status=404, body="not here"))
    page.goto(site_url + "labs/lab02.html")
    page.wait_for_function("() => document.body.dataset.labState === 'error'", timeout=BOOT_MS)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This lab could not start.")
    expect(alert).to_contain_text("the lab's Python worker failed to start")
    expect(alert).to_contain_text("Your Design Ledger is untouched")
    expect(alert.get_by_role("button", name="Reload the page")).to_be_visible()
    assert page.evaluate("(key) => localStorage.getItem(key)", LEDGER_KEY) == saved
    guard.check()
