import { createHash } from 'node:crypto';

/** Native vector sizes of OpenAI's embedding models; any other model gets 1536, as `text-embedding-3-small`. */
const NATIVE_DIMENSIONS: Readonly<Record<string, number>> = { 'text-embedding-3-large': 3072 };

/** Dimensions of `model`'s full vectors. */
export function nativeDimensions(model: string): number {
  return NATIVE_DIMENSIONS[model] ?? 1536;
}

/** mulberry32: a small seeded generator of floats in [0, 1). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fake upstream's embedding of `text`: deterministic (seeded by its SHA-256), unit length, and
 * float32-exact (so float and base64 answers carry the same numbers). Shortened like OpenAI's
 * `text-embedding-3` models: the first `dimensions` components of the full vector, re-normalised.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const next = generator(createHash('sha256').update(text).digest().readUInt32LE(0));
  const raw = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, x) => sum + x * x, 0)) || 1;
  return raw.map((x) => Math.fround(x / norm));
}
