import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random base62 string of `length` characters (OpenAI ids look like `chatcmpl-AbC…`). */
export function randomId(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
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
