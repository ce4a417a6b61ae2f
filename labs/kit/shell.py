"""The lab shell: header, acts, instrument areas and the ledger status bar, laid out once for every lab."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import panel as pn
import param
from panel.viewable import Viewer

from labs.client.internals import IntSlider, Markdown

from .a11y import SliderLabels
from .confirm import Confirm, changes_text
from .ledger import LedgerHUD, LedgerStore
from .lock import PredictionLock
from .plan import Field, Lesson, Outline, Statement
from .styles import KIT_CSS, NARROW_CSS

pn.extension()  # here, with the widgets, so that the pure modules the book imports never load Panel
# Rows, button groups and Markdown panes the labs create themselves wrap or scroll on a narrow screen.
for _kind in (pn.Row, pn.widgets.RadioButtonGroup, pn.widgets.CheckButtonGroup, pn.widgets.RadioBoxGroup,
              pn.pane.Markdown):
    _kind.param.stylesheets.default = [NARROW_CSS]


class Instruments(pn.Column):
    """The shaded area made by ``instruments``; ``controls`` are the widgets and sliders in it, in order."""

    controls: tuple = ()


def instruments(*panels, title: str = "Instruments") -> Instruments:
    """A shaded area for the instruments an act unlocks."""
    area = Instruments(pn.pane.Markdown(f"#### {title}"), *panels, sizing_mode="stretch_width",
                       css_classes=["kit-instruments"], stylesheets=[KIT_CSS])
    area.controls = tuple(p for p in panels if is_control(p))
    return area


def control_values(control) -> list:
    """The values ``control`` can take, in the order it offers them (none for a free-form widget)."""
    if control is None:
        return []
    if isinstance(control, Stops):
        return control.values
    options = getattr(control, "options", None)
    if isinstance(options, dict):
        return list(options.values())
    return list(options or [])


def is_control(obj) -> bool:
    """A widget or a slider over stops: something the student sets."""
    return isinstance(obj, (pn.widgets.Widget, Stops))


def cards(*panes, columns: int = 4) -> pn.Row:
    """A row of figure cards, at most ``columns`` to a line, that wraps onto more lines on a narrow screen.
    (A wrapping Row: GridBox fixes its column count, and FlexBox is ReactiveHTML, which needs bleach,
    absent from the runtime.)"""
    for pane in panes:
        pane.param.update(sizing_mode="stretch_width", min_width=180, max_width=900 // min(columns, len(panes)))
    return pn.Row(*panes, sizing_mode="stretch_width", css_classes=["kit-cards"])


class Stops(Viewer):
    """A slider over labelled stops (``options`` maps label -> value); arrow keys step through them.

    Unlike Panel's DiscreteSlider, whose label is updated in the browser before Python has the
    value (and whose Python side then echoes values back to the slider), the label here is drawn
    by Python: what the student reads is what the lab computed with. a11y.js names the handle
    after the label.
    """

    title = param.String(default="", doc="What the slider sets, shown before the chosen label.")
    value = param.Parameter(doc="The chosen stop's value.")
    options = param.Dict(default={}, doc="Label -> value, in slider order.")

    def __init__(self, *, title: str, options: dict, value, **params):
        super().__init__(title=title, **params)
        self._label = Markdown("", css_classes=["kit-stops-label"], margin=(5, 10, 0, 10))
        self._slider = IntSlider(start=0, end=1, value=0, show_value=False, bar_color="#0b3d5c",
                                 sizing_mode="stretch_width")
        self.param.update(options=dict(options), value=value)
        self._slider.param.watch(self._from_slider, "value")
        self.param.watch(self._to_slider, ["value", "options", "title"])
        self._to_slider()

    @property
    def values(self) -> list:
        return list(self.options.values())

    @property
    def widget(self) -> IntSlider:
        """The slider widget itself (the static page works it before Python starts)."""
        return self._slider

    @property
    def label(self) -> str:
        return next((k for k, v in self.options.items() if v == self.value), "")

    def _from_slider(self, event) -> None:
        if 0 <= event.new < len(self.values):
            self.value = self.values[event.new]

    def _to_slider(self, *_) -> None:
        values = self.values
        self._slider.end = max(1, len(values) - 1)
        if self.value in values:
            self._slider.value = values.index(self.value)
        self._label.object = f"{self.title}: **{self.label}**"

    def __panel__(self):
        return pn.Column(self._label, self._slider, sizing_mode="stretch_width")


def slider(name: str, options: dict, value) -> Stops:
    """A slider over labelled stops; arrow keys step through them (a11y.js gives the handle its name)."""
    return Stops(title=name, options=options, value=value)


BINDING_FLAG = "**⚠ binding**"  # the words that go with the red outline: colour is never the only signal


def card(text: str = "", *, binding: bool = False) -> Markdown:
    """One figure card; ``binding`` outlines it, and labels it, as what limits the system."""
    pane = Markdown(stylesheets=[KIT_CSS])
    set_card(pane, text, binding=binding)
    return pane


def set_card(pane: pn.pane.Markdown, text: str, *, binding: bool) -> None:
    pane.object = f"{text}\n\n{BINDING_FLAG}" if binding else text
    pane.css_classes = ["kit-card-binding" if binding else "kit-card"]


class Act(Viewer):
    """One act of a lab: a heading and its parts, in lesson order.

    ``anchor`` names the act for links (``?act=2`` opens the element with class ``kit-act-2``);
    ``Lab.add_act`` numbers lesson acts 1, 2, 3 in order.
    """

    def __init__(self, title: str | Outline, minutes: str = "", *parts, anchor: str | None = None, **params):
        super().__init__(**params)
        if isinstance(title, Outline):  # a plan's outline of the act, then its parts
            parts = parts if isinstance(minutes, str) else (minutes, *parts)
            title, minutes = title.title, title.minutes
        self.title = title
        self.parts = parts
        self._column = pn.Column(pn.pane.Markdown(f"## {title}\n*About {minutes} minutes.*"), *parts,
                                 sizing_mode="stretch_width", css_classes=["kit-act"], stylesheets=[KIT_CSS])
        if anchor:
            self.anchor(anchor)

    def anchor(self, name: str) -> None:
        self._column.css_classes = ["kit-act", f"kit-act-{name}"]

    def __panel__(self):
        return self._column


def walk(obj) -> Iterator:
    """``obj`` and everything inside it, in page order: layouts' objects, an act's parts and what a lock
    or a move counter opens (whether or not it is open yet)."""
    yield obj
    if isinstance(obj, Act):
        children = obj.parts
    elif isinstance(obj, pn.layout.ListLike):
        children = obj.objects
    else:
        children = getattr(obj, "gated_panels", ())
    for child in children:
        yield from walk(child)


class PartRecord:
    """The record fields one act writes, held back until its prediction is locked: the instruments behind
    a lock are drawn from the start, but a part the student has not opened leaves nothing in the ledger."""

    def __init__(self, lab: Lab, lock: PredictionLock):
        self._lab = lab
        self._lock = lock
        self._held: dict = {}
        lock.param.watch(self._flush, "locked")

    def update(self, **fields) -> None:
        self._lab.check(fields)
        if self._lock.locked:
            self._lab.update_record(**fields)
        else:
            self._held.update(fields)

    def bind(self, control, field: str, *, then: Callable[[], None] | None = None) -> None:
        self._lab.bind(control, field, then=then, part=self)

    def record_moves(self, counter, act: str) -> None:
        self._lab.record_moves(counter, act, part=self)

    def _flush(self, event) -> None:
        if event.new and self._held:
            fields, self._held = self._held, {}
            self._lab.update_record(**fields)


class Lab(Viewer):
    """A whole lab: the lesson header, its acts and the ledger status bar.

    ``hud`` lists (label, record field, formatter) for the status bar; ``on_restore`` is
    called once with the chapter's saved record when the ledger has been read.
    """

    def __init__(self, lesson: Lesson, *, hud: Sequence[tuple[str, str, Callable[[object], str]]],
                 fields: Sequence[Field] = (), **params):
        super().__init__(**params)
        self.lesson = lesson
        self.fields = {f.name: f for f in fields}
        self.bindings: dict = {}  # control -> the record field it is bound to (Lab.bind)
        self.ledger = LedgerStore(chapter=str(lesson.chapter))
        self.hud = LedgerHUD(self.ledger, hud)
        self.record: dict = {}
        self._acts: list[Act] = []
        self._restorers: list[Callable[[dict], None]] = []
        self._restoring = False
        self._numbered: list[Act] = []
        self._link: dict = {}
        self._replay: list = []
        self._track = ""
        self.confirm = Confirm()  # asks before a link's settings replace saved ones
        self.ending = None  # the completion card, after the last act (tracked_lab adds it)
        self.ledger.param.watch(self._on_first_read, "stored")
        self.ledger.param.watch(self._heard, "heard")

    def add_act(self, act: Act, *, numbered: bool = True) -> Act:
        """Add ``act``; numbered acts get anchors 1, 2, 3... for ``?act=`` links."""
        self._acts.append(act)
        if self._track:
            self._follow(walk(act), self._track)
        if numbered:
            self._numbered.append(act)
            act.anchor(str(len(self._numbered)))
        return act

    @property
    def act_titles(self) -> list[str]:
        """Titles of the numbered acts, in order (what ``?act=N`` can open)."""
        return [a.title for a in self._numbered]

    @property
    def opening_lock(self) -> PredictionLock | None:
        """The first act's first prediction lock: the static page offers it before Python has started."""
        parts = self._numbered[0].parts if self._numbered else ()
        return next((p for p in parts if isinstance(p, PredictionLock)), None)

    @property
    def preview_control(self):
        """The first act's first control (one set before its lock, else its instruments' first): the
        static page works it from states computed at build time, before Python has started."""
        parts = self._numbered[0].parts if self._numbered else ()
        lock = self.opening_lock
        before = parts[:parts.index(lock)] if lock in parts else parts
        area = self.preview_instruments
        candidates = [p for p in before if is_control(p)] + list(area.controls if area else ())
        return candidates[0] if candidates else None

    @property
    def preview_instruments(self):
        """The instruments the first act's lock opens (the first such area), or None."""
        lock = self.opening_lock
        return next((p for p in (lock.gated_panels if lock else ()) if isinstance(p, Instruments)), None)

    def components(self) -> Iterator[tuple[Act, object]]:
        """Every part of every act, with its act, in page order."""
        for act in self._acts:
            for part in walk(act):
                yield act, part

    def statements(self, track: str) -> Iterator[Statement]:
        """Every sentence the lab's questions and messages show on ``track``, with what keeps each true."""
        for act, part in self.components():
            if hasattr(part, "statements") and part is not self:
                yield from part.statements(act.title, track)

    def set_track(self, track: str) -> None:
        """Tell every track-specific question and message which track the student is on."""
        self._track = track
        self._follow((part for _act, part in self.components()), track)

    @staticmethod
    def _follow(parts, track: str) -> None:
        for part in parts:
            follows = isinstance(part, param.Parameterized) and "track" in part.param
            if follows and isinstance(part.param["track"], param.String):  # the picker's own is a Selector
                part.track = track

    def replay(self, values: list) -> None:
        """Set the first act's first control (``preview_control``) to each of ``values`` in turn once
        the saved record has been restored: the moves a student made on the static page before
        Python started, made again by the lab itself. Values it does not offer are dropped (they
        come from the page)."""
        self._replay = list(values)

    def open_with(self, settings: dict) -> None:
        """Apply link settings (a track, a preset's fields) once the saved record has been restored,
        so that they win over it; they are then saved like any change."""
        self._link = dict(settings)

    def on_restore(self, restore: Callable[[dict], None]) -> None:
        self._restorers.append(restore)

    def record_answers(self, act: str, lock, reflection=None) -> None:
        """Save an act's prediction and reflection, with whether each was right, and restore them on reload.

        Fields: ``<act>_prediction``, ``<act>_correct``, ``<act>_asked_track`` for a lock whose question
        depends on the track, ``<act>_reflection`` and ``<act>_reflection_correct`` for the first reflection
        answer, and ``<act>_reflection_revised`` (with its ``_correct``) for the latest one after that: a
        second thought is kept beside the first, never over it.
        """
        def on_lock(_event) -> None:
            fields = {f"{act}_prediction": lock.choice, f"{act}_correct": lock.correct}
            if lock.track_specific:
                fields[f"{act}_asked_track"] = lock.asked_track
            self.update_record(**fields)

        lock.param.watch(on_lock, "choice")
        first = f"{act}_reflection"

        def on_reflection(_event) -> None:
            if self._restoring or reflection.answer is None:
                return  # a restore shows what was saved; it answers nothing
            name = first if self.record.get(first) is None else f"{act}_reflection_revised"
            self.update_record(**{name: reflection.answer, f"{name}_correct": reflection.correct})

        if reflection is not None:
            reflection.param.watch(on_reflection, "answer")

        def restore(record: dict) -> None:
            lock.restore(record.get(f"{act}_prediction"), record.get(f"{act}_asked_track"))
            if reflection is not None:
                latest = record.get(f"{act}_reflection_revised") or record.get(first)
                reflection.restore(latest, first=record.get(first))

        self.on_restore(restore)

    def record_moves(self, counter, act: str, part: PartRecord | None = None) -> None:
        """Save how many configurations ``counter`` has seen (``<act>_moves``) and which (``<act>_tried``),
        and count them again on reload, so that a reload neither resets the count nor re-locks what it opened."""
        write = part.update if part is not None else self.update_record
        counter.param.watch(lambda _e: write(**{f"{act}_moves": counter.count, f"{act}_tried": counter.tried}),
                            "count")
        self.on_restore(lambda record: counter.restore(record.get(f"{act}_tried")))

    def field(self, name: str) -> Field:
        """The declared record field ``name``; ValueError naming it if the lab's plan does not declare it."""
        try:
            return self.fields[name]
        except KeyError:
            raise ValueError(f"record: {self.lesson.slug} writes {name!r}, which its plan does not declare") from None

    def valid(self, name: str, value) -> bool:
        """True if ``value`` is one the lab's plan allows for record field ``name``."""
        return name in self.fields and self.fields[name].problem(value) is None

    def within(self, lock: PredictionLock) -> PartRecord:
        """Where the act behind ``lock`` writes its fields: held back until the prediction is locked."""
        return PartRecord(self, lock)

    def bind(self, control, field: str, *, then: Callable[[], None] | None = None,
             part: PartRecord | None = None) -> None:
        """Keep record field ``field`` equal to ``control``'s value, and put a saved value back on restore
        (only one the plan declares and the control offers). ``control`` may be a tuple of controls whose
        values make up a list field. ``then`` runs after each restore; ``part`` holds the writes back until
        its act is opened."""
        declared = self.field(field)
        controls = control if isinstance(control, tuple) else (control,)
        for c in controls:
            self.bindings[c] = field
        write = part.update if part is not None else self.update_record

        def value():
            return [c.value for c in controls] if isinstance(control, tuple) else control.value

        for c in controls:
            c.param.watch(lambda _event: write(**{field: value()}), "value")
        write(**{field: value()})

        def restore(record: dict) -> None:
            saved = record.get(field)
            if saved is not None and declared.problem(saved) is None:
                values = saved if isinstance(control, tuple) else [saved]
                if len(values) == len(controls) and all(
                        not control_values(c) or v in control_values(c) for c, v in zip(controls, values)):
                    for c, v in zip(controls, values):
                        c.value = v
            if then is not None:
                then()

        self.on_restore(restore)

    def check(self, fields: dict) -> None:
        """Raise ValueError unless every field is one the plan declares, with a value it allows."""
        if self.fields:
            for name, value in fields.items():
                problem = self.field(name).problem(value)
                if problem:
                    raise ValueError(f"record: {self.lesson.slug} writes {name}={value!r}, but {problem}")

    def update_record(self, **fields) -> None:
        """Merge ``fields`` into this chapter's record and save it (read back by the browser).

        Every field must be one the lab's plan declares, with a value it allows: a lab that writes
        anything else is a bug, caught here rather than in a student's ledger. While a saved record is
        being restored the fields are merged but not saved: the restore saves once at the end if
        anything changed.
        """
        self.check(fields)
        self.record.update(fields)
        if self._restoring:
            return
        self.ledger.save(self.record)

    def _on_first_read(self, event) -> None:
        if event.old is not None or event.new is None:
            return
        saved = {k: v for k, v in event.new.items() if k != "updated"}
        self.record = {**self.record, **saved}
        # The parts restore only values the plan allows: anything else is shown as stored and left alone.
        usable = {k: v for k, v in saved.items() if not self.fields or self.valid(k, v)}
        link, changes = self._link, self._link_changes(usable)
        self._restoring = True
        try:
            for restore in self._restorers:
                restore(dict(usable))
            for restore in self._restorers if link and not changes else ():
                restore(dict(link))
            control = self.preview_control
            for value in self._replay:
                if value in control_values(control):
                    control.value = value
        finally:
            self._restoring = False
        if self.record != saved:  # the lab's opening state (its context, say) is part of the record too
            self.ledger.save(self.record)
        if changes:
            self.confirm.ask("**This link opens the lab with other settings than your saved work.** It would "
                             f"change:\n\n{changes_text(changes)}\n\nYour answers stay as they are either way.",
                             lambda: self._apply(link), yes="Use the link's settings", no="Keep my saved settings")

    def _heard(self, event) -> None:
        """Fields another copy of this lab (a tab, an embed) or the ledger page changed: take them, and show
        them, as a reload would."""
        changed = {k: v for k, v in event.new.get("fields", {}).items() if self.record.get(k) != v}
        if not changed:
            return
        self.record.update(changed)
        self._restore_all({k: v for k, v in self.record.items() if not self.fields or self.valid(k, v)})

    def _link_changes(self, saved: dict) -> list[tuple[str, str, str]]:
        """What a link's settings would replace in a saved record: (label, saved, link's), as read."""
        from .report import show

        return [(field.label, show(field, saved[name]), show(field, value)) for name, value in self._link.items()
                if name in saved and saved[name] != value and (field := self.fields.get(name))]

    def _apply(self, settings: dict) -> None:
        self._restore_all(settings)
        self.ledger.save(self.record)

    def _restore_all(self, record: dict) -> None:
        """Every part puts back what ``record`` holds for it; their writes go into the record, unsaved."""
        self._restoring = True
        try:
            for restore in self._restorers:
                restore(dict(record))
        finally:
            self._restoring = False

    def __panel__(self):
        lesson = self.lesson
        header = pn.pane.Markdown(
            f"# Lab {lesson.number:02d}: {lesson.title}\n"
            f"*Chapter {lesson.chapter}, {lesson.chapter_title} · about {lesson.minutes} minutes*\n\n{lesson.intro}",
            sizing_mode="stretch_width",
        )
        ending = [self.ending] if self.ending is not None else []
        return pn.Column(header, self.confirm, *self._acts, *ending, self.hud, SliderLabels(),
                         sizing_mode="stretch_width", css_classes=["kit-lab"], stylesheets=[KIT_CSS])
