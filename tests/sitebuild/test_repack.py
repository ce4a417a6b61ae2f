"""repack.py, run here in CPython (in the build it runs in Pyodide's Python, with the same code)."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import marshal
import sys
import types
import zipfile

import jinja2
import pytest

from sitebuild import repack, runtime

MODULE = b'"""The module\'s docstring."""\nassert True\nVALUE = 42\n'


def _zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def _wheel(tmp_path):
    return _zip(tmp_path / "demo-1.0-py3-none-any.whl", {
        "demo/__init__.py": MODULE,
        "demo/broken.py": b"this is {{ a template }}\n",
        "demo/static/big.js": b"x" * 1000,
        "demo/__init__.pyi": b"VALUE: int\n",
        "demo-1.0.dist-info/METADATA": b"Name: demo\n",
        "demo-1.0.dist-info/RECORD": b"stale\n",
    })


def _code(pyc: bytes):
    return marshal.loads(pyc[16:])  # after the 16-byte header: magic, flags, source hash


def test_modules_become_bytecode_and_dropped_files_go(tmp_path):
    out = tmp_path / "out.whl"
    repack.repack(str(_wheel(tmp_path)), str(out), ["demo/static/*", "*.pyi"], 2)
    names = set(zipfile.ZipFile(out).namelist())
    assert names == {"demo/__init__.pyc", "demo/broken.py", "demo-1.0.dist-info/METADATA",
                     "demo-1.0.dist-info/RECORD"}
    # stored: the build gzips the archive whole (runtime.pack), which compresses the modules together
    assert {i.compress_type for i in zipfile.ZipFile(out).infolist()} == {zipfile.ZIP_STORED}
    code = _code(zipfile.ZipFile(out).read("demo/__init__.pyc"))
    namespace = {}
    exec(code, namespace)
    assert namespace["VALUE"] == 42 and namespace.get("__doc__") is None  # -OO: no docstring


def test_level_zero_keeps_docstrings(tmp_path):
    out = tmp_path / "out.whl"
    repack.repack(str(_wheel(tmp_path)), str(out), [], 0)
    namespace = {}
    exec(_code(zipfile.ZipFile(out).read("demo/__init__.pyc")), namespace)
    assert namespace["__doc__"] == "The module's docstring."


def test_record_lists_every_file_with_its_hash(tmp_path):
    out = tmp_path / "out.whl"
    repack.repack(str(_wheel(tmp_path)), str(out), ["*.pyi"], 2)
    with zipfile.ZipFile(out) as z:
        rows = [line.split(",") for line in z.read("demo-1.0.dist-info/RECORD").decode().splitlines()]
        listed = {name for name, _, _ in rows}
        assert listed == set(z.namelist())
        for name, digest, size in rows:
            if name.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = z.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data)


def test_output_is_the_same_bytes_every_time(tmp_path):
    first, second = tmp_path / "a.whl", tmp_path / "b.whl"
    repack.repack(str(_wheel(tmp_path)), str(first), [], 2)
    repack.repack(str(_wheel(tmp_path)), str(second), [], 2)
    assert first.read_bytes() == second.read_bytes()


def test_a_plain_zip_needs_no_record_but_a_wheel_does(tmp_path):
    stdlib = _zip(tmp_path / "python_stdlib.zip", {"json/__init__.py": MODULE})
    repack.repack(str(stdlib), str(tmp_path / "out.zip"), [], 2)
    assert zipfile.ZipFile(tmp_path / "out.zip").namelist() == ["json/__init__.pyc"]
    bad = _zip(tmp_path / "bad-1.0-py3-none-any.whl", {"bad/__init__.py": MODULE})
    with pytest.raises(ValueError, match="not a wheel"):
        repack.repack(str(bad), str(tmp_path / "out.whl"), [], 2)


def test_a_left_out_module_becomes_a_stub_that_says_why(tmp_path):
    stdlib = _zip(tmp_path / "python_stdlib.zip", {
        "json/__init__.py": MODULE, "pdb.py": MODULE, "pdbx.py": MODULE,
        "xml/etree/__init__.py": MODULE, "xml/dom/__init__.py": MODULE, "xml/dom/minidom.py": MODULE,
        "ext/fast.cpython-313-wasm32-emscripten.so": b"\0asm",
    })
    out = tmp_path / "out.zip"
    repack.repack(str(stdlib), str(out), [], 2, ["pdb", "xml.dom", "ext.fast"])
    with zipfile.ZipFile(out) as z:
        assert set(z.namelist()) == {"json/__init__.pyc", "pdbx.pyc", "xml/etree/__init__.pyc",
                                     "pdb.pyc", "xml/dom/__init__.pyc", "ext/fast.pyc"}
        for module, path in [("pdb", "pdb.pyc"), ("xml.dom", "xml/dom/__init__.pyc"), ("ext.fast", "ext/fast.pyc")]:
            with pytest.raises(ImportError, match=f"{module} is left out of this site's Python runtime") as err:
                exec(_code(z.read(path)), {})
            assert err.value.name == module and "LEFT_OUT in sitebuild/config.py" in str(err.value)


def test_a_module_left_out_but_imported_loads_and_fails_on_first_use(tmp_path):
    """numpy imports its LAPACK core as it starts: the stub must import, and say why on first use."""
    numpy = _zip(tmp_path / "numpy-2.2.5-cp313-cp313-pyodide_2025_0_wasm32.whl", {
        "numpy/linalg/_linalg.py": MODULE, "numpy/linalg/_umath_linalg.cpython-313-wasm32-emscripten.so": b"\0asm",
        "numpy/linalg/_umath_linalg.pyi": b"", "numpy-2.2.5.dist-info/RECORD": b"",
    })
    out = tmp_path / "out.whl"
    repack.repack(str(numpy), str(out), [], 2, [], None, ["numpy.linalg._umath_linalg"])
    with zipfile.ZipFile(out) as z:
        assert set(z.namelist()) == {"numpy/linalg/_linalg.pyc", "numpy/linalg/_umath_linalg.pyc",
                                     "numpy-2.2.5.dist-info/RECORD"}
        module = types.ModuleType("numpy.linalg._umath_linalg")
        exec(_code(z.read("numpy/linalg/_umath_linalg.pyc")), module.__dict__)  # importing it works
    with pytest.raises(ImportError, match="numpy.linalg._umath_linalg is left out of this site's") as err:
        module.inv  # noqa: B018
    assert err.value.name == "numpy.linalg._umath_linalg" and "LEFT_OUT in sitebuild/config.py" in str(err.value)
    assert not hasattr(module, "__wrapped__")  # a dunder probe is an AttributeError, as on any module


def test_leaving_out_a_module_the_archive_lacks_is_an_error(tmp_path):
    stdlib = _zip(tmp_path / "python_stdlib.zip", {"json/__init__.py": MODULE})
    with pytest.raises(ValueError, match="holds no module pydoc, xml.sax to leave out"):
        repack.repack(str(stdlib), str(tmp_path / "out.zip"), [], 2, ["xml.sax", "pydoc", "json"])


# A package whose __init__ imports two submodules that are costly to import, and one that is not.
LAZY_PACKAGE = {
    "lazypkg/__init__.py": b'''"""A package."""
from __future__ import annotations

from .cheap import CHEAP
from .heavy import Heavy, helper as assist  # noqa
from . import extra


def where():
    return "lazypkg"
''',
    "lazypkg/cheap.py": b"CHEAP = 1\n",
    # Imports a lazy name from its half-initialised package, as Panel's widgets do.
    "lazypkg/heavy.py": b"from . import CHEAP\nclass Heavy: pass\ndef helper(): return CHEAP\n",
    "lazypkg/extra.py": b"VALUE = 7\n",
    "lazypkg-1.0.dist-info/RECORD": b"",
}


@pytest.fixture
def lazypkg(tmp_path, monkeypatch):
    """``lazypkg`` repacked with heavy and extra lazy, importable from a folder on sys.path."""
    out = tmp_path / "out.whl"
    wheel = _zip(tmp_path / "lazypkg-1.0-py3-none-any.whl", LAZY_PACKAGE)
    repack.repack(str(wheel), str(out), [], 2, lazy={"lazypkg/__init__.py": ["heavy", "extra"]})
    zipfile.ZipFile(out).extractall(tmp_path / "site")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield
    for name in [name for name in sys.modules if name.split(".")[0] == "lazypkg"]:
        del sys.modules[name]


def test_lazy_submodules_are_imported_on_first_use(lazypkg):
    import lazypkg

    assert "lazypkg.cheap" in sys.modules
    assert "lazypkg.heavy" not in sys.modules and "lazypkg.extra" not in sys.modules
    assert {"Heavy", "assist", "extra", "where"} <= set(dir(lazypkg))
    assert lazypkg.assist() == 1 and "lazypkg.heavy" in sys.modules  # helper, by its alias
    assert lazypkg.Heavy is sys.modules["lazypkg.heavy"].Heavy
    from lazypkg import extra
    assert extra.VALUE == 7
    with pytest.raises(AttributeError, match="module 'lazypkg' has no attribute 'missing'"):
        lazypkg.missing  # noqa: B018


def test_lazy_imports_keep_the_rest_of_the_file_and_its_line_numbers():
    tree = repack.lazy_imports(LAZY_PACKAGE["lazypkg/__init__.py"], ["heavy", "extra"], "lazypkg/__init__.py")
    names = [type(node).__name__ for node in tree.body]
    assert names[:3] == ["Expr", "ImportFrom", "Assign"]  # docstring, __future__, then the hook
    (where,) = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "where"]
    assert where.lineno == 9
    imports = [node.module for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 1]
    assert imports == ["cheap"]


def test_a_lazy_name_a_submodule_would_shadow_or_a_missing_one_is_an_error():
    source = b"from .widget import widget\nfrom .other import Other\n"
    with pytest.raises(ValueError, match="x.py: widget would be shadowed by the submodule"):
        repack.lazy_imports(source, ["widget"], "x.py")
    with pytest.raises(ValueError, match="x.py: imports no submodule absent to make lazy"):
        repack.lazy_imports(source, ["other", "absent"], "x.py")


def test_making_a_file_the_archive_lacks_lazy_is_an_error(tmp_path):
    wheel = _zip(tmp_path / "lazypkg-1.0-py3-none-any.whl", LAZY_PACKAGE)
    with pytest.raises(ValueError, match="holds no lazypkg/sub/__init__.py to make lazy"):
        repack.repack(str(wheel), str(tmp_path / "out.whl"), [], 2, lazy={"lazypkg/sub/__init__.py": ["x"]})


def test_relock_records_the_new_hashes_only(tmp_path):
    lock = tmp_path / "pyodide-lock.json"
    lock.write_text(json.dumps({"info": {}, "packages": {
        "demo": {"name": "demo", "file_name": "demo-1.0-py3-none-any.whl", "sha256": "old"},
        "other": {"name": "other", "file_name": "other-1.0-py3-none-any.whl", "sha256": "kept"},
    }}))
    wheel = _wheel(tmp_path)
    runtime.relock(lock, [wheel])
    packages = json.loads(lock.read_text())["packages"]
    assert packages["demo"]["sha256"] == runtime.sha256(wheel)
    assert packages["other"]["sha256"] == "kept"


TEMPLATES_MODULE = b'''"""Templates, as Panel and Bokeh load them."""
from jinja2 import BaseLoader, Environment

LOADED = []


class Loader(BaseLoader):
    SOURCES = {"page.html": "{% extends base %}{% block body %}[{{ x }}]{% endblock %}",
               "base.html": "<p>{% block body %}{% endblock %}</p>", "tag.html": "<b>{{ x }}</b>"}

    def get_source(self, environment, name):
        LOADED.append(name)
        return self.SOURCES[name], None, lambda: True


_env = Environment(loader=Loader())
BASE = _env.get_template("base.html")
PAGE: object = _env.get_template("page.html")
_later = dict(TAG=lambda: _env.get_template("tag.html"))


def by_name(name):
    return _env.get_template(name)
'''


def test_module_level_templates_are_compiled_on_first_use(tmp_path):
    """`import panel` compiles 21 Jinja templates the labs never use: repack defers each to its first use,
    and a deferred template still works wherever Jinja takes a template, `{% extends base %}` included."""
    wheel = _zip(tmp_path / "demo-1.0-py3-none-any.whl",
                 {"demo/templates.py": TEMPLATES_MODULE, "demo-1.0.dist-info/RECORD": b""})
    out = tmp_path / "out.whl"
    repack.repack(str(wheel), str(out), [], 2, templates=["demo/templates.py"])
    module = types.ModuleType("demo.templates")
    exec(_code(zipfile.ZipFile(out).read("demo/templates.pyc")), module.__dict__)
    assert module.LOADED == []  # importing it compiled nothing
    assert module.PAGE.render(base=module.BASE, x=1) == "<p>[1]</p>"  # Jinja takes BASE as a template
    assert module.LOADED == ["page.html", "base.html"]
    assert isinstance(module.BASE, jinja2.Template)
    assert module._later["TAG"]().render(x=2) == "<b>2</b>" and module.LOADED[-1] == "tag.html"
    assert module.by_name("tag.html").render(x=3) == "<b>3</b>"  # a function's own call is left as it was


def test_a_template_file_with_no_template_to_defer_is_an_error(tmp_path):
    wheel = _zip(tmp_path / "demo-1.0-py3-none-any.whl",
                 {"demo/plain.py": MODULE, "demo-1.0.dist-info/RECORD": b""})
    with pytest.raises(ValueError, match="demo/plain.py: loads no template by name"):
        repack.repack(str(wheel), str(tmp_path / "out.whl"), [], 2, templates=["demo/plain.py"])
