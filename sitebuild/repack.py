"""Repack an archive of Python for the browser: drop what the page never reads, precompile the rest,
and store it uncompressed (the build then compresses the archive whole).

Standard library only, because it runs inside Pyodide (under Node, see ``node/run_in_pyodide.mjs``):
``compile`` there is the exact CPython the browser runs, so the bytecode matches its magic number.

    python repack.py JOBS.json  # [{"src": ..., "dest": ..., "drop": [GLOB, ...], "left_out": [MODULE, ...],
                                #   "hollow": [MODULE, ...], "templates": [PATH, ...], "optimize": 2}, ...]

A job's archive is a wheel (its RECORD is rewritten to match) or a plain zip such as Pyodide's
``python_stdlib.zip``. A job may also name package ``__init__`` files whose submodules are imported
only on first use ("lazy": {PATH: [SUBMODULE, ...]}). Paths in JOBS are the host's, read under
$HOST_ROOT.
"""

from __future__ import annotations

import ast
import base64
import fnmatch
import hashlib
import importlib._bootstrap_external as bootstrap
import importlib.util
import json
import os
import sys
import zipfile
from collections.abc import Sequence

# Fixed entry dates make the repacked archive byte-identical across builds, so an unchanged runtime
# keeps the same build version and students keep their service-worker cache.
EPOCH = (1980, 1, 1, 0, 0, 0)


def _pyc(source: bytes, name: str, optimize: int, tree: ast.Module | None = None) -> bytes:
    """Sourceless bytecode for ``source`` (or for ``tree``, parsed from it and changed), as Pyodide's
    own pyc build makes, checked by nothing. ``optimize`` is compile()'s: 2 (as `python -OO`)
    leaves out docstrings and asserts."""
    code = compile(source if tree is None else tree, name, "exec", dont_inherit=True, optimize=optimize)
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def stub(module: str) -> bytes:
    """Source for a module left out of the runtime: importing it says so, and where it is decided."""
    message = (f"{module} is left out of this site's Python runtime to keep the download small (no lab "
               f"uses it). To ship it, take it off LEFT_OUT in sitebuild/config.py and rebuild.")
    return f"raise ImportError({message!r}, name={module!r})\n".encode()


def hollow_stub(module: str) -> bytes:
    """Source for a module left out that another module imports as it loads but calls only later
    (numpy imports its LAPACK core at start-up): importing it works, and using any of its names
    raises the ImportError ``stub`` would. Dunder lookups (the import system's, inspect's) stay
    AttributeErrors."""
    message = stub(module).decode().removeprefix("raise ").strip()
    return (f"def __getattr__(name):\n"
            f"    if name.startswith('__'):\n"
            f"        raise AttributeError(name)\n"
            f"    raise {message}\n").encode()


# Module-level __getattr__ (PEP 562) that imports a lazy name's submodule when the name is first used.
# It goes at the top of the module, so a submodule that imports a name from its half-initialised
# package (a circular import) finds it too.
_LAZY_HOOK = """
from importlib import import_module as _lazy_import


def __getattr__(name):
    if name in _LAZY_NAMES:
        module, attribute = _LAZY_NAMES[name]
        value = getattr(_lazy_import("." + module, __name__), attribute)
    elif name in _LAZY_SUBMODULES:
        value = _lazy_import("." + name, __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted({*globals(), *_LAZY_NAMES, *_LAZY_SUBMODULES})
"""


def lazy_imports(source: bytes, submodules: Sequence[str], name: str) -> ast.Module:
    """A package ``__init__``'s code, changed so that each of ``submodules`` (names relative to
    the package) is imported when one of its names is first asked for, not when the package is.

    The top-level ``from .sub import A, B`` and ``from . import sub`` statements for those
    submodules go; a module ``__getattr__`` imports them on demand. Everything else, line numbers
    included, stays. A submodule named here that the file does not import, or a lazy name that a
    lazy submodule would shadow once imported (``from .widget import widget``), is an error."""
    tree = ast.parse(source, name)
    wanted = set(submodules)
    names: dict[str, tuple[str, str]] = {}
    found: set[str] = set()
    cut: list[ast.stmt] = []
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.level == 1):
            continue
        if node.module in wanted:
            names.update({alias.asname or alias.name: (node.module, alias.name) for alias in node.names})
            found.add(node.module)
            cut.append(node)
        elif node.module is None and all(a.name in wanted and a.asname is None for a in node.names):
            found.update(alias.name for alias in node.names)
            cut.append(node)
    if missing := sorted(wanted - found):
        raise ValueError(f"{name}: imports no submodule {', '.join(missing)} to make lazy")
    if shadowed := sorted(wanted & names.keys()):
        raise ValueError(f"{name}: {', '.join(shadowed)} would be shadowed by the submodule of that name "
                         "once it is imported; keep that submodule eager")
    top = 0  # after the docstring and any `from __future__` import, which must come first
    while top < len(tree.body) and (_is_docstring(tree.body[top]) or _is_future(tree.body[top])):
        top += 1
    hook = ast.parse(f"_LAZY_NAMES = {names!r}\n_LAZY_SUBMODULES = {sorted(wanted)!r}\n{_LAZY_HOOK}")
    ast.increment_lineno(hook, tree.body[top].lineno - 1)  # the rest of the file keeps its line numbers
    tree.body = tree.body[:top] + hook.body + [node for node in tree.body[top:] if node not in cut]
    return tree


# A Jinja template compiled when first used. Jinja asks isinstance(t, Template) of a template it is
# handed (`{% extends base %}` with a template object), so the proxy answers as the real one's class.
_LAZY_TEMPLATE = """
class _LazyTemplate:
    __slots__ = ("_load", "_template")

    def __init__(self, load):
        self._load, self._template = load, None

    def _real(self):
        if self._template is None:
            self._template = self._load()
        return self._template

    __class__ = property(lambda self: type(self._real()))

    def __getattr__(self, name):
        return getattr(self._real(), name)
"""


class _WrapTemplates(ast.NodeTransformer):
    """Wrap each ``<env>.get_template("<name>")`` outside a function (at module level, or in a lambda
    there) in ``_LazyTemplate(lambda: ...)``."""

    def __init__(self) -> None:
        self.wrapped = 0

    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:
        return node  # a function's own calls already wait until it runs

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Attribute) and node.func.attr == "get_template" and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return node
        self.wrapped += 1
        lazy = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
                          body=node)
        return ast.copy_location(ast.Call(func=ast.Name("_LazyTemplate", ast.Load()), args=[lazy], keywords=[]), node)


def lazy_templates(source: bytes, name: str, tree: ast.Module | None = None) -> ast.Module:
    """A module's code (``tree``, if already changed, else parsed from ``source``), changed so that the
    Jinja templates it loads as it is imported are compiled only when first used: Panel and Bokeh
    compile 21 as `import panel` runs, and the labs use none. A file with no such template is an error."""
    tree = tree or ast.parse(source, name)
    wrapper = _WrapTemplates()
    tree = wrapper.visit(tree)
    if not wrapper.wrapped:
        raise ValueError(f"{name}: loads no template by name at module level to make lazy")
    top = 0
    while top < len(tree.body) and (_is_docstring(tree.body[top]) or _is_future(tree.body[top])):
        top += 1
    hook = ast.parse(_LAZY_TEMPLATE)
    ast.increment_lineno(hook, tree.body[top].lineno - 1)
    tree.body = tree.body[:top] + hook.body + tree.body[top:]
    return ast.fix_missing_locations(tree)


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def repack(src: str, dest: str, drop: list[str], optimize: int, left_out: Sequence[str] = (),
           lazy: dict[str, Sequence[str]] | None = None, hollow: Sequence[str] = (),
           templates: Sequence[str] = ()) -> None:
    """Write ``dest`` from ``src`` without the entries matching a glob in ``drop`` and with each
    module as a sourceless .pyc in the .py's place (a .py that does not compile stays as it is).
    Each module in ``left_out`` (a package or a single module) goes, and a stub that raises
    ImportError takes its place; naming one that ``src`` does not hold is an error. A module in
    ``hollow`` goes too, for a stub that imports and fails on first use (``hollow_stub``). Each
    ``__init__.py`` path in ``lazy`` imports the submodules listed for it on first use
    (``lazy_imports``), and each path in ``templates`` compiles its module-level Jinja templates on
    first use (``lazy_templates``); naming a file ``src`` does not hold is an error too."""
    lazy = lazy or {}
    entries: dict[str, bytes] = {}
    record_name = None
    found: dict[str, str] = {}  # left-out module -> where its stub goes
    prefixes = {module: module.replace(".", "/") for module in (*left_out, *hollow)}
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            name = info.filename
            if info.is_dir() or any(fnmatch.fnmatchcase(name, pattern) for pattern in drop):
                continue
            module = next((m for m, p in prefixes.items() if name.startswith((p + "/", p + "."))), None)
            if module is not None:
                is_package = name.startswith(prefixes[module] + "/")
                found[module] = prefixes[module] + ("/__init__.py" if is_package else ".py")
                continue
            if name.endswith(".dist-info/RECORD"):
                record_name = name
                continue
            data = zin.read(info)
            if name in lazy or name in templates:
                tree = lazy_imports(data, lazy[name], name) if name in lazy else None
                if name in templates:
                    tree = lazy_templates(data, name, tree)
                entries[name + "c"] = _pyc(data, name, optimize, tree)
                continue
            if name.endswith(".py") and ".dist-info/" not in name:
                try:
                    entries[name + "c"] = _pyc(data, name, optimize)
                    continue
                except SyntaxError:  # a template or fixture named .py
                    pass
            entries[name] = data
    missing = sorted({*left_out, *hollow} - set(found))
    if missing:
        raise ValueError(f"{src}: holds no module {', '.join(missing)} to leave out")
    if absent := sorted({*lazy, *templates} - {name[:-1] for name in entries if name.endswith(".pyc")}):
        raise ValueError(f"{src}: holds no {', '.join(absent)} to make lazy")
    for module, path in found.items():
        entries[path + "c"] = _pyc((hollow_stub if module in hollow else stub)(module), path, optimize)
    if src.endswith(".whl"):
        if record_name is None:
            raise ValueError(f"{src}: no .dist-info/RECORD, not a wheel")
        rows = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in sorted(entries.items())]
        entries[record_name] = ("\n".join([*rows, f"{record_name},,"]) + "\n").encode()
    with zipfile.ZipFile(dest, "w") as zout:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED  # the whole archive is gzipped next (runtime.pack)
            zout.writestr(info, entries[name])


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main(jobs_file: str) -> None:
    root = os.environ.get("HOST_ROOT", "")  # where the host's files appear (Pyodide under Node mounts them)
    with open(jobs_file) as fh:
        jobs = json.load(fh)
    for job in jobs:
        repack(root + job["src"], root + job["dest"], job["drop"], job["optimize"], job["left_out"], job["lazy"],
               job["hollow"], job["templates"])


if __name__ == "__main__":
    main(sys.argv[1])
