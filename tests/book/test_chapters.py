"""Quarto can't run here, so this executes every page's Python the way Quarto would:
the code cells in order, then every inline `{python} expr`, in one namespace per page."""

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "index.qmd", *(ROOT / "book").glob("*.qmd")])
CELL = re.compile(r"^```\{python\}\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`\{python\} ([^`]+)`")
SHORTCODE = re.compile(r"(?<!\{)\{\{< lab ([^ >]+)")  # {{{< ... >}}} is an escaped, literal shortcode


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_python_cell_and_inline_expression_runs(page):
    text = page.read_text()
    scope: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for cell in CELL.findall(text):
            exec(cell, scope)
    for expr in INLINE.findall(text):
        value = eval(expr, scope)
        assert str(value).strip(), f"{page.name}: `{expr}` renders empty"
    if "#| output: asis" in text:
        assert "|" in out.getvalue(), f"{page.name}: an asis cell printed no table"


def test_every_embedded_lab_is_built():
    from sitebuild.config import LABS

    built = {slug.removeprefix("lab") for _, slug in LABS} | {"ledger"}
    for page in PAGES:
        for which in SHORTCODE.findall(page.read_text()):
            assert which in built, f"{page.name} embeds lab {which}, which the site build does not make"


def test_every_page_is_in_the_book():
    config = (ROOT / "_quarto.yml").read_text()
    for page in PAGES:
        assert str(page.relative_to(ROOT)) in config, f"{page.name} is not listed in _quarto.yml"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_inline_python_inside_display_maths(page):
    # Quarto does not evaluate inline code inside $$ ... $$; such a number would show as code.
    for block in re.findall(r"\$\$(.*?)\$\$", page.read_text(), re.S):
        assert "{python}" not in block, f"{page.name}: inline Python inside display maths"


def test_the_instructor_guide_covers_every_lab_the_site_builds():
    import pkgutil

    import labs
    from sitebuild.config import LABS

    found = {f"labs.{m.name}" for m in pkgutil.iter_modules(labs.__path__) if m.name.startswith("lab")}
    assert found == {module for module, _ in LABS}


def test_chapter_pages_carry_the_course_numbers_of_their_labs():
    """One numbering: a chapter page's title says the chapter its lab records under (issue 19)."""
    from labs.registry import LABS

    for lab in LABS:
        first = (ROOT / lab.chapter_page).read_text().splitlines()[0]
        assert first.startswith(f"# {lab.heading} "), f"{lab.chapter_page} starts {first!r}, not {lab.heading!r}"
        assert ".unnumbered" in first, f"{lab.chapter_page}: Quarto's own numbering would disagree with the course's"
        assert f"{{{{< lab {lab.slug.removeprefix('lab')} " in (ROOT / lab.chapter_page).read_text()


def test_labs_record_under_their_registry_chapter():
    import importlib

    from labs.registry import LABS

    for lab in LABS:
        lesson = importlib.import_module(lab.module).LESSON
        assert (lesson.number, lesson.chapter, lesson.chapter_title) == (lab.number, lab.chapter, lab.chapter_title)


# Run in a fresh interpreter, so that modules other tests imported do not count.
_CHAPTER_RUN = r"""
import contextlib, io, json, re, sys
text = open(sys.argv[1]).read()
scope, out = {}, io.StringIO()
with contextlib.redirect_stdout(out):
    for cell in re.findall(r"^```\{python\}\n(.*?)^```", text, re.S | re.M):
        exec(cell, scope)
    for expr in re.findall(r"`\{python\} ([^`]+)`", text):
        eval(expr, scope)
print(json.dumps({"modules": sorted({m.split(".")[0] for m in sys.modules}), "output": out.getvalue()}))
"""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_a_chapters_python_imports_no_panel_and_prints_no_script(page):
    """Panel's import prints its loader into the page (CDN scripts, then require.js and jQuery from Quarto):
    the book's Python must reach only pycore and the labs' Panel-free layers."""
    import json
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _CHAPTER_RUN, str(page)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    result = json.loads(run.stdout.splitlines()[-1])
    assert "pycore" in result["modules"] or "{python}" not in page.read_text()  # the page's Python did run
    assert not {"panel", "bokeh", "param", "ipywidgets"} & set(result["modules"]), f"{page.name} imports a UI library"
    assert "<script" not in result["output"].lower(), f"{page.name} prints a script into the page"
