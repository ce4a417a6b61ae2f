"""axe-core on every lab (locked, then with every lock answered) and on the site's own pages:
no serious or critical violation in markup we own. Findings inside Panel/Bokeh are allowed only
when listed here with the reason."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.labs.lab_page import Lab01, Lab02, Lab05, Lab07, right_answers

pytestmark = pytest.mark.ui

# (rule, a CSS class in the failing element's path): why it is not ours to fix.
ALLOWED = {
    ("button-name", "bk-spin-btn-up"): "Bokeh's NumericInput draws its spin buttons as empty buttons; the input "
                                       "itself is labelled and its value changes with the arrow keys",
    ("button-name", "bk-spin-btn-down"): "the same, for the down button",
}

LOCKS = {page: right_answers(module) for page, module in (
    (Lab01, "labs.lab01_magnitude"), (Lab02, "labs.lab02_ml_systems"), (Lab05, "labs.lab05_nn_compute"),
    (Lab07, "labs.lab07_frameworks"))}


def serious(page, axe_script) -> list[dict]:
    """Serious and critical axe violations not in ALLOWED, one entry per failing element."""
    # a11y.js names slider handles a moment after Bokeh draws them, and a freshly unlocked act is still
    # being drawn: wait until no new handle has appeared for one 300 ms poll and every handle is named.
    page.wait_for_function("""() => {
        const handles = [];
        const walk = (root) => root.querySelectorAll('*').forEach((el) => {
            if (el.getAttribute('role') === 'slider') handles.push(el);
            if (el.shadowRoot) walk(el.shadowRoot);
        });
        walk(document);
        const settled = window.__axeSliderCount === handles.length;
        window.__axeSliderCount = handles.length;
        return settled && handles.every((h) => h.getAttribute('aria-label'));
    }""", polling=300)
    page.evaluate(axe_script.read_text())  # not a <script> element, which the site's policy would refuse
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .flatMap(v => v.nodes.map(n => ({rule: v.id, help: v.help, target: JSON.stringify(n.target)})));
    }""")
    return [f for f in found if not any(rule == f["rule"] and cls in f["target"] for rule, cls in ALLOWED)]


@pytest.mark.parametrize("page_class, fixture", [(Lab01, "lab01_url"), (Lab02, "lab02_url"),
                                                 (Lab05, "lab05_url"), (Lab07, "lab07_url")],
                         ids=["lab01", "lab02", "lab05", "lab07"])
def test_labs_locked_and_unlocked(page, request, page_class, fixture, axe_script, guard):
    page.goto(request.getfixturevalue(fixture))
    lab = page_class(page)
    lab.wait_ready()
    assert serious(page, axe_script) == [], "locked"
    for act, label in enumerate(LOCKS[page_class], start=1):
        lab.predict(act, label)
    problems = serious(page, axe_script)
    assert problems == [], json.dumps(problems, indent=1)


def test_site_pages(page, site_url, axe_script, guard):
    page.goto(site_url + "ledger.html")
    page.evaluate("""localStorage.setItem('mlsysbook.ledger.v1', JSON.stringify({schema: 'mlsysbook.ledger',
        version: 2, created: null, chapters: {'2': {track: 'edge', part1_prediction: 'compute',
        part1_correct: true, batch: 64, updated: '2026-11-20T00:00:00Z'}}}))""")
    for name in ("index.html", "ledger.html"):
        page.goto(site_url + name)
        assert serious(page, axe_script) == [], name


@pytest.mark.site
def test_lab_pages_before_python_has_started(page, site_url, axe_script, guard):
    """Each lab's static page as a student first sees it: its text and its opening lock, open and then locked."""
    # The worker's script is held, so the lab's Python never starts. (Lab pages register the service worker, which
    # would answer past this route, only once a lab is running.)
    page.route("**/runtime/python-worker.js", lambda route: None)
    for slug in ("lab01", "lab02", "lab05", "lab07"):
        page.goto(site_url + f"labs/{slug}.html")
        form = page.locator("#opening-lock")
        expect(form).to_have_attribute("data-state", "open")
        assert serious(page, axe_script) == [], f"{slug}, open"
        form.locator("input").first.check()
        form.get_by_role("button", name="Lock in my prediction").click()
        expect(form).to_have_attribute("data-state", "locked")
        assert serious(page, axe_script) == [], f"{slug}, locked"
