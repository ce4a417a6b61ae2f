"""pycore imports nothing outside the standard library (it must run unchanged in Pyodide)."""

import ast
import sys
from pathlib import Path

import pytest

PYCORE = Path(__file__).resolve().parents[2] / "pycore"
MODULES = sorted(PYCORE.glob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_are_stdlib_or_pycore(path):
    foreign = {m for m in _imported_roots(path) if m not in sys.stdlib_module_names and m != "pycore"}
    assert not foreign, f"{path.name} imports non-stdlib modules: {sorted(foreign)}"


def test_there_are_modules_to_check():
    assert len(MODULES) >= 5
