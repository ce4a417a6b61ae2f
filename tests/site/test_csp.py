"""The Content Security Policy (issue 24, item 14): every page the build writes carries it, it keeps out
markup that would run script, and every lab, the ledger page, the index and the other pages run under
it with no violation. (Every other browser test runs under it too: its guard fails on a console error,
and the browser reports each violation as one.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sitebuild.pages import CSP
from tests.conftest import BrowserGuard
from tests.labs.lab_page import Lab01, Lab02, Lab05, Lab07
from tests.site.test_static_site import open_lab

pytestmark = pytest.mark.site

# Each frame's violations, as the browser reports them to the page.
WATCH = """document.addEventListener('securitypolicyviolation', (e) => {
    (window.top.__violations ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});"""
LABS = {"lab01": Lab01, "lab02": Lab02, "lab05": Lab05, "lab07": Lab07}


def pages(site_dir):
    return sorted([*site_dir.glob("*.html"), *site_dir.glob("labs/*.html")])


def test_every_page_carries_the_policy_before_anything_it_governs(site_dir):
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    for page in pages(site_dir):
        html = page.read_text()
        head = html[:html.index("</head>")]
        assert html.count(meta) == 1, page.name
        assert head.index(meta) < min(head.index(tag) for tag in ("<script", "<link") if tag in head), page.name
        # The pages' own script elements load files or hold data: none is inline code.
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attrs or re.search(r'type="(application/json|esms-options)"', attrs), (page.name, attrs)
            assert "src=" not in attrs or not body.strip(), page.name


def test_the_policy_admits_no_inline_script_or_other_origin():
    directives = dict(d.split(" ", 1) for d in CSP.split("; "))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    for directive, sources in directives.items():
        assert not re.search(r"https?:|\*", sources), f"{directive} admits another origin: {sources}"


def test_markup_that_would_run_script_is_refused(page, site_url):
    """The attack of item 1, had any stored text reached the page as markup: the policy stops it."""
    page.goto(site_url + "ledger.html")
    page.evaluate("""() => document.body.insertAdjacentHTML('beforeend',
        '<img src="data:," onerror="window.pwned = 1"><a id="js" href="javascript:window.pwned = 2">x</a>')""")
    page.locator("#js").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None


@pytest.mark.parametrize("slug", LABS)
def test_a_lab_runs_under_the_policy_with_no_violation(page, site_url, needs_wheelhouse, slug):
    guard = BrowserGuard(page)
    page.add_init_script(WATCH)
    page.goto(site_url + f"labs/{slug}.html")
    form = page.locator("#opening-lock")
    form.locator("input").first.check()
    form.get_by_role("button", name="Lock in my prediction").click()
    lab = open_lab(page, site_url + f"labs/{slug}.html", LABS[slug])  # again, restoring the answer
    expect(lab.lock_section(1).get_by_role("button", name="Prediction locked")).to_be_visible()
    lab.page.get_by_text("Math peek", exact=False).first.click()  # MathML, drawn by the lab
    assert page.evaluate("window.__violations ?? []") == []
    guard.check()


def test_the_other_pages_run_under_the_policy_with_no_violation(page, site_url, needs_wheelhouse):
    guard = BrowserGuard(page)
    page.add_init_script(WATCH)
    for name in ("index.html", "ledger.html", "report.html"):
        page.goto(site_url + name)
        expect(page.locator("h1")).to_be_visible()
    page.goto(site_url + "instructors.html")  # its embed builder previews a lab in a frame
    expect(page.locator("#embed-preview")).to_be_attached()
    page.locator("#embed-preview").scroll_into_view_if_needed()
    frame = page.frame_locator("#embed-preview")
    expect(frame.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=180_000)
    assert page.evaluate("window.__violations ?? []") == []
    guard.check()
