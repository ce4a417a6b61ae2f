"""Assemble the shared runtime folder: Pyodide core, verified wheels, Bokeh and Panel assets.

Nothing here is fetched by the browser from anywhere but the site: every file a page loads
is copied into ``runtime/`` by these functions, and every wheel is checked against a hash.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

from . import config


class BuildError(RuntimeError):
    """A build step failed; the message names the file or pin at fault."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pyodide_tarball() -> Path:
    """The npm tarball of pyodide@VERSION, packed once into the cache and checked against its integrity."""
    target = config.CACHE / f"pyodide-{config.PYODIDE_VERSION}.tgz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"pyodide@{config.PYODIDE_VERSION}", "--pack-destination", str(target.parent)],
                       check=True, stdout=subprocess.DEVNULL)
    algo, _, expected = config.PYODIDE_NPM_INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algo, target.read_bytes()).digest()).decode()
    if actual != expected:
        target.unlink()
        raise BuildError(f"{target.name}: npm integrity mismatch (expected {config.PYODIDE_NPM_INTEGRITY})")
    return target


def install_core(dest: Path) -> dict:
    """Extract the Pyodide core files into ``dest``; return the parsed lock."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(pyodide_tarball()) as tar:
        for name in config.PYODIDE_CORE_FILES:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise BuildError(f"{name}: missing from the pyodide npm package")
            (dest / name).write_bytes(member.read())
    return json.loads((dest / "pyodide-lock.json").read_text())


def lock_closure(lock: dict, names: tuple[str, ...]) -> list[dict]:
    """The lock entries for ``names`` and everything they depend on, in a stable order."""
    packages = lock["packages"]
    seen: dict[str, dict] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"{name}: not in pyodide-lock.json {config.PYODIDE_VERSION}")
        seen[name] = packages[name]
        todo.extend(packages[name].get("depends", []))
    return [seen[n] for n in sorted(seen)]


def _download(url: str, target: Path) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            target.write_bytes(response.read())
        return True
    except OSError:
        return False


def install_lock_wheels(lock: dict, dest: Path, wheelhouse: Path, *, allow_cdn: bool) -> list[str]:
    """Copy the lock packages' files into ``dest`` from ``wheelhouse`` (or the CDN), verifying each sha256.

    Returns the file names that could not be found anywhere. A file whose hash differs from
    the lock raises BuildError naming it: a wrong wheel is worse than a missing one.
    """
    missing = []
    cdn_reachable = allow_cdn
    for entry in lock_closure(lock, config.LOCK_PACKAGES):
        name, expected = entry["file_name"], entry["sha256"]
        target = dest / name
        source = wheelhouse / name
        if source.is_file():
            shutil.copyfile(source, target)
        elif not (cdn_reachable and _download(config.PYODIDE_CDN + name, target)):
            cdn_reachable = False  # one failed fetch means a closed network: don't wait on every file
            missing.append(name)
            continue
        actual = sha256(target)
        if actual != expected:
            target.unlink()
            raise BuildError(f"{name}: sha256 {actual} does not match the Pyodide lock ({expected})")
    return missing


def download_pure_wheels() -> list[Path]:
    """pip-download the pinned pure wheels (hash-checked by pip) into the cache; return their paths there."""
    cache = config.CACHE / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.13", "--implementation", "py", "--abi", "none", "--platform", "any",
         "--require-hashes", "-r", str(config.REQUIREMENTS), "-d", str(cache)],
        check=True,
    )
    pinned = _pinned_hashes()
    wheels = [wheel for wheel in sorted(cache.glob("*.whl")) if sha256(wheel) in pinned]
    if len(wheels) != len(pinned):
        raise BuildError(f"{config.REQUIREMENTS.name}: expected {len(pinned)} pinned wheels, found {len(wheels)}")
    return wheels


def repack(archives: list[Path], pyodide_dir: Path) -> None:
    """Rewrite each archive (wheel or zip) in place as the browser should get it: without the
    files ``config.REPACK_DROP`` lists for it, with a stub for each module ``config.LEFT_OUT`` and
    ``config.LEFT_OUT_BUT_IMPORTED`` list, with the package imports ``config.LAZY_IMPORTS`` lists
    and the templates of the modules ``config.LAZY_TEMPLATES`` lists deferred to first use, and with
    its modules precompiled by Pyodide's own Python (``repack.py``, run under Node) at level
    ``config.PYTHON_OPTIMIZE``, stored uncompressed (``pack`` compresses it whole). Results are
    cached by input hash, so only changed archives are recompiled."""
    script = Path(__file__).with_name("repack.py")
    recipe = hashlib.sha256(script.read_bytes() + config.PYODIDE_VERSION.encode()).hexdigest()
    jobs, outputs = [], []
    for archive in archives:
        name = archive.name.split("-")[0].removesuffix(".zip")  # "numpy", or "python_stdlib"
        drop, optimize = config.REPACK_DROP.get(name, ()), config.PYTHON_OPTIMIZE
        left_out, lazy = config.LEFT_OUT.get(name, ()), config.LAZY_IMPORTS.get(name, {})
        hollow, templates = config.LEFT_OUT_BUT_IMPORTED.get(name, ()), config.LAZY_TEMPLATES.get(name, ())
        recipe_here = f"{recipe}{sha256(archive)}{drop}{left_out}{lazy}{hollow}{templates}{optimize}"
        key = hashlib.sha256(recipe_here.encode()).hexdigest()[:20]
        cached = config.CACHE / "repacked" / key / archive.name
        if not cached.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            jobs.append({"src": str(archive.resolve()), "dest": str(cached.resolve()), "drop": list(drop),
                         "left_out": list(left_out), "lazy": {k: list(v) for k, v in lazy.items()},
                         "hollow": list(hollow), "templates": list(templates),
                         "optimize": optimize})
        outputs.append((cached, archive))
    if jobs:
        node = shutil.which("node")
        if node is None:
            raise BuildError("node is needed to precompile Python with Pyodide's own interpreter (it comes with npm)")
        jobs_file = config.CACHE / "repacked" / "jobs.json"
        jobs_file.write_text(json.dumps(jobs))
        runner = Path(__file__).with_name("node") / "run_in_pyodide.mjs"
        done = subprocess.run([node, str(runner), str(pyodide_dir), str(script), str(jobs_file)],
                              check=False, capture_output=True, text=True)
        if done.returncode != 0:
            for job in jobs:
                Path(job["dest"]).unlink(missing_ok=True)
            raise BuildError(f"repacking in Pyodide failed:\n{done.stderr[-2000:]}")
    for cached, target in outputs:
        shutil.copyfile(cached, target)


def pack(archives: list[Path]) -> None:
    """Replace each archive with ``NAME.gz``: the uncompressed zip repack wrote, gzipped whole. One
    stream compresses the many small modules together, about a tenth smaller than a zip's own
    file-by-file compression; the worker asks for NAME and ``client/packed.js`` answers with NAME.gz,
    unpacked by the browser. Byte-identical from build to build (no timestamp)."""
    for archive in archives:
        archive.with_name(archive.name + ".gz").write_bytes(gzip.compress(archive.read_bytes(), 9, mtime=0))
        archive.unlink()


def relock(lock_path: Path, files: list[Path]) -> None:
    """Record the repacked ``files`` in the lock the site serves: Pyodide checks each package it
    loads against the lock's sha256 (the originals were checked against the npm lock before)."""
    lock = json.loads(lock_path.read_text())
    by_name = {f.name: sha256(f) for f in files}
    for entry in lock["packages"].values():
        if entry["file_name"] in by_name:
            entry["sha256"] = by_name[entry["file_name"]]
    lock_path.write_text(json.dumps(lock, separators=(",", ":")))


def _pinned_hashes() -> set[str]:
    hashes = set()
    for line in config.REQUIREMENTS.read_text().splitlines():
        if "--hash=sha256:" in line:
            hashes.add(line.split("--hash=sha256:")[1].split()[0])
    return hashes


def build_project_wheel(dest: Path) -> Path:
    """Build this repository's wheel (pycore + labs) from source into ``dest`` (a fresh folder)."""
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("mlsys_course-*.whl"):
        old.unlink()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dest), str(config.ROOT)],
                   check=True)
    (wheel,) = dest.glob("mlsys_course-*.whl")
    return wheel


def extract_assets(wheels: list[Path], dest: Path) -> None:
    """Copy Bokeh's JS bundles and the needed parts of Panel's dist folder out of the pinned wheels."""
    by_name = {w.name.split("-")[0]: w for w in wheels}
    with zipfile.ZipFile(by_name["bokeh"]) as bokeh:
        for bundle in config.BOKEH_JS:
            _write(dest / "bokeh" / f"{bundle}.min.js", bokeh.read(f"bokeh/server/static/js/{bundle}.min.js"))
    with zipfile.ZipFile(by_name["panel"]) as panel:
        for info in panel.infolist():
            rel = info.filename.removeprefix("panel/dist/")
            if rel != info.filename and not info.is_dir() and rel.startswith(config.PANEL_DIST_PARTS):
                if not rel.endswith(".map"):
                    _write(dest / "panel" / rel, panel.read(info))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


__all__ = ["BuildError", "build_project_wheel", "download_pure_wheels", "extract_assets", "install_core",
           "install_lock_wheels", "lock_closure", "relock", "repack", "sha256"]
