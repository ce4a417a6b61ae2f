// The opening lock: the lab's first prediction, answerable on the static page while Python starts.
// The answer goes into the Design Ledger with exactly the fields the lab itself would write (the
// build found them by locking each option in the real lab), and is read back; the lab restores it
// from there when it starts, as it restores any saved answer. boot.js closes the lock just before
// the lab reads the ledger, so that an answer can never be saved after the lab has read the record.
import { LEDGER_KEY, browserStorage, readLedger, writeChapter } from "./ledger.js";

const form = document.getElementById("opening-lock");
const spec = JSON.parse(document.getElementById("lab-opening")?.textContent || "null");

function setUp() {
  const radios = [...form.querySelectorAll('input[name="opening-choice"]')];
  const button = document.getElementById("opening-lock-button");
  const status = document.getElementById("opening-lock-status");

  const showLocked = (key, note) => {
    for (const radio of radios) {
      radio.checked = radio.value === key;
      radio.disabled = true;
    }
    button.disabled = true;
    button.textContent = "Prediction locked";
    status.textContent = `Locked: ${spec.labels[key]}. ${note}`;
    form.dataset.choice = key;
    form.dataset.state = "locked";
    form.dispatchEvent(new CustomEvent("opening-locked", { detail: { key } }));  // preview.js draws the instruments
  };

  // The option a saved record already holds, if any (a returning student sees it locked).
  const saved = (record) => Object.keys(spec.fields).find((key) =>
    Object.entries(spec.fields[key]).every(([field, value]) => record[field] === value));

  const { ledger, problem } = readLedger();
  const already = problem ? undefined : saved(ledger.chapters[spec.chapter] || {});
  if (already) {
    showLocked(already, "This is your saved prediction; the lab opens its instruments once it is running.");
    return;
  }
  for (const radio of radios) {
    radio.addEventListener("change", () => { button.disabled = !radios.some((r) => r.checked); });
  }
  button.addEventListener("click", () => {
    const key = radios.find((r) => r.checked)?.value;
    if (key === undefined) return;
    try {
      // Merged into the chapter's record as stored now; an unreadable ledger is backed up first.
      const current = readLedger();
      const record = current.problem ? {} : (current.ledger.chapters[spec.chapter] || {});
      const { storage, blocked } = browserStorage();
      const { record: stored, backupKey } = writeChapter(storage, LEDGER_KEY, spec.chapter,
        { ...record, ...spec.fields[key] });
      if (saved(stored) !== key) throw new Error("the saved record did not read back with this answer");
      showLocked(key, blocked
        ? "Kept on this page only: this browser does not let the site store anything. The lab opens its " +
          "instruments once it is running; download your Design Ledger from its status bar before you leave."
        : backupKey
        ? `Saved to a fresh Design Ledger: the old one could not be read, and is kept in this browser under ` +
          `"${backupKey}". The lab opens its instruments once it is running.`
        : "Saved to your Design Ledger. The lab opens its instruments once it is running.");
    } catch (err) {
      status.setAttribute("role", "alert");
      status.textContent = `Your prediction could not be saved to your Design Ledger (${err.message}). ` +
        "Answer it again in the lab once it has started.";
      form.dataset.state = "error";
    }
  });
  form.dataset.state = "open";
}

// Called by boot.js once the lab is about to read the ledger: the page's lock takes no more answers.
// Its disabled controls are what stops them (a disabled control fires no events); a locked form
// is already disabled, and one whose save failed could otherwise be tried again.
export function closeOpeningLock() {
  if (!form || !["open", "error"].includes(form.dataset.state)) return;
  for (const control of form.querySelectorAll("input, button")) control.disabled = true;
  form.dataset.state = "closed";
}

if (form && spec) {
  try {
    setUp();
  } catch (err) {  // storage the browser will not let this page read (its settings, say)
    const status = document.getElementById("opening-lock-status");
    status.setAttribute("role", "alert");
    status.textContent = `Your Design Ledger could not be opened (${err.message}). Answer this in the lab once ` +
      "it has started.";
    form.dataset.state = "error";
  }
}
