"""A build with no wheelhouse still produces the site, and its lab pages say what is missing."""

import json

import pytest
from playwright.sync_api import expect

from sitebuild import build_site
from tests.static_server import StaticSite

pytestmark = pytest.mark.site


def test_build_without_wheelhouse_names_missing_wheels(page, tmp_path, guard):
    report = build_site(tmp_path / "site", wheelhouse=tmp_path / "no-wheelhouse", allow_cdn=False)
    assert any(name.startswith("numpy-") for name in report.missing)
    assert "PYODIDE_WHEELHOUSE" in report.summary()
    manifest = json.loads((tmp_path / "site" / "runtime" / "manifest.json").read_text())
    assert manifest["missing"] == report.missing
    assert (tmp_path / "site" / "labs" / "lab01.html").is_file()
    with StaticSite(tmp_path / "site") as site:
        page.goto(site.url + "labs/lab01.html")
        error = page.locator("#lab-error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("PYODIDE_WHEELHOUSE")
        expect(page.get_by_role("heading", name="Lab 01: The Magnitude Gap")).to_be_visible()
