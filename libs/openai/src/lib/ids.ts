import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random bytes are drawn this many at a time: one `randomBytes` call per id cost 2-4 % of the gateway. */
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let used = 0;

/** A random base62 string of `length` characters (OpenAI ids look like `chatcmpl-AbC…`). */
export function randomId(length = 24): string {
  if (length > POOL_BYTES) return idFrom(randomBytes(length), 0, length);
  if (used + length > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const out = idFrom(pool, used, length);
  used += length;
  return out;
}

function idFrom(bytes: Uint8Array, at: number, length: number): string {
  let out = '';
  for (let i = at; i < at + length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** A fresh chat completion id: `chatcmpl-` and 24 base62 characters. */
export function chatCompletionId(): string {
  return `chatcmpl-${randomId()}`;
}

/** A fresh text completion id: `cmpl-` and 24 base62 characters. */
export function textCompletionId(): string {
  return `cmpl-${randomId()}`;
}
