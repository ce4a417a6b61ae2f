"""The track picker: the student's persona, preselected from the ledger, recorded in it."""

from __future__ import annotations

from collections.abc import Sequence

import panel as pn
import param
from panel.viewable import Viewer

import pycore as pc

from .format import si
from .ledger import LedgerStore
from .plan import Field
from .shell import Act, Lab
from .styles import KIT_CSS


class TrackPicker(Viewer):
    """Choose one of the four tracks. ``restore`` (called when the ledger is first read)
    selects this chapter's saved track, else the one most recently saved by any other lab;
    with neither, Cloud Titan stays selected.
    """

    value = param.Selector(default="cloud", objects=list(pc.TRACKS), doc="Key of the chosen track.")

    def __init__(self, store: LedgerStore, **params):
        super().__init__(**params)
        self._store = store
        self._radio = pn.widgets.RadioButtonGroup(
            name="Your track", options={t.persona: t.key for t in pc.TRACKS.values()}, value=self.value,
            description="The persona whose mission you design for in every lab", button_type="primary",
            button_style="outline", css_classes=["kit-track-picker"],
        )
        self._summary = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-track-summary"])
        self._radio.param.watch(lambda e: setattr(self, "value", e.new), "value")
        self.param.watch(self._sync, "value")
        self._sync()

    @property
    def track(self) -> pc.Track:
        return pc.track(self.value)

    def restore(self, record: dict) -> None:
        """Select this chapter's saved track, else the one most recently saved by another lab."""
        for candidate in (record.get("track"), self._store.latest("track")):
            if candidate in pc.TRACKS:
                self.value = candidate
                return

    def _sync(self, *_) -> None:
        self._radio.value = self.value
        t = self.track
        self._summary.object = (
            f"**{t.persona}** ({t.role}): {t.mission}. Device: {t.device.name}; lighthouse model: "
            f"{t.workload.name}; target {si(t.target_latency_s, 's')} within {si(t.power_budget_W, 'W')}. "
            f"The wall you will keep hitting: **{t.wall}**."
        )

    def __panel__(self):
        return pn.Column(pn.pane.Markdown("### Your track"), self._radio, self._summary,
                         sizing_mode="stretch_width", css_classes=["kit-track"], stylesheets=[KIT_CSS])


def tracked_lab(plan, hud=(), fields: Sequence[Field] = ()) -> tuple[Lab, TrackPicker]:
    """A lab that opens with the track picker and ends with the completion card.

    ``plan`` is the lab's plan module (its LESSON, HUD and FIELDS are read from it), or, for a lab
    without one, a Lesson with ``hud`` and ``fields``. The track is restored first (so each part can
    then restore its own settings over the track's defaults) and recorded under ``track``.
    """
    lesson = getattr(plan, "LESSON", plan)
    if lesson is not plan:
        hud, fields = plan.HUD, plan.FIELDS
    lab = Lab(lesson, hud=[("Track", "track", lambda v: pc.track(v).persona if v in pc.TRACKS else "—"), *hud],
              fields=fields)
    if lesson is not plan:
        from .ending import Ending

        lab.ending = Ending(plan, lab.ledger)
    picker = TrackPicker(lab.ledger)
    lab.on_restore(picker.restore)
    picker.param.watch(lambda e: lab.update_record(track=e.new), "value")
    picker.param.watch(lambda e: lab.set_track(e.new), "value")
    lab.set_track(picker.value)  # and every act added later starts on it
    lab.update_record(track=picker.value)
    lab.add_act(Act("Choose your track", "1–2", picker, anchor="track"), numbered=False)
    return lab, picker


def link_settings(track: str | None, preset: str | None, presets: dict) -> dict:
    """The settings a link asks for (``?track=``, ``?preset=``), checked again here: the page checks
    them first, and this refuses anything else with a ValueError naming the parameter."""
    settings: dict = {}
    if preset is not None:
        if preset not in presets:
            raise ValueError(f"preset: no preset {preset!r}; known: {', '.join(presets) or 'none'}")
        settings.update(presets[preset].settings)
    if track is not None:
        if track not in pc.TRACKS:
            raise ValueError(f"track: no track {track!r}; known: {', '.join(pc.TRACKS)}")
        settings["track"] = track
    return settings
