"""The end of every lab: what the student predicted against what the lab found, part by part, their
report to download, and where to go next (the next lab, the chapter, the Design Ledger)."""

from __future__ import annotations

import io
from html import escape

import panel as pn
from panel.viewable import Viewer

from .ledger import LedgerStore
from .plan import act_name
from .report import report, report_markdown
from .styles import KIT_CSS

VERDICT_MARKS = {"right": "✓ right", "not right": "✗ not right", "not judged": "not judged yet"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def part_title(plan, prefix: str) -> str:
    """The title of the act a record prefix belongs to ("act2" -> the plan's second act), as the page shows it."""
    number = int("".join(ch for ch in prefix if ch.isdigit()) or 0)
    acts = getattr(plan, "ACTS", ())
    return acts[number - 1].title if 0 < number <= len(acts) else act_name(prefix)


def summary_markdown(plan, record: dict) -> str:
    """The card's text: how many questions are answered, then each answer against the lab's, by part."""
    rep = report(plan, record)
    asked = sum(1 for f in plan.FIELDS if f.role in ("prediction", "reflection", "answer"))
    done = sum(1 for a in rep["answers"] if a["role"] != "revision")
    head = ("**You have answered every question in this lab.**" if done >= asked else
            f"**You have answered {done} of {asked} questions.** The parts above hold the rest.")
    if not rep["answers"]:
        return head
    rows = ["| Part | Question | Your answer | Verdict | What the lab found |", "|---|---|---|---|---|"]
    for a in rep["answers"]:
        part = part_title(plan, a["field"].split("_", 1)[0]) if a["role"] != "answer" else "Worked answer"
        rows.append(f"| {_cell(part)} | {_cell(a['kind'])} | {_cell(a['answer'])} | {VERDICT_MARKS[a['verdict']]} | "
                    f"{_cell(a['right_answer'] or '—')} |")
    acc = rep["accuracy"]
    tally = f"Predictions right: **{acc['right']} of {acc['judged']}**." if acc["judged"] else ""
    return "\n".join([head, "", *rows, "", tally])


def links_html(plan, labs) -> str:
    """Where to go from here, as links that leave the lab's frame when it is embedded in a chapter
    (``target="_top"``). Every URL is relative to the lab's page (``labs/labNN.html``)."""
    lesson = plan.LESSON
    later = [lab for lab in labs if lab.number > lesson.number]
    items = []
    if later:
        nxt = later[0]
        items.append(f'<a href="{escape(nxt.slug)}.html" target="_top">Next: Lab {nxt.number:02d}, '
                     f"{escape(nxt.title)}</a>")
    else:
        items.append("<span>This is the course's last lab.</span>")
    chapter = escape(plan.CHAPTER_PAGE.removesuffix(".qmd") + ".html")
    items.append(f'<a href="../../{chapter}" target="_top">Back to Chapter {lesson.chapter}: '
                 f"{escape(lesson.chapter_title)}</a>")
    items.append('<a href="../ledger.html" target="_top">Your Design Ledger</a>')
    items.append(f'<a href="../report.html?chapter={lesson.chapter}" target="_blank" rel="noopener">'
                 "Your printable report (opens a new tab)</a>")
    return '<nav class="kit-ending-links" aria-label="Where next">' + "".join(f"<p>{i}</p>" for i in items) + "</nav>"


class Ending(Viewer):
    """The completion card: kept up to date from the saved record, so it shows what the ledger holds."""

    def __init__(self, plan, store: LedgerStore, **params):
        super().__init__(**params)
        from labs.registry import discover  # the course's labs, for "next"

        self._plan = plan
        self._store = store
        self._summary = pn.pane.Markdown("", sizing_mode="stretch_width", css_classes=["kit-ending-summary"])
        self._download = pn.widgets.FileDownload(
            callback=self._markdown, filename=f"{plan.LESSON.slug}-report.md", label="Download my report (Markdown)",
            button_type="primary", embed=False, css_classes=["kit-ending-download"])
        self._links = pn.pane.HTML(links_html(plan, discover()), sizing_mode="stretch_width", stylesheets=[KIT_CSS])
        store.param.watch(self._refresh, "stored")
        self._refresh()

    def _refresh(self, *_) -> None:
        self._summary.object = summary_markdown(self._plan, self._store.stored or {})

    def _markdown(self) -> io.StringIO:
        return io.StringIO(report_markdown(report(self._plan, self._store.stored or {}), self._store.student))

    def __panel__(self):
        return pn.Column(pn.pane.Markdown("## Your results: what you predicted, and what you found"), self._summary,
                         self._download, self._links, sizing_mode="stretch_width", css_classes=["kit-ending"],
                         stylesheets=[KIT_CSS])


__all__ = ["Ending", "links_html", "summary_markdown"]
