"""What a lab's record means, in words: the description of each lab that the ledger page and the
report page read, and the rows of the lab's own completion card.

Pure (no Panel). The build writes ``describe_lab`` into the site's pages; ``client/report.js`` turns
a record into a report with it (a printable page and Markdown), and ``show`` here is the one
``report.js`` mirrors (``tests/site/test_ledger_page.py`` checks that both read a record alike). A
record is read through the plan's declarations only: a value a field does not allow is shown as
"(not readable)", never as markup or as if it were an answer.
"""

from __future__ import annotations

from collections.abc import Iterator

import pycore

from .format import percent, si, sig
from .plan import Blanks, Field, Question, _is_timestamp, text_for

ROLE_WORDS = {"prediction": "Prediction", "reflection": "Reflection", "revision": "Reflection, answered again",
              "answer": "Worked answer"}
SI_UNITS = ("s", "B", "B/s", "W", "J", "ops/s", "FLOP")


def questions(plan) -> Iterator[Question | Blanks]:
    """The plan's questions (predictions, reflections, fill-in blanks), in the order it declares them, each once."""
    seen = set()
    for value in vars(plan).values():
        if isinstance(value, (Question, Blanks)) and id(value) not in seen:
            seen.add(id(value))
            yield value


def _per_track(text) -> dict[str, str]:
    """A text as each track reads it (one entry, under "", when it is the same on every track)."""
    if not callable(text):
        return {"": text}
    return {track: text_for(text, track) for track in pycore.TRACKS}


def _describe_question(q: Question | Blanks) -> dict:
    if isinstance(q, Blanks):
        return {"text": {"": q.template.format(*("___" for _ in q.blanks))}, "blanks": [
            {o.key: o.label for o in options} for options in q.blanks]}
    choices = q.choices()
    right = ({"": choices.answer("")} if not choices.computed else
             {track: choices.answer(track) for track in pycore.TRACKS})
    return {"text": _per_track(q.text), "options": {o.key: o.label for o in q.options}, "right": right}


def describe_lab(plan, href: str) -> dict:
    """One lab as the ledger and report pages need it: its questions' texts, option labels and right answers
    (per track where they differ), and its record fields with their labels, units and roles."""
    lesson = plan.LESSON
    return {
        "chapter": str(lesson.chapter), "number": lesson.number, "title": lesson.title, "href": href,
        "chapter_title": lesson.chapter_title,
        "questions": {q.key: _describe_question(q) for q in questions(plan)},
        "fields": [f.describe() for f in plan.FIELDS],
    }


def show(field: Field, value) -> str:
    """A stored value as a person reads it: the option's label, a number with its unit, yes or no."""
    if field.problem(value):
        return "(not readable)"
    if value is None:
        return "—"
    if field.kind == "bool":
        return "yes" if value else "no"
    if field.kind == "list":
        return " / ".join(_item(field, v) for v in value)
    return _item(field, value)


def _item(field: Field, value) -> str:
    for key, label in field.labels.items():
        if key == value and type(key) is type(value):
            return str(label)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, field.unit, whole_percent=field.kind == "int")
    return str(value)


def number(value: float, unit: str, *, whole_percent: bool = False) -> str:
    """A number with its unit, rounded as a person writes it: 0.42 with unit "%" -> "42.0%" (a fraction),
    or 42 -> "42%" when ``whole_percent`` (a field that stores whole percentages)."""
    if unit == "%":
        return f"{value:g}%" if whole_percent else percent(value)
    if unit in SI_UNITS:
        return si(value, unit)
    shown = f"{int(value):,}" if float(value).is_integer() and abs(value) < 1e15 else sig(value)
    return f"{shown}×" if unit == "×" else f"{shown} {unit}".strip()


def answer_rows(plan, record: dict) -> list[dict]:
    """Each answer the student gave, in the plan's order: what was asked, what they answered, whether it was
    right, and (for a prediction or reflection) the right option."""
    described = {q.key: q for q in questions(plan)}
    rows = []
    for f in plan.FIELDS:
        if not f.role or record.get(f.name) is None or f.problem(record[f.name]):
            continue
        q = described.get(f.question)
        act = f.name.split("_", 1)[0]
        asked = next((t for t in (record.get(f"{act}_asked_track"), record.get("track"))
                      if isinstance(t, str) and t in pycore.TRACKS), "")
        verdict = record.get(f.verdict)
        row = {"role": f.role, "kind": ROLE_WORDS[f.role], "field": f.name,
               "question": text_for(q.text, asked or "cloud") if isinstance(q, Question) else f.label,
               "answer": show(f, record[f.name]),
               "verdict": {True: "right", False: "not right"}.get(verdict, "not judged"), "right_answer": ""}
        if isinstance(q, Question) and (asked or q.answer is None):
            right = q.choices().answer(asked)
            row["right_answer"] = next(o.label for o in q.options if o.key == right)
        rows.append(row)
    return rows


def _design_rows(plan, record: dict) -> list[dict]:
    judged = {f.verdict for f in plan.FIELDS if f.verdict}
    return [{"label": f.label, "value": show(f, record[f.name])} for f in plan.FIELDS
            if not f.role and record.get(f.name) is not None and f.name not in judged
            and not f.name.endswith(("_asked_track", "_tried")) and f.name not in ("track", "chapter")]


def saved_at(record: dict) -> str:
    """When the record was last saved, to the minute, in UTC (its ``updated`` is an ISO 8601 UTC time)."""
    updated = record.get("updated")
    if isinstance(updated, str) and _is_timestamp(updated) and len(updated) >= 16:
        return updated[:16].replace("T", " ") + " UTC"
    return "not yet"


def report(plan, record: dict) -> dict:
    """A lab's report from its record: the same rows ``client/report.js`` builds from the lab's description."""
    lesson = plan.LESSON
    track_field = next((f for f in plan.FIELDS if f.name == "track"), None)
    track = record.get("track") if isinstance(record.get("track"), str) and record["track"] in pycore.TRACKS else ""
    answers = answer_rows(plan, record)
    predictions = [a for a in answers if a["role"] == "prediction"]
    return {"title": f"Lab {lesson.number:02d}: {lesson.title}",
            "chapter": f"Chapter {lesson.chapter}, {lesson.chapter_title}",
            "track": show(track_field, track) if track_field and track else "not chosen",
            "saved": saved_at(record), "answers": answers, "design": _design_rows(plan, record),
            "accuracy": {"right": sum(a["verdict"] == "right" for a in predictions),
                         "judged": sum(a["verdict"] != "not judged" for a in predictions)}}


def _cell(text) -> str:
    """Text for a Markdown table cell: one line, no column breaks, no markup (as report.js's cell)."""
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def report_markdown(rep: dict, student: str = "") -> str:
    """The report as Markdown, line for line what ``client/report.js`` writes."""
    lines = [f"# {_cell(rep['title'])}", ""]
    if student:
        lines += [f"Student: {_cell(student)}", ""]
    lines += [f"{rep['chapter']}. Track: {rep['track']}. Last saved: {rep['saved']}.", "",
              "## Predictions and reflections", ""]
    if rep["answers"]:
        lines += ["| | Question | Your answer | Verdict | The right answer |", "|---|---|---|---|---|"]
        lines += [f"| {a['kind']} | {_cell(a['question'])} | {_cell(a['answer'])} | {a['verdict']} | "
                  f"{_cell(a['right_answer'])} |" for a in rep["answers"]]
        lines += ["", f"Predictions right: {rep['accuracy']['right']} of {rep['accuracy']['judged']}."]
    else:
        lines.append("No questions answered yet.")
    lines += ["", "## Design, results and failure states met", ""]
    if rep["design"]:
        lines += ["| Setting or result | Value |", "|---|---|"]
        lines += [f"| {_cell(d['label'])} | {_cell(d['value'])} |" for d in rep["design"]]
    else:
        lines.append("Nothing recorded yet.")
    return "\n".join(lines) + "\n"


__all__ = ["ROLE_WORDS", "answer_rows", "describe_lab", "number", "questions", "report", "report_markdown",
           "saved_at", "show"]
