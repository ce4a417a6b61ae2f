"""The kit's stylesheets, read once from beside this file (also inside the wheel)."""

from __future__ import annotations

from importlib import resources

NARROW_CSS: str = resources.files(__package__).joinpath("narrow.css").read_text(encoding="utf-8")
KIT_CSS: str = resources.files(__package__).joinpath("kit.css").read_text(encoding="utf-8") + NARROW_CSS
