"""The worker's Python side (labs/client/boot.py) in CPython: it imports without a browser or Panel, and
it reads the page's messages as typed values, refusing malformed ones in words."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from labs.client.boot import Laps, MessageError, RunRequest, visited_settings
from tests.conftest import ROOT

GOOD = {"module": "labs.lab02_ml_systems", "link": {"track": "edge", "preset": None},
        "distUrl": "https://example.org/course/runtime/panel/", "title": "Lab 02"}


def test_importing_it_loads_neither_panel_nor_bokeh():
    code = ("import sys, labs.client.boot\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('panel', 'bokeh')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_run_message_becomes_a_typed_request():
    request = RunRequest.from_json(json.dumps(GOOD))
    assert request == RunRequest(module="labs.lab02_ml_systems", track="edge", preset=None,
                                 dist_url="https://example.org/course/runtime/panel/", title="Lab 02")


@pytest.mark.parametrize(("change", "words"), [
    ({"module": "os"}, "not a lab"),
    ({"module": 3}, "wrong type"),
    ({"link": {"track": ["edge"]}}, "wrong type"),
    ({"link": "edge"}, "malformed"),
    ({"distUrl": None}, "wrong type"),
    ({"title": None}, "wrong type"),
])
def test_a_malformed_run_message_is_refused_in_words(change, words):
    with pytest.raises(MessageError, match=words):
        RunRequest.from_json(json.dumps({**GOOD, **change}))
    missing = {k: v for k, v in GOOD.items() if k not in change}
    with pytest.raises(MessageError, match="malformed"):
        RunRequest.from_json(json.dumps(missing))
    with pytest.raises(MessageError, match="malformed"):
        RunRequest.from_json("{not json")


def test_the_instruments_message_is_a_list_of_settings():
    assert visited_settings("[1, 64, 256]") == [1, 64, 256]
    with pytest.raises(MessageError, match="not a list"):
        visited_settings('{"batch": 1}')
    with pytest.raises(MessageError, match="malformed"):
        visited_settings("")


def test_laps_time_each_step_from_the_end_of_the_last():
    laps = Laps()
    laps.lap("first")
    laps.lap("second")
    assert list(laps.times) == ["first", "second"] and all(isinstance(v, int) and v >= 0 for v in laps.times.values())


def test_the_worker_calls_the_module_and_page_methods_boot_py_declares():
    """The JavaScript side names what Python declares: the module path, run(), and the Page's methods."""
    worker = (ROOT / "client" / "python-worker.js").read_text()
    assert 'pyodide.pyimport("labs.client.boot")' in worker and "boot.run(JSON.stringify(request), page)" in worker
    page_block = re.search(r"const page = \{(.*?)\n\};", worker, re.S).group(1)
    js_methods = set(re.findall(r"^  (\w+)\(", page_block, re.M))
    source = (ROOT / "labs" / "client" / "boot.py").read_text()
    protocol = re.search(r"class Page\(Protocol\):(.*?)\n\n\nclass", source, re.S).group(1)
    assert js_methods == set(re.findall(r"def (\w+)\(self", protocol))
