"""The book offline: chapters (one never opened) and labs, after one chapter with an embedded lab.

Quarto cannot run here, so the book is a few pages with Quarto's layout and the iframe our
shortcode emits, around a copy of the real built labs site. The post-render step and both
service workers are the real ones.
"""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from sitebuild import book_offline
from tests.book.test_shortcode import EXTENSION
from tests.book.test_shortcode import run as run_shortcode
from tests.labs.lab_page import Lab02, Lab05, right_answers
from tests.site.test_static_site import BOOT_MS, open_lab
from tests.static_server import StaticSite

pytestmark = pytest.mark.site

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="{root}site_libs/quarto.css">
<link rel="stylesheet" href="{root}site_libs/lab-embed.css"><script src="{root}site_libs/lab-embed.js"></script></head>
<body><main class="content" id="quarto-document-content"><h1>{title}</h1>{body}</main></body></html>"""


def shortcode(*args: str, **kwargs: str) -> str:
    """What ``{{< lab ... >}}`` puts in a chapter: the real shortcode, run through pandoc's Lua."""
    (result,) = run_shortcode((list(args), kwargs))
    return result["html"]


@pytest.fixture(scope="module")
def book_url(site_dir, tmp_path_factory):
    book = tmp_path_factory.mktemp("book")
    shutil.copytree(site_dir, book / "labs-site")
    (book / "book").mkdir()
    (book / "site_libs").mkdir()
    (book / "site_libs" / "quarto.css").write_text("main { max-width: 60rem; }")
    for name in ("lab-embed.js", "lab-embed.css"):  # what Quarto copies for the shortcode's dependency
        shutil.copy(EXTENSION / name, book / "site_libs" / name)
    (book / "index.html").write_text(PAGE.format(title="The interactive labs", root="", body=""))
    (book / "book" / "ml_systems.html").write_text(PAGE.format(title="ML Systems", root="../", body=shortcode("02")))
    (book / "book" / "ledger.html").write_text(PAGE.format(title="Your Design Ledger", root="../",
                                                           body=shortcode("ledger", height="700")))
    (book / "book" / "nn_compute.html").write_text(PAGE.format(title="Neural Computation", root="../", body=""))
    book_offline.make_offline(book)
    with StaticSite(book) as site:
        yield site.url


def test_one_chapter_with_a_lab_keeps_the_whole_book(context, page, book_url, needs_wheelhouse, guard):
    page.goto(book_url + "book/ml_systems.html")
    lab = page.frame_locator('iframe[title="Lab 02: The Physics of Deployment"]')
    expect(lab.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
    expect(lab.locator("#offline-status")).to_have_attribute("data-offline", "ready")
    page.reload()  # the chapter's status is settled once both workers have what they keep
    expect(page.locator("#offline-status")).to_have_attribute("data-offline", "ready")
    expect(page.locator("#offline-status")).to_contain_text("Available offline")

    context.set_offline(True)
    for chapter, title in [("index.html", "The interactive labs"), ("book/nn_compute.html", "Neural Computation")]:
        page.goto(book_url + chapter)  # the second was never opened online
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.locator("#offline-status")).to_contain_text("Available offline")

    page.goto(book_url + "book/ml_systems.html")
    expect(lab.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)

    open_lab(page, book_url + "labs-site/labs/lab05.html", Lab05)  # a lab never opened, in its own tab


def frame_fits(page, frame) -> None:
    """The frame is as tall as the page in it (within a pixel or two), so neither scrolls inside the other."""
    expect(frame).to_have_attribute("data-fitted", "true")
    inner = frame.element_handle().content_frame()
    page.wait_for_function(
        "f => Math.abs(f.clientHeight - f.contentDocument.documentElement.getBoundingClientRect().height) <= 3",
        arg=frame.element_handle())
    assert inner.evaluate("document.documentElement.scrollHeight <= innerHeight + 1"), "the frame scrolls"


def test_a_lab_frame_grows_with_its_lab_and_leaves_out_what_the_chapter_has(page, book_url, needs_wheelhouse, guard):
    page.goto(book_url + "book/ml_systems.html")
    frame = page.locator("iframe.lab-frame")
    inner = page.frame_locator("iframe.lab-frame")
    expect(inner.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
    frame_fits(page, frame)
    before = frame.bounding_box()["height"]
    assert before > 1100  # more than the shortcode's least height: the lab is taller
    lab = Lab02(inner, ready_timeout_ms=BOOT_MS)  # the lab's page object, driven inside the frame
    lab.predict(1, right_answers("labs.lab02_ml_systems")[0])
    expect(frame).not_to_have_css("height", f"{before}px")  # the reveal and the instruments it opened
    frame_fits(page, frame)
    assert frame.bounding_box()["height"] > before
    # In its chapter, a lab leaves out its own way back, and the offline line (the chapter has one).
    expect(inner.locator(".lab-nav")).to_be_hidden()
    expect(inner.locator("#offline-status")).to_be_hidden()
    expect(page.locator("main #offline-status")).to_have_count(1)


def test_the_ledger_frame_fits_and_shows_its_heading_once(page, book_url, guard):
    page.goto(book_url + "book/ledger.html")
    frame = page.locator("iframe.lab-frame")
    frame_fits(page, frame)
    expect(page.get_by_role("heading", name="Your Design Ledger")).to_have_count(1)
    expect(page.frame_locator("iframe.lab-frame").get_by_role("heading", name="Your Design Ledger")).to_be_hidden()


def test_at_phone_width_the_lab_in_its_frame_does_not_overflow(page, book_url, needs_wheelhouse, guard):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(book_url + "book/ml_systems.html")
    inner = page.frame_locator("iframe.lab-frame")
    expect(inner.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
    frame = page.locator("iframe.lab-frame")
    frame_fits(page, frame)
    document = frame.element_handle().content_frame()
    assert document.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the lab is wider than its frame"
    for button in ("Cloud Titan", "Edge Guardian", "Mobile Nomad", "Tiny Pioneer"):
        box = inner.get_by_role("button", name=button).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= document.evaluate("innerWidth") + 1, button
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
