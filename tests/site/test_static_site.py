"""The built site in Chromium: the self-hosted Pyodide runtime, pycore in it, and lab 01 end to end."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit.format import si, times
from sitebuild.config import LABS
from tests.conftest import BrowserGuard
from tests.labs.lab_page import Lab01

pytestmark = pytest.mark.site

BOOT_MS = 180_000

# Runs unchanged in CPython and in Pyodide; returns the numbers the labs show, as JSON.
PYCORE_NUMBERS = """
import json, pycore as pc
from pycore import Precision as P
out = {}
for key, d in pc.DEVICES.items():
    out[key] = [[r.ops_per_s for r in d.peaks], d.mem_bw_bytes_per_s, d.mem_capacity_bytes, d.tdp_W, d.ridge_point()]
for m in pc.Metric:
    out[m.value] = pc.ratio(pc.H100_SXM5, pc.CORTEX_M7_MCU, m)
for key in ("h100", "cortex_m7", "orin_nx", "a17_npu"):
    t = pc.iron_law_for(pc.RESNET50, pc.device(key), batch=8, precision=P.INT8)
    out["iron_" + key] = [t.memory_s, t.compute_s, t.overhead_s, t.total_s, t.binding.value]
    out["verdict_" + key] = pc.bottleneck(pc.RESNET50, pc.device(key), precision=P.INT8).value
out["claims"] = {c.key: c.evaluate() for c in pc.claims.CLAIMS}
out["roof"] = pc.roofline.curve(989e12, 3.35e12, points=9)
out["mnv2"] = [[l.macs, l.bytes_moved, l.intensity] for l in pc.models.mobilenet_v2(resolution=160)]
out["amdahl"] = pc.amdahl.grid([0.5, 0.9, 0.99], [2, 100, 1e6])
out["best"] = str(pc.efficiency.best_operating_point(pc.RESNET50, pc.H100_SXM5, sla_s=1e-3))
json.dumps(out, sort_keys=True)
"""


def _cpython_numbers() -> str:
    scope: dict = {}
    *body, last = PYCORE_NUMBERS.strip().splitlines()
    exec("\n".join(body), scope)
    return eval(last, scope)


def _same(a, b, where: str = "") -> None:
    """Equal structure, equal strings, floats equal to the last few ulps (the two libms may round pow apart)."""
    assert type(a) is type(b), where
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert a == pytest.approx(b, rel=1e-12), where
    else:
        assert a == b, where


# What the worker does before Pyodide fetches anything: a test that starts Pyodide on the page does it too.
UNPACK_ARCHIVES = """
            const packed = await import(new URL('runtime/packed.js', location.href).href);
            packed.fetchArchivesPacked(self, new URL('runtime/', location.href).href);"""


def test_every_url_in_the_site_is_relative(site_dir):
    for page in site_dir.rglob("*.html"):
        text = page.read_text()
        absolute = re.findall(r'(?:src|href)="(/[^"]*|https?:[^"]*)"', text)
        assert not absolute, f"{page.name} uses absolute URLs: {absolute}"


def test_the_site_holds_only_the_pages_the_build_made(site_dir):
    """Tests serve their host pages beside the site (StaticSite.add_page): none is ever published with it.
    (This file runs after the other site tests, which would have left theirs here.)"""
    made = {f"labs/{slug}.html" for _, slug in LABS} | {"index.html", "ledger.html", "report.html", "instructors.html"}
    found = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
             if p.relative_to(site_dir).parts[0] != "runtime"}
    assert found == made


def test_pycore_gives_the_same_numbers_in_pyodide(page, site_url, manifest, guard):
    project = next(w for w in manifest["wheels"] if w.startswith("mlsys_course-"))
    page.goto(site_url + "index.html")
    page.add_script_tag(url="runtime/pyodide/pyodide.js")
    result = page.evaluate(
        """async ([wheel, code]) => {""" + UNPACK_ARCHIVES + """
            const py = await loadPyodide({indexURL: new URL('runtime/pyodide/', location.href).href});
            await py.loadPackage(new URL('runtime/wheels/' + wheel, location.href).href);
            return [py.runPython(code), py.runPython('import sys; sys.version')];
        }""",
        [project, PYCORE_NUMBERS],
    )
    numbers, version = result
    assert version.startswith("3.13"), "this really ran in Pyodide's Python"
    _same(json.loads(numbers), json.loads(_cpython_numbers()))


@pytest.fixture
def page_without_policy(browser):
    """A page that may run Python on its own thread. Panel's Pyodide module evaluates JavaScript from a string
    as it loads, which the site's policy refuses on a page; the site runs Python in a worker, which the
    page's policy does not govern."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_python_the_labs_import_is_precompiled_and_nothing_left_out(page_without_policy, site_url, manifest,
                                                                     needs_wheelhouse):
    """The standard library, the lock's packages and the wheels all arrive as bytecode (repack.py),
    and it is what Pyodide really imports: no module a lab needs is compiled from source at start-up.
    Every lab builds its whole page with the modules LEFT_OUT of the runtime missing, and importing
    one of those says why it is not there, as does calling into one numpy imports but no lab uses
    (LEFT_OUT_BUT_IMPORTED). `import panel` leaves the LAZY_IMPORTS submodules it does not need
    unimported, and the names of those shipped still work when asked for; no lab compiles Panel's or
    Bokeh's Jinja templates (LAZY_TEMPLATES)."""
    page = page_without_policy
    guard = BrowserGuard(page)
    modules = [module for module, _ in LABS]
    page.goto(site_url + "index.html")
    page.add_script_tag(url="runtime/pyodide/pyodide.js")
    loaded = page.evaluate(
        """async ([lock, wheels, env, labs]) => {""" + UNPACK_ARCHIVES + """
            const py = await loadPyodide({indexURL: new URL('runtime/pyodide/', location.href).href, env,
                packages: [...lock, ...wheels.map((w) => new URL('runtime/wheels/' + w, location.href).href)]});
            py.globals.set("LABS", labs);
            return py.runPython(`
import importlib, sys, json
import panel, panel.io.pyodide
deferred = sorted(name for name in ("panel.chat", "panel.template", "panel.pane.placeholder", "panel.widgets.icon")
                  if name not in sys.modules)
import bokeh.core.templates, panel.io.resources  # their templates: compiled on first use (LAZY_TEMPLATES)
templates = [bokeh.core.templates.FILE, panel.io.resources.BASE_TEMPLATE]
from bokeh.document import Document
for name in LABS:
    panel.panel(importlib.import_module(name).create()).get_root(Document())
# where each module was loaded from (frozen ones, built into the interpreter, say "frozen")
origins = {name: getattr(getattr(m, "__spec__", None), "origin", None) or "" for name, m in list(sys.modules.items())}
def refusal(use):
    try:
        use()
        return "worked"
    except ImportError as err:
        return str(err).split(" to keep")[0]
import numpy
left_out = [refusal(lambda: importlib.import_module("numpy.random")), refusal(lambda: numpy.linalg.inv([[1.0]])),
            refusal(lambda: panel.chat), refusal(lambda: panel.pane.Vega)]
import yaml  # without libyaml's C parser: its own
parsed = [yaml.safe_load("theme: {line_width: 2}"), yaml.__with_libyaml__]
on_demand = [panel.pane.Placeholder.name, panel.widgets.ButtonIcon.name]
uncompiled = [template._template is None for template in templates]  # after every lab was built
json.dumps({"deferred": deferred, "on_demand": on_demand, "yaml": parsed, "uncompiled": uncompiled,
            "optimize": sys.flags.optimize, "bytecode": sum(o.endswith(".pyc") for o in origins.values()),
            "source": sorted(name for name, origin in origins.items() if origin.endswith(".py")),
            "labs": [name for name in LABS if name in sys.modules], "left_out": left_out})
`);
        }""",
        [manifest["lock_packages"], manifest["wheels"], manifest["python_env"], modules],
    )
    loaded = json.loads(loaded)  # checked here: an assert inside Pyodide, running at -OO, would be stripped
    assert loaded["labs"] == modules
    assert loaded["source"] == []
    assert loaded["bytecode"] > 500 and loaded["optimize"] == 2
    assert loaded["left_out"] == [f"{name} is left out of this site's Python runtime" for name in
                                  ("numpy.random", "numpy.linalg._umath_linalg", "panel.chat", "panel.pane.vega")]
    assert loaded["deferred"] == ["panel.chat", "panel.pane.placeholder", "panel.template", "panel.widgets.icon"]
    assert loaded["on_demand"] == ["Placeholder", "ButtonIcon"]
    assert loaded["yaml"] == [{"theme": {"line_width": 2}}, False]
    assert loaded["uncompiled"] == [True, True]
    guard.check()


def test_pyodide_still_cannot_snapshot_the_labs_runtime(page, site_url, manifest, needs_wheelhouse):
    """Why every visit starts Python afresh (issue 23): on the pinned Pyodide, a memory snapshot of an
    interpreter that has loaded packages is refused (pyodide#5195: loadPackage leaves a JS reference in
    the table the snapshot must find empty). If this fails after an upgrade, the refusal is gone:
    measure a snapshot-backed warm start then (README, "The benchmark")."""
    page.goto(site_url + "index.html")
    page.add_script_tag(url="runtime/pyodide/pyodide.js")
    refusal = page.evaluate(
        """async ([lock, env]) => {""" + UNPACK_ARCHIVES + """
            const py = await loadPyodide({indexURL: new URL('runtime/pyodide/', location.href).href, env,
                                          packages: lock, _makeSnapshot: true});
            try {
                return `made ${py.makeMemorySnapshot().byteLength} bytes`;
            } catch (err) {
                return String(err);
            }
        }""",
        [manifest["lock_packages"], manifest["python_env"]],
    )
    assert "Unexpected hiwire entry" in refusal, refusal


def test_lab_page_shows_its_text_before_python(page, site_url, guard):
    page.route(re.compile(r".*pyodide\.asm\.wasm$"), lambda route: None)  # hold the runtime back: never answered
    page.goto(site_url + "labs/lab01.html", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Lab 01: The Magnitude Gap")).to_be_visible()
    expect(page.get_by_text("Chapter 1, Introduction to ML Systems")).to_be_visible()
    expect(page.locator("#lab-stage")).to_contain_text(re.compile(r"step [0-2] of 2|missing"))
    # Opened in its own tab, a lab has its ways back: its chapter, the book, the ledger, the labs.
    nav = page.get_by_role("navigation", name="Course")
    for name, href in [("Chapter 1: Introduction to ML Systems", "../../book/intro.html"),
                       ("The book", "../../index.html"), ("Your Design Ledger", "../ledger.html"),
                       ("All labs", "../index.html")]:
        expect(nav.get_by_role("link", name=name)).to_have_attribute("href", href)


def wait_booted(page) -> None:
    """Wait until boot.js reports ready or error (never a sleep); fail with the page's own message."""
    page.wait_for_function("() => ['ready', 'error'].includes(document.body.dataset.labState)", timeout=BOOT_MS)
    assert page.locator("body").get_attribute("data-lab-state") == "ready", page.locator("#lab-error").inner_text()


def open_lab(page, url: str, page_class):
    """Open the lab page at ``url`` as a student does and wait until Python has started it and the
    lab is drawn; return its page object (``page_class``, from tests.labs.lab_page)."""
    page.goto(url)
    wait_booted(page)
    lab = page_class(page, ready_timeout_ms=BOOT_MS)
    lab.wait_ready()
    return lab


def test_lab01_runs_fully_in_pyodide(page, site_url, needs_wheelhouse, guard):
    lab = open_lab(page, site_url + "labs/lab01.html", Lab01)
    expect(page.get_by_text("The magnitude landscape")).to_have_count(0)  # locked: not on the page
    lab.predict(1, "About 10⁶ (a million times)")
    expect(lab.reveal(1)).to_contain_text(times(pc.ratio(pc.H100_SXM5, pc.CORTEX_M7_MCU, pc.Metric.PEAK_COMPUTE)))
    page.get_by_text("Math peek: the D·A·M triad").click()
    formula = page.locator("math").first  # MathML, typeset by the browser itself
    expect(formula).to_be_visible()
    expect(formula).to_have_attribute("alttext", r"\text{System} = \text{Data} \cdot \text{Algorithm} "
                                                 r"\cdot \text{Machine}")
    assert formula.bounding_box()["height"] > 10
    lab.predict(2, "The memory term D/BW")
    h100 = pc.iron_law_for(pc.RESNET50, pc.H100_SXM5, precision=pc.Precision.FP16)
    expect(lab.reveal(2)).to_contain_text(si(h100.memory_s, "s"))
    lab.choose("TinyML (Arm Cortex-M7)")
    expect(page.locator(".kit-failure")).to_contain_text("Out of memory")
    expect(lab.hud).to_contain_text("record saved")
    record = lab.chapter_record()
    assert record["act1_correct"] is True and record["act2_correct"] is True and record["oom_triggered"] is True

    page.reload()
    wait_booted(page)
    lab.wait_ready()
    expect(lab.hud).to_contain_text("Act I: ✓")
    expect(lab.lock_section(1).get_by_role("button", name="Prediction locked")).to_be_visible()
