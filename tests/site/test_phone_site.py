"""The built site on a phone (390 px wide), in Pyodide (issue 21): the lab page neither scrolls sideways
nor changes its body text's size or face when Python takes over from the static page; the index, the
ledger page and the report page fit too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.labs.lab_page import Lab01
from tests.site.test_static_site import BOOT_MS, wait_booted

pytestmark = pytest.mark.site

PHONE = {"width": 390, "height": 844}
# The font of the lab's introduction, wherever it is drawn (the static page's, or inside the lab's shadow roots).
INTRO_FONT = """([text, where]) => {
  const find = (root) => {
    for (const el of root.querySelectorAll("p")) if (el.textContent.startsWith(text)) return el;
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
    return null;
  };
  const p = find(document.querySelector(where));
  if (!p) return null;
  const cs = getComputedStyle(p);
  return [cs.fontSize, cs.fontFamily];
}"""


def widths(page) -> list[int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def test_the_lab_page_keeps_its_text_and_width_as_python_starts(page, site_url, needs_wheelhouse, guard):
    from labs.lab01_magnitude.plan import LESSON

    page.set_viewport_size(PHONE)
    page.goto(site_url + "labs/lab01.html")
    start = LESSON.intro[:40]
    expect(page.locator("#lab-preview")).to_be_visible()
    before = page.evaluate(INTRO_FONT, [start, "#lab-preview"])
    assert before, "the static page shows the lab's introduction"
    assert widths(page)[0] <= widths(page)[1]
    wait_booted(page)
    Lab01(page, ready_timeout_ms=BOOT_MS).wait_ready()
    after = page.evaluate(INTRO_FONT, [start, "#lab-app"])  # the lab's own header, drawn by Python
    assert after == before, f"the introduction was {before} before Python and {after} after"
    scroll, client = widths(page)
    assert scroll <= client, f"the lab is {scroll} px wide in a {client} px window"


@pytest.mark.parametrize("path", ["index.html", "ledger.html", "report.html"])
def test_the_course_pages_fit_a_phone(page, site_url, guard, path):
    page.set_viewport_size(PHONE)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    scroll, client = widths(page)
    assert scroll <= client, f"{path} is {scroll} px wide in a {client} px window"
