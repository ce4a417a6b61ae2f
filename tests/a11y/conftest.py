"""axe-core, from the npm registry, cached outside the repository and injected from disk (never a CDN)."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

import pytest

AXE_VERSION = "4.10.3"
CACHE = Path.home() / ".cache" / "mlsys-course" / "axe"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    script = CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not script.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"axe-core@{AXE_VERSION}"], cwd=CACHE, check=True, capture_output=True)
        with tarfile.open(CACHE / f"axe-core-{AXE_VERSION}.tgz") as tar:
            member = tar.getmember("package/axe.min.js")
            member.name = f"axe-core-{AXE_VERSION}/axe.min.js"
            tar.extract(member, CACHE)
    return script


from tests.labs.conftest import lab01_url, lab02_url, lab05_url, lab07_url  # noqa: E402,F401  (the served labs)
from tests.site.conftest import manifest, site_dir, site_server, site_url  # noqa: E402,F401  (the built site)
