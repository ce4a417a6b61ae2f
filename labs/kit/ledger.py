"""The Design Ledger bridge and the ledger status bar (HUD).

The ledger lives in the browser's localStorage and is written by JavaScript (ledger.js),
so it behaves the same whether Python runs in Pyodide or on a server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import panel as pn
import param
from panel.custom import JSComponent
from panel.viewable import Viewer

from labs.client.internals import LeanUpdates, Markdown

from . import ledger_schema
from .styles import KIT_CSS
from .text import plain

LEDGER_KEY = ledger_schema.STORAGE_KEY


class LedgerStore(LeanUpdates, JSComponent):
    """Keeps one chapter's record in localStorage; every write is read back.

    ``state`` goes 'loading' -> 'ready' (or 'recovered' when an unreadable value was backed
    up) -> 'saved' after each write, or 'error' when a write fails; ``message`` says why.
    """

    storage_key = param.String(default=LEDGER_KEY, constant=True, doc="localStorage key of the ledger.")
    chapter = param.String(doc="Chapter number this lab records under.")
    pending = param.Dict(default={}, doc="{'seq': n, 'record': the record to write} (Python -> browser). The "
                         "sequence number makes every save a change, even of a record equal to the last one sent.")
    stored = param.Dict(default=None, allow_None=True, doc="Record as read back from storage (browser -> Python).")
    heard = param.Dict(default={}, doc="{'seq': n, 'fields': {...}}: the fields of this chapter's record that "
                       "another copy of the lab or the ledger page changed since this page last read or wrote it "
                       "(browser -> Python). A read-back of this page's own write never sets it.")
    chapters = param.Dict(default={}, doc="Every chapter's record as last read (browser -> Python), for labs "
                          "that build on earlier ones.")
    state = param.Selector(default="loading", objects=["loading", "ready", "recovered", "saved", "memory", "error"],
                           doc="'memory' when the browser blocks storage: the record lives as long as the page.")
    message = param.String(default="", doc="What the student is told about the last read or write.")
    backup_key = param.String(default="", doc="Where an unreadable ledger value was kept, if any.")
    student = param.String(default="", doc="The name the student gave on the ledger page, for their report.")

    _esm = Path(__file__).with_name("ledger.js")

    def latest(self, field: str) -> object | None:
        """The most recently saved value of ``field`` in any chapter's record, or None."""
        records = [r for r in self.chapters.values() if isinstance(r, dict) and r.get(field) is not None]
        return max(records, key=lambda r: str(r.get("updated", "")))[field] if records else None

    def save(self, record: dict) -> None:
        """Ask the browser to store ``record`` as this chapter's record."""
        self.pending = {"seq": self.pending.get("seq", 0) + 1, "record": dict(record)}


def _shown(fmt: Callable[[object], str], value: object) -> str:
    """``fmt(value)``, or a plain word when a stored value is not one the lab writes: a status bar that
    raised here would stop the lab before it restored the record."""
    try:
        return fmt(value)
    except (TypeError, ValueError, KeyError, AttributeError):
        return "(unreadable)"


class LedgerHUD(Viewer):
    """Status bar at the foot of a lab: the record's key fields and whether it was saved."""

    def __init__(self, store: LedgerStore, fields: Sequence[tuple[str, str, Callable[[object], str]]], **params):
        super().__init__(**params)
        self._store = store
        self._fields = fields
        self._summary = Markdown("", sizing_mode="stretch_width", css_classes=["kit-hud-summary"],
                                         stylesheets=[KIT_CSS])
        self._alert = pn.pane.Alert("", alert_type="danger", visible=False, sizing_mode="stretch_width",
                                    css_classes=["kit-ledger-alert"])
        self._recovery = ""  # once an unreadable ledger was backed up, say so until the student dismisses it
        self._seen = ""  # the recovery message last shown (a dismissed one does not come back)
        self._dismiss = pn.widgets.Button(name="Dismiss this notice", button_type="light", visible=False,
                                          css_classes=["kit-ledger-dismiss"],
                                          description="Hide the notice; the backup stays in this browser")
        self._dismiss.on_click(self._dismissed)
        store.param.watch(self._refresh, ["stored", "state", "message"])
        self._refresh()

    def _dismissed(self, _event=None) -> None:
        self._recovery = ""
        self._refresh()

    def _refresh(self, *_):
        record = self._store.stored or {}
        parts = [f"**{label}:** {plain(_shown(fmt, record.get(field)))}" for label, field, fmt in self._fields]
        status = {
            "loading": "opening ledger…",
            "ready": "ledger open",
            "recovered": "fresh ledger (old value backed up)",
            "saved": "✔ record saved",
            "memory": "⚠ kept on this page only",
            "error": "⚠ not saved",
        }[self._store.state]
        if self._store.state == "recovered" and self._store.message != self._seen:
            self._recovery, self._seen = self._store.message, self._store.message
        if self._recovery and self._store.state != "recovered":
            status += " · fresh ledger (old value backed up)"
        self._summary.object = "Design Ledger · " + " · ".join(parts) + f" · **Status:** {status}"
        error = self._store.state == "error"
        loud = error or self._store.state == "memory"
        self._alert.alert_type = "danger" if loud else "warning"
        # Messages quote what storage held (a chapter key, an error's text): shown as text, never markup.
        self._alert.object = plain(self._store.message if loud else self._recovery)
        self._alert.visible = loud or bool(self._recovery)
        self._dismiss.visible = not loud and bool(self._recovery)

    def __panel__(self):
        return pn.Column(self._alert, self._dismiss, self._summary, self._store, sizing_mode="stretch_width",
                         css_classes=["kit-hud"], stylesheets=[KIT_CSS])
