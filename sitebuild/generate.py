"""Files generated from the course's one list of labs (labs/registry.py), for tools that cannot import it.

``python -m sitebuild.generate`` rewrites them; ``tests/sitebuild/test_generate.py`` fails when a
committed copy differs from what this would write, so they never drift from the registry.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycore
from labs.registry import LABS

ROOT = Path(__file__).resolve().parents[1]
SHORTCODE_REGISTRY = ROOT / "_extensions" / "lab" / "registry.lua"


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shortcode_registry() -> str:
    """The labs and tracks the ``lab`` shortcode accepts, as a Lua table."""
    labs = "\n".join(f"    [{_lua_string(f'{lab.number:02d}')}] = {_lua_string(lab.title)}," for lab in LABS)
    tracks = "\n".join(f"    [{_lua_string(key)}] = {_lua_string(t.persona)}," for key, t in pycore.TRACKS.items())
    return (f"-- Generated from labs/registry.py and pycore.TRACKS by `python -m sitebuild.generate`: do not edit.\n"
            f"return {{\n  labs = {{\n{labs}\n  }},\n  tracks = {{\n{tracks}\n  }},\n}}\n")


GENERATED = {SHORTCODE_REGISTRY: shortcode_registry}


def main() -> int:
    for path, make in GENERATED.items():
        path.write_text(make(), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
