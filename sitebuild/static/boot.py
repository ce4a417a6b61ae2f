# Runs inside Pyodide on a lab page, after boot.js has installed the packages.
# LAB_MODULE (the lab's module), DIST_URL (this site's copy of Panel's dist folder) and LAB_LINK
# (a JSON object of the link settings boot.js has already checked) are set by boot.js.
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


from panel.io.pyodide import init_doc, write_doc
from panel.io.state import state

lap("import_panel")

init_doc()
state.curdoc._template_variables["dist_url"] = DIST_URL  # or Panel asks its CDN for CSS
# Panel's Pyodide path never hooks 'document_ready' to the on-load scheduler the server uses,
# so updates held until load (every JSComponent change among them) would never be released.
state.curdoc.on_event("document_ready", functools.partial(state._schedule_on_load, state.curdoc))

link = json.loads(LAB_LINK)
module = importlib.import_module(LAB_MODULE)
lap("import_lab")
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
await write_doc()
lap("render")
js.document.body.dataset.pythonTimes = json.dumps(_times)
