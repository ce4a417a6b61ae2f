"""The static build: each lab becomes a page that runs in a self-hosted Pyodide runtime."""

from .build import BuildError, BuildReport, build_site

__all__ = ["BuildError", "BuildReport", "build_site"]
