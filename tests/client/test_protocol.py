"""The page and its Python worker speak from one table (client/protocol.js): each message is sent
by one side and handled by the other, and neither script names a message the table lacks."""

from __future__ import annotations

import re

from tests.conftest import ROOT

STATIC = ROOT / "client"


def table(name: str) -> dict[str, str]:
    text = (STATIC / "protocol.js").read_text()
    block = re.search(rf"export const {name} = Object\.freeze\(\{{(.*?)\}}\);", text, re.S).group(1)
    return dict(re.findall(r'^\s*(\w+): "([\w-]+)",', block, re.M))


def uses(script: str, name: str, how: str) -> set[str]:
    text = (STATIC / script).read_text()
    patterns = {"sent": rf"postMessage\(\{{\s*type: {name}\.(\w+)",
                "received": rf"(?:next|nextMessage)\({name}\.(\w+)\)|msg\.type === {name}\.(\w+)"}
    found = set()
    for match in re.finditer(patterns[how], text):
        found |= {g for g in match.groups() if g}
    return found


def test_every_message_is_sent_by_one_side_and_handled_by_the_other():
    to_worker, to_page = table("TO_WORKER"), table("TO_PAGE")
    assert set(to_worker) == uses("boot.js", "TO_WORKER", "sent")
    assert set(to_worker) == uses("python-worker.js", "TO_WORKER", "received")
    assert set(to_page) == uses("python-worker.js", "TO_PAGE", "sent")
    assert set(to_page) <= uses("boot.js", "TO_PAGE", "received")


def test_no_script_names_a_message_outside_the_table():
    for script in ("boot.js", "python-worker.js"):
        text = (STATIC / script).read_text()
        literal = re.search(r'postMessage\(\{\s*type: "', text)
        assert not literal, f"{script} sends a message type the table does not hold"
        assert not re.search(r'(?:next|nextMessage)\("', text), f"{script} waits for a message by literal name"
