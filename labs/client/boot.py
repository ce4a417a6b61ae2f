"""What a lab page's Python worker runs to make the lab and link it to the page.

``client/python-worker.js`` imports this module once the packages are in, and awaits :func:`run` with
the page's ``run`` message (as JSON) and its line to the page. The messages both ways are listed in
``client/protocol.js``; the ones that reach Python are typed here, and checked as they arrive. Panel
is imported by :func:`run`, not at import, so that the worker can time it and CPython tests can
import this module without a browser.
"""

from __future__ import annotations

import importlib
import json
import time
from dataclasses import dataclass
from typing import Any, Protocol


class MessageError(ValueError):
    """A message from the page that lacks what it must carry."""


@dataclass(frozen=True)
class RunRequest:
    """The page's ``run`` message: which lab to make, with the link settings the page has checked."""

    module: str  # the lab's importable module, e.g. "labs.lab02_ml_systems"
    track: str | None  # the link's track, or None for the saved one
    preset: str | None  # the link's preset, or None
    dist_url: str  # this site's copy of Panel's dist folder (absolute URL)
    title: str  # the page's title, given to the document

    @classmethod
    def from_json(cls, text: str) -> RunRequest:
        try:
            msg = json.loads(text)
            link = msg["link"]
            request = cls(module=msg["module"], track=link.get("track"), preset=link.get("preset"),
                          dist_url=msg["distUrl"], title=msg["title"])
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise MessageError(f"the page's run message is malformed ({err!r})") from None
        required = (request.module, request.dist_url, request.title)
        optional = (request.track, request.preset)
        if not all(isinstance(v, str) for v in required) or any(v is not None and not isinstance(v, str)
                                                                   for v in optional):
            raise MessageError("the page's run message has a field of the wrong type")
        if not request.module.startswith("labs."):
            raise MessageError(f"the page asked for {request.module!r}, which is not a lab")
        return request


def visited_settings(text: str) -> list:
    """The page's ``instruments`` message: the settings the student moved the first instrument through."""
    try:
        values = json.loads(text)
    except ValueError as err:
        raise MessageError(f"the page's instruments message is malformed ({err})") from None
    if not isinstance(values, list):
        raise MessageError("the page's instruments message is not a list")
    return values


class Page(Protocol):
    """The worker's line to the page (``page`` in python-worker.js); each call is one message."""

    def closeInstruments(self) -> Any: ...  # awaitable: the page's ``instruments`` message, as JSON text

    def render(self, docs_json: Any, render_items: Any, root_ids: Any) -> Any: ...  # awaitable: "rendered"

    def sendPatch(self, patch: Any, buffers: Any) -> None: ...

    def listen(self, apply: Any) -> None: ...


class Laps:
    """Milliseconds per start-up step, shown to ``nox -s bench`` through the page's data-boot-times."""

    def __init__(self) -> None:
        self.times: dict[str, int] = {}
        self._mark = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = round((now - self._mark) * 1000)
        self._mark = now


def link_to_page(pydoc, page: Page):
    """Send the Python document's changes to the page, all those one Python callback makes as one
    patch, and return the function that applies the page's changes here. Panel sends every changed
    property as a patch of its own, and the page lays itself out again after each: a slider step
    that redraws five cards and two charts made 13 of them."""
    import js
    from pyodide.ffi import create_proxy, to_js

    from labs.client import internals

    pending = []

    def send():
        if not pending:  # already sent, before a change from the page (below)
            return
        events = pending.copy()
        pending.clear()
        patch, buffers = internals.process_document_events(pydoc, events)
        page.sendPatch(to_js(patch, dict_converter=internals.dict_converter()), js.Map.new(to_js(buffers)))

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


async def run(request_json: str, page: Page) -> str:
    """Make the lab the page asked for, hand its document to the page and link the two; return how long
    each step took, as JSON."""
    laps = Laps()
    request = RunRequest.from_json(request_json)
    from bokeh.events import DocumentReady
    from panel.io.pyodide import init_doc, write_doc
    from panel.io.state import state
    from pyodide.ffi import create_proxy

    from labs.client import internals
    laps.lap("import_panel")

    init_doc()
    internals.set_dist_url(state.curdoc, request.dist_url)  # or Panel asks its CDN for CSS
    internals.release_on_load(state.curdoc)
    module = importlib.import_module(request.module)
    laps.lap("import_lab")
    lab = module.create(track=request.track, preset=request.preset)
    lab.servable(title=request.title)
    laps.lap("create_lab")

    # The lab reads the ledger as it is drawn: from here on the lab's own lock takes answers, or one
    # given on the page could be saved after the lab has read the record, and be overwritten. The page's
    # first instrument stops too, and the lab makes the student's moves on it again once it has restored.
    lab.replay(visited_settings(await page.closeInstruments()))
    docs_json, render_items, root_ids = await write_doc()  # in a worker: the document as JSON, not drawn
    await page.render(docs_json, render_items, root_ids)
    page.listen(create_proxy(link_to_page(state.curdoc, page)))
    state.curdoc.unhold()
    state.curdoc.callbacks.trigger_event(DocumentReady())
    laps.lap("render")
    return json.dumps(laps.times)
