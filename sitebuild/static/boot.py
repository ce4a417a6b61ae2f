# Runs inside Pyodide on a lab page, after boot.js has installed the packages.
# LAB_MODULE (the lab's module), DIST_URL (this site's copy of Panel's dist folder), LAB_LINK
# (a JSON object of the link settings boot.js has already checked), CLOSE_OPENING_LOCK (which
# ends the page's own opening lock) and CLOSE_PREVIEW (which stops the page's first instrument and
# returns, as JSON, the settings the student moved it through) are set by boot.js.
import asyncio
import functools
import importlib
import json
import time

import js

_times, _mark = {}, time.perf_counter()


def lap(name):  # milliseconds per step, shown to `nox -s bench` through data-python-times
    global _mark
    now = time.perf_counter()
    _times[name] = round((now - _mark) * 1000)
    _mark = now


# Panel's import takes over a second. In steps, with the page given a turn between them, the first
# instrument the page already draws keeps answering the keyboard meanwhile.
for _name in ("numpy", "param", "bokeh", "bokeh.core.properties", "bokeh.models.axes", "bokeh.models.glyphs",
              "bokeh.models.annotations", "bokeh.models.tools", "bokeh.models.widgets", "bokeh.models",
              "panel.config", "panel.io.resources", "panel.reactive", "panel.layout", "panel.widgets",
              "panel.pane", "panel.param"):
    importlib.import_module(_name)
    await asyncio.sleep(0)

import panel.io.pyodide as panel_pyodide
from panel.io.pyodide import init_doc, write_doc
from panel.io.state import state
from pyodide.ffi import create_proxy, to_js

lap("import_panel")


def in_one_patch(link_docs):
    """Panel's link from the Python document to the page's, sending each Python callback's changes
    as one patch. Panel sends every changed property as a patch of its own, and the page lays itself
    out again after each: a slider step that redraws five cards and two charts made 13 of them."""

    def link(pydoc, jsdoc):
        before = set(pydoc.callbacks.change_callbacks())
        link_docs(pydoc, jsdoc)
        # Panel's own sender, put in place by link_docs (it also listens to the page: that stays).
        pydoc.remove_on_change(*[cb for cb in pydoc.callbacks.change_callbacks() if cb not in before])
        pending = []

        def send():
            if not pending:  # already sent, before a change from the page (below)
                return
            events = pending.copy()
            pending.clear()
            patch, buffers = panel_pyodide._process_document_events(pydoc, events)
            panel_pyodide._patching = True  # as Panel's sender does: the page's echo of it is not sent back
            try:
                jsdoc.apply_json_patch(to_js(patch, dict_converter=panel_pyodide._dict_converter), to_js(buffers))
            finally:
                panel_pyodide._patching = False

        send_proxy = create_proxy(send)

        def collect(event):
            if getattr(event, "setter", None) == "js":  # the page's own change, applied here
                return
            pending.append(event)
            if len(pending) == 1:  # sent once the callback making the changes has returned
                js.queueMicrotask(send_proxy)

        pydoc.on_change(collect)
        # A change from the page is applied only after what Python changed before it has gone out, as
        # when each change went at once: applying one marks every model in the document as known to
        # the page, so a model made since, still unsent, would be sent as a reference the page lacks.
        apply_from_page = pydoc.apply_json_patch

        def apply_after_sending(*args, **kwargs):
            send()
            return apply_from_page(*args, **kwargs)

        pydoc.apply_json_patch = apply_after_sending

    return link


panel_pyodide._link_docs = in_one_patch(panel_pyodide._link_docs)

init_doc()
state.curdoc._template_variables["dist_url"] = DIST_URL  # or Panel asks its CDN for CSS
# Panel's Pyodide path never hooks 'document_ready' to the on-load scheduler the server uses,
# so updates held until load (every JSComponent change among them) would never be released.
state.curdoc.on_event("document_ready", functools.partial(state._schedule_on_load, state.curdoc))

link = json.loads(LAB_LINK)
await asyncio.sleep(0)
module = importlib.import_module(LAB_MODULE)
lap("import_lab")
await asyncio.sleep(0)
lab = module.create(track=link["track"], preset=link["preset"])
lab.servable(title=js.document.title)
lap("create_lab")

# write_doc pairs the document's roots, in order, with elements sorted by data-root-id, and renders
# each root into its element's id.
container = js.document.getElementById("lab-app")
for index, _root in enumerate(state.curdoc.roots):
    element = js.document.createElement("div")
    element.id = f"lab-root-{index}"
    element.setAttribute("data-root-id", f"root-{index:03d}")
    element.style.display = "contents"
    container.appendChild(element)
# The lab reads the ledger as it is drawn: from here on the lab's own lock takes answers, or one
# given on the page could be saved after the lab has read the record, and be overwritten.
CLOSE_OPENING_LOCK()
lab.replay(json.loads(CLOSE_PREVIEW()))  # made again once the record is restored
await write_doc()
lap("render")
js.document.body.dataset.pythonTimes = json.dumps(_times)
