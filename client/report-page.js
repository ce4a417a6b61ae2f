// The printable report page (report.html?chapter=N): one lab's report, or every started lab's
// without a chapter, with Print and Markdown download. Records are read through report.js.
import { LEDGER_KEY, PAGE_ONLY, browserStorage, download, readLedger } from "./ledger.js";
import { buildReport, el, reportMarkdown, reportTables } from "./report.js";

const { storage, blocked } = browserStorage();
const labs = JSON.parse(document.getElementById("course-labs").textContent);
const out = document.getElementById("report");
const wanted = new URLSearchParams(location.search).get("chapter");
const { ledger, problem } = readLedger(storage, LEDGER_KEY);
const chosen = wanted === null ? labs.filter((lab) => ledger.chapters[lab.chapter])
  : labs.filter((lab) => lab.chapter === wanted);

if (blocked) out.append(el("p", PAGE_ONLY, { role: "alert" }));
if (problem) out.append(el("p", `Your saved ledger could not be read (${problem}).`, { role: "alert" }));
if (wanted !== null && !chosen.length) {
  out.append(el("p", `This site has no lab for chapter "${wanted}". The ledger page lists every lab.`,
    { role: "alert" }));
}
if (ledger.student) out.append(el("p", `Student: ${ledger.student}`, { class: "report-student" }));
const reports = chosen.map((lab) => [lab, buildReport(lab, ledger.chapters[lab.chapter] || {})]);
for (const [lab, report] of reports) {
  const section = el("section", undefined, { class: "report-lab", "data-chapter": lab.chapter });
  if (chosen.length > 1) section.append(el("h2", report.title));  // one report takes the page's heading
  section.append(el("p", `${report.chapter}. Track: ${report.track}. Last saved: ${report.saved}.`));
  const tables = reportTables(report);
  section.append(...(tables.length ? tables : [el("p", "Nothing answered or chosen yet.")]));
  const { right, judged } = report.accuracy;
  if (judged) section.append(el("p", `Predictions right: ${right} of ${judged}.`));
  out.append(section);
}
if (wanted === null && !reports.length) out.append(el("p", "No lab started yet in this browser."));
if (reports.length) {
  document.title = reports.length === 1 ? `${reports[0][1].title}: your report` : "Your lab reports";
  document.getElementById("report-heading").textContent = document.title;
}

document.getElementById("report-print").addEventListener("click", () => window.print());
document.getElementById("report-markdown").addEventListener("click", () => {
  const name = reports.length === 1 ? `lab${String(reports[0][0].number).padStart(2, "0")}-report.md`
    : "lab-reports.md";
  download(name, reports.map(([, r]) => reportMarkdown(r, ledger.student || "")).join("\n"), "text/markdown");
});
