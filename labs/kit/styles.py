"""The kit's stylesheet, read once from kit.css beside this file (also inside the wheel)."""

from __future__ import annotations

from importlib import resources

KIT_CSS: str = resources.files(__package__).joinpath("kit.css").read_text(encoding="utf-8")
