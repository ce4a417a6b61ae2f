// The ledger page: every lab's record in words (each question's text, the answer chosen, right or
// not, values with their units), prediction accuracy by lab, the course track, the student's name,
// export, import, per-chapter reset and each lab's report. It uses the labs' own ledger module, so
// both read and write storage the same way, and report.js, which reads records through the labs'
// declarations (written into this page at build time). Values from storage or files only ever reach
// the page through textContent, never as HTML.
import {
  LEDGER_KEY, PAGE_ONLY, backUp, browserStorage, download, exportLedger, ledgerFileName, listBackups, parseImport,
  planImport, readLedger, resetChapter, restoreBackup, setStudent, writeChapter, writeLedger,
} from "./ledger.js";
import { buildReport, el, reportMarkdown, reportTables, table, vetImport } from "./report.js";

const { storage, blocked } = browserStorage();
const labs = JSON.parse(document.getElementById("course-labs").textContent);
const out = document.getElementById("ledger");
const summary = document.getElementById("ledger-summary");
const message = document.getElementById("ledger-message");
const trackSelect = document.getElementById("ledger-track");
const student = document.getElementById("ledger-student");
const backups = document.getElementById("ledger-backups");
const CHANGE_WORDS = { added: "added from the file", replaced: "replaced by the file's newer record",
  kept: "kept yours (it was newer)", same: "already the same", refused: "left out (not a chapter)" };

function say(text, kind = "info", ...actions) {
  message.replaceChildren(el("p", text), ...actions);
  message.className = `ledger-message ledger-${kind}`;
}

// A button that does `act` once, then is gone.
function action(label, act) {
  const button = el("button", label, { type: "button" });
  button.addEventListener("click", act, { once: true });
  return button;
}

const labName = (lab) => `Lab ${String(lab.number).padStart(2, "0")}`;

// A bar per lab: the share of its predictions that were right (reflections and worked answers are
// reported with each lab, not scored here), with the numbers as a table too.
function drawSummary(ledger) {
  summary.replaceChildren(el("h2", "Prediction accuracy by lab"));
  const scored = labs.map((lab) => {
    const record = ledger.chapters[lab.chapter];
    return { lab, acc: record ? buildReport(lab, record).accuracy : null };
  });
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 420 ${24 * scored.length + 8}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "accuracy-caption");
  svg.classList.add("ledger-accuracy");
  scored.forEach(({ lab, acc }, i) => {
    const y = 4 + i * 24;
    const share = acc && acc.judged ? acc.right / acc.judged : 0;
    const label = document.createElementNS(svg.namespaceURI, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(y + 15));
    label.textContent = labName(lab);
    const bar = document.createElementNS(svg.namespaceURI, "rect");
    bar.setAttribute("x", "60");
    bar.setAttribute("y", String(y));
    bar.setAttribute("height", "18");
    bar.setAttribute("width", String(acc && acc.judged ? Math.max(2, 240 * share) : 0));
    bar.setAttribute("class", "ledger-bar");
    const value = document.createElementNS(svg.namespaceURI, "text");
    value.setAttribute("x", String(66 + 240 * share));
    value.setAttribute("y", String(y + 15));
    value.textContent = acc && acc.judged ? `${acc.right} of ${acc.judged} right` : "no predictions yet";
    svg.append(label, bar, value);
  });
  summary.append(svg, table(["Lab", "Predictions right"],
    scored.map(({ lab, acc }) => [`${labName(lab)}: ${lab.title}`,
      acc && acc.judged ? `${acc.right} of ${acc.judged}` : "no predictions yet"]), "The same numbers as a table"));
  summary.querySelector("caption").id = "accuracy-caption";
}

function reportButtons(lab, record) {
  const row = el("p", undefined, { class: "ledger-report" });
  const printable = el("a", `Printable report for ${labName(lab)}`,
    { href: `report.html?chapter=${encodeURIComponent(lab.chapter)}`, class: "ledger-button" });
  const markdown = el("button", `Download the report as Markdown`, { type: "button" });
  markdown.addEventListener("click", () => {
    const { ledger } = readLedger(storage, LEDGER_KEY);
    download(`${lab.href.split("/").pop().replace(".html", "")}-report.md`,
      reportMarkdown(buildReport(lab, ledger.chapters[lab.chapter] || record), ledger.student || ""),
      "text/markdown");
  });
  row.append(printable, " ", markdown);
  return row;
}

function drawChapter(lab, record) {
  const section = el("section", undefined, { class: "ledger-chapter", "data-chapter": lab.chapter });
  section.append(el("h2", `Chapter ${lab.chapter}: ${labName(lab)}, ${lab.title}`));
  if (!record) {
    const p = el("p", "Not started yet. ");
    p.append(el("a", `Open ${labName(lab)}`, { href: lab.href }));
    section.append(p);
    return section;
  }
  const report = buildReport(lab, record);
  section.append(el("p", `Track: ${report.track}. Last saved: ${report.saved}.`, { class: "ledger-updated" }));
  const tables = reportTables(report);
  section.append(...(tables.length ? tables : [el("p", "Nothing answered or chosen yet.")]));
  section.append(reportButtons(lab, record));
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

// A chapter this site has no lab for (an older site's, or a friend's file): its fields as stored.
function drawOther(chapter, record) {
  const section = el("section", undefined, { class: "ledger-chapter", "data-chapter": chapter });
  section.append(el("h2", `Chapter ${chapter} (a lab this site does not have)`));
  const rows = Object.entries(record).filter(([k]) => k !== "updated")
    .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  section.append(table(["Field", "Value as stored"], rows, "Kept as it is, and exported with your ledger"));
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
  if (document.activeElement !== student) student.value = ledger.student || "";
  drawSummary(ledger);
  drawBackups();
  for (const lab of labs) out.append(drawChapter(lab, ledger.chapters[lab.chapter]));
  const others = Object.keys(ledger.chapters).filter((c) => c !== "course" && !labs.some((l) => l.chapter === c));
  for (const chapter of others) out.append(drawOther(chapter, ledger.chapters[chapter]));
}

trackSelect.addEventListener("change", () => {
  if (!trackSelect.value) return;
  try {
    const { record } = writeChapter(storage, LEDGER_KEY, "course", { track: trackSelect.value });
    if (record.track !== trackSelect.value) throw new Error("the track did not read back");
    say(`Your track is now ${trackSelect.selectedOptions[0].textContent}. Labs you have not started open ` +
      "with it; a lab you have started keeps the track its record was made on (change it in the lab).");
  } catch (err) {
    say(`Could not save your track: ${err.message}`, "error");
  }
  render();
});

student.addEventListener("change", () => {
  try {
    const saved = setStudent(storage, LEDGER_KEY, student.value);
    say(saved ? `Your exports and reports will carry the name "${saved}".` : "Your exports and reports carry no name.");
  } catch (err) {
    say(`Could not save your name: ${err.message}`, "error");
  }
  render();
});

document.getElementById("ledger-export").addEventListener("click", () => {
  try {
    download(ledgerFileName(), exportLedger(storage, LEDGER_KEY));
    say("Your ledger was exported. Keep the file: you can import it on any browser.");
  } catch (err) {
    say(`Could not export: ${err.message}`, "error");
  }
});

// Import: check the file, keep only what the labs record, say what it would replace and ask first; keep
// a backup of the ledger as it was, and offer to undo.
function importFile(name, text) {
  const { doc, leftOut } = vetImport(parseImport(text), labs);
  const { merged, changes, raw } = planImport(storage, LEDGER_KEY, doc);
  const lines = Object.entries(changes).map(([c, what]) => `chapter ${c}: ${CHANGE_WORDS[what]}`);
  const skipped = leftOut.length ? ` Left out, as nothing this course records: ${leftOut.join("; ")}.` : "";
  const replaced = Object.keys(changes).filter((c) => changes[c] === "replaced");
  if (!Object.values(changes).some((what) => what === "added" || what === "replaced")) {
    say(`Nothing was changed: ${name} holds nothing newer than your ledger. ${lines.join("; ")}.${skipped}`);
    return;
  }
  if (replaced.length && !window.confirm(`Importing ${name} replaces your record for chapter ` +
      `${replaced.join(", ")} with the file's newer one. Your ledger as it is now is kept as a backup, and ` +
      "you can undo the import. Import it?")) {
    say(`Nothing was changed: you kept your records. ${name} was not imported.`);
    return;
  }
  const backupKey = raw === null ? null : backUp(storage, LEDGER_KEY, raw);
  writeLedger(storage, LEDGER_KEY, merged);
  const undo = backupKey && action("Undo this import", () => {
    try {
      restoreBackup(storage, LEDGER_KEY, backupKey);
      say("The import was undone: your ledger is as it was before it.");
    } catch (err) {
      say(`Could not undo the import: ${err.message}. Your earlier ledger is still in the backups below.`, "error");
    }
    render();
  });
  const kept = backupKey ? " Your ledger as it was is kept as a backup (listed below)." : "";
  say(`Imported ${name}. ${lines.join("; ")}.${skipped}${kept}`, "info", ...(undo ? [undo] : []));
}

document.getElementById("ledger-import").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    importFile(file.name, await file.text());
  } catch (err) {
    say(`Nothing was changed: ${err.message}.`, "error");
  }
  event.target.value = "";
  render();
});

function drawBackups() {
  const kept = listBackups(storage);
  backups.replaceChildren(el("h2", "Backups of your ledger"));
  if (!kept.length) {
    backups.append(el("p", "None: a backup is kept here whenever an import or a restore replaces your ledger, " +
      "or when a saved ledger could not be read."));
    return;
  }
  const list = el("ul");
  for (const { key, time } of kept) {
    const item = el("li", `Kept ${new Date(time.replace(/\+*$/, "")).toLocaleString()} `);
    item.append(action("Restore this backup", () => {
      if (!window.confirm("Replace your ledger with this backup? Your ledger as it is now is kept as a backup too.")) {
        render();
        return;
      }
      try {
        restoreBackup(storage, LEDGER_KEY, key);
        say("The backup was restored. Your ledger as it was is kept as a backup too.");
      } catch (err) {
        say(`Could not restore the backup: ${err.message}.`, "error");
      }
      render();
    }));
    list.append(item);
  }
  backups.append(list);
}

if (blocked) out.before(el("p", PAGE_ONLY, { role: "alert", class: "ledger-blocked" }));
render();
