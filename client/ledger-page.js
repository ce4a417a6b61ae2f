// The ledger page: every chapter's record in readable form, prediction accuracy by lab, the
// course track, export, import and per-chapter reset. It uses the labs' own ledger module, so
// both read and write storage the same way. Values from storage or files only ever reach the
// page through textContent, never as HTML.
import { LEDGER_KEY, exportLedger, importLedger, readLedger, resetChapter, writeChapter } from "./ledger.js";

const storage = window.localStorage;
const labs = JSON.parse(document.getElementById("course-labs").textContent);
const out = document.getElementById("ledger");
const summary = document.getElementById("ledger-summary");
const message = document.getElementById("ledger-message");
const trackSelect = document.getElementById("ledger-track");
const CHANGE_WORDS = { added: "added from the file", replaced: "replaced by the file's newer record",
  kept: "kept yours (it was newer)", same: "already the same" };

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function say(text, kind = "info") {
  message.textContent = text;
  message.className = `ledger-message ledger-${kind}`;
}

function pretty(field) {
  return field.replace(/_/g, " ").replace(/\bpct\b/, "%").replace(/^./, (c) => c.toUpperCase());
}

function show(value) {
  if (value === true) return "yes";
  if (value === false) return "no";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en") : value.toPrecision(4);
  if (Array.isArray(value)) return value.map(show).join(" / ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

// Predictions and reflections: fields named <part>_prediction / <part>_correct and so on.
function answers(record) {
  const rows = [];
  for (const [field, value] of Object.entries(record)) {
    const m = field.match(/^(.*)_(prediction|reflection)$/);
    if (!m) continue;
    const verdict = record[m[2] === "prediction" ? `${m[1]}_correct` : `${m[1]}_reflection_correct`];
    rows.push({ part: m[1], kind: m[2], value, verdict });
  }
  return rows;
}

function accuracy(record) {
  const judged = answers(record).filter((r) => typeof r.verdict === "boolean");
  return judged.length ? { right: judged.filter((r) => r.verdict).length, total: judged.length } : null;
}

function table(headers, rows, caption) {
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

// A bar per lab: the share of its judged answers that were right, with the numbers as text too.
function drawSummary(ledger) {
  summary.replaceChildren(el("h2", "Prediction accuracy by lab"));
  const scored = labs.map((lab) => ({ lab, acc: accuracy(ledger.chapters[lab.chapter] || {}) }));
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 420 ${24 * scored.length + 8}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "accuracy-caption");
  svg.classList.add("ledger-accuracy");
  scored.forEach(({ lab, acc }, i) => {
    const y = 4 + i * 24;
    const label = document.createElementNS(svg.namespaceURI, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(y + 15));
    label.textContent = `Lab ${String(lab.number).padStart(2, "0")}`;
    const bar = document.createElementNS(svg.namespaceURI, "rect");
    bar.setAttribute("x", "60");
    bar.setAttribute("y", String(y));
    bar.setAttribute("height", "18");
    bar.setAttribute("width", String(acc ? Math.max(2, 300 * acc.right / acc.total) : 0));
    bar.setAttribute("fill", "#0b6e4f");
    const value = document.createElementNS(svg.namespaceURI, "text");
    value.setAttribute("x", String(acc ? 66 + 300 * acc.right / acc.total : 60));
    value.setAttribute("y", String(y + 15));
    value.textContent = acc ? `${acc.right} of ${acc.total} right` : "not started";
    svg.append(label, bar, value);
  });
  summary.append(svg, table(["Lab", "Answers judged right"],
    scored.map(({ lab, acc }) => [`Lab ${String(lab.number).padStart(2, "0")}: ${lab.title}`,
      acc ? `${acc.right} of ${acc.total}` : "not started"]), "The same numbers as a table"));
  summary.querySelector("caption").id = "accuracy-caption";
}

function drawChapter(lab, record) {
  const section = el("section", undefined, { class: "ledger-chapter", "data-chapter": lab.chapter });
  section.append(el("h2", `Chapter ${lab.chapter}: Lab ${String(lab.number).padStart(2, "0")}, ${lab.title}`));
  if (!record) {
    const p = el("p", "Not started yet. ");
    p.append(el("a", `Open Lab ${String(lab.number).padStart(2, "0")}`, { href: lab.href }));
    section.append(p);
    return section;
  }
  const rows = answers(record).map((r) => [r.part, r.kind, show(r.value),
    r.verdict === true ? "right" : r.verdict === false ? "wrong" : "not judged"]);
  if (rows.length) section.append(table(["Part", "Answer", "You chose", "Verdict"], rows, "Predictions and reflections"));
  const skip = /(_prediction|_reflection|_correct|_reflection_correct)$|^updated$/;
  const design = Object.entries(record).filter(([k]) => !skip.test(k)).map(([k, v]) => [pretty(k), show(v)]);
  if (design.length) section.append(table(["Field", "Value"], design, "Design, results and failure states met"));
  section.append(el("p", `Last saved ${record.updated || "(unknown)"}.`, { class: "ledger-updated" }));
  const reset = el("button", `Reset chapter ${lab.chapter}`, { type: "button", class: "ledger-reset" });
  reset.addEventListener("click", () => {
    if (!window.confirm(`Delete your record for chapter ${lab.chapter}? This cannot be undone ` +
        "unless you have exported your ledger.")) return;
    try {
      resetChapter(storage, LEDGER_KEY, lab.chapter);
      say(`Chapter ${lab.chapter} was reset.`);
    } catch (err) {
      say(`Could not reset chapter ${lab.chapter}: ${err.message}`, "error");
    }
    render();
  });
  section.append(reset);
  return section;
}

function latestTrack(ledger) {
  const records = Object.values(ledger.chapters).filter((r) => r && r.track);
  records.sort((a, b) => String(a.updated ?? "").localeCompare(String(b.updated ?? "")));
  return records.length ? records[records.length - 1].track : "";
}

function render() {
  const { ledger, problem } = readLedger(storage, LEDGER_KEY);
  out.replaceChildren();
  if (problem) {
    out.append(el("p", `Your saved ledger could not be read (${problem}). Open any lab: it keeps a backup ` +
      "copy of the old value and starts a fresh ledger. You can also import an exported file."));
  }
  trackSelect.value = latestTrack(ledger);
  drawSummary(ledger);
  for (const lab of labs) out.append(drawChapter(lab, ledger.chapters[lab.chapter]));
  const others = Object.keys(ledger.chapters).filter((c) => c !== "course" && !labs.some((l) => l.chapter === c));
  for (const chapter of others) {
    out.append(drawChapter({ chapter, number: Number(chapter) || 0, title: "(a lab this site no longer has)",
      href: "index.html" }, ledger.chapters[chapter]));
  }
}

trackSelect.addEventListener("change", () => {
  if (!trackSelect.value) return;
  try {
    const { record } = writeChapter(storage, LEDGER_KEY, "course", { track: trackSelect.value });
    say(`Your track is now ${trackSelect.selectedOptions[0].textContent}; every lab opens with it.`);
    if (record.track !== trackSelect.value) throw new Error("the track did not read back");
  } catch (err) {
    say(`Could not save your track: ${err.message}`, "error");
  }
  render();
});

document.getElementById("ledger-export").addEventListener("click", () => {
  try {
    const text = exportLedger(storage, LEDGER_KEY);
    const link = el("a", undefined, { download: `design-ledger-${new Date().toISOString().slice(0, 10)}.json` });
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    document.body.append(link);
    link.click();
    link.remove();
    say("Your ledger was exported. Keep the file: you can import it on any browser.");
  } catch (err) {
    say(`Could not export: ${err.message}`, "error");
  }
});

document.getElementById("ledger-import").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const changes = importLedger(storage, LEDGER_KEY, await file.text());
    const lines = Object.entries(changes).map(([c, what]) => `chapter ${c}: ${CHANGE_WORDS[what]}`);
    say(`Imported ${file.name}. ${lines.length ? lines.join("; ") : "It held no records"}.`);
  } catch (err) {
    say(`Nothing was changed: ${err.message}.`, "error");
  }
  event.target.value = "";
  render();
});

render();
