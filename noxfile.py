"""Sessions to build, serve, test and benchmark the course site. `nox -l` lists them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "virtualenv"  # the build runs `pip download --require-hashes`
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["test"]

ROOT = Path(__file__).parent
SITE = ROOT / "_build" / "site"
PYPROJECT = nox.project.load_toml("pyproject.toml")
RUFF = "ruff==0.17.6"  # pinned: a new release's default rules would change what "clean" means
LINTED = ("pycore", "labs", "sitebuild", "tests", "bench", "noxfile.py")


def _install(session: nox.Session, *groups: str) -> None:
    session.install("-e", ".")
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


def _build(session: nox.Session) -> None:
    session.run("python", "-m", "sitebuild", str(SITE))


@nox.session
def build(session: nox.Session) -> None:
    """Build the static site (labs + self-hosted Pyodide runtime) into _build/site."""
    _install(session)
    _build(session)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Build the site and serve it at http://127.0.0.1:8000/mlsys-course/ (as GitHub Pages would)."""
    _install(session)
    _build(session)
    port = session.posargs[0] if session.posargs else "8000"
    session.log(f"Open http://127.0.0.1:{port}/mlsys-course/ (Ctrl-C to stop)")
    session.run("python", "-m", "tests.static_server", str(SITE), port)


def _lint(session: nox.Session, *args: str) -> None:
    session.install(RUFF)
    session.run("ruff", "check", *LINTED, *args)


@nox.session
def test(session: nox.Session) -> None:
    """Lint, then run all three tiers: pycore, lab UI under `panel serve`, and the built site in Pyodide."""
    _lint(session)
    _install(session, "test")
    _build(session)
    if not os.environ.get("CHROMIUM_EXECUTABLE") and not shutil.which("chromium"):
        session.log("No CHROMIUM_EXECUTABLE and no chromium on PATH: using Playwright's own browser")
    session.run("pytest", *session.posargs, env={"SITE_DIR": str(SITE)})


@nox.session(default=False)
def lint(session: nox.Session) -> None:
    """Lint with ruff (the rules and the 120-character line limit are in pyproject.toml)."""
    _lint(session, *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Measure boot, time to interactive (cold and warm), slider latency and bytes; print ratios to bare Pyodide."""
    _install(session, "test")
    _build(session)
    session.run("python", "-m", "bench", str(SITE), *session.posargs)
