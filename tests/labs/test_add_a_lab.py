"""Adding a lab takes its folder and its chapter: the instructor guide's example lab, copied out of the guide
into a throwaway folder, is found, asked on its static page, checked on every track and built."""

from __future__ import annotations

import importlib
import re
import sys

import pytest

import pycore as pc
from labs.registry import discover
from sitebuild import pages
from sitebuild.build import link_params
from sitebuild.opening import opening_lock
from sitebuild.preview import first_act_preview
from tests.conftest import ROOT

GUIDE = ROOT / "book" / "instructor.qmd"
BLOCK = re.compile(r'^```\{\.python filename="labs/(lab\d\d_\w+)/(\w+\.py)"\}\n(.*?)^```', re.S | re.M)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The guide's lab, in a package of its own (``labs_example``) outside the repository."""
    root = tmp_path_factory.mktemp("course")
    blocks = BLOCK.findall(GUIDE.read_text())
    assert {name for _, name, _ in blocks} == {"plan.py", "model.py", "app.py"}, "the guide shows all three layers"
    (folder,) = {lab for lab, _, _ in blocks}
    package = root / "labs_example"
    (package / folder).mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / folder / "__init__.py").write_text(
        "from labs.kit.package import lab_getattr\n\n__getattr__ = lab_getattr(__name__)\n")
    for _, name, code in blocks:
        (package / folder / name).write_text(code)
    sys.path.insert(0, str(root))
    try:
        yield discover(package, "labs_example")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("labs_example")]:
            del sys.modules[name]


def test_the_folder_is_the_lab(example):
    (entry,) = example
    assert (entry.number, entry.slug, entry.title, entry.chapter) == (9, "lab09", "An Example", 9)
    assert entry.heading == "Chapter 9: Examples" and entry.chapter_page == "book/example.qmd"


def test_its_opening_question_and_first_instrument_go_on_the_static_page(example):
    (entry,) = example
    plan = importlib.import_module(f"{entry.module}.plan")
    create = importlib.import_module(entry.module).create
    opening = opening_lock(plan)
    assert opening["fields"]["yes"] == {"part1_prediction": "yes", "part1_correct": True}
    preview = first_act_preview(create, plan, opening, "../runtime/panel/")
    assert {v["saved_as"] for v in preview["variants"].values()} == {"part1_speedup"}
    page = pages.lab_page(plan.LESSON, entry.module, link_params(plan), build="b", opening=opening, preview=preview)
    assert "Is the H100&#x27;s FP16 ridge point above 100 FLOP per byte?" in page


@pytest.mark.parametrize("track", list(pc.TRACKS))
def test_its_statements_hold_and_its_record_is_declared(example, track):
    (entry,) = example
    lab = importlib.import_module(entry.module).create(track=track, preset="fast")
    lab.ledger.stored = {}
    assert lab.record["part1_speedup"] == 100  # the preset, through the binding
    for statement in lab.statements(track):
        assert statement.check is None or statement.check.holds(track), statement.where
    lab.opening_lock.restore("yes")
    assert lab.record["part1_correct"] is True


def test_a_lab_shipped_as_bytecode_only_is_found(tmp_path):
    """The site's Pyodide wheel holds plan.pyc, not plan.py: the completion card's "next lab" link and every
    other use of the registry must still find each lab there."""
    import py_compile
    import shutil

    package = tmp_path / "labs_bytecode"
    shutil.copytree(ROOT / "labs" / "lab02_ml_systems", package / "lab02_ml_systems",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__init__.py").write_text("")
    for source in (package / "lab02_ml_systems").glob("*.py"):
        py_compile.compile(str(source), cfile=str(source.with_suffix(".pyc")))
        source.unlink()
    sys.path.insert(0, str(tmp_path))
    try:
        (entry,) = discover(package, "labs_bytecode")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("labs_bytecode")]:
            del sys.modules[name]
    assert (entry.slug, entry.module) == ("lab02", "labs_bytecode.lab02_ml_systems")
