"""Page objects for the labs: what a student sees and does, in Playwright terms (shared by both UI tiers)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from labs.kit.ledger import LEDGER_KEY


def labels(question) -> list[str]:
    """A plan's question's option labels, in order: what the student reads next to each radio button."""
    return [o.label for o in question.options]


def label(question, key: str) -> str:
    """The label of option ``key`` of a plan's question."""
    return next(o.label for o in question.options if o.key == key)


def right_answers(module: str, track: str = "cloud") -> list[str]:
    """The label of the option each of the lab's locks marks right on ``track``, in page order: read from
    the lab itself, so a test never holds a stale copy of a question's wording."""
    import importlib

    from labs.kit import PredictionLock

    lab = importlib.import_module(module).create(track=track)
    lab.ledger.stored = {}
    locks = [part for _act, part in lab.components() if isinstance(part, PredictionLock)]
    return [lock.options[lock.choices.answer(track)].label for lock in locks]


class LabPage:
    """One lab's page. ``ready_timeout_ms``: a server-rendered lab is up in seconds; a Pyodide boot takes longer."""

    title = ""
    chapter = ""

    def __init__(self, page: Page, ready_timeout_ms: int = 20_000):
        self.page = page
        self.ready_timeout_ms = ready_timeout_ms

    def wait_ready(self, status: str = "ledger open|record saved|fresh ledger|not saved") -> None:
        expect(self.page.get_by_role("heading", name=self.title)).to_be_visible(timeout=self.ready_timeout_ms)
        expect(self.hud).to_contain_text(re.compile(status), timeout=self.ready_timeout_ms)

    @property
    def hud(self):
        return self.page.locator(".kit-hud-summary")

    def lock_section(self, act: int):
        return self.act(act).locator(".kit-lock")

    def predict(self, act: int, label: str) -> None:
        lock = self.lock_section(act)
        lock.get_by_label(label).check()
        lock.get_by_role("button", name="Lock in my prediction").click()
        expect(lock.get_by_role("button", name="Prediction locked")).to_be_visible()

    def reflect(self, act: int, label: str) -> None:
        section = self.act(act).locator(".kit-reflection")
        section.get_by_label(label).check()
        section.get_by_role("button", name="Submit reflection").click()
        expect(section.locator(".kit-reflection-feedback")).to_contain_text(label)

    def reveal(self, act: int):
        return self.act(act).locator(".kit-reveal")

    def act(self, act: int):
        return self.page.locator(".kit-act").nth(act - 1)

    def choose(self, name: str, act: int = 2) -> None:
        self.act(act).get_by_role("button", name=name).click()

    def ledger(self) -> dict | None:
        raw = self.page.evaluate(f"localStorage.getItem({json.dumps(LEDGER_KEY)})")
        return None if raw is None else json.loads(raw)

    def wait_for_record(self, field: str, value) -> None:
        """Wait until this chapter's saved record has ``field`` equal to ``value`` (JSON equality)."""
        self.page.wait_for_function(
            """([key, chapter, field, want]) => {
                const raw = localStorage.getItem(key);
                const rec = raw && JSON.parse(raw).chapters?.[chapter];
                return rec && JSON.stringify(rec[field]) === JSON.stringify(want);
            }""",
            arg=[LEDGER_KEY, self.chapter, field, value], timeout=self.ready_timeout_ms,
        )

    def chapter_record(self) -> dict:
        return (self.ledger() or {}).get("chapters", {}).get(self.chapter, {})




class TrackedLab(LabPage):
    """A lab that opens with the track picker: act 0 is the picker; acts 1 to 3 are the parts."""

    def act(self, act: int):
        return self.page.locator(".kit-act").nth(act)

    def choose_track(self, persona: str) -> None:
        self.act(0).get_by_role("button", name=persona).click()
        expect(self.act(0).locator(".kit-track-summary")).to_contain_text(persona)

    def slider(self, part: int, name: str):
        return self.act(part).get_by_role("slider", name=name)

    def set_slider(self, part: int, name: str, options: list[str], label: str) -> None:
        """Move a slider to ``label`` with the keyboard alone, one arrow press at a time, each confirmed
        on screen before the next (as a student watches the value change)."""
        handle = self.slider(part, name)
        title = self.act(part).locator("p").filter(has_text=re.compile(f"^{re.escape(name)}: "))
        # Drawn first (a freshly unlocked act may not be yet).
        expect(title).to_have_text(re.compile(f"^{re.escape(name)}: .+"))
        text = title.text_content() or ""
        assert ": " in text, f"slider title reads {text!r}"
        current = text.split(": ", 1)[1].strip()
        index, target = options.index(current), options.index(label)
        key = "ArrowRight" if target > index else "ArrowLeft"
        while index != target:
            handle.press(key)
            index += 1 if key == "ArrowRight" else -1
            expect(self.act(part).get_by_text(f"{name}: {options[index]}", exact=True)).to_be_visible()

    def answer(self, part: int, label: str, value: float, text: str) -> None:
        """Type a number, wait until the lab has it (it echoes it back), then check it."""
        field = self.act(part).get_by_label(label)
        field.fill(text)
        field.press("Enter")
        expect(self.act(part).locator(".kit-numeric-entered")).to_contain_text(f"Your answer: {value:g}")
        self.act(part).get_by_role("button", name="Check my answer").click()

    def card(self, part: int, title: str):
        return self.act(part).locator(".kit-card, .kit-card-binding").filter(has_text=title)

    def banner(self, part: int, title: str):
        return self.act(part).locator(".kit-failure").filter(has_text=title)


class Lab02(TrackedLab):
    title = "Lab 02: The Physics of Deployment"
    chapter = "2"


class Lab05(TrackedLab):
    title = "Lab 05: Neural Computation"
    chapter = "5"


class Lab07(TrackedLab):
    title = "Lab 07: ML Frameworks"
    chapter = "7"


class Lab01(TrackedLab):
    title = "Lab 01: The Magnitude Gap"
    chapter = "1"
