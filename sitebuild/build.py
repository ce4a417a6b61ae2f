"""Build the static site: shared runtime folder, a page per lab, the index and the ledger page."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pycore
from labs.kit import ledger_schema

from . import config, pages, runtime
from .opening import opening_lock
from .preview import first_act_preview
from .runtime import BuildError

STATIC = config.ROOT / "client"  # the browser client: page scripts and the worker (its Python: labs/client)


@dataclass
class BuildReport:
    out: Path
    missing: list[str] = field(default_factory=list)
    build: str = ""
    wheels: list[str] = field(default_factory=list)
    lock_packages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Built the site in {self.out}"]
        if self.missing:
            lines.append(
                f"MISSING {len(self.missing)} Pyodide wheel(s): {', '.join(self.missing)}.\n"
                f"  Labs will not start until they are present. Put them in a folder named by "
                f"PYODIDE_WHEELHOUSE (default {config.wheelhouse()}) and build again."
            )
        return "\n".join(lines)


def build_site(out: Path, *, wheelhouse: Path | None = None, allow_cdn: bool = True) -> BuildReport:
    """Build everything into ``out`` (replaced). Missing lock wheels are reported, not fatal;
    a wheel with the wrong hash raises BuildError naming the file."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    rt = out / "runtime"
    lock = runtime.install_core(rt / "pyodide")
    missing = runtime.install_lock_wheels(lock, rt / "pyodide", wheelhouse or config.wheelhouse(), allow_cdn=allow_cdn)
    pure = runtime.download_pure_wheels()
    runtime.extract_assets(pure, rt)
    (rt / "wheels").mkdir()
    wheels = [Path(shutil.copy(w, rt / "wheels")) for w in pure]
    wheels.append(runtime.build_project_wheel(rt / "wheels"))
    # Everything Python imports goes out precompiled, the standard library and the lock's wheels
    # included (both checked against the npm package first); the lock then names the new hashes.
    lock_wheels = [rt / "pyodide" / e["file_name"] for e in runtime.lock_closure(lock, config.LOCK_PACKAGES)
                   if e["file_name"] not in missing]
    archives = [*wheels, *lock_wheels, rt / "pyodide" / "python_stdlib.zip"]
    runtime.repack(archives, rt / "pyodide")
    runtime.relock(rt / "pyodide" / "pyodide-lock.json", lock_wheels)  # the hashes of what Pyodide unpacks
    runtime.pack(archives)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, rt / asset.name)
    shutil.copyfile(config.ROOT / "labs" / "kit" / "ledger.js", rt / "ledger.js")
    shutil.copyfile(config.ROOT / "labs" / "kit" / "a11y.js", rt / "a11y.js")

    report = BuildReport(out=out, missing=missing, wheels=[w.name for w in wheels],
                         lock_packages=list(config.LOCK_PACKAGES))
    _write(rt / "ledger-schema.json", json.dumps(ledger_schema.JSON_SCHEMA, indent=1))
    labs = []
    for module, slug in config.LABS:
        lab_module = importlib.import_module(module)
        if lab_module.LESSON.slug != slug:
            raise BuildError(f"{module}: LESSON.slug is {lab_module.LESSON.slug!r}, the build expects {slug!r}")
        plan = importlib.import_module(f"{module}.plan")
        opening = opening_lock(plan)
        labs.append((lab_module, module, slug, link_params(plan), opening,
                     first_act_preview(lab_module.create, plan, opening, dist_url="../runtime/panel/")))
    lessons = [(m.LESSON, slug) for m, _, slug, *_ in labs]

    def site_pages(build: str) -> dict[str, str]:
        pages_out = {f"labs/{slug}.html": pages.lab_page(m.LESSON, module, params, build=build, opening=opening,
                                                         preview=preview, chapter_page=m.CHAPTER_PAGE)
                     for m, module, slug, params, opening, preview in labs}
        pages_out["index.html"] = pages.index_page(lessons)
        plans = [importlib.import_module(f"{module}.plan") for _m, module, *_ in labs]
        tracks = {t.key: t.persona for t in pycore.TRACKS.values()}
        pages_out["ledger.html"] = pages.ledger_page(plans, tracks)
        pages_out["report.html"] = pages.report_page(plans)
        pages_out["instructors.html"] = pages.instructors_page(plans, tracks)
        return pages_out

    # The build's version: a hash of every runtime file and every page, so any change makes a new one.
    build = content_version(out, [p for p in rt.rglob("*") if p.is_file()], site_pages(""))
    report.build = build
    (rt / "manifest.json").write_text(json.dumps({
        "pyodide_version": config.PYODIDE_VERSION, "build": build, "lock_packages": report.lock_packages,
        "python_env": {"PYTHONOPTIMIZE": str(config.PYTHON_OPTIMIZE)},
        "wheels": report.wheels, "missing": missing,
    }, indent=1))
    for name, text in site_pages(build).items():
        _write(out / name, text)
    write_service_worker(out, build)
    return report


# The pages and the small files every page needs; the rest of the runtime is kept once a lab has started.
SHELL_FILES = ("runtime/site.css", "runtime/scheme.js", "runtime/frame.js", "runtime/offline.js",
               "runtime/offline-page.js", "runtime/boot.js",
               "runtime/python-worker.js", "runtime/protocol.js", "runtime/opening.js", "runtime/preview.js",
               "runtime/drawing-scripts.js", "runtime/packed.js",
               "runtime/a11y.js",
               "runtime/ledger.js", "runtime/ledger-page.js", "runtime/manifest.json",
               "runtime/ledger-schema.json", "runtime/report.js", "runtime/report-page.js", "runtime/instructors.js")


def content_version(root: Path, files: list[Path], texts: dict[str, str] | None = None) -> str:
    """A short hash of ``files`` (names relative to ``root``, and bytes) and of named ``texts``:
    a service worker's version, which changes whenever anything it serves does."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    for name, text in sorted((texts or {}).items()):
        digest.update(name.encode() + text.encode())
    return digest.hexdigest()[:16]


def cache_url(name: str) -> str:
    """The one spelling of a site path a worker precaches (pages percent-encode some names, and
    Cache.addAll refuses two spellings of one file)."""
    return urllib.parse.quote(urllib.parse.unquote(name), safe="/@")


def write_service_worker(out: Path, build: str) -> None:
    """Write sw.js at the site root: the worker's code with this build's version and precache list."""
    page_files = [*out.glob("*.html"), *out.glob("labs/*.html")]
    # The scripts and styles the pages load, read off the pages (a lab's preloads are the runtime's).
    tags = r'<(?:script|link)\b(?![^>]*rel="preload")[^>]*\b(?:src|href)="(?:\.\./)?(runtime/[^"]+)"'
    loaded = {m for p in page_files for m in re.findall(tags, p.read_text())}
    for css in [name for name in loaded if name.endswith(".css")]:  # and what those stylesheets load
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", (out / css).read_text(encoding="utf-8")):
            target = (out / css).parent / ref
            if not ref.startswith(("data:", "http")) and target.is_file():
                loaded.add(target.resolve().relative_to(out.resolve()).as_posix())
    # Panel loads each widget's stylesheet only when a lab first shows that widget: keep them all.
    loaded |= {p.relative_to(out).as_posix() for p in (out / "runtime" / "panel").rglob("*") if p.is_file()}
    loaded = {cache_url(name) for name in loaded | set(SHELL_FILES)}
    precache = sorted(p.relative_to(out).as_posix() for p in page_files) + sorted(loaded)
    # The rest of the runtime (Pyodide, the wheels) waits until a lab asks: a visit to the index
    # alone should not download it.
    rest = sorted({cache_url(p.relative_to(out).as_posix()) for p in (out / "runtime").rglob("*") if p.is_file()}
                  - set(precache))
    _write(out / "sw.js", service_worker(build, "mlsys-site-", precache, runtime=rest))


def service_worker(build: str, prefix: str, precache: list[str], passed: tuple[str, ...] = (),
                   runtime: list[str] = ()) -> str:
    """The worker's code with its version, its caches' prefix, what it keeps at once, what it keeps
    when a lab asks, and the folders (relative to it) it leaves to the network because another
    worker keeps them."""
    head = (f"const BUILD = {json.dumps(build)};\nconst PREFIX = {json.dumps(prefix)};\n"
            f"const PASS = {json.dumps(list(passed))};\nconst PRECACHE = {json.dumps(precache, indent=1)};\n"
            f"const RUNTIME = {json.dumps(list(runtime), indent=1)};\n")
    return head + (Path(__file__).with_name("sw") / "sw.js").read_text(encoding="utf-8")


def link_params(plan) -> dict:
    """What a link to this lab may ask for, from its plan: its tracks, its acts (by title) and its presets."""
    return {
        "tracks": {t.key: t.persona for t in pycore.TRACKS.values()},
        "acts": [act.title for act in plan.ACTS],
        "presets": {name: p.description for name, p in plan.PRESETS.items()},
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
