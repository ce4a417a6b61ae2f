"""Every lab builds, renders and reacts without pandas or bleach, which the Pyodide runtime does not ship.

Runs in a subprocess so that the pandas block cannot leak into other tests.
"""

import subprocess
import sys
import textwrap

import pytest

from sitebuild.config import LABS
from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    import gc, importlib, json, sys

    class BlockPandas:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("pandas", "bleach"):
                raise ImportError(f"{name} is blocked: the site's Pyodide runtime does not ship it")

    sys.meta_path.insert(0, BlockPandas())
    import panel as pn
    from bokeh.document import Document
    from labs.kit import MoveCounter, NumericAnswer, PredictionLock, Reflection, Stops

    lab = importlib.import_module(sys.argv[1]).create()
    doc = Document()
    doc.add_root(pn.panel(lab).get_root(doc))
    json.dumps(doc.to_json())
    # Answer every lock, reflection and numeric question and open every gate, so that every gated
    # chart is built, then move every choice widget through all its values and back to the first.
    for part in [o for o in gc.get_objects() if isinstance(o, (PredictionLock, Reflection))]:
        part.restore(next(iter(part.options)))
    for gate in [o for o in gc.get_objects() if isinstance(o, MoveCounter)]:
        gate.unlock()
    for answer in [o for o in gc.get_objects() if isinstance(o, NumericAnswer)]:
        answer.submit(0.5)
    choosers = (pn.widgets.RadioButtonGroup, pn.widgets.Select, pn.widgets.DiscreteSlider, Stops)
    toggles = [o for o in gc.get_objects() if isinstance(o, choosers)]
    for toggle in toggles:
        values = list(toggle.options.values()) if isinstance(toggle.options, dict) else list(toggle.options)
        for value in values + values[:1]:
            toggle.value = value
    for switch in [o for o in gc.get_objects() if isinstance(o, pn.widgets.Toggle)]:
        switch.value = not switch.value
    json.dumps(doc.to_json())
    print("toggles", len(toggles), "blocked imported:", "pandas" in sys.modules or "bleach" in sys.modules)
""")


@pytest.mark.parametrize("module", [m for m, _ in LABS])
def test_lab_needs_no_pandas(module):
    result = subprocess.run([sys.executable, "-c", SCRIPT, module], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "blocked imported: False" in result.stdout
    assert "toggles 0" not in result.stdout
