// The Design Ledger in the browser's localStorage. One versioned key holds a record per
// chapter. This file is both the ESM of the Panel LedgerStore component (it exports
// `render`) and a plain module for pages without Python (the ledger page imports it).
// Every write is read back; a value we cannot read is backed up, never silently replaced.

// SCHEMA, VERSION and the rules below mirror labs/kit/ledger_schema.py, which defines them;
// tests/labs/kit/test_ledger_schema.py runs the same documents through both.
export const LEDGER_KEY = "mlsysbook.ledger.v1";
export const SCHEMA = "mlsysbook.ledger";
export const VERSION = 2;
// What a ledger may hold (mirrors ledger_schema.py): a chapter is a lab's number or "course" (the course
// track); nothing else is ever a key, so "constructor" or "__proto__" can never reach an object lookup.
export const MAX_CHAPTERS = 100;
export const MAX_IMPORT_CHARS = 1_000_000;
const CHAPTER_KEY = /^(?:[1-9][0-9]?|course)$/;
export const isChapterKey = (key) => CHAPTER_KEY.test(key);
// obj[key] if it is obj's own property (never one inherited from Object.prototype).
export const own = (obj, key) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined);
// The chapters a lab may see: only chapter keys (anything else stays in storage, out of the lab's way).
const courseChapters = (chapters) => Object.fromEntries(Object.entries(chapters).filter(([c]) => isChapterKey(c)));

// The browser's localStorage, or, when the browser will not let this page use it (a cross-site
// frame in a learning platform, some private windows, a setting), a store that lives as long as the
// page: {storage, blocked}, where `blocked` says why, or is null. The in-page store is shared by
// every copy of this module on the page (the lab's copy is a separate module from the page's).
export function browserStorage() {
  try {
    const storage = window.localStorage;
    const probe = "mlsysbook.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return { storage, blocked: null };
  } catch (err) {
    window.mlsysPageLedger ??= pageStorage();
    return { storage: window.mlsysPageLedger, blocked: (err && err.message) || String(err) };
  }
}

function pageStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, String(value)); },
    removeItem: (key) => { items.delete(key); },
    get length() { return items.size; },
    key: (i) => [...items.keys()][i] ?? null,
  };
}

export const PAGE_ONLY = "This browser is not letting the site store anything, so your answers are kept on this " +
  "page only and are lost when you leave it. Download your Design Ledger before you go; import it on the " +
  "ledger page later (in a browser that allows storage) to keep your work.";

// Start a download of `text` as a file named `name`.
export function download(name, text, type = "application/json") {
  const link = document.createElement("a");
  link.download = name;
  link.href = URL.createObjectURL(new Blob([text], { type }));
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

export function ledgerFileName() {
  return `design-ledger-${new Date().toISOString().slice(0, 10)}.json`;
}

export function emptyLedger() {
  return { schema: SCHEMA, version: VERSION, created: new Date().toISOString(), chapters: {} };
}

// Why `value` is not a readable ledger (any version from 1 to VERSION), or null if it is one.
export function problemWith(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "it is not a JSON object";
  if (value.schema !== SCHEMA) return "it is not a Design Ledger";
  if (!Number.isInteger(value.version) || value.version < 1 || value.version > VERSION) {
    return `it has version ${JSON.stringify(value.version)}, and this site reads versions 1 to ${VERSION}`;
  }
  const chapters = value.chapters;
  if (chapters === null || typeof chapters !== "object" || Array.isArray(chapters)) return "its chapter list is damaged";
  if (Object.keys(chapters).length > MAX_CHAPTERS) {
    return `it holds more than ${MAX_CHAPTERS} chapters, which no Design Ledger does`;
  }
  for (const [chapter, record] of Object.entries(chapters)) {
    if (record === null || typeof record !== "object" || Array.isArray(record)) return `its record for chapter ${chapter} is damaged`;
  }
  return null;
}

// Read the ledger: {ledger, problem, raw}. `problem` is null, or says why `raw` is unreadable.
export function readLedger(storage = browserStorage().storage, key = LEDGER_KEY) {
  const raw = storage.getItem(key);
  if (raw === null) return { ledger: emptyLedger(), problem: null, raw };
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    return { ledger: emptyLedger(), problem: "it is not valid JSON", raw };
  }
  const problem = problemWith(parsed);
  return problem ? { ledger: emptyLedger(), problem, raw } : { ledger: migrate(parsed), problem: null, raw };
}

// Bring a readable ledger of an older version up to VERSION (a copy; records untouched).
export function migrate(doc) {
  const out = JSON.parse(JSON.stringify(doc));
  if (out.version === 1) {
    out.created = null;
    out.version = 2;
  }
  return out;
}

// Merge an imported ledger into the current one, keeping the newer record per chapter.
// Returns {merged, changes}; changes[chapter] is "added", "replaced", "kept" or "same".
export function mergeLedgers(current, incoming) {
  const mine = migrate(current);
  const theirs = migrate(incoming);
  const merged = JSON.parse(JSON.stringify(mine));
  const changes = {};
  for (const [chapter, record] of Object.entries(theirs.chapters)) {
    if (!isChapterKey(chapter)) {
      changes[chapter] = "refused";
      continue;
    }
    const have = own(mine.chapters, chapter);
    if (have === undefined) {
      merged.chapters[chapter] = record;
      changes[chapter] = "added";
    } else if (sameJSON(have, record)) {
      changes[chapter] = "same";
    } else if (String(record.updated ?? "") > String(have.updated ?? "")) {
      merged.chapters[chapter] = record;
      changes[chapter] = "replaced";
    } else {
      changes[chapter] = "kept";
    }
  }
  if (merged.created == null) merged.created = theirs.created ?? null;
  if (!merged.student && typeof theirs.student === "string") merged.student = theirs.student.slice(0, STUDENT_MAX);
  return { merged, changes };
}

// Deep equality of two JSON values, whatever their key order (Python's == on dicts).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function sameJSON(a, b) {
  return canonical(a) === canonical(b);
}

// The whole ledger as a file's text, stamped with the export time.
export function exportLedger(storage = browserStorage().storage, key = LEDGER_KEY) {
  const { ledger, problem } = readLedger(storage, key);
  if (problem) throw new Error(`your saved ledger could not be read (${problem})`);
  return JSON.stringify({ ...ledger, exported: new Date().toISOString() }, null, 2);
}

// A file's text as a ledger to import: {doc} or an Error saying, in words, why it cannot be one.
export function parseImport(text) {
  if (text.length > MAX_IMPORT_CHARS) {
    throw new Error(`the file is ${(text.length / 1e6).toFixed(1)} MB; a Design Ledger is far smaller ` +
      `(at most ${MAX_IMPORT_CHARS / 1e6} MB), so this is not one`);
  }
  let incoming;
  try {
    incoming = JSON.parse(text);
  } catch (err) {
    throw new Error("the file is not valid JSON (it may be damaged or cut short)");
  }
  const problem = problemWith(incoming);
  if (problem) throw new Error(`the file cannot be imported: ${problem}`);
  const { exported, ...rest } = incoming;
  return rest;
}

// What importing `incoming` would do, changing nothing: {merged, changes, raw} (raw: what is stored now).
export function planImport(storage, key, incoming) {
  const current = readLedger(storage, key);
  if (current.problem) throw new Error(`your saved ledger could not be read (${current.problem}); open a lab ` +
    "first, which keeps a backup of it and starts a fresh one");
  const { merged, changes } = mergeLedgers(current.ledger, incoming);
  return { merged, changes, raw: current.raw };
}

// Import a file's text: validate it, merge it, write and read back. Throws (changing nothing)
// if the file is not a readable ledger. Returns the per-chapter changes.
export function importLedger(storage, key, text) {
  const { merged, changes } = planImport(storage, key, parseImport(text));
  writeLedger(storage, key, merged);
  return changes;
}

export const BACKUP_PREFIX = `${LEDGER_KEY}.backup.`;

// Every backup of the ledger kept in this browser, newest first: [{key, time}].
export function listBackups(storage) {
  const keys = [];
  for (let i = 0; i < storage.length; i += 1) {
    const name = storage.key(i);
    if (name && name.startsWith(BACKUP_PREFIX)) keys.push({ key: name, time: name.slice(BACKUP_PREFIX.length) });
  }
  return keys.sort((a, b) => b.time.localeCompare(a.time));
}

// Put a backup back as the ledger, after backing up what is there now (so this, too, can be undone).
// Returns the key of that new backup, or null when nothing was stored.
export function restoreBackup(storage, key, backupKey) {
  const text = storage.getItem(backupKey);
  if (text === null) throw new Error("that backup is no longer in this browser");
  const now = storage.getItem(key);
  const saved = now === null || now === text ? null : backUp(storage, key, now);
  storage.setItem(key, text);
  if (storage.getItem(key) !== text) throw new Error("the restored ledger did not read back the same");
  return saved;
}

export const STUDENT_MAX = 100;

// Set the name that goes into exports and reports (empty to remove it); read back like every write.
export function setStudent(storage, key, name) {
  const { ledger, problem, raw } = readLedger(storage, key);
  if (problem) backUp(storage, key, raw);
  const clean = String(name).trim().slice(0, STUDENT_MAX);
  if (clean) ledger.student = clean;
  else delete ledger.student;
  return writeLedger(storage, key, ledger).student ?? "";
}

// Remove one chapter's record (the caller has asked the student to confirm).
export function resetChapter(storage, key, chapter) {
  const { ledger, problem, raw } = readLedger(storage, key);
  if (problem) backUp(storage, key, raw);
  delete ledger.chapters[chapter];
  writeLedger(storage, key, ledger);
}

// Copy an unreadable value to a backup key, verify the copy, and return that key.
export function backUp(storage, key, raw) {
  let backupKey = `${key}.backup.${new Date().toISOString()}`;
  while (storage.getItem(backupKey) !== null && storage.getItem(backupKey) !== raw) backupKey += "+";
  storage.setItem(backupKey, raw);
  if (storage.getItem(backupKey) !== raw) throw new Error(`the backup copy under ${backupKey} did not read back`);
  return backupKey;
}

// Write a whole ledger and read it back; throws if what comes back differs.
export function writeLedger(storage, key, ledger) {
  const text = JSON.stringify(ledger);
  storage.setItem(key, text);
  if (storage.getItem(key) !== text) throw new Error("the saved ledger did not read back the same");
  return JSON.parse(text);
}

// The fields of `record` whose values differ from `base`'s (its time aside).
function changedSince(record, base) {
  return Object.keys(record).filter((f) => f !== "updated" && !sameJSON(record[f], own(base, f) ?? null));
}

// Write one chapter's record, keeping every other chapter as stored. Returns {record, backupKey}: the
// record as read back, and where an unreadable value was kept. With `base` (the record as this page last
// read or wrote it), only the fields this page changed since are written over what is stored now, so a
// second copy of the lab (another tab, an embed) never undoes the first's answers, nor an import's.
export function writeChapter(storage, key, chapter, record, base = null) {
  const { ledger, problem, raw } = readLedger(storage, key);
  const backupKey = problem ? backUp(storage, key, raw) : null;
  let next = { ...record };
  let written = Object.keys(record);
  if (base !== null && !problem) {
    next = { ...(own(ledger.chapters, chapter) || {}) };
    written = changedSince(record, base);
    for (const field of written) next[field] = record[field];
  }
  ledger.chapters[chapter] = { ...next, updated: new Date().toISOString() };
  const stored = writeLedger(storage, key, ledger);
  return { record: stored.chapters[chapter], backupKey, written };
}

function recoveredMessage(problem, backupKey) {
  return `Your saved Design Ledger could not be read (${problem}). Nothing was deleted: the old value ` +
    `is kept in this browser under "${backupKey}", and this lab starts a fresh ledger.`;
}

// Panel JSComponent entry point: sync `pending` (Python -> storage) and `stored` (storage -> Python).
export function render({ model }) {
  const { storage, blocked } = browserStorage();
  const key = model.storage_key;
  const el = document.createElement("span");
  el.className = "kit-ledger-bridge";
  el.hidden = true;
  let opened = true;  // a ledger this lab could not read is never written over
  let base = null;  // this chapter's record as this page last read or wrote it
  // Every field another writer changed that this page has not written since: sent whole each time, as
  // Panel may deliver only the last of several quick changes to Python.
  const heardFields = {};
  try {
    const { ledger, problem, raw } = readLedger(storage, key);
    if (problem) {
      const backupKey = backUp(storage, key, raw);
      writeLedger(storage, key, emptyLedger());
      model.backup_key = backupKey;
      model.message = recoveredMessage(problem, backupKey);
      model.state = "recovered";
    } else if (blocked) {
      model.message = PAGE_ONLY;
      model.state = "memory";
    } else {
      model.state = "ready";
    }
    model.student = typeof ledger.student === "string" ? ledger.student : "";
    model.chapters = courseChapters(ledger.chapters);
    base = own(ledger.chapters, model.chapter) || {};
    model.stored = base;  // after `chapters`: the lab's "ledger read"
  } catch (err) {
    opened = false;
    model.message = `Your Design Ledger could not be opened (${err.message}). Answers you give now will not be saved.`;
    model.state = "error";
  }
  if (blocked) {
    // The student's only way to keep their work: a download, offered where the warning is.
    const button = document.createElement("button");
    button.type = "button";
    button.className = "kit-ledger-download";
    button.textContent = "Download my Design Ledger";
    button.addEventListener("click", () => download(ledgerFileName(), exportLedger(storage, key)));
    el.hidden = false;
    el.append(button);
  }
  // Panel drops browser-side changes made while it is applying a Python-side one, so the
  // write (and the read-back it reports) runs on the next tick.
  model.on("pending", () => setTimeout(() => {
    if (!opened) return;  // the state stays "error", with the message that says why nothing is saved
    try {
      const { record, backupKey, written } = writeChapter(storage, key, model.chapter, model.pending.record, base);
      for (const field of written) delete heardFields[field];  // this page's value is the newer one now
      base = record;
      model.stored = record;
      if (backupKey) {
        model.backup_key = backupKey;
        model.message = recoveredMessage("it was changed elsewhere and is unreadable", backupKey);
        model.state = "recovered";
      } else if (blocked) {
        model.message = PAGE_ONLY;
        model.state = "memory";
      } else {
        model.message = `Saved at ${new Date(record.updated).toLocaleTimeString()}`;
        model.state = "saved";
      }
    } catch (err) {
      model.message = `Could not save to your Design Ledger: ${err.message}. Your answers on this page are ` +
        "not lost, but they are not stored in this browser yet.";
      model.state = "error";
    }
  }, 0));
  // Another copy of this lab (a tab, an embed) or the ledger page changed the ledger: take its record.
  if (!blocked) {
    window.addEventListener("storage", (event) => {
      if (!opened || (event.key !== key && event.key !== null)) return;
      const { ledger, problem } = readLedger(storage, key);
      const fresh = problem ? null : own(ledger.chapters, model.chapter) || {};
      if (fresh === null || sameJSON(fresh, base)) return;
      // Only what the other writer changed: this page's own later changes, not yet saved, stay.
      const changed = changedSince(fresh, base);
      for (const field of changed) heardFields[field] = fresh[field];
      base = fresh;
      model.chapters = courseChapters(ledger.chapters);
      if (changed.length) model.heard = { seq: (model.heard.seq || 0) + 1, fields: { ...heardFields } };
      model.stored = fresh;
    });
  }
  return el;
}
