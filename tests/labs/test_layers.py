"""The layers say what they are: a lab's plan and model, the kit's pure modules and everything the book
imports load without Panel (a Quarto render that imported Panel would print its loader, and CDN
scripts, into every chapter), and each lab package holds a plan, a model and an app."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from labs.registry import LABS
from tests.conftest import ROOT

PURE = ["labs.kit.plan", "labs.kit.format", "labs.kit.mathml", "labs.kit.text", "labs.kit.reference",
        "labs.kit.ledger_schema", "labs.registry", *(f"{lab.module}.{layer}" for lab in LABS
                                                       for layer in ("plan", "model"))]


def loaded_after(imports: list[str]) -> set[str]:
    code = ("import json, sys\n" + "".join(f"import {m}\n" for m in imports)
            + "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_the_pure_layers_import_without_panel_or_bokeh():
    loaded = loaded_after(PURE)
    assert not loaded & {"panel", "bokeh", "param"}, "a pure module pulled in Panel"


def book_imports() -> list[str]:
    """Every module a book page's Python imports."""
    found = set()
    for page in [ROOT / "index.qmd", *(ROOT / "book").glob("*.qmd")]:
        for cell in re.findall(r"^```\{python\}\n(.*?)^```", page.read_text(), re.S | re.M):
            found |= set(re.findall(r"^\s*(?:from|import) ([\w.]+)", cell, re.M))
    return sorted(found - {"__future__"})


def test_no_book_page_loads_panel():
    """Runs every page's Python in one fresh interpreter, as Quarto's kernel would, and looks at what it loaded."""
    imports = book_imports()
    assert "labs.kit.reference" in imports and any(m.startswith("labs.lab0") for m in imports)
    pages = [ROOT / "index.qmd", *sorted((ROOT / "book").glob("*.qmd"))]
    code = "\n".join(cell for page in pages
                     for cell in re.findall(r"^```\{python\}\n(.*?)^```", page.read_text(), re.S | re.M))
    probe = (code + "\nimport json as _json, sys as _sys\n"
             "print('LOADED=' + _json.dumps(sorted({m.split('.')[0] for m in _sys.modules})))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout.split("LOADED=")[-1]))
    assert not loaded & {"panel", "bokeh"}, "a chapter's Python loads Panel: Quarto would print its loader"


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.slug)
def test_each_lab_is_a_package_of_plan_model_and_app(lab):
    folder = ROOT / lab.module.replace(".", "/")
    assert {p.name for p in folder.glob("*.py")} >= {"__init__.py", "plan.py", "model.py", "app.py", "main.py"}
