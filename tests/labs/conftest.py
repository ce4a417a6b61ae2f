"""Serve labs with `panel serve` (CPython) for browser tests of the UI."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, free_port


def _serve(module: str):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "panel", "serve", str(ROOT / "labs" / module), "--port", str(port),
         "--address", "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}", "--num-procs", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/{module}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"panel serve did not start:\n{proc.stdout.read()}")
            time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def lab01_url():
    yield from _serve("lab01_magnitude")


@pytest.fixture(scope="module")
def lab02_url():
    yield from _serve("lab02_ml_systems")


@pytest.fixture(scope="module")
def lab05_url():
    yield from _serve("lab05_nn_compute")


@pytest.fixture(scope="module")
def lab07_url():
    yield from _serve("lab07_frameworks")
