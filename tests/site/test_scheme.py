"""Light and dark: every page of the site follows the reader's choice in the book (Quarto's toggle, stored
as "quarto-color-scheme") and, without one, the system's setting; an embedded lab follows a change made in
its chapter while it is open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.site.test_static_site import BOOT_MS

pytestmark = pytest.mark.site

DARK_BG = "rgb(13, 17, 23)"
LIGHT_BG = "rgb(255, 255, 255)"


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("name", ["index.html", "ledger.html", "report.html", "instructors.html", "labs/lab01.html"])
def test_every_page_follows_the_system_setting(page, site_url, name, guard):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + name)
    expect(page.locator("html")).to_have_attribute("data-scheme", "dark")
    assert background(page) == DARK_BG
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-scheme", "light")
    assert background(page) == LIGHT_BG


def test_the_books_toggle_wins_over_the_system(page, site_url, guard):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "index.html")
    page.evaluate("localStorage.setItem('quarto-color-scheme', 'default')")  # the book's light theme, chosen
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-scheme", "light")
    page.emulate_media(color_scheme="light")
    page.evaluate("localStorage.setItem('quarto-color-scheme', 'alternate')")  # its dark theme
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-scheme", "dark")


def test_a_lab_in_dark_draws_its_instruments_dark_and_follows_its_chapter(page, site_server, needs_wheelhouse,
                                                                          guard):
    chapter = site_server.add_page("scheme-chapter.html", '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                                   '<title>chapter</title></head><body><iframe title="lab" src="labs/lab02.html" '
                                   'style="width:100%;height:900px"></iframe></body></html>')
    page.goto(chapter)
    frame = page.frame_locator("iframe")
    expect(frame.locator("body")).to_have_attribute("data-lab-state", "ready", timeout=BOOT_MS)
    expect(frame.locator("html")).to_have_attribute("data-scheme", "light")
    expect(frame.locator("#lab-app")).to_have_css("filter", "none")
    page.evaluate("localStorage.setItem('quarto-color-scheme', 'alternate')")  # the chapter's toggle, to dark
    expect(frame.locator("html")).to_have_attribute("data-scheme", "dark")
    expect(frame.locator("#lab-app")).to_have_css("filter", "invert(0.9) hue-rotate(180deg)")
    expect(frame.locator("body")).to_have_css("background-color", DARK_BG)
