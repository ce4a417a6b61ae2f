"""The first act's instruments, working on the static page before Python has started.

Once the opening lock (sitebuild/opening.py) is answered, the page draws the instruments that
lock opens, as the lab would draw them, and the act's first control works: each of its settings
is a state the build computed by running the real lab, recorded as the Bokeh patch that takes
the drawing there. The other controls wait for Python. When the lab starts, it makes the
student's moves again itself (``Lab.replay``), so what they did carries over.

States depend on the track (the lab's numbers are the track's) and on the answer (some
instruments mark the prediction), so there is one set per track and answer; identical ones are
stored once.
"""

from __future__ import annotations

import hashlib
import json

import panel as pn
from bokeh.document import Document
from bokeh.document.events import ColumnDataChangedEvent, ModelChangedEvent
from bokeh.protocol import Protocol
from panel.io.resources import CDN_DIST

import pycore
from labs.client import internals
from labs.kit.shell import Stops, control_values

# Model ids of the drawing start here, far above any the live lab reaches, so that the page's two
# documents never share one. The count (and param's count, which names objects) restarts for each
# lab made, so that equal drawings come out equal and are stored once.
FIRST_ID = 10_000_000


class PreviewError(ValueError):
    pass


def _fresh_ids() -> None:
    internals.restart_ids(FIRST_ID)


def _store(table: dict, value) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    key = hashlib.sha256(text.encode()).hexdigest()[:12]
    table[key] = value
    return key


def _bokeh_widget(control):
    return control.widget if isinstance(control, Stops) else control


def _state_key(model, prop: str) -> str:
    return json.dumps(getattr(model, prop))


def _objects(node):
    """Every serialized model in a document's JSON."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "id" in node:
            yield node
        for child in node.values():
            yield from _objects(child)
    elif isinstance(node, list):
        for child in node:
            yield from _objects(child)


def _hide(doc_json: dict, model_ids: set[str]) -> None:
    for o in _objects(doc_json):
        if o["id"] in model_ids and "attributes" in o:
            o["attributes"]["visible"] = False


def _drawing(create, track: str | None, option: str, fields: dict):
    """A fresh lab for ``track`` with ``option`` locked, and the document of what that lock opens."""
    _fresh_ids()
    lab = create(track=track)
    lab.ledger.stored = dict(fields)  # the first read of the record the opening lock wrote
    control, area = lab.preview_control, lab.preview_instruments
    if not lab.opening_lock.locked:
        raise PreviewError(f"restoring the opening lock's answer {option!r} did not lock it")
    lead = _bokeh_widget(control)
    for widget in area.select(pn.widgets.Widget):
        if widget is not lead:
            widget.disabled = True  # they wait for Python
    # Without the lab's SliderLabels: a second copy of a JSComponent on the page stops the live lab's
    # own from starting (preview.js names the handles instead).
    layout = pn.Column(*([] if control in area.controls else [control]), area, sizing_mode="stretch_width")
    doc = Document()
    root = layout.get_root(doc)
    doc.add_root(root)
    return lab, control, doc, root, internals.bokeh_model(lead, root)


def _variant(create, track: str | None, option: str, fields: dict, dist_url: str, docs: dict,
             patches: dict) -> dict:
    """One track and answer: the drawing as first shown, and a patch per setting of the control."""
    lab, control, doc, _, _ = _drawing(create, track, option, fields)
    values = control_values(control)
    if len(values) < 2:
        raise PreviewError(f"the first act's control {control!r} offers fewer than two settings")
    touched: set[tuple[str, str]] = set()

    def collect(event) -> None:
        if not isinstance(event, (ModelChangedEvent, ColumnDataChangedEvent)):
            raise PreviewError(f"a setting of the first act's control made a {type(event).__name__}, which the "
                               "static page cannot replay")
        touched.add((event.model.id, event.attr if isinstance(event, ModelChangedEvent) else "data"))

    doc.on_change(collect)
    for value in values:  # every property any setting changes
        control.value = value

    # Again in a fresh lab (the same ids): each setting as first reached, then after all the others.
    # A property that differs between the two depends on the student's path (a list of the tiers
    # visited, say): the page hides it until the lab runs.
    lab, control, doc, root, model = _drawing(create, track, option, fields)
    models = {model_id: doc.get_model_by_id(model_id) for model_id, _ in touched}
    if None in models.values():
        raise PreviewError("making the lab twice gave its drawing different model ids")

    def read() -> dict:
        return {key: repr(getattr(models[key[0]], key[1])) for key in touched}

    prop = "active" if hasattr(model, "active") else "value"
    initial = _state_key(model, prop)
    doc_json = doc.to_json()
    first = {}
    for value in values:
        control.value = value
        first[value] = read()
    path_dependent = set()
    for value in reversed(values):
        control.value = value
        again = read()
        shown = {m for m, _ in touched if "False" not in (first[value].get((m, "visible")), again.get((m, "visible")))}
        path_dependent |= {key for key in touched if key[0] in shown and first[value][key] != again[key]}
    _hide(doc_json, {model_id for model_id, _ in path_dependent})
    doc_json = json.loads(json.dumps(doc_json).replace(CDN_DIST, dist_url))
    protocol = Protocol()
    states = {}
    for value in values:  # each setting as the values of all of them, so any state follows any other
        control.value = value
        events = [ModelChangedEvent(doc, models[m], attr, getattr(models[m], attr))
                  for m, attr in sorted(touched - path_dependent)]
        message = protocol.create("PATCH-DOC", events)
        if message.buffers:
            raise PreviewError("a state of the first act's drawing holds binary buffers")
        content = json.loads(json.dumps(message.content).replace(CDN_DIST, dist_url))
        states[_state_key(model, prop)] = {"value": value, "patch": _store(patches, content)}
    return {"doc": _store(docs, doc_json), "root": root.ref["id"], "control": model.id, "property": prop,
            "initial": initial, "states": states, "saved_as": lab.bindings.get(control)}


def first_act_preview(create, plan, opening: dict | None, dist_url: str) -> dict | None:
    """What the page needs to work ``create()``'s first act before Python starts, or None when it has
    no opening lock or no control. ``opening`` is sitebuild.opening's spec (its ``fields`` say what
    each answer writes); ``plan`` is the lab's plan, which says whether the drawing marks the answer
    (``PREVIEW_SHOWS_ANSWER``: else one drawing per track serves every answer); ``dist_url`` is where
    the page finds Panel's stylesheets.

    ``{"chapter", "tracks": [...] or None, "default_track", "docs": {id: doc}, "patches": {id: patch},
    "variants": {"<track>/<answer>": {"doc", "root", "control", "property", "initial", "states",
    "saved_as"}}}``: ``initial`` is the key of the state first drawn; ``states`` maps the control's
    property value (JSON) to the lab's value for it and the patch drawing it; ``saved_as`` is the
    record field the lab binds the control to (``Lab.bind``), if any.
    """
    lab = create()
    if opening is None or lab.preview_control is None or lab.preview_instruments is None:
        return None
    tracked = "track" in lab.record
    tracks = list(pycore.TRACKS) if tracked else None
    docs, patches, variants = {}, {}, {}
    answers = list(opening["fields"])
    for track in tracks or [None]:
        for option in answers if getattr(plan, "PREVIEW_SHOWS_ANSWER", True) else answers[:1]:
            variants[f"{track or ''}/{option}"] = _variant(create, track, option, opening["fields"][option],
                                                           dist_url, docs, patches)
        for option in answers:  # the same drawing for every answer, where the plan says it does not mark one
            variants.setdefault(f"{track or ''}/{option}", variants[f"{track or ''}/{answers[0]}"])
    return {"chapter": opening["chapter"], "tracks": tracks, "default_track": lab.record.get("track"), "docs": docs,
            "patches": patches, "variants": variants}
