import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every Switchyard API key starts with this, so scanners and humans recognise one. */
export const KEY_PREFIX = 'sk-sy-';

/** Random characters after the prefix: 48 base62 characters, about 285 bits. */
export const KEY_RANDOM_LENGTH = 48;

/** Characters of a key kept for display (`sk-sy-` and the next four). */
export const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 4;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes at or above this are dropped so that every character is equally likely (248 = 4 × 62). */
const UNBIASED_LIMIT = 248;
const WELL_FORMED = /^sk-sy-[0-9A-Za-z]{40,128}$/;

/** `length` random base62 characters from `crypto.randomBytes`, without modulo bias. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue;
      out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new API key: `sk-sy-` and 48 random base62 characters. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBase62(KEY_RANDOM_LENGTH);
}

/** A new key record id (`key_` and 16 base62 characters); safe as a KV key and in logs. */
export function generateKeyId(): string {
  return `key_${randomBase62(16)}`;
}

/** True when `value` has the shape of a Switchyard key (anything else is refused without a lookup). */
export function isWellFormedKey(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** SHA-256 of the key: what is stored and compared. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** SHA-256 of the key as 64 lower-case hex characters, as stored in a key record. */
export function hashApiKey(key: string): string {
  return keyDigest(key).toString('hex');
}

/** Compares a stored hex hash with a digest in constant time. */
export function hashMatches(storedHex: string, digest: Buffer): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  return stored.length === digest.length && timingSafeEqual(stored, digest);
}

/** The part of a key that may be shown: `sk-sy-AbCd`. */
export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/**
 * A presented (possibly wrong) key as it may appear in an error message: its first six and last
 * four characters (`sk-sy-***wxyz`), as OpenAI does; short values are not shown at all.
 */
export function maskApiKey(presented: string): string {
  if (presented.length < 24) return '***';
  return `${presented.slice(0, 6)}***${presented.slice(-4)}`;
}
