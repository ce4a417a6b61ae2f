"""Keyboard only: with every act unlocked, Tab reaches every control of each lab, and each one
shows a visible focus indicator when it gets there."""

from __future__ import annotations

import pytest

from tests.a11y.test_axe import LOCKS
from tests.labs.lab_page import Lab01, Lab02, Lab05, Lab07

pytestmark = pytest.mark.ui

# Every control a student could operate, through Panel's shadow roots, each tagged with its index. A radio
# group is one stop (Tab enters it, the arrow keys choose), so its buttons share one index.
CONTROLS = """() => {
    const found = [];
    const groups = new Map();
    const walk = (root) => root.querySelectorAll('*').forEach((el) => {
        const focusable = el.matches('input:not([type=hidden]), button, select, textarea, a[href], [role=slider]')
            || (el.hasAttribute('tabindex') && el.tabIndex >= 0);
        if (focusable && !el.disabled && el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true})) {
            const group = el.type === 'radio' ? `${el.name}` : null;
            const s = getComputedStyle(el);
            el.dataset.kbRest = `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}`;
            if (group !== null && groups.has(group)) {
                el.dataset.kbIndex = groups.get(group);
            } else {
                el.dataset.kbIndex = String(found.length);
                if (group !== null) groups.set(group, el.dataset.kbIndex);
                const label = el.closest('label');
                found.push(el.getAttribute('aria-label') || (label || el).textContent.trim().slice(0, 40)
                           || el.tagName);
            }
        }
        if (el.shadowRoot) walk(el.shadowRoot);
    });
    walk(document);
    return found;
}"""

# The element that has the focus, however deep, and whether it shows it: an outline, or a ring that it
# did not have at rest.
FOCUSED = """() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    const ring = s.boxShadow !== 'none' && `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}` !== el.dataset.kbRest;
    return {index: el.dataset.kbIndex ?? null, name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40)
            || el.tagName, visible: outline || ring};
}"""


@pytest.mark.parametrize("page_class, fixture", [(Lab01, "lab01_url"), (Lab02, "lab02_url"),
                                                 (Lab05, "lab05_url"), (Lab07, "lab07_url")],
                         ids=["lab01", "lab02", "lab05", "lab07"])
def test_tab_reaches_every_control_with_a_visible_focus(page, request, page_class, fixture, guard):
    page.goto(request.getfixturevalue(fixture))
    lab = page_class(page)
    lab.wait_ready()
    for act, label in enumerate(LOCKS[page_class], start=1):
        lab.predict(act, label)
    page.wait_for_timeout(1000)  # the last act's controls are drawn
    page.locator("body").click(position={"x": 1, "y": 1})  # nothing focused while the rest styles are read
    controls = page.evaluate(CONTROLS)
    reached, unseen = {}, []
    for _ in range(len(controls) * 2 + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        if not focused["visible"]:
            unseen.append(focused["name"])
        if focused["index"] is not None:
            if focused["index"] in reached and len(reached) == len(controls):
                break
            reached[focused["index"]] = focused["name"]
    missed = [name for i, name in enumerate(controls) if str(i) not in reached]
    assert missed == [], f"Tab never reaches: {missed}; reached in order {list(reached.values())}; {controls}"
    assert unseen == [], f"no visible focus on: {sorted(set(unseen))}"
