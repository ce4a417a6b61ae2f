"""Repack an archive of Python for the browser: drop what the page never reads, precompile the rest.

Standard library only, because it runs inside Pyodide (under Node, see ``node/run_in_pyodide.mjs``):
``compile`` there is the exact CPython the browser runs, so the bytecode matches its magic number.

    python repack.py JOBS.json  # [{"src": ..., "dest": ..., "drop": [GLOB, ...], "left_out": [MODULE, ...],
                                #   "optimize": 2}, ...]

A job's archive is a wheel (its RECORD is rewritten to match) or a plain zip such as Pyodide's
``python_stdlib.zip``. Paths in JOBS are the host's, read under $HOST_ROOT.
"""

from __future__ import annotations

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


def _pyc(source: bytes, name: str, optimize: int) -> bytes:
    """Sourceless bytecode for ``source`` (as Pyodide's own pyc build makes), checked by nothing.
    ``optimize`` is compile()'s: 2 (as `python -OO`) leaves out docstrings and asserts."""
    code = compile(source, name, "exec", dont_inherit=True, optimize=optimize)
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def stub(module: str) -> bytes:
    """Source for a module left out of the runtime: importing it says so, and where it is decided."""
    message = (f"{module} is left out of this site's Python runtime to keep the download small (no lab "
               f"uses it). To ship it, take it off LEFT_OUT in sitebuild/config.py and rebuild.")
    return f"raise ImportError({message!r}, name={module!r})\n".encode()


def repack(src: str, dest: str, drop: list[str], optimize: int, left_out: Sequence[str] = ()) -> None:
    """Write ``dest`` from ``src`` without the entries matching a glob in ``drop`` and with each
    module as a sourceless .pyc in the .py's place (a .py that does not compile stays as it is).
    Each module in ``left_out`` (a package or a single module) goes, and a stub that raises
    ImportError takes its place; naming one that ``src`` does not hold is an error."""
    entries: dict[str, bytes] = {}
    record_name = None
    found: dict[str, str] = {}  # left-out module -> where its stub goes
    prefixes = {module: module.replace(".", "/") for module in left_out}
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
            if name.endswith(".py") and ".dist-info/" not in name:
                try:
                    entries[name + "c"] = _pyc(data, name, optimize)
                    continue
                except SyntaxError:  # a template or fixture named .py
                    pass
            entries[name] = data
    missing = sorted(set(left_out) - set(found))
    if missing:
        raise ValueError(f"{src}: holds no module {', '.join(missing)} to leave out")
    for module, path in found.items():
        entries[path + "c"] = _pyc(stub(module), path, optimize)
    if src.endswith(".whl"):
        if record_name is None:
            raise ValueError(f"{src}: no .dist-info/RECORD, not a wheel")
        rows = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in sorted(entries.items())]
        entries[record_name] = ("\n".join([*rows, f"{record_name},,"]) + "\n").encode()
    with zipfile.ZipFile(dest, "w") as zout:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, entries[name], compresslevel=9)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main(jobs_file: str) -> None:
    root = os.environ.get("HOST_ROOT", "")  # where the host's files appear (Pyodide under Node mounts them)
    with open(jobs_file) as fh:
        jobs = json.load(fh)
    for job in jobs:
        repack(root + job["src"], root + job["dest"], job["drop"], job["optimize"], job["left_out"])


if __name__ == "__main__":
    main(sys.argv[1])
