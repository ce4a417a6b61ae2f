"""Offline after the first visit: the service worker keeps the site, one build at a time."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.labs.lab_page import Lab01, Lab02, Lab05
from tests.site.test_static_site import open_lab

pytestmark = pytest.mark.site


def test_after_one_lab_the_site_works_offline(context, page, site_url, site_dir, needs_wheelhouse, guard):
    open_lab(page, site_url + "labs/lab01.html", Lab01)
    status = page.locator("#offline-status")
    expect(status).to_have_attribute("data-offline", "ready", timeout=30_000)
    expect(status).to_contain_text("Available offline")

    context.set_offline(True)
    page.goto(site_url + "index.html")
    expect(page.get_by_role("heading", name="ML Systems labs")).to_be_visible()
    expect(page.locator("#offline-status")).to_contain_text("Available offline")

    # A link's query string is served from the cache too.
    lab = open_lab(page, site_url + "labs/lab02.html?track=edge", Lab02)
    lab.predict(1, "The compute term O/R")
    lab.wait_for_record("part1_correct", True)
    expect(lab.hud).to_contain_text("record saved")

    open_lab(page, site_url + "labs/lab05.html", Lab05)


def test_the_worker_is_versioned_by_the_build(page, site_url, site_dir):
    build = json.loads((site_dir / "runtime" / "manifest.json").read_text())["build"]
    worker = (site_dir / "sw.js").read_text()
    assert worker.startswith(f'const BUILD = "{build}";')
    for html in [*site_dir.glob("*.html"), *site_dir.glob("labs/*.html")]:
        if html.name.startswith("embed-"):
            continue  # written by other tests
        assert f'"{html.relative_to(site_dir).as_posix()}"' in worker, html.name
    assert all(f'data-build="{build}"' in p.read_text() for p in site_dir.glob("labs/*.html"))
    assert "caches.delete(name)" in worker  # the old build's cache goes on activation
