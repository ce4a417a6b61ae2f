"""The lab kit: the parts every lab is built from, so lab files say what a lab holds, not how it looks.

Two layers. Pure modules import without Panel, so the book and the build can use them: ``plan``
(questions, messages, record fields, lessons, presets), ``format``, ``mathml``, ``text``,
``reference`` and ``ledger_schema``. The widgets, charts and the lab shell need Panel; they are
imported when first named here (``from labs.kit import PredictionLock``), never by the pure ones.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "charts": ("CeilingChart", "GraphView", "Heatmap", "LogBarChart", "LogLineChart", "Meter", "RooflineChart",
               "StackedBar", "TimelineChart", "column_source", "highlight"),
    "confirm": ("Confirm", "confirm_button"),
    "ledger": ("LEDGER_KEY", "LedgerHUD", "LedgerStore"),
    "lock": ("PredictionLock", "when_locked"),
    "mathpeek": ("math_peek",),
    "messages": ("FailureBanner", "Stakeholder", "stakeholder"),
    "plan": ("Blanks", "Check", "Field", "Lesson", "Message", "Option", "Outline", "Preset", "Question", "Statement",
             "answer_fields"),
    "progress": ("MoveCounter", "NumericAnswer"),
    "reveal": ("FillInBlanks", "Reflection", "Reveal"),
    "shell": ("Act", "Lab", "Stops", "card", "cards", "instruments", "set_card", "slider"),
    "tracks": ("TrackPicker", "link_settings", "tracked_lab"),
}
_MODULE = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str):
    if name not in _MODULE:
        raise AttributeError(f"module 'labs.kit' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULE[name]}", __name__), name)


__all__ = sorted(_MODULE)
