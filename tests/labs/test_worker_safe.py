"""No lab or pycore module reaches for the browser: on the static site their Python runs in a Web
Worker (runtime/python-worker.js), where there is no window or document, so everything a lab shows
or stores goes through Panel and Bokeh models."""

import ast

import pytest

from tests.conftest import ROOT

BROWSER_MODULES = {"js", "pyodide", "pyscript"}
CLIENT = ROOT / "labs" / "client"  # the worker's own Python, which links the lab to the page: browser-side by design
SOURCES = sorted(p for p in [*(ROOT / "labs").rglob("*.py"), *(ROOT / "pycore").rglob("*.py")]
                 if CLIENT not in p.parents)


def imported(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_sources_are_found():
    assert len(SOURCES) > 20 and any(p.parent.name == "lab02_ml_systems" and p.name == "app.py" for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_browser_import(path):
    assert not imported(path) & BROWSER_MODULES, f"{path.name} imports {imported(path) & BROWSER_MODULES}"


def test_only_the_workers_link_to_the_page_reaches_for_the_browser():
    reaching = {p.name for p in CLIENT.rglob("*.py") if imported(p) & BROWSER_MODULES}
    assert reaching == {"boot.py"}
