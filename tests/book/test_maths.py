"""The book's equations render with no CDN: _quarto.yml asks for MathML (which browsers draw themselves), and
every equation in every chapter converts to MathML with pandoc's TeX reader, as Quarto's render will."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

from tests.book.test_shortcode import pandoc

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "index.qmd", *(ROOT / "book").glob("*.qmd")])
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?![\w$])", re.S)


def test_the_book_asks_for_mathml_and_nothing_from_a_cdn():
    config = (ROOT / "_quarto.yml").read_text()
    assert re.search(r"^\s*html-math-method:\s*mathml\s*$", config, re.M)
    for name in ("_quarto.yml", "book/theme.scss"):
        text = (ROOT / name).read_text()
        assert "http://" not in text and "https://" not in text, f"{name} names something off the site"
    assert re.search(r"^\$web-font-path:\s*false;", (ROOT / "book" / "theme.scss").read_text(), re.M)
    assert "book/theme.scss" in config


def _prose(text: str) -> str:
    """A page's Markdown as pandoc sees it: the Markdown its ``output: asis`` cells print (the appendix's
    model table has equations) in place of its cells, and a number for each inline Python value."""
    scope: dict = {}

    def output(cell: re.Match) -> str:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(cell.group(1), scope)
        return printed.getvalue() if "#| output: asis" in cell.group(1) else ""

    text = re.sub(r"^```\{python\}\n(.*?)^```", output, text, flags=re.S | re.M)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`\{python\} [^`]+`", "1", text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_equation_becomes_mathml(page):
    prose = _prose(page.read_text())
    equations = MATH.findall(prose)
    out = subprocess.run([pandoc(), "--from", "markdown", "--to", "html", "--mathml"], input=prose,
                         capture_output=True, text=True, check=True)
    assert "Could not convert TeX math" not in out.stderr, f"{page.name}: {out.stderr}"
    assert out.stdout.count("<math") == len(equations), f"{page.name}: {len(equations)} equations in the source"
    assert "\\frac" not in re.sub(r'<annotation encoding="application/x-tex">.*?</annotation>', "", out.stdout,
                                  flags=re.S)
