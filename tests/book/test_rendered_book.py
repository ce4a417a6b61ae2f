"""The book as Quarto renders it, in Chromium, served under a sub-path as GitHub Pages serves it.

Quarto is not on the development machines; it is on GitHub's runners, where publish.yml renders the book
and runs the tests with RENDERED_BOOK=_site before deploying. Locally it renders the book itself whenever
`quarto` is on the PATH. Without either, every test here is skipped with the reason, which pytest's
summary reports: it is never counted as a pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.site.test_static_site import BOOT_MS
from tests.static_server import StaticSite

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.site


def _rendered() -> Path | None:
    named = os.environ.get("RENDERED_BOOK")
    if named:
        return Path(named)
    if not shutil.which("quarto"):
        return None
    labs_site = ROOT / "labs-site"
    if not (labs_site / "runtime" / "manifest.json").is_file():
        subprocess.run([sys.executable, "-m", "sitebuild", str(labs_site)], cwd=ROOT, check=True)
    subprocess.run(["quarto", "render"], cwd=ROOT, check=True)
    return ROOT / "_site"


@pytest.fixture(scope="module")
def book():
    site = _rendered()
    if site is None:
        pytest.skip("NOT RUN: quarto is not on the PATH and RENDERED_BOOK is not set, so the rendered book was not "
                    "tested here (publish.yml tests it on GitHub before every deploy)")
    assert (site / "index.html").is_file(), f"{site} holds no rendered book"
    with StaticSite(site) as server:
        yield site, server.url


def chapters(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("labs-site", "site_libs"))


def test_every_chapter_opens_with_nothing_from_off_site(page, book, guard):
    site, url = book
    pages = chapters(site)
    assert "index.html" in pages and len(pages) >= 10
    for name in pages:
        page.goto(url + name)
        expect(page.locator("h1").first).to_be_visible()
        text = page.locator("main").inner_text()
        assert "\\frac" not in text and "\\text{" not in text, f"{name}: raw LaTeX on the page"
        assert "Appendix: " not in page.locator("h1").first.inner_text()
    # guard: no request left the site, no console error on any page


def test_equations_are_drawn_as_mathml(page, book, guard):
    _site, url = book
    page.goto(url + "book/ml_systems.html")
    maths = page.locator("main math")
    assert maths.count() >= 1
    box = maths.first.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 5


def test_wide_tables_stay_in_the_text_column(page, book, guard):
    _site, url = book
    page.set_viewport_size({"width": 1280, "height": 900})
    for name in ("book/appendix.html", "book/instructor.html"):
        page.goto(url + name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{name} is {width}px wide in a 1280px window"


def _embedded(site: Path) -> list[str]:
    return [name for name in chapters(site) if 'class="lab-frame"' in (site / name).read_text()]


def test_every_embedded_lab_starts_and_fits_its_frame(page, book, guard):
    site, url = book
    embedded = _embedded(site)
    assert embedded, "no chapter embeds a lab"
    for name in embedded:
        page.goto(url + name)
        frames = page.locator("iframe.lab-frame")
        for i in range(frames.count()):
            frame = frames.nth(i)
            frame.scroll_into_view_if_needed()
            inner = page.frame_locator("iframe.lab-frame").nth(i)
            if "ledger" not in (frame.get_attribute("src") or ""):
                expect(inner.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
            expect(frame).to_have_attribute("data-fitted", "true")
            handle = frame.element_handle().content_frame()
            content = handle.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
            height = frame.evaluate("f => f.clientHeight")  # inside its border
            assert content <= height + 1, f"{name}: {content}px of lab in a {height}px frame"
            assert handle.evaluate("document.documentElement.scrollHeight <= innerHeight + 1"), f"{name}: frame scrolls"


def test_at_phone_width_every_page_and_lab_fits(page, book, guard):
    site, url = book
    page.set_viewport_size({"width": 390, "height": 844})
    for name in chapters(site):
        page.goto(url + name)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} is wider than a phone"
    for name in _embedded(site):
        page.goto(url + name)
        frames = page.locator("iframe.lab-frame")
        for i in range(frames.count()):
            frames.nth(i).scroll_into_view_if_needed()
            expect(frames.nth(i)).to_have_attribute("data-fitted", "true", timeout=BOOT_MS)
            inner = frames.nth(i).element_handle().content_frame()
            assert inner.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"{name}: a lab overflows"


def test_a_chapter_its_equations_and_its_lab_open_offline(context, page, book, guard):
    _site, url = book
    page.goto(url + "book/ml_systems.html")  # lab 02 and equations
    frame = page.locator("iframe.lab-frame").first
    frame.scroll_into_view_if_needed()
    inner = page.frame_locator("iframe.lab-frame").first
    expect(inner.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
    expect(inner.locator("#offline-status")).to_have_attribute("data-offline", "ready", timeout=BOOT_MS)
    page.reload()  # the chapter's status is settled once both workers hold what they keep
    expect(page.locator("#offline-status")).to_have_attribute("data-offline", "ready", timeout=BOOT_MS)
    context.set_offline(True)
    page.reload()
    expect(page.locator("main math").first).to_be_visible()
    page.locator("iframe.lab-frame").first.scroll_into_view_if_needed()
    expect(inner.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
