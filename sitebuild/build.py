"""Build the static site: shared runtime folder, a page per lab, the index and the ledger page."""

from __future__ import annotations

import importlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pycore
from pycore import ledger_schema

from . import config, pages, runtime
from .runtime import BuildError

STATIC = Path(__file__).with_name("static")


@dataclass
class BuildReport:
    out: Path
    missing: list[str] = field(default_factory=list)
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
    pure = runtime.download_pure_wheels(rt / "wheels")
    project = runtime.build_project_wheel(rt / "wheels")
    runtime.extract_assets(pure, rt)
    for asset in STATIC.iterdir():
        shutil.copyfile(asset, rt / asset.name)
    shutil.copyfile(config.ROOT / "labs" / "kit" / "ledger.js", rt / "ledger.js")

    report = BuildReport(out=out, missing=missing, wheels=[w.name for w in [*pure, project]],
                         lock_packages=list(config.LOCK_PACKAGES))
    (rt / "manifest.json").write_text(json.dumps({
        "pyodide_version": config.PYODIDE_VERSION, "lock_packages": report.lock_packages,
        "wheels": report.wheels, "missing": missing,
    }, indent=1))

    lessons = []
    for module, slug in config.LABS:
        lab_module = importlib.import_module(module)
        lesson = lab_module.LESSON
        if lesson.slug != slug:
            raise BuildError(f"{module}: LESSON.slug is {lesson.slug!r}, the build expects {slug!r}")
        _write(out / "labs" / f"{slug}.html", pages.lab_page(lesson, module, link_params(lab_module)))
        lessons.append((lesson, slug))
    _write(out / "index.html", pages.index_page(lessons))
    _write(out / "ledger.html", pages.ledger_page(lessons, {t.key: t.persona for t in pycore.TRACKS.values()}))
    _write(rt / "ledger-schema.json", json.dumps(ledger_schema.JSON_SCHEMA, indent=1))
    return report


def link_params(lab_module) -> dict:
    """What a link to this lab may ask for: its tracks, its acts (by title) and its presets."""
    return {
        "tracks": {t.key: t.persona for t in pycore.TRACKS.values()},
        "acts": lab_module.create().act_titles,
        "presets": {name: p.description for name, p in lab_module.PRESETS.items()},
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
