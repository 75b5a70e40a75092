// What the fake upstream streams for each model name, so that one upstream serves every scenario and the
// client knows how much content to expect:
//   bench        the default: 10 content chunks, no gap (the short stream of the time-to-first-token figure)
//   chunks-<n>   n content chunks, no gap (chunks-500: the long stream)
//   slow-<s>s    60 content chunks, one every <s> seconds (slow-1s: the streams held open)
// Each content chunk carries CHUNK_TEXT.

export const CHUNK_TEXT = 'tok ';
export const SHORT_STREAM_CHUNKS = 10;
export const SLOW_STREAM_CHUNKS = 60;

/** { chunks, gapMs } for a model name (the provider prefix, if any, removed first). */
export function streamShape(model, defaults = { chunks: SHORT_STREAM_CHUNKS, gapMs: 0 }) {
  const name = String(model ?? '').split(':').pop();
  const many = /^chunks-(\d{1,6})$/.exec(name);
  if (many) return { chunks: Number(many[1]), gapMs: 0 };
  const slow = /^slow-(\d{1,3})s$/.exec(name);
  if (slow) return { chunks: SLOW_STREAM_CHUNKS, gapMs: Number(slow[1]) * 1000 };
  return defaults;
}

/** Characters of content a complete stream of `model` carries. */
export function expectedContentLength(model) {
  return streamShape(model).chunks * CHUNK_TEXT.length;
}
