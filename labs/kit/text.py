"""Text that comes from outside the lab's code, made safe to show inside a Markdown pane.

A value read from the Design Ledger, an imported file or a link is data a classmate may have
written: ``<img onerror=...>`` in a record field must show as those characters, never become an
element. Panel's Markdown panes (and Alerts) turn their text into HTML, so every such value goes
through ``plain`` before it is put into one.
"""

from __future__ import annotations

import re
import string

# CommonMark lets a backslash escape any ASCII punctuation character and then shows it literally:
# escaping all of them leaves no tag, entity, link, emphasis, code span or math delimiter.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def plain(value: object) -> str:
    """``str(value)`` as literal text in Markdown: on one line, with every ASCII punctuation
    character backslash-escaped, so that nothing in it is read as markup."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


__all__ = ["plain"]
