import { createHash } from 'node:crypto';
import {
  displayPrefix,
  generateApiKey,
  generateKeyId,
  hashApiKey,
  hashMatches,
  isWellFormedKey,
  keyDigest,
  maskApiKey,
  randomBase62,
} from './key-format';

describe('generateApiKey', () => {
  it('makes sk-sy- and 48 base62 characters', () => {
    expect(generateApiKey()).toMatch(/^sk-sy-[0-9A-Za-z]{48}$/);
  });

  it('never makes the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    expect(keys.size).toBe(1000);
  });

  it('uses every base62 character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const c of randomBase62(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });
});

describe('generateKeyId', () => {
  it('makes key_ and 16 base62 characters', () => {
    expect(generateKeyId()).toMatch(/^key_[0-9A-Za-z]{16}$/);
  });
});

describe('isWellFormedKey', () => {
  it.each<[string, string, boolean]>([
    ['a generated key', generateApiKey(), true],
    ['40 random characters', `sk-sy-${'a'.repeat(40)}`, true],
    ['39 random characters', `sk-sy-${'a'.repeat(39)}`, false],
    ['another vendor', `sk-proj-${'a'.repeat(48)}`, false],
    ['a symbol', `sk-sy-${'a'.repeat(47)}!`, false],
    ['a trailing newline', `sk-sy-${'a'.repeat(48)}\n`, false],
    ['an empty string', '', false],
    ['too long', `sk-sy-${'a'.repeat(129)}`, false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isWellFormedKey(value)).toBe(expected);
  });
});

describe('hashing', () => {
  it('stores the SHA-256 of the key as hex', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey('sk-sy-test')).toBe('b71184f44f8a26504c1e04efc821be49fa006ad74fd357a5923f4fda5ab09773');
  });

  it('matches the stored hash only for the same key', () => {
    const key = generateApiKey();
    expect(hashMatches(hashApiKey(key), keyDigest(key))).toBe(true);
    expect(hashMatches(hashApiKey(key), keyDigest(generateApiKey()))).toBe(false);
    expect(hashMatches('abcd', keyDigest(key))).toBe(false);
  });
});

describe('display', () => {
  it('keeps sk-sy- and four characters', () => {
    expect(displayPrefix('sk-sy-AbCdEfGhIj')).toBe('sk-sy-AbCd');
  });

  it.each<[string, string, string]>([
    ['a long key', `sk-sy-${'x'.repeat(40)}wxyz`, 'sk-sy-***wxyz'],
    ['a short value', 'hunter2', '***'],
    ['23 characters', 'a'.repeat(23), '***'],
  ])('masks %s', (_name, presented, masked) => {
    expect(maskApiKey(presented)).toBe(masked);
  });
});
