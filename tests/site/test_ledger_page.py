"""The ledger and report pages read a record as a person would (issue 21), on the built site.

Each lab's record is made by the lab itself: worked through in CPython as in ``tests/labs/test_restore.py``
(every question answered, every control moved). The ledger page must then show every answer with
its question's text, the option's label and a verdict, every setting and result as Python's ``show``
reads it (units, rounding, labels), and no field key; its JavaScript report must be, line for line,
the Markdown the lab's own completion card downloads. Storage the browser blocks is said plainly.
"""

from __future__ import annotations

import importlib
import json

import pytest
from playwright.sync_api import expect

from labs.kit.ledger import LEDGER_KEY
from labs.kit.report import describe_lab, report, report_markdown
from tests.labs.test_restore import work_through
from tests.site.test_course import ledger_doc, seed

pytestmark = pytest.mark.site

LABS = ("lab01_magnitude", "lab02_ml_systems", "lab05_nn_compute", "lab07_frameworks")
SAVED = "2026-12-07T09:30:12.345Z"
BLOCK_STORAGE = """Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); } });"""


def made_by_the_lab(name: str, track: str) -> tuple[object, dict]:
    module = importlib.import_module(f"labs.{name}")
    lab = module.create(track=track)
    lab.ledger.stored = {}
    work_through(lab)
    return module.plan, {**lab.record, "updated": SAVED}


@pytest.mark.parametrize("name", LABS)
def test_the_ledger_page_reads_each_record_in_words(page, site_url, guard, name):
    plan, record = made_by_the_lab(name, "edge")
    chapter = str(plan.LESSON.chapter)
    page.goto(site_url + "ledger.html")
    seed(page, ledger_doc({chapter: record}))
    page.reload()
    section = page.locator(f'[data-chapter="{chapter}"]')
    rep = report(plan, record)
    assert rep["answers"] and rep["design"]
    answers = section.get_by_role("table", name="Predictions and reflections")
    for a in rep["answers"]:
        row = answers.get_by_role("row").filter(has_text=a["question"]).filter(has_text=a["kind"]).first
        expect(row).to_contain_text(a["answer"])
        expect(row).to_contain_text(a["verdict"])
    design = section.get_by_role("table", name="Design, results and failure states met")
    for d in rep["design"]:
        label = page.get_by_role("cell", name=d["label"], exact=True)
        expect(design.get_by_role("row").filter(has=label).first).to_contain_text(d["value"])
    text = section.inner_text()
    for field in plan.FIELDS:
        if "_" in field.name:  # one-word keys ("track") are words too
            assert field.name not in text, f"field key {field.name} reached the page"
    assert "(not readable)" not in text


@pytest.mark.parametrize("name", LABS)
def test_the_browser_report_is_the_labs_report(page, site_url, guard, name):
    plan, record = made_by_the_lab(name, "tiny")
    page.goto(site_url + "ledger.html")
    markdown = page.evaluate(
        "async ([url, lab, record]) => { const m = await import(url); "
        "return m.reportMarkdown(m.buildReport(lab, record), 'Ada Lovelace'); }",
        [site_url + "runtime/report.js", describe_lab(plan, "labs/x.html"), record])
    assert markdown == report_markdown(report(plan, record), "Ada Lovelace")


def test_the_report_page_prints_and_downloads_with_the_students_name(page, site_url, guard, tmp_path):
    plan, record = made_by_the_lab("lab02_ml_systems", "mobile")
    page.goto(site_url + "ledger.html")
    seed(page, ledger_doc({"2": record}))
    page.reload()
    page.get_by_label("Your name (optional").fill("Grace Hopper")
    page.get_by_label("Your name (optional").press("Enter")
    expect(page.locator("#ledger-message")).to_contain_text('"Grace Hopper"')
    assert json.loads(page.evaluate(f"localStorage.getItem({json.dumps(LEDGER_KEY)})"))["student"] == "Grace Hopper"
    with page.expect_download() as download:
        page.locator('[data-chapter="2"]').get_by_role("button", name="Download the report as Markdown").click()
    expected = report_markdown(report(plan, record), "Grace Hopper")
    assert download.value.path().read_text() == expected
    page.locator('[data-chapter="2"]').get_by_role("link", name="Printable report for Lab 02").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lab 02: {plan.LESSON.title}: your report")
    expect(page.locator(".report-student")).to_have_text("Student: Grace Hopper")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Markdown").click()
    assert download.value.path().read_text() == expected


def test_blocked_storage_is_said_and_the_page_still_works(page, site_url, guard, tmp_path):
    page.add_init_script(BLOCK_STORAGE)
    page.goto(site_url + "ledger.html")
    expect(page.locator(".ledger-blocked")).to_contain_text("kept on this page only")
    expect(page.locator('[data-chapter="1"]').get_by_role("link", name="Open Lab 01")).to_be_visible()
    plan, record = made_by_the_lab("lab01_magnitude", "cloud")
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(ledger_doc({"1": record})))
    page.get_by_label("Import a ledger file").set_input_files(str(path))
    expect(page.locator("#ledger-message")).to_contain_text("chapter 1: added from the file")
    expect(page.locator('[data-chapter="1"]')).to_contain_text(report(plan, record)["answers"][0]["answer"])
