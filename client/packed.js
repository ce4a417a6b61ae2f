// The site keeps each Python archive (the standard library's zip and every wheel) as an uncompressed
// zip gzipped whole, at NAME.gz: one stream compresses the many small modules together, about a tenth
// smaller than a zip's own file-by-file compression (sitebuild/runtime.py, pack). Pyodide still asks
// for NAME; this answers with NAME.gz, unpacked by the browser's own DecompressionStream, and checks the
// integrity Pyodide asks for itself, since a made-up response skips the browser's check.

const ARCHIVE = /\.(whl|zip)$/;

function base64(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

async function gunzip(packed) {
  // A server that labels .gz files as gzip-encoded has the browser unpack them already: no gzip header.
  if (packed[0] !== 0x1f || packed[1] !== 0x8b) return packed;
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function unpacked(response, url, integrity) {
  const bytes = await gunzip(new Uint8Array(await response.arrayBuffer()));
  if (integrity) {
    const [algorithm, expected] = integrity.split(/-(.*)/s);
    const digest = new Uint8Array(await crypto.subtle.digest(algorithm.replace("sha", "SHA-"), bytes));
    if (base64(digest) !== expected) throw new TypeError(`${url} failed its integrity check (${integrity})`);
  }
  return new Response(bytes, { status: 200, headers: { "Content-Type": "application/zip" } });
}

// From now on, `scope.fetch` of an archive under `base` (the runtime folder's URL) fetches it packed.
export function fetchArchivesPacked(scope, base) {
  const realFetch = scope.fetch;
  scope.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(base) || !ARCHIVE.test(url)) return realFetch(input, init);
    const response = await realFetch(`${url}.gz`);
    return response.ok ? unpacked(response, url, init && init.integrity) : response;
  };
}
