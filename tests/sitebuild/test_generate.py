"""Files generated from the registry are committed as the generator writes them (python -m sitebuild.generate)."""

from __future__ import annotations

import re

import pytest

from labs.registry import LABS
from sitebuild import generate


@pytest.mark.parametrize("path", list(generate.GENERATED), ids=lambda p: p.name)
def test_committed_copy_is_what_the_generator_writes(path):
    assert path.read_text(encoding="utf-8") == generate.GENERATED[path](), \
        f"{path.name} is stale: run python -m sitebuild.generate"
    assert path.read_text().startswith("-- Generated from labs/registry.py")


def test_the_shortcode_accepts_exactly_the_registry_labs():
    text = generate.shortcode_registry()
    assert set(re.findall(r'\["(\d\d)"\]', text)) == {f"{lab.number:02d}" for lab in LABS}
    lua = (generate.ROOT / "_extensions" / "lab" / "lab.lua").read_text()
    assert 'resolve_path("registry.lua")' in lua and "REGISTRY.labs[which]" in lua
