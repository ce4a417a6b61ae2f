// The instructors' page: each lab's acts and presets, and an embed-snippet builder that writes the
// book's shortcode and a plain iframe for any other page, and shows the lab as it will open. The
// course's labs come from the build (sitebuild/pages.py); every value shown is set as text.
import { el, table } from "./report.js";

const labs = JSON.parse(document.getElementById("course-labs").textContent);
const tracks = JSON.parse(document.getElementById("course-tracks").textContent);
const form = document.getElementById("embed-form");
const pick = (id) => document.getElementById(id);
const two = (n) => String(n).padStart(2, "0");

function fill(select, options, none) {
  select.replaceChildren(el("option", none, { value: "" }));
  for (const [value, label] of options) select.append(el("option", label, { value }));
}

function drawSettings() {
  const out = pick("lab-settings");
  for (const lab of labs) {
    const section = el("section", undefined, { class: "instructor-lab", "data-lab": two(lab.number) });
    section.append(el("h3", `Lab ${two(lab.number)}: ${lab.title}`),
      el("p", `Chapter ${lab.chapter} (${lab.chapter_title}).`),
      table(["act=", "Opens at"], lab.acts.map((title, i) => [String(i + 1), title]), "Acts a link can open"),
      table(["preset=", "What it sets"], Object.entries(lab.presets), "Presets"));
    out.append(section);
  }
}

function chosenLab() {
  return labs.find((lab) => two(lab.number) === pick("embed-lab").value) || labs[0];
}

function onLab() {
  const lab = chosenLab();
  fill(pick("embed-act"), lab.acts.map((title, i) => [String(i + 1), `${i + 1}: ${title}`]), "(the top)");
  fill(pick("embed-preset"), Object.entries(lab.presets).map(([name, what]) => [name, `${name}: ${what}`]),
    "(none)");
  update();
}

function update() {
  const lab = chosenLab();
  const settings = [["track", pick("embed-track").value], ["act", pick("embed-act").value],
    ["preset", pick("embed-preset").value]].filter(([, value]) => value);
  const height = Math.min(5000, Math.max(200, Number(pick("embed-height").value) || 1100));
  const query = new URLSearchParams(settings).toString();
  const page = `labs/${lab.href.split("/").pop()}${query ? `?${query}` : ""}`;
  const shortcode = ["{{< lab", two(lab.number), ...settings.map(([k, v]) => `${k}=${v}`),
    ...(height !== 1100 ? [`height=${height}`] : []), ">}}"].join(" ");
  const title = `Lab ${two(lab.number)}: ${lab.title}`;
  pick("embed-shortcode").textContent = shortcode;
  pick("embed-iframe").textContent = `<iframe src="${new URL(page, location.href).href}" title="${title}" ` +
    `style="width:100%;height:${height}px;border:0"></iframe>`;
  const preview = pick("embed-preview");
  preview.title = `Preview: ${title}`;
  preview.style.height = `${height}px`;
  if (preview.getAttribute("src") !== page) preview.setAttribute("src", page);
}

for (const button of document.querySelectorAll("[data-copy]")) {
  button.addEventListener("click", async () => {
    const text = pick(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch (err) {
      button.textContent = "Select the text and copy it";
    }
    setTimeout(() => { button.textContent = button.dataset.label; }, 2000);
  });
}

fill(pick("embed-lab"), labs.map((lab) => [two(lab.number), `Lab ${two(lab.number)}: ${lab.title}`]), "");
pick("embed-lab").querySelector('option[value=""]').remove();
fill(pick("embed-track"), Object.entries(tracks), "(the student's own)");
pick("embed-lab").addEventListener("change", onLab);
form.addEventListener("input", update);
form.addEventListener("change", update);
drawSettings();
onLab();
