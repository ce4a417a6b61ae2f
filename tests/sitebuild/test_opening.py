"""The opening lock the build puts on each lab's page (sitebuild.opening, sitebuild.pages)."""

from __future__ import annotations

import importlib
import json
import re
from types import SimpleNamespace

import pytest

from labs.kit.plan import Lesson, Option, Outline, Question, Text, answer_fields
from sitebuild import pages
from sitebuild.config import LABS, ROOT
from sitebuild.opening import OpeningLockError, opening_lock

LESSON = Lesson(number=9, slug="lab09", title="A <test> lab", chapter=9, chapter_title="Tests", minutes="5",
                intro="Intro & more.")


def small_plan(*, question: Text = "Is 1 < 2 & 3 > 2?", declared: bool = True, opening: bool = True):
    """A throwaway lab's plan, with an opening question (or none)."""
    q = Question(key="part1", text=question, options=(Option("yes", "Yes <b>really</b>", "Right.", correct=True),
                                                       Option("no", "No", "It is.")))
    fields = answer_fields("part1", q) if declared else ()
    return SimpleNamespace(LESSON=LESSON, ACTS=(Outline("Part 1: <first>", "5"),), FIELDS=fields,
                           OPENING=q if opening else None)


@pytest.mark.parametrize("module", [m for m, _ in LABS])
def test_each_lab_offers_its_first_lock_with_the_fields_the_lab_saves(module):
    """The plan says what the page asks and writes; locking each option in the real lab writes that answer.
    (Locking also opens the part, which then records its instruments' settings: those the page cannot know.)"""
    spec = opening_lock(importlib.import_module(f"{module}.plan"))
    create = importlib.import_module(module).create
    lock = create().opening_lock
    assert spec["question"] == lock.question
    assert [o["key"] for o in spec["options"]] == list(lock.options)
    for key in lock.options:
        lab = create()  # a fresh lab for each option: locking cannot be undone
        before = dict(lab.record)
        lab.opening_lock.restore(key)
        changed = {k: v for k, v in lab.record.items() if before.get(k, object()) != v}
        answer = {k: v for k, v in changed.items() if k.endswith(("_prediction", "_correct", "_asked_track"))}
        assert answer == spec["fields"][key]


def test_an_opening_question_whose_fields_are_undeclared_is_a_build_error():
    with pytest.raises(OpeningLockError, match="does not declare"):
        opening_lock(small_plan(declared=False))


def test_a_first_lock_that_depends_on_the_track_is_a_build_error():
    """The page offers the first question before anyone knows the student's track."""
    with pytest.raises(OpeningLockError, match="same on every track"):
        opening_lock(small_plan(question=lambda t: f"On {t}?"))


def test_a_lab_whose_plan_has_no_opening_question_gets_no_form():
    assert opening_lock(small_plan(opening=False)) is None
    page = pages.lab_page(LESSON, "labs.lab09", build="b", opening=None)
    assert 'id="opening-lock"' not in page
    assert '<script type="application/json" id="lab-opening">null</script>' in page


def test_the_form_escapes_lesson_text_and_keeps_the_fields_for_the_page_script():
    spec = opening_lock(small_plan())
    assert spec["fields"] == {"yes": {"part1_prediction": "yes", "part1_correct": True},
                              "no": {"part1_prediction": "no", "part1_correct": False}}
    page = pages.lab_page(LESSON, "labs.lab09", build="b", opening=spec)
    assert "<legend>Predict first: Is 1 &lt; 2 &amp; 3 &gt; 2?</legend>" in page
    assert '<h2 id="opening-act">Part 1: &lt;first&gt;</h2>' in page
    assert '<input type="radio" name="opening-choice" value="yes"> Yes &lt;b&gt;really&lt;/b&gt;</label>' in page
    assert "<b>" not in page
    # Disabled until opening.js has read the ledger, and never a submit button.
    assert '<button type="button" id="opening-lock-button" disabled>' in page
    data = re.search(r'<script type="application/json" id="lab-opening">(.*?)</script>', page).group(1)
    assert json.loads(data) == {"chapter": "9", "fields": spec["fields"],
                                "labels": {"yes": "Yes <b>really</b>", "no": "No"}}
    assert "<b>" not in data  # escaped for the script element, still the same JSON


def test_a_question_that_could_close_the_script_element_cannot():
    spec = opening_lock(small_plan(question="</script><script>alert(1)</script>"))
    page = pages.lab_page(LESSON, "labs.lab09", build="b", opening=spec)
    assert "<script>alert(1)" not in page


def test_the_lock_script_is_asked_for_before_the_deferred_bokeh_scripts():
    """Found only at the page's end, opening.js and its import waited behind Bokeh's megabyte of deferred
    script on a cold start (nox -s bench): the page asks for both first."""
    page = pages.lab_page(LESSON, "labs.lab09", build="b", opening=opening_lock(small_plan()))
    first_bokeh = page.index('<script defer src="../runtime/bokeh/bokeh.min.js">')
    for module in ("opening.js", "ledger.js"):
        assert page.index(f'<link rel="modulepreload" href="../runtime/{module}">') < first_bokeh
    imports = re.findall(r'^import .* from "\./([\w-]+\.js)";$', (ROOT / "client" / "opening.js").read_text(), re.M)
    assert imports == ["ledger.js"]  # the whole of what the lock's module loads is preloaded
