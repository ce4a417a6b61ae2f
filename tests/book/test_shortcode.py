"""The lab shortcode (_extensions/lab/lab.lua), run through pandoc's own Lua as Quarto would run it: the frame it
emits, the resize hook it adds to the page, and the errors it reports for bad arguments."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "_extensions" / "lab"
HARNESS = Path(__file__).with_name("shortcode_harness.lua")


def pandoc() -> str:
    found = shutil.which("pandoc")
    if found:
        return found
    import pypandoc  # the test group's pypandoc_binary ships pandoc, Lua included

    return pypandoc.get_pandoc_path()


def run(*cases: tuple[list[str], dict[str, str]]) -> list[dict]:
    payload = json.dumps([{"args": args, "kwargs": kwargs} for args, kwargs in cases])
    out = subprocess.run([pandoc(), "lua", str(HARNESS), str(EXTENSION), payload],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_a_lab_frame_carries_the_resize_hook():
    (lab,) = run((["02"], {"height": "1400", "track": "edge", "act": "2"}))
    html = lab["html"]
    frame = re.search(r"<iframe [^>]*>", html).group(0)
    assert 'class="lab-frame"' in frame and 'height="1400"' in frame
    assert 'src="../labs-site/labs/lab02.html?track=edge&amp;act=2"' in frame
    assert 'title="Lab 02: The Physics of Deployment"' in frame
    assert "style=" not in html  # the look is lab-embed.css's
    (dependency,) = lab["dependencies"]
    assert dependency["name"] == "lab-embed"
    assert dependency["scripts"] == ["lab-embed.js"] and dependency["stylesheets"] == ["lab-embed.css"]
    for name in ("lab-embed.js", "lab-embed.css"):
        assert (EXTENSION / name).is_file()
    assert "mlsys-frame-height" in (EXTENSION / "lab-embed.js").read_text()
    assert "mlsys-frame-height" in (ROOT / "client" / "frame.js").read_text()  # the lab page's side


def test_the_default_least_height_and_the_ledger():
    lab, ledger = run((["01"], {}), (["ledger"], {"height": "700"}))
    assert 'height="1100"' in lab["html"]
    assert 'src="../labs-site/ledger.html"' in ledger["html"] and 'height="700"' in ledger["html"]


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (["99"], {}, "no lab '99'"),
    (["01"], {"height": "9"}, "height must be a whole number of pixels from 200 to 5000"),
    (["01"], {"track": "orbital"}, "unknown track 'orbital'"),
    (["01"], {"act": "0"}, "act must be a whole number from 1"),
    (["01"], {"preset": "<img>"}, "preset names use lower-case letters"),
])
def test_bad_arguments_are_reported_in_the_page(args, kwargs, message):
    (result,) = run((args, kwargs))
    assert result["html"].startswith("ERROR: ") and message in result["html"]
    assert "<iframe" not in result["html"] and not result["dependencies"]  # an empty Lua table encodes as {}
