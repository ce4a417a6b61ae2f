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
