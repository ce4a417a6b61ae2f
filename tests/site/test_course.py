"""The course as a whole, on the built site: the ledger page (export, import, merge, reset), the
schema shared by pycore and the browser, the track carried across labs, and instructor links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

import pycore as pc
from labs.kit import ledger_schema as ls
from tests.conftest import ROOT
from tests.labs.lab_page import Lab01, Lab02, Lab07
from tests.site.test_static_site import BOOT_MS, open_lab

pytestmark = pytest.mark.site

KEY = ls.STORAGE_KEY


def stored(page) -> str | None:
    return page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")


def seed(page, ledger: dict) -> None:
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(ledger))})")


def ledger_doc(chapters: dict, version: int = ls.VERSION) -> dict:
    doc = {"schema": ls.SCHEMA_NAME, "version": version, "chapters": chapters}
    if version >= 2:
        doc["created"] = "2026-11-01T00:00:00Z"
    return doc


def import_file(page, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.get_by_label("Import a ledger file").set_input_files(str(path))


# ------------------------------------------------------------------ one schema, two implementations
def test_ledger_js_constants_are_pycores():
    js = (ROOT / "labs" / "kit" / "ledger.js").read_text()
    assert f'export const SCHEMA = "{ls.SCHEMA_NAME}";' in js
    assert f"export const VERSION = {ls.VERSION};" in js
    assert f'export const LEDGER_KEY = "{ls.STORAGE_KEY}";' in js
    assert f"export const MAX_CHAPTERS = {ls.MAX_CHAPTERS};" in js
    assert f"export const MAX_IMPORT_CHARS = {ls.MAX_IMPORT_CHARS:_};" in js
    assert f"const CHAPTER_KEY = /^{ls.CHAPTER_KEY.pattern.removesuffix(chr(92) + 'Z')}$/;" in js


CASES = [
    [], {"schema": "x", "version": 1, "chapters": {}}, ledger_doc({}, 99), ledger_doc({}, 1),
    {"schema": ls.SCHEMA_NAME, "version": 2, "chapters": []}, ledger_doc({"3": 7}),
    ledger_doc({"1": {"a": 1, "updated": "2026-11-05"}, "2": {"b": [1, {"x": 2}], "updated": "2026-11-01"}}),
    ledger_doc({str(n): {} for n in range(ls.MAX_CHAPTERS + 1)}),
]
INCOMING = ledger_doc({"1": {"a": 0, "updated": "2026-11-04"}, "2": {"b": [1, {"x": 2}], "updated": "2026-11-01"},
                       "7": {"d": 1, "updated": "2026-11-03"}, "constructor": {"a": 2}, "toString": {"a": 3},
                       "course": {"track": "edge"}}, version=1)


def test_the_browser_and_pycore_apply_the_same_rules(page, site_url, guard):
    page.goto(site_url + "index.html")
    result = page.evaluate(
        """async ([url, cases, incoming]) => {
            const m = await import(url);
            const problems = cases.map((c) => m.problemWith(c));
            const readable = cases.filter((c) => m.problemWith(c) === null);
            return {problems, migrated: readable.map((c) => m.migrate(c)),
                    merged: readable.map((c) => m.mergeLedgers(c, incoming))};
        }""",
        [site_url + "runtime/ledger.js", CASES, INCOMING],
    )
    assert result["problems"] == [ls.problem_with(c) for c in CASES]
    readable = [c for c in CASES if ls.problem_with(c) is None]
    assert result["migrated"] == [ls.migrate(c) for c in readable]
    for got, case in zip(result["merged"], readable):
        merged, changes = ls.merge(case, INCOMING)
        assert got == {"merged": merged, "changes": changes}


def test_the_site_publishes_the_json_schema(site_dir):
    assert json.loads((site_dir / "runtime" / "ledger-schema.json").read_text()) == ls.JSON_SCHEMA


# ------------------------------------------------------------------ the ledger page (no Python needed)
def test_damaged_or_foreign_files_change_nothing(page, site_url, guard, tmp_path):
    page.goto(site_url + "ledger.html")
    seed(page, ledger_doc({"1": {"act1_prediction": "1e6", "act1_correct": True, "updated": "2026-11-02T00:00Z"}}))
    before = stored(page)
    page.reload()
    message = page.locator("#ledger-message")
    for name, text, words in [
        ("cut.json", '{"schema": "mlsysbook.ledger", "version": 2, "chapters": {"1": {', "not valid JSON"),
        ("other.json", json.dumps({"name": "my notes"}), "not a Design Ledger"),
        ("future.json", json.dumps(ledger_doc({}, 99)), "version 99"),
        ("broken.json", json.dumps({"schema": ls.SCHEMA_NAME, "version": 2, "chapters": {"5": "x"}}),
         "chapter 5 is damaged"),
    ]:
        import_file(page, tmp_path, name, text)
        expect(message).to_contain_text("Nothing was changed")
        expect(message).to_contain_text(words)
        assert stored(page) == before, name
    expect(page.locator('[data-chapter="1"]')).to_contain_text("About 10⁶ (a million times)")


def test_import_merges_newer_records_and_says_what_changed(page, site_url, guard, tmp_path):
    page.goto(site_url + "ledger.html")
    seed(page, ledger_doc({"1": {"act1_prediction": "1e6", "updated": "2026-11-05T00:00Z"},
                           "2": {"track": "edge", "part1_prediction": "memory", "updated": "2026-11-01T00:00Z"}}))
    page.reload()
    incoming = ledger_doc({"1": {"act1_prediction": "1e2", "updated": "2026-11-04T00:00Z"},
                           "2": {"track": "tiny", "part1_prediction": "compute", "updated": "2026-11-06T00:00Z"},
                           "5": {"track": "tiny", "budget_met": True, "updated": "2026-11-06T00:00Z"}}, version=1)
    before = stored(page)
    asked = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    # It replaces chapter 2: the page asks first, and a "no" changes nothing at all.
    page.once("dialog", lambda d: answer(d, False))
    import_file(page, tmp_path, "phone.json", json.dumps(incoming))
    message = page.locator("#ledger-message")
    expect(message).to_contain_text("Nothing was changed: you kept your records")
    assert "replaces your record for chapter 2" in asked[0] and stored(page) == before

    page.once("dialog", lambda d: answer(d, True))
    import_file(page, tmp_path, "phone.json", json.dumps(incoming))
    expect(message).to_contain_text("chapter 1: kept yours (it was newer)")
    expect(message).to_contain_text("chapter 2: replaced by the file's newer record")
    expect(message).to_contain_text("chapter 5: added from the file")
    ledger = json.loads(stored(page))
    assert ledger["version"] == ls.VERSION
    expected, _ = ls.merge(ledger_doc({"1": {"act1_prediction": "1e6", "updated": "2026-11-05T00:00Z"},
                                       "2": {"track": "edge", "part1_prediction": "memory",
                                             "updated": "2026-11-01T00:00Z"}}), incoming)
    assert ledger["chapters"] == expected["chapters"]
    expect(page.locator("#ledger-track")).to_have_value("tiny")  # the newest track wins

    # The ledger as it was is a backup, listed; the import can be undone, back to the byte.
    expect(page.locator("#ledger-backups li")).to_have_count(1)
    message.get_by_role("button", name="Undo this import").click()
    expect(message).to_contain_text("The import was undone")
    assert stored(page) == before
    expect(page.locator("#ledger-backups li")).to_have_count(2)  # and what the undo replaced, kept too
    page.once("dialog", lambda d: d.accept())
    page.locator("#ledger-backups li").nth(0).get_by_role("button", name="Restore this backup").click()
    expect(message).to_contain_text("The backup was restored")
    assert json.loads(stored(page))["chapters"] == expected["chapters"]  # the newest backup: after the import


def test_reset_asks_first_and_empty_chapters_link_to_their_lab(page, site_url, guard):
    from labs.lab05_nn_compute import plan

    page.goto(site_url + "ledger.html")
    reflection = plan.PART1_REFLECTION.options[0].key
    seed(page, ledger_doc({"5": {"track": "cloud", "part1_prediction": "linear", "part1_correct": True,
                                 "part2_prediction": "fall", "part2_correct": False, "part2_asked_track": "cloud",
                                 "part1_reflection": reflection, "part1_reflection_correct": False,
                                 "updated": "2026-11-05T00:00Z"}}))
    page.reload()
    chapter5 = page.locator('[data-chapter="5"]')
    expect(chapter5.get_by_role("row").filter(has_text=plan.PART1.text[:40])).to_contain_text("right")
    expect(chapter5.get_by_role("row").filter(has_text=plan.PART2.text("cloud")[:40])).to_contain_text("not right")
    # Accuracy counts predictions only: the wrong reflection is reported with the lab, not scored.
    expect(page.locator("#ledger-summary").get_by_role("row").filter(has_text="Lab 05")).to_contain_text("1 of 2")
    lab01 = page.locator('[data-chapter="1"]')
    expect(lab01.get_by_role("link", name="Open Lab 01")).to_have_attribute("href", "labs/lab01.html")
    page.once("dialog", lambda d: d.dismiss())
    chapter5.get_by_role("button", name="Reset chapter 5").click()
    assert "5" in json.loads(stored(page))["chapters"]
    page.once("dialog", lambda d: d.accept())
    chapter5.get_by_role("button", name="Reset chapter 5").click()
    expect(page.locator("#ledger-message")).to_contain_text("Chapter 5 was reset")
    assert "5" not in json.loads(stored(page))["chapters"]
    expect(page.locator('[data-chapter="5"]').get_by_role("link", name="Open Lab 05")).to_be_visible()


# ------------------------------------------------------------------ as a student, across labs
def test_lab01_to_ledger_page_export_clear_import(page, site_url, needs_wheelhouse, guard, tmp_path):
    lab = open_lab(page, site_url + "labs/lab01.html", Lab01)
    lab.choose_track("Mobile Nomad")
    lab.predict(1, "About 10⁶ (a million times)")
    lab.predict(2, "The memory term D/BW")
    lab.wait_for_record("act2_correct", True)

    page.goto(site_url + "ledger.html")
    chapter1 = page.locator('[data-chapter="1"]')
    expect(chapter1.get_by_role("row").filter(has_text="About 10⁶ (a million times)")).to_contain_text("right")
    expect(page.locator("#ledger-track")).to_have_value("mobile")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my ledger (JSON)").click()
    saved = tmp_path / "ledger.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text())
    assert ls.problem_with(exported) is None and exported["version"] == ls.VERSION
    assert re.match(r"\d{4}-\d\d-\d\dT", exported["exported"])
    assert exported["chapters"]["1"]["act1_correct"] is True

    page.evaluate("localStorage.clear()")  # what Safari does after seven days away
    page.reload()
    expect(chapter1.get_by_role("link", name="Open Lab 01")).to_be_visible()
    page.get_by_label("Import a ledger file").set_input_files(str(saved))
    expect(page.locator("#ledger-message")).to_contain_text("chapter 1: added from the file")
    expect(chapter1.get_by_role("row").filter(has_text="About 10⁶ (a million times)")).to_contain_text("right")

    # The track chosen in lab 01 is lab 07's default.
    lab7 = open_lab(page, site_url + "labs/lab07.html", Lab07)
    expect(lab7.act(0).locator(".kit-track-summary")).to_contain_text("Mobile Nomad")


# ------------------------------------------------------------------ instructors' links and embeds
def embed(site, name: str, src: str) -> str:
    """A host page with the lab in a plain iframe (as an LMS would have it), served beside the site; its URL."""
    return site.add_page(name, f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>embed</title>'
                               f'</head><body><iframe title="lab" src="{src}" style="width:100%;height:1200px">'
                               f"</iframe></body></html>")


def test_an_embedded_lab_opens_with_track_act_and_preset(page, site_server, needs_wheelhouse, guard):
    page.goto(embed(site_server, "embed-good.html", "labs/lab07.html?track=tiny&act=3&preset=mask-fix"))
    frame = page.frame_locator("iframe")
    frame.locator("body[data-lab-state='ready']").wait_for(timeout=BOOT_MS)
    expect(frame.locator("body")).to_have_attribute("data-open-act", "3")
    expect(frame.locator("body")).to_have_attribute("data-link-problems", "0")
    expect(frame.locator("#lab-notice")).to_be_hidden()
    expect(frame.locator(".kit-track-summary")).to_contain_text("Tiny Pioneer")
    part3 = frame.locator(".kit-act-3")
    part3.get_by_label("No: the graph breaks at the branch").check()
    part3.get_by_role("button", name="Lock in my prediction").click()
    expect(part3.get_by_label(pc.surgery.Surgery.MASK.value)).to_be_checked()  # the preset's surgery
    # The embed shares the ledger with the full page (same origin): the link's choices were saved.
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem({json.dumps(KEY)}) || '{{}}').chapters?.['7']"
                           "?.surgery === 'mask'")


def test_bad_link_values_are_reported_and_fall_back(page, site_server, needs_wheelhouse, guard):
    hostile = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    page.on("dialog", lambda d: pytest.fail(f"a query value ran as code: {d.message}"))
    page.goto(embed(site_server, "embed-bad.html",
                    f"labs/lab07.html?track=orbital&act=9&preset={hostile}&height=9&colour=red"))
    frame = page.frame_locator("iframe")
    frame.locator("body[data-lab-state='ready']").wait_for(timeout=BOOT_MS)
    notice = frame.locator("#lab-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text('track "orbital", which does not exist')
    expect(notice).to_contain_text('act "9"; this lab has acts 1 to 3')
    expect(notice).to_contain_text('preset "<img src=x onerror=alert(1)>"')  # shown as text, never as markup
    expect(notice).to_contain_text('height "9"')
    expect(notice).to_contain_text('"colour" setting is not one this lab knows')
    expect(frame.locator("body")).to_have_attribute("data-link-problems", "5")
    expect(frame.locator("#lab-notice img")).to_have_count(0)
    expect(frame.locator(".kit-track-summary")).to_contain_text("Cloud Titan")  # the default
    expect(frame.locator("body")).not_to_have_attribute("data-open-act", re.compile(".*"))


def test_a_preset_link_asks_before_replacing_saved_settings(page, site_url, needs_wheelhouse, guard):
    """A returning student opens an instructor's ?preset= link: their saved batch stays until they agree."""
    page.goto(site_url + "ledger.html")
    seed(page, ledger_doc({"2": {"track": "cloud", "part3_prediction": "grow", "part3_correct": False,
                                 "device": "h100", "batch": 4, "precision": "int8", "model_scale": 1.0,
                                 "updated": "2026-12-01T10:00:00.000Z"}}))
    lab = open_lab(page, site_url + "labs/lab02.html?preset=big-batch", Lab02)
    confirm = page.locator(".kit-confirm")
    expect(confirm).to_contain_text("Batch size: 4 → 128")
    page.wait_for_timeout(500)
    assert lab.chapter_record()["batch"] == 4, "the link replaced a saved setting before the student agreed"
    confirm.get_by_role("button", name="Use the link's settings").click()
    lab.wait_for_record("batch", 128)
    expect(confirm).to_be_hidden()
