// Preloaded into the Portkey gateway (`node --import ./portkey-fetch-fix.mjs …start-server.js`), before its
// server module is imported. Portkey 1.15.2 edits the headers of the Response that fetch returned; Node's
// fetch (undici) makes those headers immutable, so every SSE answer fails with 500 `TypeError: immutable`
// (Portkey issues #1389, #1550). This wraps globalThis.fetch to return a copy with ordinary, mutable headers
// around the same body stream. It also refuses any fetch that does not go to loopback: the benchmark sends
// traffic to 127.0.0.1 only.
const nativeFetch = globalThis.fetch;
const NativeResponse = globalThis.Response;
const NativeHeaders = globalThis.Headers;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const NO_BODY = new Set([101, 204, 205, 304]);

function targetOf(input) {
  if (typeof input === 'string') return new URL(input);
  if (input instanceof URL) return input;
  return new URL(input.url);
}

globalThis.fetch = async function benchFetch(input, init) {
  const url = targetOf(input);
  if (!LOOPBACK.has(url.hostname)) throw new TypeError(`benchmark: fetch to ${url.origin} refused (loopback only)`);
  const res = await nativeFetch(input, init);
  const copy = new NativeResponse(NO_BODY.has(res.status) ? null : res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: new NativeHeaders(res.headers),
  });
  Object.defineProperty(copy, 'url', { value: res.url });
  return copy;
};

process.stderr.write('[portkey-fetch-fix] globalThis.fetch wrapped: responses get mutable headers (Portkey SSE fix); non-loopback fetches refused\n');
