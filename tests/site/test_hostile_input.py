"""Hostile input on the built site: a ledger file a classmate crafted, imported on the ledger page, then
the labs opened in Pyodide. Nothing from it runs as script or reaches a page as markup."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from labs.kit import ledger_schema as ls
from tests.labs.lab_page import Lab05
from tests.labs.test_stored_markup_ui import PAYLOAD, assert_inert
from tests.site.test_course import import_file
from tests.site.test_static_site import open_lab

pytestmark = pytest.mark.site


def test_an_imported_tag_stays_text_on_the_ledger_page_and_in_the_lab(page, site_url, needs_wheelhouse, guard,
                                                                    tmp_path):
    crafted = {"schema": ls.SCHEMA_NAME, "version": ls.VERSION,
               "chapters": {"5": {"audited_layer": PAYLOAD, "operator_mix": [PAYLOAD, "a", "b", "c"]}}}
    page.goto(site_url + "ledger.html")
    import_file(page, tmp_path, "from-a-classmate.json", json.dumps(crafted))
    expect(page.locator("#ledger-message")).to_contain_text("chapter 5")
    # Not a layer lab 05 has: the ledger page says it cannot read it, and shows no markup.
    expect(page.locator('[data-chapter="5"]')).to_contain_text("(not readable)")
    assert_inert(page)

    lab = open_lab(page, site_url + "labs/lab05.html", Lab05)
    expect(lab.hud).to_contain_text(f"Audited: {PAYLOAD}")
    assert_inert(page)
