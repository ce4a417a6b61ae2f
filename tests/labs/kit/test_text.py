"""Stored text shown in a Markdown pane is text: no tag, link or emphasis can come out of it."""

from __future__ import annotations

import html
import re

import panel as pn
from hypothesis import given
from hypothesis import strategies as st

from labs.kit.ledger import LedgerHUD, LedgerStore
from labs.kit.text import plain

HOSTILE = "<img src=x onerror=alert(1)>"


def rendered(markdown: str) -> str:
    """The HTML a browser gets for a Markdown pane holding ``markdown`` (Panel escapes it once for transport)."""
    pane = pn.pane.Markdown(markdown)
    return html.unescape(pane._transform_object(pane.object)["object"])


def shown(markdown: str) -> str:
    """What a reader sees of a one-paragraph Markdown pane: its HTML without the paragraph, entities decoded."""
    body = rendered(markdown).strip()
    assert body.startswith("<p>") and body.endswith("</p>"), body
    inner = body[3:-4]
    assert "<" not in inner, f"markup came out of plain text: {inner}"
    return html.unescape(inner)


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1))
def test_any_text_shows_as_itself(text):
    if text.strip():  # a blank value renders as no paragraph at all
        assert " ".join(shown(plain(text)).split()) == " ".join(text.split())  # as a browser lays out spaces


def test_markup_tags_links_and_emphasis_stay_text():
    for text in (HOSTILE, "**bold** [x](javascript:alert(1)) `code` $x$ &amp; # heading", "<script>alert(1)</script>",
                 "- item\n\n# heading\n<b>x</b>"):
        assert "<" not in rendered(plain(text)).strip()[3:-4]


def test_status_bar_and_its_alert_show_stored_values_as_text():
    store = LedgerStore(chapter="1")
    hud = LedgerHUD(store, [("Bottleneck", "act2_bottleneck", lambda v: v or "—"),
                            ("Context", "context", lambda v: {"cloud": "Cloud"}[v])])
    store.param.update(stored={"act2_bottleneck": HOSTILE, "context": "bogus"}, state="recovered",
                       message=f"its record for chapter {HOSTILE} is damaged")
    summary = rendered(hud._summary.object)
    assert "<img" not in summary and "&lt;img src=x onerror=alert(1)&gt;" in summary
    assert "Context:</strong> (unreadable)" in summary  # a value the lab never writes does not stop the bar
    alert = rendered(hud._alert.object)
    assert "<img" not in alert and "&lt;img" in alert
    assert re.search(r"chapter &lt;img", alert)
