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
from tests.labs.lab_page import Lab05
from tests.site.test_static_site import BOOT_MS, open_lab
from tests.static_server import StaticSite

pytestmark = pytest.mark.site

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="{root}site_libs/quarto.css"></head>
<body><main class="content" id="quarto-document-content"><h1>{title}</h1>{body}</main></body></html>"""
EMBED = ('<div class="lab-embed"><iframe src="../labs-site/labs/lab02.html" title="Lab 02" loading="lazy" '
         'style="width:100%;height:900px"></iframe></div>')


@pytest.fixture(scope="module")
def book_url(site_dir, tmp_path_factory):
    book = tmp_path_factory.mktemp("book")
    shutil.copytree(site_dir, book / "labs-site", ignore=shutil.ignore_patterns("embed-*"))
    (book / "book").mkdir()
    (book / "site_libs").mkdir()
    (book / "site_libs" / "quarto.css").write_text("main { max-width: 60rem; }")
    (book / "index.html").write_text(PAGE.format(title="The interactive labs", root="", body=""))
    (book / "book" / "ml_systems.html").write_text(PAGE.format(title="ML Systems", root="../", body=EMBED))
    (book / "book" / "nn_compute.html").write_text(PAGE.format(title="Neural Computation", root="../", body=""))
    book_offline.make_offline(book)
    with StaticSite(book) as site:
        yield site.url


def test_one_chapter_with_a_lab_keeps_the_whole_book(context, page, book_url, needs_wheelhouse, guard):
    page.goto(book_url + "book/ml_systems.html")
    lab = page.frame_locator('iframe[title="Lab 02"]')
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
