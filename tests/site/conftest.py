"""The built static site: built once per session (or taken from SITE_DIR) and served under a sub-path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitebuild import build_site
from tests.static_server import StaticSite


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    named = os.environ.get("SITE_DIR")
    if named:
        return Path(named)
    out = tmp_path_factory.mktemp("site")
    print(build_site(out, allow_cdn=False).summary())
    return out


@pytest.fixture(scope="session")
def manifest(site_dir) -> dict:
    return json.loads((site_dir / "runtime" / "manifest.json").read_text())


@pytest.fixture(scope="session")
def site_server(site_dir):
    with StaticSite(site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def site_url(site_server):
    return site_server.url


@pytest.fixture
def needs_wheelhouse(manifest):
    if manifest["missing"]:
        pytest.skip(f"Pyodide wheels missing from this build ({', '.join(manifest['missing'])}): "
                    "set PYODIDE_WHEELHOUSE to a folder holding the Pyodide 0.28.0 lock wheels")


@pytest.fixture(autouse=True)
def patient_expectations():
    """In Pyodide, Python shares the page's main thread, so a redraw can take seconds on a busy CI machine:
    give every expectation in these tests 30 s instead of 5 (they still fail, with the page's state, if the
    lab never gets there)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)
