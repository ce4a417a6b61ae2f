"""Every private Panel, Bokeh and param name the course relies on, in one place.

The course drives Panel's Pyodide path from a Web Worker and records Bokeh patches at build time,
which Panel and Bokeh offer no public API for. Each use goes through a function here, and
``tests/labs/client/test_internals.py`` calls each one in CPython against the pinned versions, so an
upgrade that renames or reshapes one fails there, by name, instead of in a student's browser.
"""

from __future__ import annotations

from typing import Any

import bokeh.util.serialization as _bokeh_serialization
import panel as pn
import param
from panel.io.state import state

PINNED = {"panel": "1.7.5", "bokeh": "3.6.3"}


def _panel_pyodide():
    # Imported when first used: the module needs the browser's `js`, which only the worker has.
    from panel.io import pyodide

    return pyodide


def process_document_events(doc, events) -> tuple[Any, Any]:
    """A Bokeh document's change events as one PATCH-DOC message's content and buffers (Panel's worker path)."""
    return _panel_pyodide()._process_document_events(doc, events)


def dict_converter():
    """The converter Panel uses to hand Python dicts to JavaScript as plain objects."""
    return _panel_pyodide()._dict_converter


def convert_json_patch(patch):
    """A patch that came from the page, in the form Bokeh's ``Document.apply_json_patch`` takes."""
    return _panel_pyodide()._convert_json_patch(patch)


def release_on_load(doc) -> None:
    """Release, on 'document_ready', the updates Panel holds until a document has loaded (its server does this;
    its Pyodide path never hooks it up, so every JSComponent change would stay held)."""
    doc.on_event("document_ready", lambda event: state._schedule_on_load(doc, event))


def set_dist_url(doc, url: str) -> None:
    """Where Panel's stylesheets come from for ``doc``: this site's copy, or Panel asks its CDN."""
    doc._template_variables["dist_url"] = url


def restart_ids(first: int) -> None:
    """Number Bokeh's models from ``first`` and param's objects from zero, so that two makings of the same
    drawing come out with the same ids (the build stores equal drawings once)."""
    _bokeh_serialization._simple_id = first
    param.parameterized.object_count = 0


def bokeh_model(widget, root) -> Any:
    """The Bokeh model Panel made for ``widget`` under the document root ``root``."""
    return widget._models[root.ref["id"]][0]


class LeanUpdates:
    """Panel turns every parameter change into model properties by first recomputing the component's theme
    (new stylesheet models each time), which it uses only when the stylesheets themselves changed: in the
    lab's worker that made up most of a slider step. A component with this mixin skips it otherwise."""

    def _update_properties(self, *events, doc):  # overrides Syncable._update_properties
        if any(event.name == "stylesheets" for event in events):
            return super()._update_properties(*events, doc=doc)
        return self._process_param_change({event.name: event.new for event in events})


class _TextOnlyUpdates(LeanUpdates):
    """Panel redraws a text pane whose ``object`` (or another of its ``_rerender_params``) changed by
    recomputing every property of its model, its theme's stylesheets included, then sending what differs.
    Only the text and the classes (Markdown adds its own to them) follow from those parameters, so this
    computes and sets those alone."""

    def _update(self, ref: str, model) -> None:  # overrides HTMLBasePane._update
        model.update(**self._process_param_change({"object": self.object, "css_classes": self.css_classes}))


class Markdown(_TextOnlyUpdates, pn.pane.Markdown):
    """``pn.pane.Markdown`` for text the lab rewrites as the student works (cards, labels, notes)."""


class HTML(_TextOnlyUpdates, pn.pane.HTML):
    """``pn.pane.HTML`` for HTML the lab rewrites (a chart's table of numbers)."""


class Alert(_TextOnlyUpdates, pn.pane.Alert):
    """``pn.pane.Alert`` for banners the lab rewrites."""


class IntSlider(LeanUpdates, pn.widgets.IntSlider):
    """``pn.widgets.IntSlider`` for the kit's sliders, which move at every key press."""


__all__ = ["HTML", "PINNED", "Alert", "IntSlider", "LeanUpdates", "Markdown", "bokeh_model", "convert_json_patch",
           "dict_converter", "process_document_events", "release_on_load", "restart_ids", "set_dist_url"]
