"""Offline after the first visit: the service worker keeps the site, one build at a time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import BrowserGuard
from tests.labs.lab_page import Lab01, Lab02, Lab05
from tests.site.test_static_site import BOOT_MS, open_lab
from tests.static_server import StaticSite

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


def test_the_offline_claim_waits_for_every_file_a_lab_needs(page, site_url, needs_wheelhouse, guard):
    """Issue 24, item 7: a visit cut off mid-download keeps some runtime files and not others; the page
    says "available offline" only when every one is kept."""
    open_lab(page, site_url + "labs/lab01.html", Lab01)
    status = page.locator("#offline-status")
    expect(status).to_have_attribute("data-offline", "ready", timeout=30_000)
    # As such a visit leaves it: Pyodide's WebAssembly kept, panel's wheel not.
    page.evaluate(r"""async () => {
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                if (/panel-[^/]*\.whl\.gz$/.test(request.url)) await cache.delete(request);
            }
        }
    }""")
    page.goto(site_url + "index.html")
    expect(status).to_have_attribute("data-offline", "not-yet")
    expect(status).to_contain_text("Open any lab once while online")
    # The next lab opened online keeps what is missing, and the claim comes back.
    open_lab(page, site_url + "labs/lab02.html", Lab02)
    expect(status).to_have_attribute("data-offline", "ready", timeout=30_000)


NEW_BUILD = "b2b2b2b2b2b2b2b2"


def deploy_new_build(site: Path) -> None:
    """Make ``site`` (a private copy) look like the next deploy: a new build id in its worker, its runtime's
    manifest and its lab pages."""
    old = json.loads((site / "runtime" / "manifest.json").read_text())["build"]
    for path in [site / "sw.js", site / "runtime" / "manifest.json", *site.glob("labs/*.html")]:
        path.write_text(path.read_text().replace(old, NEW_BUILD))


def test_a_new_build_taking_over_mid_start_reloads_the_page_into_one_build(browser, site_dir, tmp_path,
                                                                            needs_wheelhouse):
    """Issue 24, item 8: a deploy's service worker claims a lab page that is starting; from then on the page
    and its Python worker would fetch the new build's files under the old build's page. The page starts
    over, once, wholly in the new build."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    with StaticSite(copy) as server:
        context = browser.new_context()
        page = context.new_page()
        guard = BrowserGuard(page)
        # Where the page was when a worker took it over, kept across the reload.
        page.add_init_script("""navigator.serviceWorker?.addEventListener('controllerchange', () =>
            sessionStorage.setItem('takeovers', (sessionStorage.getItem('takeovers') || '') + '|' +
                                   document.body.dataset.labState + ' ' + document.body.dataset.build));""")
        open_lab(page, server.url + "labs/lab01.html", Lab01)
        expect(page.locator("#offline-status")).to_have_attribute("data-offline", "ready", timeout=30_000)
        first_build = page.evaluate("document.body.dataset.build")

        page.goto(server.url + "labs/lab01.html")  # served by this build's worker, from its cache
        page.wait_for_function("() => document.body.dataset.labState === 'stage-1'", timeout=BOOT_MS)
        deploy_new_build(copy)
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        page.wait_for_function(f"() => document.body.dataset.build === '{NEW_BUILD}' && "
                               "['ready', 'error'].includes(document.body.dataset.labState)", timeout=BOOT_MS)
        assert page.evaluate("document.body.dataset.labState") == "ready", page.locator("#lab-error").inner_text()
        takeovers = page.evaluate("sessionStorage.getItem('takeovers')")
        assert f"stage-1 {first_build}" in takeovers or f"stage-2 {first_build}" in takeovers, (
            f"the new worker did not take over while the lab was starting ({takeovers}): nothing was tested")
        Lab01(page, ready_timeout_ms=BOOT_MS).wait_ready()
        guard.check()
        context.close()
