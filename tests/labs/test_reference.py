"""The book's appendix is generated from pycore: every device, constant, source and claim appears."""

from pathlib import Path

import pycore as pc
from labs.kit.reference import appendix_markdown, cite
from pycore.claims import CLAIMS, Status

ROOT = Path(__file__).resolve().parents[2]


def test_every_device_constant_and_source_is_listed():
    text = appendix_markdown()
    for d in pc.DEVICES.values():
        assert d.name in text
        for rate in d.peaks:
            assert cite(rate.source) in text
        for source in d.sources.values():
            assert cite(source) in text
    for w in pc.WORKLOADS.values():
        assert w.name in text
    for t in pc.TRACKS.values():
        assert t.persona in text
    assert cite(pc.energy.HOROWITZ_2014) in text and cite(pc.dispatch.FRAMEWORKS_CHAPTER) in text


def test_every_claim_is_listed_with_its_verdict():
    text = appendix_markdown()
    for c in CLAIMS:
        assert c.statement in text
        if c.status is Status.CORRECTED:
            assert c.why in text


def test_tables_are_well_formed_markdown():
    for block in appendix_markdown().split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith("|"):
            widths = {line.count(" | ") for line in lines if not line.startswith("|---")}
            assert len(widths) == 1, f"ragged table starting {lines[0][:60]}"


def test_the_book_renders_the_appendix_from_pycore():
    page = (ROOT / "book" / "appendix.qmd").read_text()
    assert "#| output: asis" in page and "print(appendix_markdown())" in page
    assert "book/appendix.qmd" in (ROOT / "_quarto.yml").read_text()
