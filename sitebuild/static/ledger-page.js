// The ledger page: every chapter's record, read from localStorage with the labs' own ledger module.
import { LEDGER_KEY, readLedger } from "./ledger.js";

const out = document.getElementById("ledger");
const { ledger, problem } = readLedger(window.localStorage, LEDGER_KEY);
const chapters = Object.entries(ledger.chapters).sort(([a], [b]) => Number(a) - Number(b));

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;  // values come from storage: never parsed as HTML
  return el;
}

if (problem) {
  out.append(cell("p", `Your saved ledger could not be read (${problem}). Open any lab: it keeps a backup ` +
    "copy of the old value and starts a fresh ledger."));
} else if (!chapters.length) {
  out.append(cell("p", "No records yet. Complete a lab and its predictions appear here."));
}
for (const [chapter, record] of chapters) {
  out.append(cell("h2", `Chapter ${chapter}`));
  const table = document.createElement("table");
  table.className = "ledger";
  const head = table.createTHead().insertRow();
  head.append(cell("th", "Field"), cell("th", "Value"));
  const tbody = table.createTBody();
  for (const [field, value] of Object.entries(record)) {
    const row = tbody.insertRow();
    row.append(cell("td", field), cell("td", typeof value === "string" ? value : JSON.stringify(value)));
  }
  out.append(table);
}
