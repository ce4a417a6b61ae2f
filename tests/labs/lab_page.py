"""Page objects for the labs: what a student sees and does, in Playwright terms (shared by both UI tiers)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from labs.kit.ledger import LEDGER_KEY


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

    def chapter_record(self) -> dict:
        return (self.ledger() or {}).get("chapters", {}).get(self.chapter, {})


class Lab01(LabPage):
    title = "Lab 01: The Magnitude Gap"
    chapter = "1"


class Lab02(LabPage):
    title = "Lab 02: The Physics of Deployment"
    chapter = "2"
