import { createHash } from 'node:crypto';

/** Hex characters of the SHA-256 kept in a label: 48 bits, unique among any realistic number of keys. */
const HASH_HEX_CHARS = 12;

/** The `key_id` label of an API key id: the first 12 hex characters of its SHA-256, never the id itself. */
export function hashKeyId(keyId: string): string {
  return createHash('sha256').update(keyId).digest('hex').slice(0, HASH_HEX_CHARS);
}
