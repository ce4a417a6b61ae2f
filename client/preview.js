// The first act's instruments on the static page, before Python has started (sitebuild/preview.py).
// Once the opening lock is answered, the page draws what that lock opens, as the lab would for this
// student's track and answer, and the act's first control works: each of its settings is a patch the
// build recorded by running the real lab. The other controls wait for Python. boot.js closes this
// just before the lab reads the ledger, and the lab makes the student's moves again itself.
import { labelSliders } from "./a11y.js";
import { bokeh } from "./drawing-scripts.js";
import { readLedger } from "./ledger.js";

// The recorded drawings (up to half a megabyte) come last in the page, after the scripts, so that the
// opening lock's script need not wait for them to be parsed: read them only once the page is.
let spec = null;
const form = document.getElementById("opening-lock");
const area = document.getElementById("lab-preview-area");
const note = document.getElementById("lab-preview-note");
const shown = { closed: false, started: false, visited: [], control: null, views: null, labels: null };

// The track the lab will open with, chosen as its track picker chooses: the link's, else this
// chapter's saved one, else the one most recently saved by any lab, else the default.
function trackFor(ledger, chapter) {
  if (!spec.tracks) return "";
  const link = new URLSearchParams(location.search).get("track");
  const latest = Object.values(ledger.chapters)
    .filter((r) => r && typeof r === "object" && r.track != null)
    .sort((a, b) => String(b.updated ?? "").localeCompare(String(a.updated ?? "")))[0]?.track;
  const own = ledger.chapters[chapter]?.track;
  const restored = [own, latest].find((t) => spec.tracks.includes(t)) ?? spec.default_track;
  return spec.tracks.includes(link) ? link : restored;
}

async function show(answer) {
  if (shown.started || shown.closed) return;
  // A preset may set anything in the lab: only the lab itself can draw that.
  if (new URLSearchParams(location.search).has("preset")) return;
  shown.started = true;
  const Bokeh = await bokeh();  // once the deferred scripts have run, the whole page has been parsed
  spec = JSON.parse(document.getElementById("lab-preview-data")?.textContent || "null");
  if (!spec || shown.closed) return;
  const { ledger, problem } = readLedger();
  const record = problem ? {} : (ledger.chapters[spec.chapter] || {});
  const variant = spec.variants[`${trackFor(problem ? { chapters: {} } : ledger, spec.chapter)}/${answer}`];
  if (!variant) return;
  area.hidden = false;
  [shown.views] = await Bokeh.embed.embed_items({ preview: spec.docs[variant.doc] },
    [{ docid: "preview", roots: { [variant.root]: "lab-preview-app" }, root_ids: [variant.root] }]);
  const doc = Bokeh.documents.find((d) => d.get_model_by_id(variant.root) !== null);
  const control = doc.get_model_by_id(variant.control);
  shown.control = control;
  let applying = false;
  const draw = (key) => {
    applying = true;
    try {
      doc.apply_json_patch(spec.patches[variant.states[key].patch]);
    } finally {
      applying = false;
    }
    area.dataset.previewState = key;
    labelSliders();
  };
  // Start where the lab will: at the setting the saved record holds, if the lab restores one.
  const saved = variant.saved_as ? record[variant.saved_as] : undefined;
  const start = Object.keys(variant.states).find((key) => variant.states[key].value === saved);
  if (start !== undefined && start !== variant.initial) draw(start);
  else area.dataset.previewState = variant.initial;
  control.properties[variant.property].change.connect(() => {
    if (applying || shown.closed) return;
    const key = JSON.stringify(control[variant.property]);
    if (!Object.hasOwn(variant.states, key)) return;
    draw(key);
    const value = variant.states[key].value;
    if (shown.visited[shown.visited.length - 1] !== value) shown.visited.push(value);
  });
  labelSliders();  // as the lab's SliderLabels does: each handle named after its title
  shown.labels = setInterval(labelSliders, 200);
  area.dataset.state = "ready";
}

// Called by boot.js just before the lab reads the ledger: the control stops, and the settings the
// student moved through go to the lab (JSON), which makes the same moves once it has restored.
export function closePreview() {
  shown.closed = true;
  if (shown.control) {
    shown.control.disabled = true;
    note.textContent = "The lab is starting: it carries on from where you left this.";
    area.dataset.state = "closed";
  }
  return JSON.stringify(shown.visited);
}

// Called once the live lab is drawn, in place of this.
export function removePreview() {
  clearInterval(shown.labels);
  for (const view of shown.views?.roots ?? []) view.remove();
  area?.remove();
}

function showSafely(answer) {
  show(answer).catch((err) => {  // the lab still starts and draws these itself
    area.hidden = true;
    console.warn("the first instrument could not be drawn before the lab started:", err);
  });
}

if (form && area) {
  if (form.dataset.state === "locked") showSafely(form.dataset.choice);
  form.addEventListener("opening-locked", (event) => showSafely(event.detail.key));
}
