# Runs inside Pyodide, in the lab page's worker (python-worker.js), once the packages are installed.
# LAB_MODULE (the lab's module), LAB_LINK (a JSON object of the link settings boot.js has already
# checked), DIST_URL (this site's copy of Panel's dist folder), TITLE (the page's) and PAGE (the
# worker's line to the page: closeInstruments, render, sendPatch, listen) are set by the worker.
# Its value is the time each step took, as JSON.
import importlib
import json
import time

import js

_times, _mark = {}, time.perf_counter()


def lap(name):  # milliseconds per step, shown to `nox -s bench` through data-boot-times
    global _mark
    now = time.perf_counter()
    _times[name] = round((now - _mark) * 1000)
    _mark = now


from bokeh.events import DocumentReady
from panel.io.pyodide import init_doc, write_doc
from panel.io.state import state
from pyodide.ffi import create_proxy, to_js

from labs.client import internals

lap("import_panel")


def link_to_page(pydoc):
    """Send the Python document's changes to the page, all those one Python callback makes as one
    patch, and return the function that applies the page's changes here. Panel sends every changed
    property as a patch of its own, and the page lays itself out again after each: a slider step
    that redraws five cards and two charts made 13 of them."""
    pending = []

    def send():
        if not pending:  # already sent, before a change from the page (below)
            return
        events = pending.copy()
        pending.clear()
        patch, buffers = internals.process_document_events(pydoc, events)
        PAGE.sendPatch(to_js(patch, dict_converter=internals.dict_converter()), js.Map.new(to_js(buffers)))

    send_proxy = create_proxy(send)

    def collect(event):
        if getattr(event, "setter", None) == "js":  # the page's own change, applied here
            return
        pending.append(event)
        if len(pending) == 1:  # sent once the callback making the changes has returned
            js.queueMicrotask(send_proxy)

    def apply_from_page(patch):
        # What Python changed before this goes out first: applying a patch marks every model in the
        # document as known to the page, so a model made since, still unsent, would be sent as a
        # reference the page lacks.
        send()
        pydoc.apply_json_patch(internals.convert_json_patch(patch), setter="js")

    pydoc.on_change(collect)
    return apply_from_page


init_doc()
internals.set_dist_url(state.curdoc, DIST_URL)  # or Panel asks its CDN for CSS
internals.release_on_load(state.curdoc)

link = json.loads(LAB_LINK)
module = importlib.import_module(LAB_MODULE)
lap("import_lab")
lab = module.create(track=link["track"], preset=link["preset"])
lab.servable(title=TITLE)
lap("create_lab")

# The lab reads the ledger as it is drawn: from here on the lab's own lock takes answers, or one
# given on the page could be saved after the lab has read the record, and be overwritten. The page's
# first instrument stops too, and the lab makes the student's moves on it again once it has restored.
lab.replay(json.loads(await PAGE.closeInstruments()))
docs_json, render_items, root_ids = await write_doc()  # in a worker: the document as JSON, not drawn
await PAGE.render(docs_json, render_items, root_ids)
PAGE.listen(create_proxy(link_to_page(state.curdoc)))
state.curdoc.unhold()
state.curdoc.callbacks.trigger_event(DocumentReady())
lap("render")
json.dumps(_times)
