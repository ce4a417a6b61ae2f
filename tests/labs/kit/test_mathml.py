"""LaTeX to MathML for the math peeks: the structure TeX would give, and a clear error otherwise."""

from __future__ import annotations

import importlib
import xml.etree.ElementTree as ET

import pytest

from labs.kit import mathpeek
from labs.kit.mathml import to_mathml
from sitebuild.config import LABS

# How many children MathML's layout elements take.
ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3}


def _tree(latex: str) -> ET.Element:
    root = ET.fromstring(to_mathml(latex))
    assert root.tag == "math" and root.get("display") == "block" and root.get("alttext") == latex
    for element in root.iter():
        if element.tag in ARITY:
            assert len(element) == ARITY[element.tag], ET.tostring(element)
    return root


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_a_fraction_has_its_numerator_and_denominator():
    fraction = _tree(r"T = \frac{D}{BW} + L").find("mrow/mfrac")
    numerator, denominator = fraction
    assert _text(numerator) == "D" and [child.tag for child in denominator] == ["mi", "mi"]


def test_scripts_and_primes_attach_to_the_atom_before_them():
    row = _tree(r"AI_{GEMM} H' x_i^2").find("mrow")
    assert [child.tag for child in row] == ["mi", "msub", "msup", "msubsup"]
    assert _text(row[1]) == "IGEMM" and _text(row[2]) == "H′" and _text(row[3]) == "xi2"


def test_text_keeps_its_spaces_and_symbols_become_characters():
    row = _tree(r"\text{GPU utilisation } \approx 2 \cdot \eta - 1").find("mrow")
    assert row[0].tag == "mtext" and row[0].text == "GPU utilisation "
    assert [(child.tag, child.text) for child in row[1:]] == [
        ("mo", "≈"), ("mn", "2"), ("mo", "⋅"), ("mi", "η"), ("mo", "−"), ("mn", "1")]


def test_markup_in_the_formula_is_escaped():
    row = _tree(r"a < b \text{ <b>not bold</b>}").find("mrow")
    assert [child.tag for child in row] == ["mi", "mo", "mi", "mtext"]
    assert row[3].text == " <b>not bold</b>"


@pytest.mark.parametrize(("latex", "why"), [
    (r"\sqrt{x}", r"unsupported LaTeX command \\sqrt"),
    (r"\frac{a}{b", "missing }"),
    (r"a}", "unbalanced }"),
    (r"x^", "unexpected end"),
    (r"\text a", r"\\text needs braces"),
])
def test_latex_it_does_not_know_is_an_error_naming_the_formula(latex, why):
    with pytest.raises(ValueError, match=why) as err:
        to_mathml(latex)
    assert repr(latex) in str(err.value)


@pytest.mark.parametrize("module", [module for module, _ in LABS])
def test_every_formula_in_the_labs_is_well_formed_mathml(module, monkeypatch):
    formulas = []
    monkeypatch.setattr(mathpeek, "to_mathml", lambda latex: formulas.append(latex) or to_mathml(latex))
    importlib.import_module(module).create()
    assert formulas, f"{module} shows no formula"
    for latex in formulas:
        _tree(latex)
