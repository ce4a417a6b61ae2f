"""The lab kit: the parts every lab is built from, so lab files say what a lab holds, not how it looks."""

import panel as pn

from .charts import (
    CeilingChart,
    GraphView,
    Heatmap,
    LogBarChart,
    LogLineChart,
    Meter,
    RooflineChart,
    StackedBar,
    TimelineChart,
    column_source,
    highlight,
)
from .ledger import LEDGER_KEY, LedgerHUD, LedgerStore
from .lock import Option, PredictionLock, when_locked
from .mathpeek import math_peek
from .messages import FailureBanner, Stakeholder, stakeholder
from .progress import MoveCounter, NumericAnswer
from .reveal import FillInBlanks, Reflection, Reveal
from .shell import Act, Lab, Lesson, Preset, Stops, card, cards, instruments, set_card, slider
from .tracks import TrackPicker, link_settings, tracked_lab
from .truth import Check, Statement

pn.extension()

__all__ = [
    "Act", "CeilingChart", "Check", "FailureBanner", "FillInBlanks", "GraphView", "Heatmap", "LEDGER_KEY",
    "Lab", "LedgerHUD", "LedgerStore", "Lesson", "LogBarChart", "LogLineChart", "Meter", "MoveCounter",
    "NumericAnswer", "Option", "PredictionLock", "Preset", "Reflection", "Reveal", "RooflineChart",
    "StackedBar", "Stakeholder", "Statement", "Stops", "TimelineChart", "TrackPicker", "card", "cards",
    "column_source", "highlight", "instruments", "link_settings", "math_peek", "set_card", "slider",
    "stakeholder", "tracked_lab", "when_locked",
]
