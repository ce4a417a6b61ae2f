// The site's service worker. The build prepends BUILD (a hash of every file it wrote), PREFIX
// (its caches' names: the labs site and the book each have their own worker and caches),
// PRECACHE (the files to keep at once), RUNTIME (the files to keep once a lab, having started,
// asks) and PASS (folders another worker keeps, left to the network). Everything is served from
// one cache per build, so a page and the runtime it boots always come from the same build; a new
// build's worker fills a new cache and deletes its own old ones when it activates.
const CACHE = `${PREFIX}${BUILD}`;

// Asked of the server, not of the browser's HTTP cache, which may still hold an older build's copy
// (GitHub Pages allows 10 minutes); an unchanged file costs a 304 and no body.
const fresh = (names) => names.map((name) => new Request(name, { cache: "no-cache" }));

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh(PRECACHE))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The files of `names` this build's cache lacks (a visit cut off mid-download leaves some out).
async function absent(names) {
  const cache = await caches.open(CACHE);
  const held = new Set((await cache.keys()).map((request) => new URL(request.url).pathname));
  return names.filter((name) => !held.has(new URL(name, self.location).pathname));
}

// "keep-runtime": keep every runtime file of this build (a lab page asks once it has started), then
// answer "kept" or what failed. "offline-status": answer "complete" if every file this worker keeps
// is in its cache, or else how many are missing.
self.addEventListener("message", (event) => {
  const reply = (text) => event.ports[0]?.postMessage(text);
  if (event.data === "keep-runtime") {
    event.waitUntil((async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(fresh(await absent(RUNTIME)));
      reply("kept");
    })().catch((err) => reply(`${err}`)));
  } else if (event.data === "offline-status") {
    event.waitUntil(absent([...PRECACHE, ...RUNTIME]).then(
      (missing) => reply(missing.length ? `missing ${missing.length} files, among them ${missing[0]}` : "complete"),
      (err) => reply(`${err}`)));
  }
});

// Cache first, then the network (and keep what it returns): the files of one build never change.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // A build's files never change, so the query string (a lab link's ?track=, Panel's ?v=) is
    // not part of what a file is.
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    const path = new URL(request.url).pathname;
    if (PASS.some((folder) => path.startsWith(new URL(folder, self.location).pathname))) return fetch(request);
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  })());
});
