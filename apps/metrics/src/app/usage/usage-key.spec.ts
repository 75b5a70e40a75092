import { escapeToken, unescapeToken, usageEntryKey, usageKeyFilter, utcDay } from './usage-key';

/** What NATS accepts in a KV key. */
const KV_KEY = /^[-/_=.a-zA-Z0-9]+$/;

describe('usage KV keys', () => {
  it.each([
    ['local:stories260k', 'local=3Astories260k'],
    ['gpt-3.5-turbo', 'gpt-3=2E5-turbo'],
    ['openrouter:meta-llama/llama-3.1-8b', 'openrouter=3Ameta-llama=2Fllama-3=2E1-8b'],
    ['key_0123456789abcdef', 'key_0123456789abcdef'],
    ['a b*>', 'a=20b=2A=3E'],
    ['modèle', 'mod=C3=A8le'],
    ['x=1', 'x=3D1'],
  ])('escapes %s as %s, and back', (value, token) => {
    expect(escapeToken(value)).toBe(token);
    expect(unescapeToken(token)).toBe(value);
  });

  it('builds `<day>.<key id>.<model>` keys NATS accepts', () => {
    const key = usageEntryKey('2025-03-14', 'key_0123456789abcdef', 'openai:gpt-4o-mini');
    expect(key).toBe('2025-03-14.key_0123456789abcdef.openai=3Agpt-4o-mini');
    expect(key).toMatch(KV_KEY);
    expect(key.split('.')).toHaveLength(3);
  });

  it.each([
    ['2025-03-14', 'key_a', '2025-03-14.key_a.*'],
    ['2025-03-14', undefined, '2025-03-14.*.*'],
    [undefined, 'key_a', '*.key_a.*'],
    [undefined, undefined, '*.*.*'],
  ])('filters day %s and key %s as %s', (day, keyId, filter) => {
    expect(usageKeyFilter(day, keyId)).toBe(filter);
  });

  it('takes the UTC day of an instant', () => {
    expect(utcDay(Date.UTC(2025, 2, 14, 23, 59, 59, 999))).toBe('2025-03-14');
    expect(utcDay(Date.UTC(2025, 2, 15))).toBe('2025-03-15');
  });
});
