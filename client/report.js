// A lab's report from a chapter's record: what the student was asked, what they answered and whether
// it was right, then their design and results, each value in words with its unit. It reads the lab's
// description, written at build time by labs/kit/report.py (describe_lab), whose `show` this mirrors:
// tests/site/test_ledger_page.py checks that both read the same record alike. Everything reaches the
// page through textContent, and Markdown cells are escaped: a stored value is data, never markup.

import { own } from "./ledger.js";

const SI_UNITS = ["s", "B", "B/s", "W", "J", "ops/s", "FLOP"];
const PREFIXES = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""], [1e-3, "m"], [1e-6, "µ"],
  [1e-9, "n"]];
export const ROLE_WORDS = { prediction: "Prediction", reflection: "Reflection",
  revision: "Reflection, answered again", answer: "Worked answer" };
export const TRACKS = ["cloud", "edge", "mobile", "tiny"];

// Python's f"{value:,.{decimals}f}" for the few numbers a report shows.
function fixed(value, decimals) {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function sig(value, digits = 3) {
  if (value === 0) return "0";
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return fixed(value, decimals);
}

export function si(value, unit, digits = 3) {
  for (const [scale, prefix] of PREFIXES) {
    if (Math.abs(value) >= scale) return `${sig(value / scale, digits)} ${prefix}${unit}`;
  }
  return `${Number(value.toPrecision(digits))} ${unit}`;
}

export function percent(fraction) {
  const value = fraction * 100;
  return Math.abs(value) < 100 ? `${value.toFixed(1)}%` : `${value.toFixed(0)}%`;
}

export function number(value, unit = "", wholePercent = false) {
  if (unit === "%") return wholePercent ? `${value}%` : percent(value);
  if (SI_UNITS.includes(unit)) return si(value, unit);
  const shown = Number.isInteger(value) && Math.abs(value) < 1e15 ? fixed(value, 0) : sig(value);
  return unit === "×" ? `${shown}×` : `${shown} ${unit}`.trim();
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

// Why `value` cannot be `field`'s (labels/kit/plan.py Field.problem), or null. null itself is "unset".
export function problem(field, value) {
  if (value === null || value === undefined) return null;
  const inBounds = (v) => !field.bounds || (field.bounds[0] <= v && v <= field.bounds[1]);
  const one = (v) => ["string", "number", "boolean"].includes(typeof v) && field.choices.some((c) => c === v);
  switch (field.kind) {
    case "bool": return typeof value === "boolean" ? null : "not true or false";
    case "int": return Number.isInteger(value) && inBounds(value) ? null : "not a whole number in range";
    case "number": return isNumber(value) && inBounds(value) ? null : "not a number in range";
    case "choice": return one(value) ? null : "not one of the lab's choices";
    case "text": return typeof value === "string" && value.length <= field.max_chars ? null : "not short text";
    case "time": return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? null : "not a timestamp";
    case "list": {
      if (!Array.isArray(value) || (field.length && value.length !== field.length)) return "not a list";
      if (field.choices && !value.every(one)) return "not the lab's choices";
      if (!field.choices && !value.every((v) => typeof v === "string" && v.length <= (field.max_chars ?? 200))) {
        return "not short text";
      }
      return null;
    }
    default: return "unknown kind";
  }
}

function item(field, value) {
  const pair = (field.labels || []).find(([key]) => key === value);
  if (pair) return String(pair[1]);
  if (isNumber(value)) return number(value, field.unit || "", field.kind === "int");
  return String(value);
}

// A stored value as a person reads it (labs/kit/report.py show).
export function show(field, value) {
  if (problem(field, value)) return "(not readable)";
  if (value === null || value === undefined) return "—";
  if (field.kind === "bool") return value ? "yes" : "no";
  if (field.kind === "list") return value.map((v) => item(field, v)).join(" / ");
  return item(field, value);
}

const perTrack = (texts, track) => texts[""] ?? texts[track] ?? texts.cloud;

// The rows of a report (labs/kit/report.py answer_rows, plus the design table).
export function buildReport(lab, record = {}) {
  const byName = Object.fromEntries(lab.fields.map((f) => [f.name, f]));
  const judged = new Set(lab.fields.map((f) => f.verdict).filter(Boolean));
  const answers = [];
  const design = [];
  const trackField = byName.track;
  const track = TRACKS.includes(record.track) ? record.track : "";
  for (const field of lab.fields) {
    const value = record[field.name];
    if (value === undefined || value === null) continue;
    if (field.role) {
      if (problem(field, value)) continue;
      const question = lab.questions[field.question];
      const act = field.name.split("_")[0];
      const asked = TRACKS.includes(record[`${act}_asked_track`]) ? record[`${act}_asked_track`] : track;
      const verdict = record[field.verdict];
      let right = "";
      if (question && question.right) {
        const key = question.right[""] ?? (asked ? question.right[asked] : undefined);
        right = key === undefined ? "" : question.options[key];
      }
      answers.push({
        role: field.role, kind: ROLE_WORDS[field.role],
        question: question && question.options ? perTrack(question.text, asked || "cloud") : field.label,
        answer: show(field, value), verdict: verdict === true ? "right" : verdict === false ? "not right" : "not judged",
        right_answer: right,
      });
    } else if (!judged.has(field.name) && !field.name.endsWith("_asked_track") && !field.name.endsWith("_tried")
               && field.name !== "track" && field.name !== "chapter") {
      design.push({ label: field.label, value: show(field, value) });
    }
  }
  const predictions = answers.filter((a) => a.role === "prediction");
  return {
    title: `Lab ${String(lab.number).padStart(2, "0")}: ${lab.title}`,
    chapter: `Chapter ${lab.chapter}, ${lab.chapter_title}`,
    track: trackField && track ? show(trackField, track) : "not chosen",
    saved: savedAt(record),
    answers, design,
    accuracy: { right: predictions.filter((a) => a.verdict === "right").length,
      judged: predictions.filter((a) => a.verdict !== "not judged").length },
  };
}

// When the record was last saved, to the minute, in UTC (labs/kit/report.py saved_at).
export function savedAt(record) {
  const updated = record.updated;
  if (typeof updated === "string" && updated.length >= 16 && updated.length <= 40 && !Number.isNaN(Date.parse(updated))) {
    return `${updated.slice(0, 16).replace("T", " ")} UTC`;
  }
  return "not yet";
}

function cell(text) {
  return String(text).trim().split(/\s+/).join(" ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

// The report as Markdown. `student` is the optional name the student typed.
export function reportMarkdown(report, student = "") {
  const lines = [`# ${cell(report.title)}`, ""];
  if (student) lines.push(`Student: ${cell(student)}`, "");
  lines.push(`${report.chapter}. Track: ${report.track}. Last saved: ${report.saved}.`, "",
    "## Predictions and reflections", "");
  if (report.answers.length) {
    lines.push("| | Question | Your answer | Verdict | The right answer |", "|---|---|---|---|---|");
    for (const a of report.answers) {
      lines.push(`| ${a.kind} | ${cell(a.question)} | ${cell(a.answer)} | ${a.verdict} | ${cell(a.right_answer)} |`);
    }
    const { right, judged } = report.accuracy;
    lines.push("", `Predictions right: ${right} of ${judged}.`);
  } else {
    lines.push("No questions answered yet.");
  }
  lines.push("", "## Design, results and failure states met", "");
  if (report.design.length) {
    lines.push("| Setting or result | Value |", "|---|---|");
    for (const d of report.design) lines.push(`| ${cell(d.label)} | ${cell(d.value)} |`);
  } else {
    lines.push("Nothing recorded yet.");
  }
  return `${lines.join("\n")}\n`;
}

export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function table(headers, rows, caption) {
  const t = el("table", undefined, { class: "ledger" });
  if (caption) t.append(el("caption", caption));
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(el("th", h, { scope: "col" }));
  const body = t.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    for (const c of cells) row.append(el("td", c));
  }
  return t;
}

// The report's two tables, for a page.
export function reportTables(report) {
  const out = [];
  if (report.answers.length) {
    out.push(table(["", "Question", "Your answer", "Verdict", "The right answer"],
      report.answers.map((a) => [a.kind, a.question, a.answer, a.verdict, a.right_answer]),
      "Predictions and reflections"));
  }
  if (report.design.length) {
    out.push(table(["Setting or result", "Value"], report.design.map((d) => [d.label, d.value]),
      "Design, results and failure states met"));
  }
  return out;
}

// An imported ledger, kept to what this course's labs record: each chapter a lab's (or "course", which
// holds only a track), each field one its lab declares, holding a value the lab allows, and `updated`
// a real timestamp (a record without one is older than any dated one, so it never wins a merge).
// Returns {doc, leftOut}: the vetted copy, and a line per thing left out, saying why.
export function vetImport(doc, labs) {
  const byChapter = Object.fromEntries(labs.map((lab) => [lab.chapter, lab]));
  const chapters = {};
  const leftOut = [];
  for (const [chapter, record] of Object.entries(doc.chapters)) {
    const lab = own(byChapter, chapter) ?? null;
    if (!lab && chapter !== "course") {
      leftOut.push(`chapter "${chapter}" (this course has no such chapter)`);
      continue;
    }
    const fields = lab ? Object.fromEntries(lab.fields.map((f) => [f.name, f])) : {};
    if (!lab) fields.track = { name: "track", kind: "choice", choices: TRACKS };
    const kept = {};
    for (const [name, value] of Object.entries(record)) {
      if (name === "updated") {
        if (typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value))) kept.updated = value;
        else leftOut.push(`chapter ${chapter}: its "updated" time (not a timestamp; the record counts as undated)`);
        continue;
      }
      const field = own(fields, name) ?? null;
      const why = !field ? "not a field this lab records" : problem(field, value);
      if (why) leftOut.push(`chapter ${chapter}: "${name}" (${why})`);
      else kept[name] = value;
    }
    if (Object.keys(kept).some((name) => name !== "updated")) chapters[chapter] = kept;
    else leftOut.push(`chapter ${chapter} (nothing in it is something the lab records)`);
  }
  return { doc: { ...doc, chapters }, leftOut };
}
