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
    from labs.kit import PredictionLock, Reflection

    lab = importlib.import_module(sys.argv[1]).create()
    doc = Document()
    doc.add_root(pn.panel(lab).get_root(doc))
    json.dumps(doc.to_json())
    # Answer every lock and reflection, so that every gated chart is built, then move every toggle.
    for part in [o for o in gc.get_objects() if isinstance(o, (PredictionLock, Reflection))]:
        part.restore(next(iter(part.options)))
    toggles = [o for o in gc.get_objects() if isinstance(o, pn.widgets.RadioButtonGroup)]
    for toggle in toggles:
        for value in list(toggle.options.values()) + [toggle.options[next(iter(toggle.options))]]:
            toggle.value = value
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
