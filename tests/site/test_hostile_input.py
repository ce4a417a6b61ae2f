"""Hostile input on the built site: a ledger file a classmate crafted, imported on the ledger page, then
the labs opened in Pyodide. Nothing from it runs as script or reaches a page as markup."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from labs.kit import ledger_schema as ls
from tests.labs.lab_page import Lab01, Lab05, right_answers
from tests.labs.test_stored_markup_ui import PAYLOAD, assert_inert
from tests.site.test_course import import_file, ledger_doc, seed, stored
from tests.site.test_static_site import open_lab

pytestmark = pytest.mark.site


def test_an_imported_tag_is_left_out_and_a_stored_one_stays_text(page, site_url, needs_wheelhouse, guard, tmp_path):
    crafted = {"schema": ls.SCHEMA_NAME, "version": ls.VERSION,
               "chapters": {"5": {"audited_layer": PAYLOAD, "operator_mix": [PAYLOAD, "a", "b", "c"]}}}
    page.goto(site_url + "ledger.html")
    import_file(page, tmp_path, "from-a-classmate.json", json.dumps(crafted))
    # Not a layer lab 05 has: the import leaves it out, says so in words, and stores nothing.
    message = page.locator("#ledger-message")
    expect(message).to_contain_text('chapter 5: "audited_layer" (not one of the lab\'s choices)')
    expect(message).to_contain_text("Nothing was changed")
    assert stored(page) is None
    assert_inert(page)

    # Written straight into storage (another page of the same origin could): shown as text, never run.
    seed(page, crafted)
    page.reload()
    expect(page.locator('[data-chapter="5"]')).to_contain_text("(not readable)")
    assert_inert(page)
    lab = open_lab(page, site_url + "labs/lab05.html", Lab05)
    expect(lab.hud).to_contain_text(f"Audited: {PAYLOAD}")
    assert_inert(page)


def test_chapters_named_for_object_properties_change_nothing_and_break_no_lab(page, site_url, needs_wheelhouse,
                                                                             guard, tmp_path):
    mine = ledger_doc({"1": {"act1_prediction": "1e6", "act1_correct": True, "updated": "2026-11-02T00:00:00Z"}})
    page.goto(site_url + "ledger.html")
    seed(page, mine)
    before = stored(page)
    text = ('{"schema": "mlsysbook.ledger", "version": 2, "chapters": {"constructor": {"act1_prediction": "1e2"}, '
            '"__proto__": {"act1_prediction": "1e2"}, "toString": {}}}')
    import_file(page, tmp_path, "proto.json", text)
    message = page.locator("#ledger-message")
    expect(message).to_contain_text('chapter "constructor" (this course has no such chapter)')
    expect(message).to_contain_text('chapter "__proto__" (this course has no such chapter)')
    assert stored(page) == before  # byte for byte

    # Already in storage (an older page wrote it): the lab opens, saves, and keeps that chapter as it was.
    seed(page, {**mine, "chapters": {**mine["chapters"], "constructor": {"x": 1}}})
    lab = open_lab(page, site_url + "labs/lab01.html", Lab01)  # and it says its ledger is open
    lab.predict(2, right_answers("labs.lab01_magnitude")[1])
    expect(lab.hud).to_contain_text("record saved")
    saved = json.loads(stored(page))
    assert saved["chapters"]["constructor"] == {"x": 1} and saved["chapters"]["1"]["act1_prediction"] == "1e6"


def test_a_crafted_update_time_or_bad_values_win_nothing(page, site_url, guard, tmp_path):
    mine = ledger_doc({"1": {"act1_prediction": "1e6", "act1_correct": True, "updated": "2026-11-02T00:00:00Z"},
                       "5": {"track": "edge", "updated": "2026-11-02T00:00:00Z"}})
    page.goto(site_url + "ledger.html")
    seed(page, mine)
    before = stored(page)
    friend = ledger_doc({"1": {"act1_prediction": "1e2", "act1_correct": False, "updated": "z"},
                         "5": {"track": "tiny", "operator_mix": [1, 2], "updated": "2026-11-03T00:00:00Z"}})
    page.once("dialog", lambda d: d.accept())
    import_file(page, tmp_path, "friend.json", json.dumps(friend))
    message = page.locator("#ledger-message")
    expect(message).to_contain_text('chapter 1: its "updated" time (not a timestamp')
    expect(message).to_contain_text("chapter 1: kept yours (it was newer)")
    expect(message).to_contain_text('chapter 5: "operator_mix" (not a list)')
    saved = json.loads(stored(page))
    assert saved["chapters"]["1"] == mine["chapters"]["1"]  # an undated record never beats a dated one
    assert saved["chapters"]["5"] == {"track": "tiny", "updated": "2026-11-03T00:00:00Z"}  # the good fields only
    message.get_by_role("button", name="Undo this import").click()
    assert stored(page) == before


def test_an_oversized_import_is_refused_in_words(page, site_url, guard, tmp_path):
    page.goto(site_url + "ledger.html")
    mine = ledger_doc({"1": {"act1_prediction": "1e6", "updated": "2026-11-02T00:00:00Z"}})
    seed(page, mine)
    before = stored(page)
    message = page.locator("#ledger-message")
    many = ledger_doc({str(n): {"track": "tiny"} for n in range(10_000)})
    import_file(page, tmp_path, "many.json", json.dumps(many))
    expect(message).to_contain_text(f"it holds more than {ls.MAX_CHAPTERS} chapters")
    import_file(page, tmp_path, "huge.json", json.dumps({**mine, "padding": "x" * ls.MAX_IMPORT_CHARS}))
    expect(message).to_contain_text("a Design Ledger is far smaller")
    assert stored(page) == before
