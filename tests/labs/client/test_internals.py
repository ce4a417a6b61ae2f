"""The contract with Panel's and Bokeh's internals (labs/client/internals.py): each private name the course
uses still exists and still does what the course needs, in the versions the site ships. An upgrade that
breaks one fails here, by name."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from unittest import mock

import panel as pn
import pytest
from bokeh.document import Document
from bokeh.document.events import ModelChangedEvent
from bokeh.models import Div

from labs.client import internals


@pytest.fixture(autouse=True, scope="module")
def browser_modules():
    """Stand-ins for the browser's ``js`` and Pyodide's ``pyodide``, which panel.io.pyodide imports at load."""
    fakes = {"js": mock.MagicMock(), "pyodide": mock.MagicMock(), "pyodide.ffi": mock.MagicMock()}
    # Importing panel.io.pyodide sets BOKEH_RESOURCES=cdn, which later `panel serve` subprocesses would inherit.
    with mock.patch.dict(sys.modules, fakes), mock.patch.dict(os.environ):
        yield
    sys.modules.pop("panel.io.pyodide", None)


def test_the_versions_are_the_ones_the_contract_was_checked_against():
    for package, version in internals.PINNED.items():
        assert importlib.metadata.version(package) == version, f"{package} moved: re-check labs/client/internals.py"


def test_a_change_becomes_a_patch_the_page_can_send_back():
    source = Document()
    div = Div(text="before")
    source.add_root(div)
    target = Document.from_json(source.to_json())  # the page's copy
    events = []
    source.on_change(events.append)
    div.text = "after"
    patch, buffers = internals.process_document_events(source, events)
    assert patch["events"][0]["attr"] == "text" and patch["events"][0]["new"] == "after" and list(buffers) == []
    assert callable(internals.dict_converter())


    class FromPage:  # a patch as the worker receives it: a JavaScript object Pyodide converts with to_py
        def to_py(self, default_converter):
            assert callable(default_converter)
            return patch

    target.apply_json_patch(internals.convert_json_patch(FromPage()), setter="js")
    assert target.roots[0].text == "after"


def test_document_settings_and_the_on_load_release():
    doc = Document()
    internals.set_dist_url(doc, "../runtime/panel/")
    assert doc._template_variables["dist_url"] == "../runtime/panel/"
    before = len(doc.callbacks._event_callbacks.get("document_ready", []))
    internals.release_on_load(doc)
    assert len(doc.callbacks._event_callbacks["document_ready"]) == before + 1


def test_ids_restart_and_a_widgets_model_is_found():
    internals.restart_ids(5_000_000)
    widget = pn.widgets.Select(options=["a", "b"])
    doc = Document()
    root = pn.Column(widget).get_root(doc)
    model = internals.bokeh_model(widget, root)
    assert model.value == "a" and int(model.id.lstrip("p")) >= 5_000_000
    assert isinstance(ModelChangedEvent(doc, model, "value", "b"), ModelChangedEvent)


@pytest.mark.parametrize(("lean", "stock", "text"), [
    (internals.Markdown, pn.pane.Markdown, "**Memory D/BW**\n\n### 1.04 s\n99.5% of T <b>"),
    (internals.HTML, pn.pane.HTML, "<p class='kit-chart-title'>Roofline &amp; ridge</p>"),
    (internals.Alert, pn.pane.Alert, "At **10K a day**, eager mode is faster."),
])
def test_a_text_pane_sends_the_text_panel_would_and_nothing_else(lean, stock, text):
    lean_pane, stock_pane = lean("before", css_classes=["kit-card"]), stock("before", css_classes=["kit-card"])
    lean_model, stock_model = lean_pane.get_root(Document()), stock_pane.get_root(Document())
    sheets = list(lean_model.stylesheets)
    lean_pane.object = stock_pane.object = text
    assert lean_model.text == stock_model.text and "before" not in lean_model.text
    assert lean_model.stylesheets == sheets  # the same models: no new stylesheets for the page to apply
    lean_pane.css_classes = stock_pane.css_classes = ["kit-card-binding"]  # still synced, as Panel does
    assert lean_model.css_classes == stock_model.css_classes


def test_a_lean_component_recomputes_its_theme_only_for_new_stylesheets():
    lean, stock = internals.IntSlider(start=0, end=4), pn.widgets.IntSlider(start=0, end=4)
    lean_model, stock_model = lean.get_root(Document()), stock.get_root(Document())
    lean.param.update(value=3, end=6)
    stock.param.update(value=3, end=6)
    assert (lean_model.value, lean_model.end) == (stock_model.value, stock_model.end) == (3, 6)
    lean.stylesheets = stock.stylesheets = [".bk-slider-title { color: red; }"]
    assert len(lean_model.stylesheets) == len(stock_model.stylesheets) > 1  # the theme's, and the new one
